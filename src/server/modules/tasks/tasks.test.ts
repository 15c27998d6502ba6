// Tasks through HTTP on a real database (issue 15; docs/crm-tasks.md): the record scope, the
// rights, validation with field names, version conflicts, done with a follow-up, recurrence on the
// assignee's wall clock (DST, month ends, Feb 29), snooze, reopen, paging, the audit trail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let anna: ApiClient; // manager, own scope, Europe/Kyiv
let boris: ApiClient; // manager, own scope
let reader: ApiClient;
let annaClient: number;
let borisClient: number;
let call: number;

const audit = async (id: number) =>
  (await t.db.selectFrom('auditLog').select('action').where('entity', '=', 'task').where('entityId', '=', id).orderBy('id').execute()).map(
    (a) => a.action,
  );

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  anna = await t.user('manager');
  boris = await t.user('manager');
  reader = await t.user('readonly');
  await t.db.updateTable('users').set({ timezone: 'Europe/Kyiv' }).where('id', '=', anna.userId).execute();
  annaClient = (await anna.post('/api/clients', person('Annaclient'))).body.client.id;
  borisClient = (await boris.post('/api/clients', person('Borisclient'))).body.client.id;
  call = ((await admin.get('/api/event-types')).body.items as { id: number; key: string }[]).find((x) => x.key === 'call')!.id;
});
after(async () => t.close());

describe('tasks', () => {
  it('adds a task for oneself with a client and shows it only in scope', async () => {
    const r = await anna.post('/api/tasks', {
      title: 'Send the offer',
      clientId: annaClient,
      dueAt: '2026-12-10T10:00:00+02:00',
      priority: 'high',
      typeId: call,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.assigneeId, anna.userId);
    assert.equal(r.body.assigneeName, `User ${anna.login}`);
    assert.equal(r.body.dueAt, '2026-12-10T08:00:00.000Z');
    assert.equal(r.body.status, 'open');
    assert.equal(r.body.priority, 'high');
    assert.equal(r.body.sequence, 0);
    assert.deepEqual(r.body.client, { id: annaClient, name: r.body.client.name, visible: true });
    assert.match(r.body.uid, /^[0-9a-f-]{36}$/);
    assert.equal((await anna.get(`/api/tasks/${r.body.id}`)).status, 200);
    assert.equal((await boris.get(`/api/tasks/${r.body.id}`)).status, 404);
    assert.equal((await admin.get(`/api/tasks/${r.body.id}`)).status, 200);
    assert.ok((await anna.get(`/api/tasks?clientId=${annaClient}`)).body.items.some((x: { id: number }) => x.id === r.body.id));
    assert.deepEqual((await boris.get(`/api/tasks?clientId=${annaClient}`)).body.items, []);
    assert.deepEqual(await audit(r.body.id), ['task.created']);
  });

  it('takes null as no value: no reminder, no rule, no due time (not 0 or an empty string)', async () => {
    const r = await anna.post('/api/tasks', {
      title: 'No reminder',
      clientId: annaClient,
      dueAt: null,
      remindBeforeMin: null,
      rrule: null,
      contactPerson: null,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual([r.body.remindBeforeMin, r.body.rrule, r.body.dueAt, r.body.contactPerson], [null, null, null, null]);
    const set = await anna.patch(`/api/tasks/${r.body.id}`, { version: r.body.version, remindBeforeMin: 30 });
    const cleared = await anna.patch(`/api/tasks/${r.body.id}`, { version: set.body.version, remindBeforeMin: null });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
    assert.equal(cleared.body.remindBeforeMin, null);
    await anna.del(`/api/tasks/${r.body.id}`);
  });

  it("shows a task assigned to a manager on someone else's client with the client's name only", async () => {
    const r = await admin.post('/api/tasks', { title: 'Help Boris', clientId: borisClient, assigneeId: anna.userId });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const seen = await anna.get(`/api/tasks/${r.body.id}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.client.visible, false);
    assert.equal(seen.body.client.name, r.body.client.name);
    assert.ok((await anna.get(`/api/tasks?assigneeId=${anna.userId}`)).body.items.some((x: { id: number }) => x.id === r.body.id));
    // an own-scope manager gives tasks only to themselves, and links only clients they see
    const other = await anna.post('/api/tasks', { title: 'x', assigneeId: boris.userId });
    assert.equal(other.status, 403);
    assert.equal(other.body.error.details[0].field, 'assigneeId');
    const foreign = await anna.post('/api/tasks', { title: 'x', clientId: borisClient });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.error.details[0].field, 'clientId');
  });

  it("lets a department-scope user see and assign their department's tasks, and no one else's", async () => {
    const sales = await t.department('Sales');
    const other = await t.department('Other');
    const senior = await t.user('senior', { departmentId: sales });
    const colleague = await t.user('manager', { departmentId: sales });
    const stranger = await t.user('manager', { departmentId: other });
    const given = await senior.post('/api/tasks', { title: 'For a colleague', assigneeId: colleague.userId });
    assert.equal(given.status, 201, JSON.stringify(given.body));
    assert.equal((await colleague.get(`/api/tasks/${given.body.id}`)).status, 200);
    const own = (await colleague.post('/api/tasks', { title: 'Own' })).body;
    assert.equal((await senior.get(`/api/tasks/${own.id}`)).status, 200);
    const far = (await stranger.post('/api/tasks', { title: 'Far away' })).body;
    assert.equal((await senior.get(`/api/tasks/${far.id}`)).status, 404);
    const refused = await senior.post('/api/tasks', { title: 'x', assigneeId: stranger.userId });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.details[0].field, 'assigneeId');
  });

  it('needs the rights of the tasks section', async () => {
    assert.equal((await reader.post('/api/tasks', { title: 'x' })).status, 403);
    assert.equal((await reader.get('/api/tasks')).status, 200);
    const mine = (await anna.post('/api/tasks', { title: 'Mine' })).body;
    for (const [path, body] of [
      [`/api/tasks/${mine.id}/done`, { version: mine.version }],
      [`/api/tasks/${mine.id}/snooze`, { version: mine.version, until: null }],
      [`/api/tasks/${mine.id}/reopen`, { version: mine.version }],
    ] as const) {
      assert.equal((await reader.post(path, body)).status, 403, path);
    }
    assert.equal((await reader.patch(`/api/tasks/${mine.id}`, { version: mine.version, title: 'y' })).status, 403);
    assert.equal((await reader.del(`/api/tasks/${mine.id}`)).status, 403);
    assert.equal((await anna.get(`/api/tasks/${mine.id}`)).body.version, mine.version);
  });

  it('reports every bad field at once and keeps the data as it was', async () => {
    const before = Number(
      (
        await t.db
          .selectFrom('tasks')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const r = await anna.post('/api/tasks', {
      title: 'x',
      clientId: 999999,
      saleId: 999999,
      contractId: 999999,
      typeId: 999999,
      rrule: 'FREQ=HOURLY',
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.error.details.map((d: { field: string }) => d.field).sort(), ['clientId', 'contractId', 'rrule', 'saleId', 'typeId']);
    for (const [body, field] of [
      [{ title: 'x', dueDate: '2026-12-10' }, 'dueDate'],
      [{ title: 'x', allDay: true }, 'dueDate'],
      [{ title: 'x', rrule: 'FREQ=DAILY' }, 'rrule'],
      [{ title: 'x', dueAt: '2026-12-10T10:00:00Z', rrule: 'FREQ=DAILY;BYDAY=MO' }, 'rrule'],
      [{ title: 'x', dueAt: '0999-12-10T10:00:00Z' }, 'dueAt'],
    ] as const) {
      const res = await anna.post('/api/tasks', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.details[0].field, field, JSON.stringify(res.body));
    }
    assert.equal((await anna.post('/api/tasks', { title: '' })).status, 400);
    assert.equal((await anna.post('/api/tasks', { title: 'x', priority: 'urgent' })).status, 400);
    assert.equal((await anna.get('/api/tasks?after=x')).status, 400);
    const after = Number(
      (
        await t.db
          .selectFrom('tasks')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    assert.equal(after, before);
  });

  it('checks the version, raises the sequence, and deletes in scope only', async () => {
    const task = (await anna.post('/api/tasks', { title: 'Edit me', dueAt: '2026-12-10T10:00:00Z' })).body;
    const changed = await anna.patch(`/api/tasks/${task.id}`, { version: task.version, notes: 'more', priority: 'low' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.notes, 'more');
    assert.equal(changed.body.dueAt, task.dueAt);
    assert.equal(changed.body.sequence, 1);
    assert.equal(changed.body.version, task.version + 1);
    const stale = await anna.patch(`/api/tasks/${task.id}`, { version: task.version, notes: 'lost' });
    assert.equal(stale.status, 409);
    assert.equal((await anna.get(`/api/tasks/${task.id}`)).body.notes, 'more');
    assert.equal((await boris.del(`/api/tasks/${task.id}`)).status, 404);
    assert.equal((await anna.del(`/api/tasks/${task.id}`)).status, 200);
    assert.equal((await anna.get(`/api/tasks/${task.id}`)).status, 404);
    assert.deepEqual(await audit(task.id), ['task.created', 'task.changed', 'task.deleted']);
  });

  it('closes a task and schedules the next one in the same transaction', async () => {
    const task = (await anna.post('/api/tasks', { title: 'Call back', clientId: annaClient, dueAt: '2026-12-10T10:00:00Z' })).body;
    const bad = await anna.post(`/api/tasks/${task.id}/done`, { version: task.version, next: { dueAt: '2026-12-12T10:00:00Z', typeId: 999999 } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'next.typeId');
    assert.equal((await anna.get(`/api/tasks/${task.id}`)).body.status, 'open');
    const r = await anna.post(`/api/tasks/${task.id}/done`, {
      version: task.version,
      next: { title: 'Meet', dueAt: '2026-12-12T10:00:00+02:00', typeId: call },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.task.status, 'done');
    assert.ok(r.body.task.doneAt);
    assert.equal(r.body.task.sequence, 1);
    assert.equal(r.body.next.title, 'Meet');
    assert.equal(r.body.next.dueAt, '2026-12-12T08:00:00.000Z');
    assert.equal(r.body.next.client.id, annaClient);
    assert.equal(r.body.next.assigneeId, anna.userId);
    assert.equal(r.body.nextOccurrence, null);
    assert.equal((await anna.post(`/api/tasks/${task.id}/done`, { version: r.body.task.version })).status, 409);
    assert.deepEqual(await audit(task.id), ['task.created', 'task.done']);
    // reopen
    assert.equal((await anna.post(`/api/tasks/${task.id}/reopen`, { version: task.version })).status, 409);
    const reopened = await anna.post(`/api/tasks/${task.id}/reopen`, { version: r.body.task.version });
    assert.equal(reopened.status, 200);
    assert.equal(reopened.body.status, 'open');
    assert.equal(reopened.body.doneAt, null);
    assert.equal((await anna.post(`/api/tasks/${task.id}/reopen`, { version: reopened.body.version })).status, 409);
  });

  it('repeats a daily task at 10:00 Kyiv time across the DST change and stops at COUNT', async () => {
    const first = (await anna.post('/api/tasks', { title: 'Daily', dueAt: '2026-03-28T10:00:00+02:00', rrule: 'freq=daily;count=3' })).body;
    assert.equal(first.rrule, 'FREQ=DAILY;COUNT=3');
    assert.equal(first.seriesId, first.id);
    const d1 = (await anna.post(`/api/tasks/${first.id}/done`, { version: first.version })).body;
    assert.equal(d1.nextOccurrence.dueAt, '2026-03-29T07:00:00.000Z'); // 10:00 +03:00
    assert.equal(d1.nextOccurrence.occurrence, 2);
    assert.equal(d1.nextOccurrence.seriesId, first.id);
    const second = d1.nextOccurrence;
    const d2 = (await anna.post(`/api/tasks/${second.id}/done`, { version: second.version })).body;
    assert.equal(d2.nextOccurrence.dueAt, '2026-03-30T07:00:00.000Z');
    const d3 = (await anna.post(`/api/tasks/${d2.nextOccurrence.id}/done`, { version: d2.nextOccurrence.version })).body;
    assert.equal(d3.nextOccurrence, null);
    // closing a reopened occurrence again does not make its successor twice
    const re = (await anna.post(`/api/tasks/${second.id}/reopen`, { version: d2.task.version })).body;
    const again = (await anna.post(`/api/tasks/${second.id}/done`, { version: re.version })).body;
    assert.equal(again.nextOccurrence, null);
  });

  it('repeats monthly on the 31st from the first due time, also when an occurrence is skipped', async () => {
    const first = (await anna.post('/api/tasks', { title: 'Monthly', dueAt: '2027-01-31T09:00:00+02:00', rrule: 'FREQ=MONTHLY' })).body;
    const feb = (await anna.post(`/api/tasks/${first.id}/done`, { version: first.version })).body.nextOccurrence;
    assert.equal(feb.dueAt, '2027-02-28T07:00:00.000Z');
    // cancelling an occurrence skips it: the series goes on, on the 31st again (and 09:00 summer time)
    const skipped = await anna.patch(`/api/tasks/${feb.id}`, { version: feb.version, status: 'cancelled' });
    assert.equal(skipped.status, 200, JSON.stringify(skipped.body));
    const list = (await anna.get(`/api/tasks?status=open&dueFrom=2027-03-01T00:00:00Z&dueTo=2027-04-01T00:00:00Z`)).body.items;
    const mar = list.find((x: { seriesId: number }) => x.seriesId === first.id);
    assert.equal(mar.dueAt, '2027-03-31T06:00:00.000Z');
    assert.equal(mar.occurrence, 3);
  });

  it('ends a series when its rule is cleared before the open occurrence is closed', async () => {
    const first = (await anna.post('/api/tasks', { title: 'Weekly', dueAt: '2026-12-07T09:00:00+02:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,TH' })).body;
    const thu = (await anna.post(`/api/tasks/${first.id}/done`, { version: first.version })).body.nextOccurrence;
    assert.equal(thu.dueAt, '2026-12-10T07:00:00.000Z');
    const cleared = (await anna.patch(`/api/tasks/${thu.id}`, { version: thu.version, rrule: null })).body;
    assert.equal(cleared.rrule, null);
    assert.equal((await anna.post(`/api/tasks/${thu.id}/done`, { version: cleared.version })).body.nextOccurrence, null);
  });

  it('keeps an all-day task on its day in the assignee time zone; Feb 29 falls on Feb 28', async () => {
    const first = await anna.post('/api/tasks', { title: 'Birthday', allDay: true, dueDate: '2028-02-29', rrule: 'FREQ=YEARLY' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.dueAt, '2028-02-28T22:00:00.000Z'); // Kyiv midnight
    assert.equal(first.body.dueDate, '2028-02-29');
    const next = (await anna.post(`/api/tasks/${first.body.id}/done`, { version: first.body.version })).body.nextOccurrence;
    assert.equal(next.dueDate, '2029-02-28');
    assert.equal(next.allDay, true);
    assert.equal(next.dueAt, '2029-02-27T22:00:00.000Z');
  });

  it('snoozes an open task only, to a later time', async () => {
    const task = (await anna.post('/api/tasks', { title: 'Snooze me', dueAt: '2026-12-10T10:00:00Z' })).body;
    const past = await anna.post(`/api/tasks/${task.id}/snooze`, { version: task.version, until: '2020-01-01T00:00:00Z' });
    assert.equal(past.status, 400);
    assert.equal(past.body.error.details[0].field, 'until');
    const until = new Date(Date.now() + 3600_000).toISOString();
    const r = await anna.post(`/api/tasks/${task.id}/snooze`, { version: task.version, until });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.snoozedUntil, until);
    assert.equal((await anna.post(`/api/tasks/${task.id}/snooze`, { version: task.version, until })).status, 409);
    const done = (await anna.post(`/api/tasks/${task.id}/done`, { version: r.body.version })).body.task;
    assert.equal(done.snoozedUntil, null);
    assert.equal((await anna.post(`/api/tasks/${task.id}/snooze`, { version: done.version, until })).status, 409);
  });

  it('lists overdue tasks and pages by due time', async () => {
    const u = await t.user('manager');
    const late = (await u.post('/api/tasks', { title: 'Late', dueAt: '2020-01-01T10:00:00Z' })).body;
    const soon = (await u.post('/api/tasks', { title: 'Soon', dueAt: '2999-01-01T10:00:00Z' })).body;
    const none = (await u.post('/api/tasks', { title: 'Whenever' })).body;
    const doneLate = (await u.post('/api/tasks', { title: 'Done late', dueAt: '2020-01-02T10:00:00Z' })).body;
    await u.post(`/api/tasks/${doneLate.id}/done`, { version: doneLate.version });
    const overdue = (await u.get('/api/tasks?overdue=true')).body.items.map((x: { id: number }) => x.id);
    assert.deepEqual(overdue, [late.id]);
    assert.equal(late.overdue, true);
    assert.equal(soon.overdue, false);
    const p1 = (await u.get('/api/tasks?limit=2')).body;
    assert.deepEqual(
      p1.items.map((x: { id: number }) => x.id),
      [late.id, doneLate.id],
    );
    const p2 = (await u.get(`/api/tasks?limit=2&after=${p1.nextCursor}`)).body;
    assert.deepEqual(
      p2.items.map((x: { id: number }) => x.id),
      [soon.id, none.id],
    );
    assert.equal(p2.nextCursor, null);
    // closed = done or cancelled, paged like the rest (the card's closed tasks)
    const cancelled = (await u.post('/api/tasks', { title: 'Dropped', dueAt: '2021-01-01T10:00:00Z' })).body;
    const c2 = await u.patch(`/api/tasks/${cancelled.id}`, { version: cancelled.version, status: 'cancelled' });
    assert.equal(c2.status, 200, JSON.stringify(c2.body));
    const c1 = (await u.get('/api/tasks?status=closed&limit=1')).body;
    assert.deepEqual(
      c1.items.map((x: { id: number }) => x.id),
      [doneLate.id],
    );
    const c3 = (await u.get(`/api/tasks?status=closed&limit=1&after=${c1.nextCursor}`)).body;
    assert.deepEqual(
      c3.items.map((x: { id: number }) => x.id),
      [cancelled.id],
    );
    assert.equal(c3.nextCursor, null);
  });

  it('deleting a client for good takes its tasks with it', async () => {
    const c = (await admin.post('/api/clients', person('Shortlived'))).body.client;
    const task = (await admin.post('/api/tasks', { title: 'x', clientId: c.id })).body;
    const del = await admin.del(`/api/clients/${c.id}`);
    assert.ok([200, 204].includes(del.status), JSON.stringify(del.body));
    assert.equal((await admin.get(`/api/tasks/${task.id}`)).status, 404);
  });
});
