import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let anna: ApiClient;
let boris: ApiClient;
const config = {
  columns: [{ field: 'name', width: 240 }, { field: 'custom.level' }],
  sort: 'name',
  dir: 'asc',
  filters: [{ field: 'status', op: 'eq', value: 'vip' }],
};

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  anna = await t.user('manager');
  boris = await t.user('manager');
});
after(async () => t.close());

describe('saved journal views', () => {
  it("keeps a user's views private and shows shared views to everyone", async () => {
    const mine = await anna.post('/api/views', { name: 'My VIPs', config });
    assert.equal(mine.status, 201);
    assert.deepEqual(mine.body.config, config);
    const shared = await admin.post('/api/views', { name: 'All VIPs', shared: true, config });
    assert.equal(shared.status, 201);
    assert.deepEqual(
      (await anna.get('/api/views')).body.items.map((v: { name: string; mine: boolean }) => [v.name, v.mine]),
      [
        ['My VIPs', true],
        ['All VIPs', false],
      ],
    );
    assert.deepEqual(
      (await boris.get('/api/views')).body.items.map((v: { name: string }) => v.name),
      ['All VIPs'],
    );
    assert.equal((await boris.patch(`/api/views/${mine.body.id}`, { version: 1, name: 'mine now' })).status, 404);
    assert.equal((await boris.del(`/api/views/${mine.body.id}`)).status, 404);
    assert.equal((await anna.patch(`/api/views/${shared.body.id}`, { version: 1, name: 'x' })).status, 403);
    assert.equal((await anna.post('/api/views', { name: 'x', shared: true, config })).status, 403);
  });

  it('updates with a version, refuses unknown config keys and deletes', async () => {
    const v = (await anna.post('/api/views', { name: 'Wide', config })).body;
    const upd = await anna.patch(`/api/views/${v.id}`, { version: 1, config: { ...config, columns: [{ field: 'name', width: 500 }] } });
    assert.equal(upd.status, 200);
    assert.equal(upd.body.config.columns[0].width, 500);
    assert.equal((await anna.patch(`/api/views/${v.id}`, { version: 1, name: 'stale' })).status, 409);
    const bad = await anna.post('/api/views', { name: 'bad', config: { ...config, columns: [{ field: 'name; drop' }] } });
    assert.equal(bad.status, 400);
    assert.equal((await anna.post('/api/views', { name: 'bad', config: { ...config, html: '<b>' } })).status, 400);
    assert.equal((await anna.del(`/api/views/${v.id}`)).status, 200);
  });
});
