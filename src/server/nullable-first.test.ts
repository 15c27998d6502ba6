// null clears a nullable field of a request body: Ajv runs with `coerceTypes`, and a union that
// lists a string or an integer before null would turn null into '' or 0 (the bug the tasks and
// contracts schemas had). src/server/shared/nullable-first.ts reorders every request union when a
// route is registered; these tests prove the reordering and its effect through HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nullFirst } from './shared/nullable-first.js';
import { person, startTestApp, type ApiClient, type TestApp } from './testing/test-app.js';

let t: TestApp;
let anna: ApiClient;
before(async () => {
  t = await startTestApp();
  anna = await t.user('manager');
});
after(() => t.close());

describe('null clears a nullable field', () => {
  it('nullFirst moves null to the front of every union, nested ones too', () => {
    const s = {
      type: 'object',
      properties: {
        a: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        b: { type: 'array', items: { anyOf: [{ type: 'integer' }, { type: 'boolean' }, { type: 'null' }] } },
        c: { anyOf: [{ type: 'null' }, { type: 'string' }] },
      },
    };
    assert.equal(nullFirst(s), 2);
    assert.deepEqual(s.properties.a.anyOf, [{ type: 'null' }, { type: 'string' }]);
    assert.deepEqual(s.properties.b.items.anyOf, [{ type: 'null' }, { type: 'integer' }, { type: 'boolean' }]);
    assert.equal(nullFirst(s), 0, 'a second pass changes nothing');
  });

  it("an event's reminder and a promise's event link are cleared by null (an event's reminder became 0 minutes)", async () => {
    const client = (await anna.post('/api/clients', person('Nullclient'))).body.client.id;
    const types = (await anna.get('/api/event-types')).body.items as { id: number; key: string }[];
    const ev = await anna.post('/api/events', {
      typeId: types.find((x) => x.key === 'call')!.id,
      subject: 'Call',
      clientId: client,
      startsAt: '2030-01-10T10:00:00Z',
    });
    assert.equal(ev.status, 201, JSON.stringify(ev.body));
    const p = await anna.post('/api/promises', {
      clientId: client,
      text: 'Send the offer',
      promisedBy: 'us',
      dueOn: '2030-01-15',
      eventId: ev.body.id,
    });
    assert.equal(p.status, 201, JSON.stringify(p.body));
    assert.equal(p.body.eventId, ev.body.id);
    const cleared = await anna.patch(`/api/promises/${p.body.id}`, { version: p.body.version, eventId: null });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
    assert.equal(cleared.body.eventId, null);
    assert.equal((await anna.get(`/api/promises/${p.body.id}`)).body.eventId, null);
    // an integer with minimum 0: null became 0, "remind at the start" instead of "no reminder"
    const r1 = await anna.post('/api/events', {
      typeId: types.find((x) => x.key === 'call')!.id,
      subject: 'Call',
      clientId: client,
      startsAt: '2030-01-11T10:00:00Z',
      remindBeforeMin: null,
    });
    assert.equal(r1.status, 201, JSON.stringify(r1.body));
    assert.equal(r1.body.remindBeforeMin, null);
    const r2 = await anna.patch(`/api/events/${ev.body.id}`, { version: ev.body.version, remindBeforeMin: 30 });
    assert.equal(r2.body.remindBeforeMin, 30, JSON.stringify(r2.body));
    const r3 = await anna.patch(`/api/events/${ev.body.id}`, { version: r2.body.version, remindBeforeMin: null });
    assert.equal(r3.body.remindBeforeMin, null, JSON.stringify(r3.body));
  });

  it("a client's birth date is cleared by null", async () => {
    const c = await anna.post('/api/clients', { ...person('Datedclient'), birthDate: '1980-05-06' });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const r = await anna.patch(`/api/clients/${c.body.client.id}`, { version: c.body.client.version, birthDate: null });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const now = await anna.get(`/api/clients/${c.body.client.id}`);
    assert.equal(now.body.birthDate, null);
  });

  it("a product's SKU sent as null stays null, and two such products are no duplicates", async () => {
    const admin = await t.user('admin');
    const a = await admin.post('/api/products', { name: 'Beans', price: '12.50', sku: null });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.equal(a.body.sku, null);
    const stored = await t.db.selectFrom('products').select('sku').where('id', '=', a.body.id).executeTakeFirstOrThrow();
    assert.equal(stored.sku, null);
    const b = await admin.post('/api/products', { name: 'Peas', price: '3.00', sku: null });
    assert.equal(b.status, 201, 'a second product without a SKU is not a duplicate SKU');
  });
});
