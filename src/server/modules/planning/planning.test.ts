// The read side of planning through HTTP on a real database (issue 15; docs/crm-planning.md):
// a client's timeline (kinds, rights, masked changes, keyset paging), "My day" (local days, Feb 29
// birthdays, scope), the calendar (scope, range) and the managers' effectiveness report.
// Tasks, promises, contracts, notes and files are inserted with SQL: their modules are written apart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let head: ApiClient; // senior, department scope, department A
let anna: ApiClient; // manager, own scope, department A
let boris: ApiClient; // manager, own scope, department B
let reader: ApiClient;
let depA: number;
let depB: number;
let call: number;
let annaClient: number;
let borisClient: number;

type Item = { kind: string; id: number; at: string; title: string; summary: string; status?: string | null; changes?: Record<string, unknown> };

const run = (q: ReturnType<typeof sql>) => q.execute(t.db);
async function insertTask(v: {
  assignee: number;
  client?: number | null;
  title: string;
  due?: string | null;
  status?: string;
  created?: string;
  snoozed?: string;
}) {
  const r = await sql<{ id: string }>`INSERT INTO tasks (title, assignee_id, client_id, due_at, status, created_at, snoozed_until, done_at)
    VALUES (${v.title}, ${v.assignee}, ${v.client ?? null}, ${v.due ?? null}, ${v.status ?? 'open'}, ${v.created ?? new Date().toISOString()},
      ${v.snoozed ?? null}, ${v.status === 'done' ? new Date().toISOString() : null}) RETURNING id`.execute(t.db);
  return Number(r.rows[0]!.id);
}

before(async () => {
  t = await startTestApp();
  depA = await t.department('Alpha');
  depB = await t.department('Beta');
  admin = await t.user('admin');
  head = await t.user('senior', { departmentId: depA });
  anna = await t.user('manager', { departmentId: depA });
  boris = await t.user('manager', { departmentId: depB });
  reader = await t.user('readonly');
  call = ((await admin.get('/api/event-types')).body.items as { id: number; key: string }[]).find((x) => x.key === 'call')!.id;
  annaClient = (await anna.post('/api/clients', person('Annaclient'))).body.client.id;
  borisClient = (await boris.post('/api/clients', person('Borisclient'))).body.client.id;
});
after(async () => t.close());

describe('client timeline', () => {
  let all: Item[];
  before(async () => {
    // many rows at the same instant, across kinds and within a kind: the paging must keep them apart
    const same = '2026-11-01T10:00:00.123456Z';
    for (let i = 0; i < 3; i++) {
      await run(
        sql`INSERT INTO notes (client_id, body, author_id, created_at) VALUES (${annaClient}, ${`Note ${i}\nmore`}, ${anna.userId}, ${same})`,
      );
      await insertTask({ assignee: anna.userId, client: annaClient, title: `Task ${i}`, created: same });
    }
    await run(sql`INSERT INTO promises (client_id, text, promised_by, responsible_id, due_on, created_at)
      VALUES (${annaClient}, 'Send the price list', 'us', ${anna.userId}, '2026-11-05', '2026-11-02T09:00:00Z')`);
    await run(sql`INSERT INTO contracts (number, title, client_id, responsible_id, status, created_at)
      VALUES ('C-1', 'Supply', ${annaClient}, ${anna.userId}, 'active', '2026-10-01T09:00:00Z')`);
    await run(sql`INSERT INTO attachments (client_id, target, target_id, storage_key, name, mime, size, sha256, uploaded_by, created_at)
      VALUES (${annaClient}, 'client', ${annaClient}, 'k1', 'offer.pdf', 'application/pdf', 1024, 'x', ${anna.userId}, ${same})`);
    for (const [i, at] of ['2026-11-03T08:00:00Z', '2026-09-03T08:00:00Z'].entries()) {
      const e = await anna.post('/api/events', { typeId: call, subject: `Call ${i}`, clientId: annaClient, startsAt: at });
      assert.equal(e.status, 201, JSON.stringify(e.body));
    }
    // boris's client has its own rows, which never show on anna's client
    await run(sql`INSERT INTO notes (client_id, body, author_id) VALUES (${borisClient}, 'Boris note', ${boris.userId})`);
    const card = (await anna.get(`/api/clients/${annaClient}`)).body;
    const p = await anna.patch(`/api/clients/${annaClient}`, { version: card.version, position: 'Buyer', birthDate: '1980-05-17' });
    assert.equal(p.status, 200, JSON.stringify(p.body));
    const p2 = await anna.patch(`/api/clients/${annaClient}`, { version: p.body.client?.version ?? p.body.version, birthDate: '1981-06-18' });
    assert.equal(p2.status, 200, JSON.stringify(p2.body));
    const r = await anna.get(`/api/clients/${annaClient}/timeline?limit=200`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    all = r.body.items;
    assert.equal(r.body.nextBefore, null);
  });

  it('merges every kind, newest first', () => {
    const kinds = new Set(all.map((i) => i.kind));
    for (const k of ['event', 'task', 'promise', 'contract', 'note', 'file', 'change']) assert.ok(kinds.has(k), `${k} missing`);
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.at >= all[i]!.at, `${all[i - 1]!.at} before ${all[i]!.at}`);
    assert.ok(!all.some((i) => i.title === 'Boris note'));
    const note = all.find((i) => i.kind === 'note')!;
    assert.match(note.title, /^Note \d$/);
    const position = all.find((i) => i.kind === 'change' && i.changes && 'position' in i.changes);
    assert.ok(position, 'the change of position is on the timeline');
  });

  it('pages without duplicates or gaps, also across equal times', async () => {
    for (const limit of [1, 2, 3, 5]) {
      const seen: string[] = [];
      let before: string | null = null;
      for (let guard = 0; guard < 100; guard++) {
        const r: { status: number; body: { items: Item[]; nextBefore: string | null } } = await anna.get(
          `/api/clients/${annaClient}/timeline?limit=${limit}${before ? `&before=${encodeURIComponent(before)}` : ''}`,
        );
        assert.equal(r.status, 200);
        assert.ok(r.body.items.length <= limit);
        seen.push(...r.body.items.map((i) => `${i.kind}:${i.id}`));
        before = r.body.nextBefore;
        if (!before) break;
      }
      assert.deepEqual(
        seen,
        all.map((i) => `${i.kind}:${i.id}`),
        `limit ${limit}`,
      );
    }
  });

  it('filters by kind and refuses unknown kinds and foreign cursors', async () => {
    const r = await anna.get(`/api/clients/${annaClient}/timeline?kinds=note,file`);
    assert.deepEqual([...new Set(r.body.items.map((i: Item) => i.kind))].sort(), ['file', 'note']);
    assert.equal(r.body.items.length, 4);
    const bad = await anna.get(`/api/clients/${annaClient}/timeline?kinds=note,bogus`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'kinds');
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const before of [
      'nonsense',
      forged(['2026-02-30 00:00:00.000000', 'note', 1]),
      forged(['0000-01-01 00:00:00.000000', 'note', 1]),
      forged(['2026-01-01 00:00:00.000000', 'x', 1]),
    ]) {
      const cursor = await anna.get(`/api/clients/${annaClient}/timeline?before=${before}`);
      assert.equal(cursor.status, 400, before);
      assert.equal(cursor.body.error.details[0].field, 'before');
    }
    const fine = await anna.get(`/api/clients/${annaClient}/timeline?before=${forged(['2026-11-01 10:00:00.123456', 'note', 0])}`);
    assert.equal(fine.status, 200);
    assert.ok(fine.body.items.every((i: Item) => i.at < '2026-11-01T10:00:00.123Z' || (i.at === '2026-11-01T10:00:00.123Z' && i.kind < 'note')));
  });

  it('is 404 outside the scope', async () => {
    assert.equal((await boris.get(`/api/clients/${annaClient}/timeline`)).status, 404);
    assert.equal((await anna.get(`/api/clients/${borisClient}/timeline`)).status, 404);
    assert.equal((await head.get(`/api/clients/${annaClient}/timeline`)).status, 200);
    assert.equal((await head.get(`/api/clients/${borisClient}/timeline`)).status, 404);
    assert.equal((await reader.get(`/api/clients/${borisClient}/timeline`)).status, 200);
  });

  it('shows only the kinds the role reads, and hides the fields it hides', async () => {
    const role = await admin.post('/api/roles', {
      key: 'nobirth',
      name: 'No birth dates, no events',
      scope: 'all',
      rights: { clients: { read: true }, notes: { read: true } },
      fieldRights: { birthDate: 'hidden' },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const hider = await t.user(role.body.id);
    const r = await hider.get(`/api/clients/${annaClient}/timeline?limit=200`);
    assert.equal(r.status, 200);
    assert.deepEqual([...new Set(r.body.items.map((i: Item) => i.kind))].sort(), ['change', 'file', 'note']);
    assert.deepEqual(r.body.kinds.sort(), ['change', 'file', 'note']);
    const text = JSON.stringify(r.body);
    assert.ok(!text.includes('1980-05-17') && !text.includes('1981-06-18'), 'a hidden field leaked');
    assert.ok(!text.includes('birthDate'));
    // the edit of the birth date alone leaves the list; the one with the position stays, without the date
    const mine = all.filter((i) => i.kind === 'change').length;
    const theirs = r.body.items.filter((i: Item) => i.kind === 'change');
    assert.equal(theirs.length, mine - 1);
    assert.ok(theirs.some((i: Item) => i.changes && 'position' in i.changes));
    // anna sees both birth dates
    assert.ok(JSON.stringify(all).includes('1981-06-18'));
  });

  it('walks the events index (EXPLAIN)', async () => {
    await run(sql`ANALYZE events`);
    await run(sql`SET enable_seqscan = off`);
    try {
      const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT id FROM events x WHERE x.client_id = ${annaClient}
        AND (x.starts_at, x.id) < ('2026-11-03'::timestamptz, 10::bigint) ORDER BY x.starts_at DESC, x.id DESC LIMIT 50`.execute(t.db);
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      assert.match(text, /events_client_idx/);
      assert.doesNotMatch(text, /Sort/);
    } finally {
      await run(sql`RESET enable_seqscan`);
    }
  });
});

describe('my day', () => {
  const at = '2026-12-10T21:00:00Z'; // 23:00 on 10 December in Kyiv
  let ids: Record<string, number>;
  before(async () => {
    await run(sql`UPDATE users SET timezone = 'Europe/Kyiv' WHERE id = ${anna.userId}`);
    // the timeline's calls took place: a done event is nobody's plan
    await run(sql`UPDATE events SET status = 'done', done_at = starts_at WHERE client_id = ${annaClient} AND starts_at < '2026-12-01'`);
    await run(sql`UPDATE users SET timezone = 'America/New_York' WHERE id = ${boris.userId}`);
    ids = {
      lateEvening: await insertTask({ assignee: anna.userId, client: annaClient, title: 'Late evening', due: '2026-12-10T21:30:00Z' }),
      afterMidnight: await insertTask({ assignee: anna.userId, title: 'After midnight', due: '2026-12-10T22:30:00Z' }),
      overdue1: await insertTask({ assignee: anna.userId, title: 'Overdue 1', due: '2026-12-08T10:00:00Z' }),
      overdue2: await insertTask({ assignee: anna.userId, title: 'Overdue 2', due: '2026-12-09T10:00:00Z' }),
      overdue3: await insertTask({ assignee: anna.userId, title: 'Overdue 3', due: '2026-12-09T11:00:00Z' }),
      earlierToday: await insertTask({ assignee: anna.userId, title: 'Earlier today', due: '2026-12-10T08:00:00Z' }),
      snoozed: await insertTask({ assignee: anna.userId, title: 'Snoozed', due: '2026-12-10T12:00:00Z', snoozed: '2026-12-11T08:00:00Z' }),
      done: await insertTask({ assignee: anna.userId, title: 'Done', due: '2026-12-10T12:00:00Z', status: 'done' }),
      farAway: await insertTask({ assignee: anna.userId, title: 'Far away', due: '2026-12-25T12:00:00Z' }),
      borisTask: await insertTask({ assignee: boris.userId, title: 'Boris NY evening', due: '2026-12-11T04:30:00Z' }),
    };
    const e = await anna.post('/api/events', { typeId: call, subject: 'Morning call', clientId: annaClient, startsAt: '2026-12-11T09:00:00+02:00' });
    ids.event = e.body.id;
    const p = await sql<{ id: string }>`INSERT INTO promises (client_id, text, promised_by, responsible_id, due_on)
      VALUES (${annaClient}, 'Call back', 'us', ${anna.userId}, '2026-12-10') RETURNING id`.execute(t.db);
    ids.promise = Number(p.rows[0]!.id);
    const c = await sql<{ id: string }>`INSERT INTO contracts (number, client_id, status, ends_on)
      VALUES ('C-END', ${annaClient}, 'active', '2026-12-14') RETURNING id`.execute(t.db);
    ids.contract = Number(c.rows[0]!.id);
  });

  type Day = {
    date: string;
    overdue: { items: { kind: string; id: number; late: boolean }[]; count: number };
    today: Day['overdue'];
    next7: Day['overdue'];
  };
  const idsOf = (s: Day['overdue']) => s.items.map((i) => i.id);

  it("puts items on the user's local days", async () => {
    const r = await anna.get(`/api/my-day?at=${at}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const d = r.body as Day;
    assert.equal(d.date, '2026-12-10');
    // 23:30 in Kyiv is today; 00:30 in Kyiv is tomorrow although UTC still says 10 December
    assert.ok(idsOf(d.today).includes(ids.lateEvening!));
    assert.ok(idsOf(d.next7).includes(ids.afterMidnight!));
    assert.ok(!idsOf(d.today).includes(ids.afterMidnight!));
    assert.ok(idsOf(d.today).includes(ids.earlierToday!));
    assert.equal(d.today.items.find((i) => i.id === ids.earlierToday)!.late, true);
    assert.equal(d.today.items.find((i) => i.id === ids.lateEvening)!.late, false);
    assert.deepEqual(
      idsOf(d.overdue).filter((id) => [ids.overdue1, ids.overdue2, ids.overdue3].includes(id)),
      [ids.overdue1, ids.overdue2, ids.overdue3],
    );
    for (const gone of [ids.snoozed, ids.done, ids.farAway, ids.borisTask]) {
      assert.ok(![...idsOf(d.overdue), ...idsOf(d.today), ...idsOf(d.next7)].includes(gone!), `task ${gone} should not show`);
    }
    assert.ok(d.next7.items.some((i) => i.kind === 'event' && i.id === ids.event));
    assert.ok(d.today.items.some((i) => i.kind === 'promise' && i.id === ids.promise));
    assert.ok(d.next7.items.some((i) => i.kind === 'contract_end' && i.id === ids.contract));
  });

  it('counts beyond the cap', async () => {
    const d = (await anna.get(`/api/my-day?at=${at}&limit=2`)).body as Day;
    // three overdue tasks and the timeline's open promise of 5 November, by their time
    assert.equal(d.overdue.items.length, 2);
    assert.equal(d.overdue.count, 4);
    assert.deepEqual(
      d.overdue.items.map((i) => [i.kind, i.kind === 'task' ? i.id : 0]),
      [
        ['promise', 0],
        ['task', ids.overdue1],
      ],
    );
  });

  it('is still today in New York when UTC says tomorrow', async () => {
    const d = (await boris.get('/api/my-day?at=2026-12-11T01:00:00Z')).body as Day; // 20:00 on 10 December in New York
    assert.equal(d.date, '2026-12-10');
    assert.ok(idsOf(d.today).includes(ids.borisTask!));
  });

  it("shows another user's day only within the scope", async () => {
    assert.equal((await anna.get(`/api/my-day?userId=${boris.userId}`)).status, 403);
    assert.equal((await anna.get('/api/my-day?department=true')).status, 403);
    assert.equal((await head.get(`/api/my-day?userId=${boris.userId}`)).status, 403);
    const viaHead = await head.get(`/api/my-day?userId=${anna.userId}&at=${at}`);
    assert.equal(viaHead.status, 200);
    assert.ok(idsOf(viaHead.body.today).includes(ids.lateEvening!));
    const dep = await head.get(`/api/my-day?department=true&at=${at}`);
    assert.equal(dep.status, 200);
    assert.deepEqual(dep.body.userIds.sort(), [head.userId, anna.userId].sort());
    assert.ok(idsOf(dep.body.overdue).includes(ids.overdue1!));
    assert.ok(![...idsOf(dep.body.today), ...idsOf(dep.body.next7)].includes(ids.borisTask!));
    const viaAdmin = await admin.get(`/api/my-day?userId=${boris.userId}&at=2026-12-11T01:00:00Z`);
    assert.ok(idsOf(viaAdmin.body.today).includes(ids.borisTask!));
    assert.equal((await admin.get('/api/my-day?userId=2147483647')).status, 400);
  });

  it('shows the events one takes part in, once, also for a department', async () => {
    // boris's event with anna and head taking part: on their days, not on boris's department's
    const e = await admin.post('/api/events', {
      typeId: call,
      subject: 'Joint visit',
      employeeId: boris.userId,
      participantIds: [anna.userId, head.userId],
      startsAt: '2026-12-12T10:00:00Z',
    });
    assert.equal(e.status, 201, JSON.stringify(e.body));
    const joint = (s: Day['overdue']) => s.items.filter((i) => i.kind === 'event' && i.id === e.body.id).length;
    const own = (await anna.get(`/api/my-day?at=${at}`)).body as Day;
    assert.equal(joint(own.next7), 1);
    const dep = (await head.get(`/api/my-day?department=true&at=${at}`)).body as Day;
    assert.equal(joint(dep.next7), 1, 'two participants of the department: listed once');
    const cal = await head.get(`/api/calendar?from=2026-12-01T00:00:00Z&to=2027-01-01T00:00:00Z&userIds=${anna.userId},${head.userId}`);
    assert.equal(cal.status, 200, JSON.stringify(cal.body));
    assert.equal(cal.body.items.filter((i: { kind: string; id: number }) => i.kind === 'event' && i.id === e.body.id).length, 1);
    await run(sql`DELETE FROM events WHERE id = ${e.body.id}`);
  });

  it('shows birthdays year-less, 29 February on 28 February of a common year', async () => {
    const leapling = (await anna.post('/api/clients', person('Leapling', { birthDate: '2000-02-29' }))).body.client.id;
    const march = (await anna.post('/api/clients', person('Marchborn', { birthDate: '1990-03-01' }))).body.client.id;
    await boris.post('/api/clients', person('Borisborn', { birthDate: '1990-02-28' }));
    const common = (await anna.get('/api/my-day?at=2027-02-28T10:00:00Z')).body;
    const b = (s: Day['overdue']) => s.items.filter((i) => i.kind === 'birthday') as unknown as { id: number; day: string; years: number }[];
    assert.deepEqual(
      b(common.today).map((i) => [i.id, i.day, i.years]),
      [[leapling, '2027-02-28', 27]],
    );
    assert.deepEqual(
      b(common.next7).map((i) => [i.id, i.day]),
      [[march, '2027-03-01']],
    );
    // a role that hides the birth date sees no birthdays, even on a day it may read
    const role = await admin.post('/api/roles', {
      key: 'nobirthday',
      name: 'No birthdays',
      scope: 'all',
      rights: { clients: { read: true }, tasks: { read: true } },
      fieldRights: { birthDate: 'hidden' },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const hider = await t.user(role.body.id);
    const hidden = await hider.get(`/api/my-day?userId=${anna.userId}&at=2027-02-28T10:00:00Z`);
    assert.equal(hidden.status, 200);
    assert.deepEqual([...b(hidden.body.today), ...b(hidden.body.next7)], []);
    assert.ok(hidden.body.today.items.length + hidden.body.overdue.items.length > 0, 'the tasks still show');
    assert.ok(hidden.body.overdue.items.every((i: { kind: string }) => i.kind === 'task'));
    const leap = (await anna.get('/api/my-day?at=2028-02-28T10:00:00Z')).body;
    assert.deepEqual(b(leap.today), []);
    assert.deepEqual(
      b(leap.next7).map((i) => [i.id, i.day]),
      [
        [leapling, '2028-02-29'],
        [march, '2028-03-01'],
      ],
    );
  });
});

describe('calendar', () => {
  it("shows one's own and, in scope, colleagues' events and tasks", async () => {
    const task = await insertTask({ assignee: anna.userId, title: 'Calendar task', due: '2027-01-05T10:00:00Z' });
    const ev = (await anna.post('/api/events', { typeId: call, subject: 'Calendar call', startsAt: '2027-01-06T10:00:00Z', durationMin: 30 })).body;
    const bt = await insertTask({ assignee: boris.userId, title: 'Boris calendar task', due: '2027-01-05T11:00:00Z' });
    const q = 'from=2027-01-01T00:00:00%2B02:00&to=2027-02-01T00:00:00%2B02:00';
    const r = await anna.get(`/api/calendar?${q}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(
      r.body.items.map((i: { kind: string; id: number }) => `${i.kind}:${i.id}`),
      [`task:${task}`, `event:${ev.id}`],
    );
    const e = r.body.items[1];
    assert.equal(e.start, '2027-01-06T10:00:00.000Z');
    assert.equal(e.end, '2027-01-06T10:30:00.000Z');
    assert.equal((await anna.get(`/api/calendar?${q}&userIds=${boris.userId}`)).status, 403);
    assert.equal((await head.get(`/api/calendar?${q}&userIds=${boris.userId}`)).status, 403);
    const viaHead = await head.get(`/api/calendar?${q}&userIds=${anna.userId},${head.userId}`);
    assert.equal(viaHead.status, 200);
    assert.equal(viaHead.body.items.length, 2);
    const viaAdmin = await admin.get(`/api/calendar?${q}&userIds=${anna.userId},${boris.userId}`);
    assert.deepEqual(
      viaAdmin.body.items.map((i: { id: number; kind: string }) => `${i.kind}:${i.id}`).sort(),
      [`event:${ev.id}`, `task:${bt}`, `task:${task}`].sort(),
    );
  });

  it('refuses ranges over 62 days and reversed ones', async () => {
    const long = await anna.get('/api/calendar?from=2027-01-01T00:00:00Z&to=2027-03-05T00:00:00Z');
    assert.equal(long.status, 400);
    assert.equal(long.body.error.details[0].field, 'to');
    assert.equal((await anna.get('/api/calendar?from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z')).status, 400);
    assert.equal((await anna.get('/api/calendar?from=0000-01-01T00:00:00Z&to=0000-01-02T00:00:00Z')).status, 400);
    assert.equal((await anna.get('/api/calendar?from=2027-01-01T00:00:00Z&to=2027-01-02T00:00:00Z&userIds=abc')).status, 400);
  });
});

describe('calendar month view', () => {
  // April 2027 in Moscow (UTC+3 all year): the grid is Monday 29 March .. Sunday 2 May
  const tz = 'Europe/Moscow';
  const grid = 'from=2027-03-29T00:00:00%2B03:00&to=2027-05-03T00:00:00%2B03:00';
  type CalItem = { kind: string; id: number; start: string; allDay: boolean; title: string };
  type MonthDay = { day: string; total: number; counts: { event: number; task: number }; items: CalItem[] };
  const localDay = (iso: string) => new Date(Date.parse(iso) + 3 * 3600_000).toISOString().slice(0, 10);
  /** what the month view must say, worked out from the item list as the web did */
  const fromList = (items: CalItem[], perDay: number) => {
    const days = new Map<string, MonthDay>();
    const sorted = [...items].sort((a, b) => Number(b.allDay) - Number(a.allDay) || a.start.localeCompare(b.start));
    for (const i of sorted) {
      const day = localDay(i.start);
      const d = days.get(day) ?? { day, total: 0, counts: { event: 0, task: 0 }, items: [] };
      d.total++;
      d.counts[i.kind as 'event' | 'task']++;
      if (d.items.length < perDay) d.items.push(i);
      days.set(day, d);
    }
    return [...days.values()].sort((a, b) => a.day.localeCompare(b.day)).map((d) => ({ ...d, items: d.items.map((i) => `${i.kind}:${i.id}`) }));
  };
  const shape = (days: MonthDay[]) => days.map((d) => ({ ...d, items: d.items.map((i) => `${i.kind}:${i.id}`) }));
  let joint: number;

  before(async () => {
    // a busy day for anna: 5 events, a timed and an all-day task (the all-day one comes first),
    // one of them just after midnight Moscow time (still the previous day in UTC)
    for (const [i, at] of [
      '2027-04-07T21:30:00Z',
      '2027-04-08T06:00:00Z',
      '2027-04-08T07:00:00Z',
      '2027-04-08T08:00:00Z',
      '2027-04-08T09:00:00Z',
    ].entries()) {
      const e = await anna.post('/api/events', { typeId: call, subject: `April call ${i}`, clientId: annaClient, startsAt: at, durationMin: 30 });
      assert.equal(e.status, 201, JSON.stringify(e.body));
    }
    await insertTask({ assignee: anna.userId, client: annaClient, title: 'April task', due: '2027-04-08T10:00:00Z' });
    await run(
      sql`INSERT INTO tasks (title, assignee_id, due_at, all_day, status) VALUES ('April all-day', ${anna.userId}, '2027-04-07T21:00:00Z', true, 'open')`,
    );
    // cancelled: not on the calendar; on other days, also in the grid's days of March and May
    await insertTask({ assignee: anna.userId, title: 'April cancelled', due: '2027-04-08T11:00:00Z', status: 'cancelled' });
    await insertTask({ assignee: anna.userId, title: 'March grid day', due: '2027-03-29T08:00:00Z' });
    await insertTask({ assignee: anna.userId, title: 'May grid day', due: '2027-05-02T08:00:00Z', status: 'done' });
    await insertTask({ assignee: anna.userId, title: 'Not in the grid', due: '2027-05-02T21:00:00Z' });
    // boris's own items on the same day, and an event of his that anna takes part in
    await insertTask({ assignee: boris.userId, client: borisClient, title: 'Boris April task', due: '2027-04-08T06:30:00Z' });
    await boris.post('/api/events', { typeId: call, subject: 'Boris April call', clientId: borisClient, startsAt: '2027-04-08T05:00:00Z' });
    joint = (
      await admin.post('/api/events', {
        typeId: call,
        subject: 'Joint April visit',
        employeeId: boris.userId,
        participantIds: [anna.userId],
        startsAt: '2027-04-09T10:00:00Z',
      })
    ).body.id;
  });

  it('counts per day and kind the same rows as the item list, with the first items in its order', async () => {
    const list = await anna.get(`/api/calendar?${grid}`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    for (const perDay of [3, 0, 20]) {
      const r = await anna.get(`/api/calendar/month?month=2027-04&tz=${tz}&perDay=${perDay}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.from, '2027-03-29');
      assert.equal(r.body.to, '2027-05-02');
      assert.equal(r.body.timezone, tz);
      assert.deepEqual(shape(r.body.days), fromList(list.body.items, perDay), `perDay ${perDay}`);
    }
    const r = await anna.get(`/api/calendar/month?month=2027-04&tz=${tz}`);
    const busy = (r.body.days as MonthDay[]).find((d) => d.day === '2027-04-08')!;
    assert.deepEqual(busy.counts, { event: 5, task: 2 }, 'the call at 00:30 Moscow time is on the 8th, the cancelled task is left out');
    assert.equal(busy.total, 7);
    assert.equal(busy.items.length, 3);
    assert.equal(busy.items[0]!.allDay, true, 'the all-day task first');
    assert.ok(
      (r.body.days as MonthDay[]).some((d) => d.day === '2027-04-09' && d.items.some((i) => i.id === joint)),
      'an event one takes part in',
    );
    assert.ok(!(r.body.days as MonthDay[]).some((d) => d.day === '2027-05-03'));
  });

  it("holds only the items in the user's scope", async () => {
    const own = await anna.get(`/api/calendar/month?month=2027-04&tz=${tz}`);
    const titles = (own.body.days as MonthDay[]).flatMap((d) => d.items.map((i) => i.title));
    assert.ok(!titles.some((x) => x.startsWith('Boris April')), "boris's own items are not anna's");
    const borisOwn = await boris.get(`/api/calendar/month?month=2027-04&tz=${tz}&perDay=20`);
    const b8 = (borisOwn.body.days as MonthDay[]).find((d) => d.day === '2027-04-08')!;
    assert.deepEqual(b8.counts, { event: 1, task: 1 }, "anna's busy day is not boris's");
    assert.equal((await anna.get(`/api/calendar/month?month=2027-04&userIds=${boris.userId}`)).status, 403);
    assert.equal((await head.get(`/api/calendar/month?month=2027-04&userIds=${boris.userId}`)).status, 403);
    const viaHead = await head.get(`/api/calendar/month?month=2027-04&tz=${tz}&userIds=${anna.userId},${head.userId}`);
    assert.equal(viaHead.status, 200);
    const list = await head.get(`/api/calendar?${grid}&userIds=${anna.userId},${head.userId}`);
    assert.deepEqual(shape(viaHead.body.days), fromList(list.body.items, 3), "the head's view of the department: the list's numbers");
    const viaAdmin = await admin.get(`/api/calendar/month?month=2027-04&tz=${tz}&userIds=${anna.userId},${boris.userId}&perDay=20`);
    const a8 = (viaAdmin.body.days as MonthDay[]).find((d) => d.day === '2027-04-08')!;
    assert.deepEqual(a8.counts, { event: 6, task: 3 });
    // without the events section, tasks only
    assert.equal((await reader.get(`/api/calendar/month?month=2027-04`)).status, 200);
  });

  it('uses the user time zone by default and refuses bad input', async () => {
    const r = await anna.get('/api/calendar/month?month=2027-04');
    assert.equal(r.status, 200);
    assert.equal(typeof r.body.timezone, 'string');
    for (const q of [
      'month=2027-13',
      'month=2027-4',
      'month=0999-01',
      'month=2027-04&tz=Mars/Olympus',
      'month=2027-04&perDay=21',
      'month=2027-04&userIds=abc',
    ]) {
      assert.equal((await anna.get(`/api/calendar/month?${q}`)).status, 400, q);
    }
  });
});

describe('managers report', () => {
  before(async () => {
    const sale = (client: number, employee: number, dep: number, kind: string, status: string, base: bigint, day: string) =>
      run(sql`INSERT INTO sales (kind, status, sold_at, day, client_id, department_id, employee_id, currency, rate, subtotal, total, base_total)
        VALUES (${kind}, ${status}, ${`${day}T10:00:00Z`}, ${day}, ${client}, ${dep}, ${employee}, 'EUR', 1, ${base.toString()}, ${base.toString()}, ${base.toString()})`);
    await sale(annaClient, anna.userId, depA, 'sale', 'completed', 1234567n, '2026-11-10');
    await sale(annaClient, anna.userId, depA, 'return', 'completed', -200000n, '2026-11-12');
    await sale(annaClient, anna.userId, depA, 'sale', 'draft', 999999n, '2026-11-12');
    await sale(annaClient, anna.userId, depA, 'sale', 'completed', 500000n, '2026-12-20'); // outside the period
    await sale(borisClient, boris.userId, depB, 'sale', 'completed', 10000n, '2026-11-11');
    const done = (assignee: number, due: string, doneAt: string) =>
      run(sql`INSERT INTO tasks (title, assignee_id, due_at, status, done_at) VALUES ('r', ${assignee}, ${due}, 'done', ${doneAt})`);
    await done(anna.userId, '2026-11-05T10:00:00Z', '2026-11-05T09:00:00Z');
    await done(anna.userId, '2026-11-05T10:00:00Z', '2026-11-06T09:00:00Z');
    await done(anna.userId, '2026-11-05T10:00:00Z', '2026-11-07T09:00:00Z');
    await run(sql`INSERT INTO promises (client_id, text, promised_by, responsible_id, due_on, status)
      VALUES (${annaClient}, 'k', 'us', ${anna.userId}, '2026-11-20', 'kept'), (${annaClient}, 'b', 'client', ${anna.userId}, '2026-11-21', 'broken')`);
  });

  type Row = {
    userId: number;
    eventsPlanned: number;
    eventsDone: number;
    tasksDoneOnTime: number;
    tasksDoneLate: number;
    promisesKept: number;
    promisesBroken: number;
    salesCount: number;
    revenue: string;
    newClients: number;
  };
  const q = '/api/reports/managers?from=2026-09-01&to=2026-11-30';

  it('counts per manager, with exact revenue net of returns', async () => {
    const r = await admin.get(q);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const a = (r.body.items as Row[]).find((x) => x.userId === anna.userId)!;
    assert.equal(a.salesCount, 1);
    assert.equal(a.revenue, '103.4567');
    assert.equal(a.tasksDoneOnTime, 1);
    assert.equal(a.tasksDoneLate, 2);
    assert.equal(a.promisesKept, 1);
    assert.equal(a.promisesBroken, 1);
    assert.equal(a.eventsPlanned, 2); // the calls of 3 November and 3 September
    assert.equal(a.eventsDone, 2);
    const b = (r.body.items as Row[]).find((x) => x.userId === boris.userId)!;
    assert.equal(b.revenue, '1.00');
    // the sales are on the client's timeline too, exact, newest first, with their page
    const tl = await anna.get(`/api/clients/${annaClient}/timeline?kinds=sale`);
    assert.deepEqual(
      tl.body.items.map((i: Item & { link?: string }) => [i.summary, i.status, i.link === `/sales/${i.id}`]),
      [
        ['sale: 50 EUR', 'completed', true],
        ['sale: 99.9999 EUR', 'draft', true],
        ['return: -20 EUR', 'completed', true],
        ['sale: 123.4567 EUR', 'completed', true],
      ],
    );
    assert.equal((await anna.get(`/api/clients/${annaClient}/timeline?kinds=sale`)).body.kinds[0], 'sale');
    const noSales = await admin.post('/api/roles', { key: 'nosales', name: 'No sales', scope: 'all', rights: { clients: { read: true } } });
    const blind = await t.user(noSales.body.id);
    assert.deepEqual((await blind.get(`/api/clients/${annaClient}/timeline?kinds=sale`)).body, { items: [], nextBefore: null, kinds: [] });
  });

  it("stays inside the actor's scope", async () => {
    const own = (await anna.get(q)).body.items as Row[];
    assert.deepEqual(
      own.map((x) => x.userId),
      [anna.userId],
    );
    const dep = ((await head.get(q)).body.items as Row[]).map((x) => x.userId).sort();
    assert.deepEqual(dep, [head.userId, anna.userId].sort());
  });

  it('exports CSV with the export right, and checks the dates', async () => {
    const csv = await admin.get(`${q}&format=csv`);
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.equal((await anna.get(`${q}&format=csv`)).status, 403);
    const bad = await admin.get('/api/reports/managers?from=2026-12-01&to=2026-11-01');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'to');
  });
});
