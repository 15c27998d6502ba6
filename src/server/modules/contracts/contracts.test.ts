// Contracts through HTTP on a real database (issue 15): the record scope, the rights, the unique
// number, dates and exact amounts, ending soon, the audit trail, and that deleting a client for
// good takes its contracts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let head: ApiClient; // senior, department scope
let anna: ApiClient; // manager, own scope
let boris: ApiClient; // manager, own scope
let reader: ApiClient;
let annaClient: number;
let borisClient: number;

const dayPlus = (days: number) => new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);

before(async () => {
  t = await startTestApp();
  const a = await t.department('Sales A');
  admin = await t.user('admin');
  head = await t.user('senior', { departmentId: a });
  anna = await t.user('manager', { departmentId: a });
  boris = await t.user('manager', { departmentId: a });
  reader = await t.user('readonly');
  annaClient = (await anna.post('/api/clients', person('Annaclient'))).body.client.id;
  borisClient = (await boris.post('/api/clients', person('Borisclient'))).body.client.id;
});
after(async () => t.close());

describe('contracts', () => {
  it('adds a contract with an exact amount and shows it only in scope', async () => {
    const r = await anna.post('/api/contracts', {
      number: 'K-2026/001',
      title: 'Supply',
      clientId: annaClient,
      status: 'active',
      signedOn: '2026-11-30',
      startsOn: '2026-12-01',
      endsOn: '2027-11-30',
      amount: '123456789012.3456',
      currency: 'eur',
      remindDaysBefore: 30,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.amount, '123456789012.3456');
    assert.equal(r.body.currency, 'EUR');
    assert.equal(r.body.responsibleId, anna.userId);
    assert.equal(r.body.endsOn, '2027-11-30');
    assert.equal(r.body.remindDaysBefore, 30);
    const row = await t.db
      .selectFrom('contracts')
      .select((eb) => eb.cast<string>('amount', 'text').as('amount'))
      .where('id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.amount, '1234567890123456');
    assert.equal((await anna.get(`/api/contracts/${r.body.id}`)).status, 200);
    assert.equal((await boris.get(`/api/contracts/${r.body.id}`)).status, 404);
    assert.equal((await head.get(`/api/contracts/${r.body.id}`)).status, 200);
    assert.deepEqual((await boris.get(`/api/contracts?clientId=${annaClient}`)).body.items, []);
    const changed = await anna.patch(`/api/contracts/${r.body.id}`, { version: r.body.version, amount: '1500' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.amount, '1500.00');
    assert.equal(changed.body.endsOn, '2027-11-30', 'a patch keeps what it does not name');
    assert.equal((await anna.patch(`/api/contracts/${r.body.id}`, { version: r.body.version, title: 'x' })).status, 409);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('entity', '=', 'contract')
      .where('entityId', '=', r.body.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((x) => x.action),
      ['contract.created', 'contract.changed'],
    );
    // null clears the amount (the request schema coerces a null string to '': it is no amount either)
    const cleared = await anna.patch(`/api/contracts/${r.body.id}`, { version: changed.body.version, amount: null, currency: null });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
    assert.deepEqual([cleared.body.amount, cleared.body.currency], [null, null]);
    const none = await anna.post('/api/contracts', { number: 'NO-AMOUNT', clientId: annaClient, amount: null, currency: null, signedOn: null });
    assert.equal(none.status, 201, JSON.stringify(none.body));
    assert.equal(none.body.amount, null);
  });

  it('keeps numbers unique whatever the case (409 naming the number)', async () => {
    const first = await anna.post('/api/contracts', { number: 'ABC-1', clientId: annaClient });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const dup = await boris.post('/api/contracts', { number: ' abc-1 ', clientId: borisClient });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'ALREADY_EXISTS');
    assert.equal(dup.body.error.details[0].field, 'number');
    const other = (await boris.post('/api/contracts', { number: 'ABC-2', clientId: borisClient })).body;
    const renamed = await boris.patch(`/api/contracts/${other.id}`, { version: other.version, number: 'Abc-1' });
    assert.equal(renamed.status, 409);
    assert.equal(renamed.body.error.details[0].field, 'number');
    // the same contract may change the case of its own number
    const recased = await anna.patch(`/api/contracts/${first.body.id}`, { version: first.body.version, number: 'abc-1' });
    assert.equal(recased.status, 200, JSON.stringify(recased.body));
    assert.equal(recased.body.number, 'abc-1');
    // two saving the same new number at once: one wins, the other gets the same 409 (the unique index)
    const both = await Promise.all([
      anna.post('/api/contracts', { number: 'RACE-1', clientId: annaClient }),
      boris.post('/api/contracts', { number: 'race-1', clientId: borisClient }),
    ]);
    assert.deepEqual(both.map((r) => r.status).sort(), [201, 409]);
    assert.equal(both.find((r) => r.status === 409)!.body.error.details[0].field, 'number');
  });

  it('refuses bad input with every field named and keeps the data as it was', async () => {
    const bad = await anna.post('/api/contracts', {
      number: 'BAD-1',
      clientId: borisClient,
      startsOn: '2027-01-10',
      endsOn: '2027-01-09',
      amount: '12.345678',
      currency: 'XXX',
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.map((d: { field: string }) => d.field).sort(), ['amount', 'clientId', 'currency', 'endsOn']);
    for (const [body, field] of [
      [{ number: 'BAD-2', clientId: annaClient, amount: '-5', currency: 'EUR' }, 'amount'],
      [{ number: 'BAD-2', clientId: annaClient, amount: '1e5', currency: 'EUR' }, 'amount'],
      [{ number: 'BAD-2', clientId: annaClient, amount: '999999999999999', currency: 'EUR' }, 'amount'],
      [{ number: 'BAD-2', clientId: annaClient, amount: '10' }, 'currency'],
      [{ number: '  ', clientId: annaClient }, 'number'],
    ] as const) {
      const r = await anna.post('/api/contracts', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error.details[0].field, field, JSON.stringify(r.body));
    }
    for (const body of [
      { number: 'BAD-3', clientId: annaClient, status: 'signed' },
      { number: 'BAD-3', clientId: annaClient, endsOn: '2027-02-30' },
      { number: 'BAD-3', clientId: annaClient, remindDaysBefore: 400 },
      { number: 'BAD-3' },
    ]) {
      assert.equal((await anna.post('/api/contracts', body)).status, 400, JSON.stringify(body));
    }
    const c = (await anna.post('/api/contracts', { number: 'OK-1', clientId: annaClient, startsOn: '2027-01-01' })).body;
    const before = await anna.patch(`/api/contracts/${c.id}`, { version: c.version, endsOn: '2026-12-31' });
    assert.equal(before.status, 400);
    assert.equal(before.body.error.details[0].field, 'endsOn');
    assert.equal((await anna.get(`/api/contracts/${c.id}`)).body.endsOn, null);
    assert.equal(await t.db.selectFrom('contracts').select('id').where('number', 'like', 'BAD-%').executeTakeFirst(), undefined);
  });

  it('needs the rights of the contracts section: a manager may not delete, a read-only user may only read', async () => {
    const c = (await anna.post('/api/contracts', { number: 'R-1', clientId: annaClient })).body;
    assert.equal((await reader.post('/api/contracts', { number: 'R-2', clientId: annaClient })).status, 403);
    assert.equal((await reader.get(`/api/contracts/${c.id}`)).status, 200);
    assert.equal((await reader.patch(`/api/contracts/${c.id}`, { version: c.version, title: 'x' })).status, 403);
    assert.equal((await anna.del(`/api/contracts/${c.id}`)).status, 403);
    assert.equal((await head.del(`/api/contracts/${c.id}`)).status, 200);
    assert.equal((await anna.get(`/api/contracts/${c.id}`)).status, 404);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('entity', '=', 'contract')
      .where('entityId', '=', c.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((x) => x.action),
      ['contract.created', 'contract.deleted'],
    );
  });

  it('lets the responsible user see a contract on a client they do not see', async () => {
    const c = await head.post('/api/contracts', { number: 'H-1', clientId: borisClient, responsibleId: anna.userId });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const seen = await anna.get(`/api/contracts/${c.body.id}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.client.visible, false);
    assert.equal((await anna.post('/api/contracts', { number: 'H-2', clientId: annaClient, responsibleId: boris.userId })).status, 403);
  });

  it('lists the contracts ending within N days, filtered by status', async () => {
    const mk = async (number: string, endsOn: string | null, status = 'active') =>
      (await anna.post('/api/contracts', { number, clientId: annaClient, endsOn, status })).body.id as number;
    const soon = await mk('E-soon', dayPlus(5));
    const later = await mk('E-later', dayPlus(60));
    const past = await mk('E-past', dayPlus(-5));
    const draft = await mk('E-draft', dayPlus(3), 'draft');
    const open = await mk('E-open', null);
    const ids = (await anna.get('/api/contracts?endingWithinDays=30&limit=500')).body.items.map((x: { id: number }) => x.id);
    assert.ok(ids.includes(soon) && ids.includes(draft));
    assert.ok(!ids.includes(later) && !ids.includes(past) && !ids.includes(open));
    const active = (await anna.get('/api/contracts?endingWithinDays=30&status=active')).body.items.map((x: { id: number }) => x.id);
    assert.deepEqual(active, [soon]);
    assert.equal((await anna.get('/api/contracts?endingWithinDays=-1')).status, 400);
  });

  it('a client deleted for good takes its contracts', async () => {
    const c = (await admin.post('/api/clients', person('Shortlived'))).body.client;
    const k = (await admin.post('/api/contracts', { number: 'GONE-1', clientId: c.id })).body;
    const del = await admin.del(`/api/clients/${c.id}`);
    assert.ok([200, 204].includes(del.status), JSON.stringify(del.body));
    assert.equal(await t.db.selectFrom('contracts').select('id').where('id', '=', k.id).executeTakeFirst(), undefined);
  });
});
