// Events through HTTP on a real database (issue 15): the record scope, the rights, the rules of a
// done event, the next step a type chains, the administrators' types and results, the audit trail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let anna: ApiClient; // manager, own scope
let boris: ApiClient; // manager, own scope
let reader: ApiClient;
let call: number;
let meeting: number;
let annaClient: number;
let borisClient: number;

const types = async () => (await admin.get('/api/event-types')).body.items as { id: number; key: string; version: number }[];

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  anna = await t.user('manager');
  boris = await t.user('manager');
  reader = await t.user('readonly');
  const list = await types();
  call = list.find((x) => x.key === 'call')!.id;
  meeting = list.find((x) => x.key === 'meeting')!.id;
  annaClient = (await anna.post('/api/clients', person('Annaclient'))).body.client.id;
  borisClient = (await boris.post('/api/clients', person('Borisclient'))).body.client.id;
});
after(async () => t.close());

describe('events', () => {
  it('records a planned call with a client and shows it only in scope', async () => {
    const r = await anna.post('/api/events', {
      typeId: call,
      subject: 'Offer new terms',
      clientId: annaClient,
      startsAt: '2026-12-10T10:00:00+02:00',
      durationMin: 15,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'planned');
    assert.equal(r.body.startsAt, '2026-12-10T08:00:00.000Z');
    assert.equal(r.body.employeeId, anna.userId);
    assert.deepEqual(r.body.client, { id: annaClient, name: r.body.client.name, visible: true });
    assert.match(r.body.uid, /^[0-9a-f-]{36}$/);
    assert.equal((await anna.get(`/api/events/${r.body.id}`)).status, 200);
    assert.equal((await boris.get(`/api/events/${r.body.id}`)).status, 404);
    assert.equal((await admin.get(`/api/events/${r.body.id}`)).status, 200);
    const mine = (await anna.get(`/api/events?clientId=${annaClient}`)).body.items.map((e: { id: number }) => e.id);
    assert.ok(mine.includes(r.body.id));
    assert.deepEqual((await boris.get(`/api/events?clientId=${annaClient}`)).body.items, []);
    // another manager's client is not a client one may link to
    const foreign = await anna.post('/api/events', { typeId: call, subject: 'x', clientId: borisClient, startsAt: '2026-12-10T10:00:00Z' });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.error.details[0].field, 'clientId');
  });

  it('lets a participant see the event, without opening the client card', async () => {
    const r = await admin.post('/api/events', {
      typeId: meeting,
      subject: 'Joint visit',
      clientId: borisClient,
      employeeId: boris.userId,
      participantIds: [anna.userId],
      startsAt: '2026-12-11T09:00:00Z',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const seen = await anna.get(`/api/events/${r.body.id}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.client.visible, false);
    assert.deepEqual(seen.body.participantIds, [anna.userId]);
    // own scope: records only for oneself
    const other = await anna.post('/api/events', { typeId: call, subject: 'x', employeeId: boris.userId, startsAt: '2026-12-10T10:00:00Z' });
    assert.equal(other.status, 403);
  });

  it('needs the rights of the events section', async () => {
    const r = await reader.post('/api/events', { typeId: call, subject: 'x', startsAt: '2026-12-10T10:00:00Z' });
    assert.equal(r.status, 403);
    assert.equal((await reader.get('/api/events')).status, 200);
  });

  it('refuses bad input with the field named and keeps the data as it was', async () => {
    for (const [body, field] of [
      [{ typeId: 999999, subject: 'x', startsAt: '2026-12-10T10:00:00Z' }, 'typeId'],
      [{ typeId: call, subject: 'x', startsAt: '2026-12-10T10:00:00Z', resultId: 999999 }, 'resultId'],
      [{ typeId: call, subject: 'x', startsAt: '2026-12-10T10:00:00Z', participantIds: [999999] }, 'participantIds'],
      [{ typeId: call, subject: 'x', startsAt: '2026-12-10T10:00:00Z', saleId: 999999 }, 'saleId'],
    ] as const) {
      const r = await anna.post('/api/events', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error.details[0].field, field);
    }
    assert.equal((await anna.post('/api/events', { typeId: call, subject: '', startsAt: '2026-12-10T10:00:00Z' })).status, 400);
    assert.equal((await anna.post('/api/events', { typeId: call, subject: 'x', startsAt: 'tomorrow' })).status, 400);
  });

  it('closes an event with a result when its type needs one, and chains the next task', async () => {
    const [callType] = (await types()).filter((x) => x.id === call);
    const set = await admin.patch(`/api/event-types/${call}`, {
      version: callType!.version,
      resultRequired: true,
      nextMode: 'create',
      nextTypeId: meeting,
      nextAfterDays: 3,
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const ev = (await anna.post('/api/events', { typeId: call, subject: 'Call back', clientId: annaClient, startsAt: '2026-12-04T10:00:00Z' })).body;
    const noResult = await anna.patch(`/api/events/${ev.id}`, { version: ev.version, status: 'done' });
    assert.equal(noResult.status, 400);
    assert.equal(noResult.body.error.details[0].field, 'resultId');
    assert.equal((await anna.get(`/api/events/${ev.id}`)).body.status, 'planned');
    const results = (await anna.get('/api/event-results')).body.items as { id: number; key: string }[];
    const done = await anna.patch(`/api/events/${ev.id}`, {
      version: ev.version,
      status: 'done',
      resultId: results.find((x) => x.key === 'interested')!.id,
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.ok(done.body.doneAt);
    assert.equal(done.body.sequence, 1);
    assert.equal(done.body.next.mode, 'create');
    assert.equal(done.body.next.typeId, meeting);
    const task = await t.db.selectFrom('tasks').selectAll().where('id', '=', done.body.next.taskId).executeTakeFirstOrThrow();
    assert.equal(Number(task.assigneeId), anna.userId);
    assert.equal(Number(task.clientId), annaClient);
    assert.equal(task.dueAt!.getTime() - new Date(done.body.doneAt).getTime(), 3 * 86400_000);
    // a stale version is a conflict
    assert.equal((await anna.patch(`/api/events/${ev.id}`, { version: ev.version, notes: 'x' })).status, 409);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('action')
      .where('entity', '=', 'event')
      .where('entityId', '=', ev.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['event.created', 'event.changed'],
    );
    await admin.patch(`/api/event-types/${call}`, { version: set.body.version, resultRequired: false, nextMode: 'none' });
  });

  it('deletes an event in scope only', async () => {
    const ev = (await anna.post('/api/events', { typeId: call, subject: 'Drop me', startsAt: '2026-12-10T10:00:00Z' })).body;
    assert.equal((await boris.del(`/api/events/${ev.id}`)).status, 404);
    assert.equal((await anna.del(`/api/events/${ev.id}`)).status, 200);
    assert.equal((await anna.get(`/api/events/${ev.id}`)).status, 404);
  });

  it('lets only administrators configure types and results; a used type cannot be deleted', async () => {
    const body = { names: { en: 'Demo', ru: 'Показ' }, colour: '#112233', icon: 'presentation' };
    assert.equal((await anna.post('/api/event-types', body)).status, 403);
    const created = await admin.post('/api/event-types', body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.names, body.names);
    assert.equal((await admin.post('/api/event-types', { ...body, colour: 'red' })).status, 400);
    assert.equal((await admin.del(`/api/event-types/${call}`)).status, 409);
    assert.equal((await admin.del(`/api/event-types/${created.body.id}`)).status, 200);
    const res = await admin.post('/api/event-results', { names: { en: 'Sold', uk: 'Продано' }, success: true });
    assert.equal(res.status, 201);
    assert.equal((await anna.patch(`/api/event-results/${res.body.id}`, { version: 1, active: false })).status, 403);
    assert.equal((await admin.patch(`/api/event-results/${res.body.id}`, { version: 1, active: false })).body.active, false);
  });

  it('deleting a client for good takes its events with it', async () => {
    const c = (await admin.post('/api/clients', person('Shortlived'))).body.client;
    const ev = (await admin.post('/api/events', { typeId: call, subject: 'x', clientId: c.id, startsAt: '2026-12-10T10:00:00Z' })).body;
    const del = await admin.del(`/api/clients/${c.id}`);
    assert.ok([200, 204].includes(del.status), JSON.stringify(del.body));
    assert.equal((await admin.get(`/api/events/${ev.id}`)).status, 404);
  });
});
