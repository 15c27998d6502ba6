import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
});
after(async () => t.close());

describe('products', () => {
  it('accepts a product without a cost (null), and clears a cost with null', async () => {
    const made = await admin.post('/api/products', { name: 'Beans', price: '1250.50', cost: null });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.cost, null);
    const costed = await admin.patch(`/api/products/${made.body.id}`, { name: 'Beans', price: '1250.50', cost: '700', version: made.body.version });
    assert.equal(costed.body.cost, '700.00');
    const cleared = await admin.patch(`/api/products/${made.body.id}`, { name: 'Beans', price: '1250.50', cost: null, version: costed.body.version });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
    assert.equal(cleared.body.cost, null);
  });

  it('still names the field of a bad cost', async () => {
    const r = await admin.post('/api/products', { name: 'Bad', price: '1', cost: '1,5' });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.details[0].field, 'cost');
  });
});
