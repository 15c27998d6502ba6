// Issue 13 ("Trust"): the same-origin check on the path the router matches, API tokens after a
// password change, another user's import template, 400s instead of 500s, and who may record a sale
// where and list pending invitations (docs/permissions.md).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createToken } from './modules/auth/tokens.service.js';
import { person, startTestApp, type ApiClient, type TestApp } from './testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let shop: number;
let depot: number;
let product: number;

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  shop = await t.department('Shop');
  depot = await t.department('Depot');
  product = (await admin.post('/api/products', { name: 'Tea', price: '10.00' })).body.id;
});
after(async () => t.close());

const foreign = { origin: 'http://evil.example', host: 'localhost:80' };

describe('the same-origin check decides on the path the router matches (docs/security.md §10)', () => {
  it('refuses a cross-site login and cookie write through every spelling of the path', async () => {
    await t.user('manager', { login: 'olga' });
    const body = { login: 'olga', password: 'correct-horse-battery' };
    // spellings the router takes as /api/auth/login: refused like the plain path
    for (const url of ['/api/auth/login', '/%61pi/auth/login', '/%61%70%69/auth/login', '/api/auth/%6cogin', '/api/%61uth/login?x=1']) {
      const r = await t.app.inject({ method: 'POST', url, headers: foreign, payload: body });
      assert.equal(r.statusCode, 403, `${url}: ${r.body}`);
      assert.equal(r.headers['set-cookie'], undefined, url);
    }
    // spellings it does not route to the login (encoded slash, double slash, case, trailing slash, dot segments): no session either
    for (const url of [
      '/api%2Fauth%2Flogin',
      '//api/auth/login',
      '/api//auth/login',
      '/API/auth/login',
      '/Api/auth/login',
      '/api/auth/login/',
      '/api/x/../auth/login',
      '/api/./auth/login',
      '/%61pi/auth/login/.',
    ]) {
      const r = await t.app.inject({ method: 'POST', url, headers: foreign, payload: body });
      assert.ok(r.statusCode >= 400 && r.statusCode < 500, `${url}: ${r.statusCode}`);
      assert.equal(r.headers['set-cookie'], undefined, url);
    }
    // a logged-in browser: a cross-site write through an encoded path is refused and changes nothing
    const olga = await t.cookieLogin('olga');
    const r = await t.app.inject({
      method: 'POST',
      url: '/%61pi/clients',
      headers: { ...foreign, cookie: olga.cookie },
      payload: person('Crosssite'),
    });
    assert.equal(r.statusCode, 403, r.body);
    assert.equal((await admin.get('/api/clients?q=Crosssite')).body.items.length, 0);
    // and an encoded path is still the API for the rest: without credentials it needs a login
    assert.equal((await t.app.inject({ method: 'GET', url: '/%61pi/clients' })).statusCode, 401);
  });
});

describe('a password change revokes the API tokens (docs/security.md §12)', () => {
  it('ends the tokens of a user who changes their own password, and of one whose password an administrator sets', async () => {
    const ivan = await t.user('manager', { login: 'ivan' });
    assert.equal((await ivan.get('/api/auth/me')).status, 200);
    const web = await t.cookieLogin('ivan');
    const changed = await web.post('/api/auth/password', { currentPassword: 'correct-horse-battery', newPassword: 'another-long-password' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal((await ivan.get('/api/auth/me')).status, 401, 'the token made before the change is revoked');
    assert.equal((await t.db.selectFrom('apiTokens').select('id').where('userId', '=', ivan.userId).execute()).length, 0);

    const petr = await t.user('manager', { login: 'petr' });
    assert.equal((await petr.get('/api/auth/me')).status, 200);
    assert.equal((await admin.post(`/api/users/${petr.userId}/password`, { password: 'set-by-the-admin' })).status, 200);
    assert.equal((await petr.get('/api/auth/me')).status, 401);
    // a token made after the change works
    const relogged = await t.cookieLogin('petr', 'set-by-the-admin');
    const made = await relogged.post('/api/auth/tokens', { name: 'new' });
    const r = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${made.body.token}` } });
    assert.equal(r.statusCode, 200);
  });
});

describe('import templates', () => {
  it("answers 404 for another user's template and deletes nothing", async () => {
    const anna = await t.user('senior', { departmentId: shop });
    const own = await anna.post('/api/import-templates', { name: 'Mine', mapping: { Name: 'fullName' } });
    assert.equal(own.status, 201);
    const r = await admin.del(`/api/import-templates/${own.body.id}`);
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'NOT_FOUND');
    assert.deepEqual(
      (await anna.get('/api/import-templates')).body.items.map((x: { name: string }) => x.name),
      ['Mine'],
    );
    assert.equal((await anna.del(`/api/import-templates/${own.body.id}`)).status, 200);
    assert.equal((await anna.del(`/api/import-templates/${own.body.id}`)).status, 404, 'gone');
  });
});

describe('bad input is a 400, never a 500 (docs/security.md §14)', () => {
  it('refuses Infinity and 400-digit numbers in ids, versions and cursors', async () => {
    const huge = `1${'0'.repeat(399)}`;
    for (const url of [
      '/api/clients/Infinity',
      `/api/clients/${huge}`,
      '/api/clients/-Infinity',
      '/api/clients/1e400',
      '/api/audit?beforeId=Infinity',
      `/api/audit?beforeId=${huge}`,
      '/api/products?afterId=Infinity',
      '/api/sales?clientId=Infinity',
      '/api/clients/1/history?beforeId=Infinity',
      '/api/auth/tokens/Infinity',
    ]) {
      const r = await admin.req(url.startsWith('/api/auth/tokens') ? 'DELETE' : 'GET', url);
      assert.equal(r.status, 400, `${url}: ${r.status} ${JSON.stringify(r.body)}`);
      assert.ok(['VALIDATION_FAILED', 'BAD_REQUEST'].includes(r.body.error.code), url);
    }
    const c = (await admin.post('/api/clients', person('Versioned'))).body.client;
    for (const version of ['Infinity', huge]) {
      const r = await t.app.inject({
        method: 'PATCH',
        url: `/api/clients/${c.id}`,
        headers: { origin: 'http://localhost:80', host: 'localhost:80', authorization: await tokenOf(admin), 'content-type': 'application/json' },
        payload: `{"version":${version === huge ? huge : '"Infinity"'},"surname":"X"}`,
      });
      assert.equal(r.statusCode, 400, r.body);
    }
    const sale = await admin.post('/api/sales', { clientId: `${huge}`, departmentId: shop, items: [{ productId: product, quantity: '1' }] });
    assert.equal(sale.status, 400);
    assert.equal((await admin.patch(`/api/clients/${c.id}/terms`, { priceListId: 'Infinity' })).status, 400);
  });

  it('refuses a lone surrogate in any text field, naming the field', async () => {
    const r = await admin.post('/api/clients', person('A\ud800'));
    assert.equal(r.status, 400);
    assert.deepEqual(
      r.body.error.details.map((d: { field: string }) => d.field),
      ['surname'],
    );
    const q = await admin.get(`/api/clients?filter=${encodeURIComponent('[{"field":"surname","op":"eq","value":"\\udc00"}]')}`);
    assert.equal(q.status, 400);
  });

  it('answers a bad export sort or filter with a JSON 400 before the file starts, and does not audit it', async () => {
    const before = (await admin.get('/api/audit?action=clients.exported')).body.items.length;
    for (const qs of [
      'sort=nonexistent',
      'filter=zzz',
      'filter=%5B%7B%7D%5D',
      `filter=${encodeURIComponent('[{"field":"nope","op":"eq","value":1}]')}`,
      'sort=nonexistent&format=xlsx',
      'sort=nonexistent&format=vcf',
    ]) {
      const r = await admin.get(`/api/clients/export?${qs}`);
      assert.equal(r.status, 400, `${qs}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, 'VALIDATION_FAILED', qs);
    }
    assert.equal((await admin.get('/api/audit?action=clients.exported')).body.items.length, before);
    assert.equal((await admin.get('/api/clients/export')).status, 200);
  });

  it('refuses malformed filters of the rating report', async () => {
    for (const f of ['[{}]', '[null]', '{}', '[{"field":"surname","op":"nope"}]', '[{"field":"surname","op":"eq","value":"\\ud800"}]']) {
      const r = await admin.get(`/api/reports/rating?from=2026-01-01&to=2026-12-31&filter=${encodeURIComponent(f)}`);
      assert.equal(r.status, 400, `${f}: ${JSON.stringify(r.body)}`);
    }
  });

  it('refuses to delete a client with sales (409), and deletes nothing', async () => {
    const c = (await admin.post('/api/clients', person('Buyer'))).body.client;
    assert.equal(
      (await admin.post('/api/sales', { clientId: c.id, departmentId: shop, items: [{ productId: product, quantity: '1' }] })).status,
      201,
    );
    const r = await admin.del(`/api/clients/${c.id}`);
    assert.equal(r.status, 409);
    assert.equal(r.body.error.code, 'IN_USE');
    assert.equal((await admin.get(`/api/clients/${c.id}`)).status, 200);
  });
});

describe('sales by department and pending invitations, per role (docs/permissions.md)', () => {
  it('lets a manager or senior manager record and move sales only in their own department', async () => {
    const maria = await t.user('manager', { departmentId: shop });
    const nodept = await t.user('manager');
    const senior = await t.user('senior', { departmentId: shop });
    const c = (await maria.post('/api/clients', person('Customer'))).body.client;
    const sale = (departmentId: number) => ({ clientId: c.id, departmentId, items: [{ productId: product, quantity: '1' }] });
    const count = async () => (await admin.get(`/api/sales?clientId=${c.id}`)).body.items.length;
    assert.equal((await maria.post('/api/sales', sale(shop))).status, 201);
    for (const who of [maria, senior]) {
      const r = await who.post('/api/sales', sale(depot));
      assert.equal(r.status, 403, JSON.stringify(r.body));
      assert.equal(r.body.error.details[0].field, 'departmentId');
    }
    assert.equal(
      (await nodept.post('/api/sales', { ...sale(shop), clientId: (await nodept.post('/api/clients', person('Nodept'))).body.client.id })).status,
      403,
      'no department: nowhere',
    );
    // nor under an employee of another department (or of none), though in their own department
    const depotClerk = await t.user('manager', { departmentId: depot });
    for (const employeeId of [depotClerk.userId, nodept.userId]) {
      const r = await senior.post('/api/sales', { ...sale(shop), employeeId });
      assert.equal(r.status, 403, JSON.stringify(r.body));
      assert.equal(r.body.error.details[0].field, 'employeeId');
    }
    assert.equal((await senior.post('/api/sales', { ...sale(shop), employeeId: maria.userId })).status, 201, 'a colleague of the same department');
    assert.equal(await count(), 2, 'the refused sales were not written');
    const draft = (await maria.post('/api/sales', { ...sale(shop), status: 'draft' })).body;
    assert.equal(
      (await senior.patch(`/api/sales/${draft.id}`, { version: draft.version, employeeId: depotClerk.userId })).status,
      403,
      'nor moved to one',
    );
    const moved = await maria.patch(`/api/sales/${draft.id}`, { version: draft.version, departmentId: depot });
    assert.equal(moved.status, 403);
    assert.equal((await admin.get(`/api/sales/${draft.id}`)).body.departmentId, shop);
    assert.equal(
      (await admin.post('/api/sales', { ...sale(depot), employeeId: maria.userId })).status,
      201,
      'an administrator records anywhere, for anybody',
    );
  });

  it("lists pending invitations only to those who may invite, and below administrator only their department's", async () => {
    const managerRole = (await admin.get('/api/roles')).body.items.find((r: { key: string }) => r.key === 'manager').id;
    await admin.post('/api/invites', { login: 'inv_shop', name: 'Shop invitee', roleId: managerRole, departmentId: shop });
    await admin.post('/api/invites', { login: 'inv_depot', name: 'Depot invitee', roleId: managerRole, departmentId: depot });
    for (const role of ['manager', 'readonly', 'senior']) {
      const u = await t.user(role, { departmentId: shop });
      const r = await u.get('/api/invites');
      assert.equal(r.status, 403, role);
    }
    const logins = (await admin.get('/api/invites')).body.items.map((i: { login: string }) => i.login).sort();
    assert.deepEqual(logins, ['inv_depot', 'inv_shop']);
    // a user manager of the Shop (a custom role with users create) sees the Shop's only
    const role = await admin.post('/api/roles', {
      key: 'shop_hr',
      name: 'Shop HR',
      scope: 'department',
      rights: { users: { read: true, create: true, edit: true }, clients: { read: true } },
      fieldRights: {},
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const hr = await t.user(role.body.id, { departmentId: shop });
    assert.deepEqual(
      (await hr.get('/api/invites')).body.items.map((i: { login: string }) => i.login),
      ['inv_shop'],
    );
  });
});

/** A fresh "Bearer" header of a user, for a request with a raw JSON body. */
async function tokenOf(c: ApiClient): Promise<string> {
  return `Bearer ${(await createToken(t.db, (await t.app.auth.actorForUser(c.userId, 'token'))!, 'raw')).token}`;
}
