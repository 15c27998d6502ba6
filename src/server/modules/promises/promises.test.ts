// Promises through HTTP on a real database (issue 15): the record scope, the rights, overdue on
// the responsible user's calendar, kept/broken, the overdue lists per manager, the audit trail,
// and that deleting a client for good takes its promises.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let head: ApiClient; // senior, department scope, department A
let anna: ApiClient; // manager, own scope, department A
let boris: ApiClient; // manager, own scope, department A
let vera: ApiClient; // manager, own scope, department B
let reader: ApiClient;
let annaClient: number;
let borisClient: number;
let veraClient: number;

/** Today in a time zone, YYYY-MM-DD. */
const todayIn = (timeZone: string, plusDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + plusDays * 86400_000),
  );

before(async () => {
  t = await startTestApp();
  const a = await t.department('Sales A');
  const b = await t.department('Sales B');
  admin = await t.user('admin');
  head = await t.user('senior', { departmentId: a });
  anna = await t.user('manager', { departmentId: a });
  boris = await t.user('manager', { departmentId: a });
  vera = await t.user('manager', { departmentId: b });
  reader = await t.user('readonly');
  annaClient = (await anna.post('/api/clients', person('Annaclient'))).body.client.id;
  borisClient = (await boris.post('/api/clients', person('Borisclient'))).body.client.id;
  veraClient = (await vera.post('/api/clients', person('Veraclient'))).body.client.id;
});
after(async () => t.close());

describe('promises', () => {
  it('records a promise for oneself, shows it only in scope, and audits it', async () => {
    const r = await anna.post('/api/promises', { clientId: annaClient, text: ' Send the price list ', promisedBy: 'us', dueOn: '2030-01-15' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.text, 'Send the price list');
    assert.equal(r.body.responsibleId, anna.userId);
    assert.equal(r.body.status, 'open');
    assert.equal(r.body.dueOn, '2030-01-15');
    assert.equal(r.body.overdue, false);
    assert.equal(r.body.closedAt, null);
    assert.deepEqual(r.body.client, { id: annaClient, name: r.body.client.name, visible: true });
    assert.equal((await anna.get(`/api/promises/${r.body.id}`)).status, 200);
    assert.equal((await boris.get(`/api/promises/${r.body.id}`)).status, 404);
    assert.equal((await head.get(`/api/promises/${r.body.id}`)).status, 200);
    assert.equal((await vera.get(`/api/promises/${r.body.id}`)).status, 404);
    assert.deepEqual((await boris.get(`/api/promises?clientId=${annaClient}`)).body.items, []);
    const audit = await t.db.selectFrom('auditLog').select('action').where('entity', '=', 'promise').where('entityId', '=', r.body.id).execute();
    assert.deepEqual(
      audit.map((x) => x.action),
      ['promise.created'],
    );
  });

  it('lets a head give a promise to an employee of the department, who then sees it on a client they do not see', async () => {
    const r = await head.post('/api/promises', {
      clientId: borisClient,
      text: 'Call back',
      promisedBy: 'client',
      responsibleId: anna.userId,
      dueOn: '2030-02-01',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const seen = await anna.get(`/api/promises/${r.body.id}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.client.visible, false);
    assert.equal(seen.body.promisedBy, 'client');
    // outside the department: refused
    const far = await head.post('/api/promises', {
      clientId: borisClient,
      text: 'x',
      promisedBy: 'us',
      responsibleId: vera.userId,
      dueOn: '2030-02-01',
    });
    assert.equal(far.status, 403);
    // own scope: only for oneself
    const other = await anna.post('/api/promises', {
      clientId: annaClient,
      text: 'x',
      promisedBy: 'us',
      responsibleId: boris.userId,
      dueOn: '2030-02-01',
    });
    assert.equal(other.status, 403);
    assert.equal(other.body.error.details[0].field, 'responsibleId');
  });

  it('refuses bad input with every field named, and needs the rights of the section', async () => {
    const bad = await anna.post('/api/promises', { clientId: borisClient, text: '   ', promisedBy: 'us', dueOn: '2030-01-01', eventId: 999999 });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.map((d: { field: string }) => d.field).sort(), ['clientId', 'eventId', 'text']);
    for (const body of [
      { clientId: annaClient, text: 'x', promisedBy: 'them', dueOn: '2030-01-01' },
      { clientId: annaClient, text: 'x', promisedBy: 'us', dueOn: '2030-02-30' },
      { clientId: annaClient, text: 'x', promisedBy: 'us', dueOn: 'tomorrow' },
      { clientId: annaClient, text: 'x', promisedBy: 'us' },
      { text: 'x', promisedBy: 'us', dueOn: '2030-01-01' },
    ]) {
      const r = await anna.post('/api/promises', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.ok(r.body.error.code);
    }
    assert.equal((await reader.post('/api/promises', { clientId: annaClient, text: 'x', promisedBy: 'us', dueOn: '2030-01-01' })).status, 403);
    assert.equal((await reader.get('/api/promises')).status, 200);
    const count = await t.db
      .selectFrom('promises')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('text', '=', 'x')
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  });

  it('computes overdue on the responsible user’s calendar (their time zone)', async () => {
    // far east: their today is at least the UTC day; far west: at most
    await t.db.updateTable('users').set({ timezone: 'Pacific/Kiritimati' }).where('id', '=', anna.userId).execute();
    await t.db.updateTable('users').set({ timezone: 'Pacific/Pago_Pago' }).where('id', '=', boris.userId).execute();
    const annaYesterday = todayIn('Pacific/Kiritimati', -1);
    const borisYesterday = todayIn('Pacific/Pago_Pago', -1);
    const borisToday = todayIn('Pacific/Pago_Pago');
    const late = (await anna.post('/api/promises', { clientId: annaClient, text: 'Late one', promisedBy: 'us', dueOn: annaYesterday })).body;
    const lateB = (await boris.post('/api/promises', { clientId: borisClient, text: 'Late B', promisedBy: 'us', dueOn: borisYesterday })).body;
    const todayB = (await boris.post('/api/promises', { clientId: borisClient, text: 'Due today B', promisedBy: 'us', dueOn: borisToday })).body;
    assert.equal(late.overdue, true);
    assert.equal(lateB.overdue, true);
    assert.equal(todayB.overdue, false, 'due today on Boris’s calendar is not overdue yet');
    // a day that is today in Samoa is yesterday or today in Kiritimati (UTC+14): overdue only for an east user
    const annaOnBorisDay = (await anna.post('/api/promises', { clientId: annaClient, text: 'East', promisedBy: 'us', dueOn: borisToday })).body;
    assert.equal(annaOnBorisDay.overdue, todayIn('Pacific/Kiritimati') > borisToday);
    const onlyOverdue = (await anna.get('/api/promises?overdue=true')).body.items.map((p: { id: number }) => p.id);
    assert.ok(onlyOverdue.includes(late.id));
    assert.ok(!onlyOverdue.includes(todayB.id));
    const notOverdue = (await boris.get('/api/promises?overdue=false')).body.items.map((p: { id: number }) => p.id);
    assert.ok(notOverdue.includes(todayB.id) && !notOverdue.includes(lateB.id));
    // kept: no longer overdue, closed now; a stale version is a conflict
    const kept = await anna.post(`/api/promises/${late.id}/kept`, { version: late.version });
    assert.equal(kept.status, 200, JSON.stringify(kept.body));
    assert.equal(kept.body.status, 'kept');
    assert.equal(kept.body.overdue, false);
    assert.ok(kept.body.closedAt);
    assert.equal((await anna.post(`/api/promises/${late.id}/broken`, { version: late.version })).status, 409);
    const broken = await anna.post(`/api/promises/${late.id}/broken`, { version: kept.body.version });
    assert.equal(broken.body.status, 'broken');
    assert.equal((await anna.get(`/api/promises?status=broken`)).body.items[0].id, late.id);
    const reopened = await anna.patch(`/api/promises/${late.id}`, { version: broken.body.version, status: 'open', dueOn: '2031-01-01' });
    assert.equal(reopened.body.closedAt, null);
    assert.equal(reopened.body.overdue, false);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('entity', '=', 'promise')
      .where('entityId', '=', late.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((x) => x.action),
      ['promise.created', 'promise.kept', 'promise.broken', 'promise.changed'],
    );
    await t.db.deleteFrom('promises').where('id', 'in', [lateB.id, todayB.id, annaOnBorisDay.id]).execute();
  });

  it('lists the overdue promises per manager: one’s own, the department’s for its head, everyone’s for an admin', async () => {
    await t.db.deleteFrom('promises').execute();
    const past = '2020-03-01';
    const mk = async (c: ApiClient, clientId: number, text: string) =>
      (await c.post('/api/promises', { clientId, text, promisedBy: 'us', dueOn: past })).body.id as number;
    const a1 = await mk(anna, annaClient, 'A1');
    const a2 = await mk(anna, annaClient, 'A2');
    const b1 = await mk(boris, borisClient, 'B1');
    const v1 = await mk(vera, veraClient, 'V1');
    await anna.post('/api/promises', { clientId: annaClient, text: 'future', promisedBy: 'us', dueOn: '2099-01-01' });
    const groups = async (c: ApiClient, q = '') => {
      const r = await c.get(`/api/promises/overdue${q}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.groups as { responsibleId: number; name: string; count: number; items: { id: number }[] }[];
    };
    const own = await groups(anna);
    assert.deepEqual(
      own.map((g) => [g.responsibleId, g.count, g.items.map((i) => i.id).sort()]),
      [[anna.userId, 2, [a1, a2].sort()]],
    );
    const dept = await groups(head);
    assert.deepEqual(dept.map((g) => g.responsibleId).sort(), [anna.userId, boris.userId].sort());
    assert.equal(dept.find((g) => g.responsibleId === boris.userId)!.items[0]!.id, b1);
    const all = await groups(admin);
    assert.deepEqual(all.map((g) => g.responsibleId).sort(), [anna.userId, boris.userId, vera.userId].sort());
    assert.equal(all.find((g) => g.responsibleId === vera.userId)!.items[0]!.id, v1);
    // limit caps the items per manager, not the count
    const capped = await groups(anna, '?limit=1');
    assert.equal(capped[0]!.count, 2);
    assert.equal(capped[0]!.items.length, 1);
    assert.equal((await anna.get('/api/promises/overdue?limit=0')).status, 400);
  });

  it('pages the list, deletes in scope only, and a client deleted for good takes its promises', async () => {
    const ids: number[] = [];
    for (const text of ['p1', 'p2', 'p3'])
      ids.push((await anna.post('/api/promises', { clientId: annaClient, text, promisedBy: 'us', dueOn: '2030-01-01' })).body.id);
    const page1 = (await anna.get(`/api/promises?clientId=${annaClient}&limit=2`)).body;
    assert.equal(page1.items.length, 2);
    assert.equal(page1.items[0].id, ids[2]);
    const page2 = (await anna.get(`/api/promises?clientId=${annaClient}&limit=2&beforeId=${page1.nextBeforeId}`)).body;
    assert.equal(page2.items[0].id, ids[0]);
    assert.equal((await boris.del(`/api/promises/${ids[0]}`)).status, 404);
    assert.equal((await anna.del(`/api/promises/${ids[0]}`)).status, 200);
    assert.equal((await anna.get(`/api/promises/${ids[0]}`)).status, 404);
    assert.equal(
      (
        await t.db
          .selectFrom('auditLog')
          .select('action')
          .where('entity', '=', 'promise')
          .where('entityId', '=', ids[0]!)
          .where('action', '=', 'promise.deleted')
          .execute()
      ).length,
      1,
    );

    const c = (await admin.post('/api/clients', person('Shortlived'))).body.client;
    const p = (await admin.post('/api/promises', { clientId: c.id, text: 'x1', promisedBy: 'client', dueOn: '2030-01-01' })).body;
    const del = await admin.del(`/api/clients/${c.id}`);
    assert.ok([200, 204].includes(del.status), JSON.stringify(del.body));
    assert.equal(await t.db.selectFrom('promises').select('id').where('id', '=', p.id).executeTakeFirst(), undefined);
  });
});
