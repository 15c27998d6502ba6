// Users change their own time zone and language without the right to edit users (the Account
// page); anything else of their own account, and another user's time zone, still need that right.
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

describe('own account settings', () => {
  it('a manager sets their own time zone; not their name, not a colleague’s time zone', async () => {
    const mila = await t.user('manager');
    const olga = await t.user('manager');
    const me = (await mila.get('/api/auth/me')).body.user;
    const r = await mila.patch(`/api/users/${mila.userId}`, { version: me.version, timezone: 'Europe/Kyiv' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.timezone, 'Europe/Kyiv');
    assert.equal((await mila.get('/api/auth/me')).body.user.timezone, 'Europe/Kyiv');
    const back = await mila.patch(`/api/users/${mila.userId}`, { version: r.body.version, timezone: null });
    assert.equal(back.status, 200);
    assert.equal(back.body.timezone, null);
    const bad = await mila.patch(`/api/users/${mila.userId}`, { version: back.body.version, timezone: 'Mars/Olympus' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'timezone');
    const stale = await mila.patch(`/api/users/${mila.userId}`, { version: me.version, timezone: 'Europe/Kyiv' });
    assert.equal(stale.status, 409);
    assert.equal((await mila.patch(`/api/users/${mila.userId}`, { version: back.body.version, name: 'Boss' })).status, 403);
    const other = (await admin.get(`/api/users/${olga.userId}`)).body;
    assert.equal((await mila.patch(`/api/users/${olga.userId}`, { version: other.version, timezone: 'Europe/Kyiv' })).status, 403);
    assert.equal((await admin.get(`/api/users/${olga.userId}`)).body.timezone, null);
  });
});
