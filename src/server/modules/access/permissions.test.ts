import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

// SECURITY 1-8: role x endpoint x record matrix, scope on every path, field rights, mass
// assignment, granting limits, fail-safe input handling. Denied requests change nothing.
let t: TestApp;
const u = {} as Record<'admin' | 'senior' | 'manager' | 'colleague' | 'stranger' | 'readonly', ApiClient>;
const c: Record<'own' | 'dept' | 'other', { id: number }> = {} as never;

/** Every row of the tables a request could touch, as text: equal before and after a denial. */
async function snapshot() {
  const out: string[] = [];
  for (const table of ['clients', 'users', 'roles', 'custom_fields', 'departments', 'saved_views', 'api_tokens']) {
    const r = await sql<{ j: string }>`SELECT coalesce(json_agg(x ORDER BY x.id)::text, '[]') AS j FROM ${sql.table(table)} x`.execute(t.db);
    out.push(r.rows[0]!.j);
  }
  return out;
}

before(async () => {
  t = await startTestApp();
  const d1 = await t.department('Отдел 1');
  const d2 = await t.department('Отдел 2');
  u.admin = await t.user('admin');
  u.senior = await t.user('senior', { departmentId: d1 });
  u.manager = await t.user('manager', { departmentId: d1 });
  u.colleague = await t.user('manager', { departmentId: d1 });
  u.stranger = await t.user('manager', { departmentId: d2 });
  u.readonly = await t.user('readonly');
  c.own = (await u.manager.post('/api/clients', person('Свой', { channels: [{ type: 'phone', value: '+7 900 000-00-01' }], inn: '7707083893' }))).body.client;
  c.dept = (await u.colleague.post('/api/clients', person('Коллегин'))).body.client;
  c.other = (await u.stranger.post('/api/clients', person('Чужой', { channels: [{ type: 'phone', value: '+7 900 000-00-03' }] }))).body.client;
});
after(async () => t.close());

type Cell = [role: string, method: 'GET' | 'PATCH' | 'POST' | 'DELETE', path: (id: number) => string, body: unknown, expected: Record<'own' | 'dept' | 'other', number>];
const ok = (n: number) => ({ own: n, dept: n, other: n });
const read = (id: number) => `/api/clients/${id}`;
const history = (id: number) => `/api/clients/${id}/history`;
const archive = (id: number) => `/api/clients/${id}/archive`;
const matrix: Cell[] = [
  ['admin', 'GET', read, undefined, ok(200)],
  ['senior', 'GET', read, undefined, { own: 200, dept: 200, other: 404 }],
  ['manager', 'GET', read, undefined, { own: 200, dept: 404, other: 404 }],
  ['readonly', 'GET', read, undefined, ok(200)],
  ['senior', 'GET', history, undefined, { own: 200, dept: 200, other: 404 }],
  ['manager', 'GET', history, undefined, { own: 200, dept: 404, other: 404 }],
  ['readonly', 'GET', history, undefined, ok(200)],
  ['manager', 'PATCH', read, { version: 99, status: 'x' }, { own: 409, dept: 404, other: 404 }],
  ['senior', 'PATCH', read, { version: 99, status: 'x' }, { own: 409, dept: 409, other: 404 }],
  ['readonly', 'PATCH', read, { version: 1, status: 'x' }, ok(403)],
  ['manager', 'POST', archive, { version: 1 }, ok(403)],
  ['readonly', 'POST', archive, { version: 1 }, ok(403)],
  ['senior', 'POST', archive, { version: 99 }, { own: 409, dept: 409, other: 404 }],
  ['manager', 'DELETE', read, undefined, ok(403)],
  ['senior', 'DELETE', read, undefined, ok(403)],
  ['readonly', 'DELETE', read, undefined, ok(403)],
];

describe('the permission matrix', () => {
  for (const [role, method, path, body, expected] of matrix) {
    for (const rec of ['own', 'dept', 'other'] as const) {
      const want = expected[rec];
      it(`${role} ${method} ${path(0).replace('/0', '/:id')} on ${rec} record -> ${want}`, async () => {
        const before = want >= 400 ? await snapshot() : undefined;
        const r = await u[role as keyof typeof u].req(method, path(c[rec].id), body);
        assert.equal(r.status, want, JSON.stringify(r.body));
        if (want === 404) assert.equal(r.body.error.code, 'CLIENT_NOT_FOUND');
        if (want === 403) assert.equal(r.body.error.code, 'FORBIDDEN');
        if (before) assert.deepEqual(await snapshot(), before, 'a denied request changed nothing');
      });
    }
  }

  for (const [role, method, path, body, want] of [
    ['manager', 'GET', '/api/audit', undefined, 403], ['readonly', 'GET', '/api/audit', undefined, 403], ['senior', 'GET', '/api/audit', undefined, 200],
    ['manager', 'POST', '/api/users', { login: 'x1', name: 'x', password: 'long-password-1', roleId: 1 }, 403],
    ['senior', 'PATCH', '/api/users/1', { version: 1, active: false }, 403],
    ['manager', 'POST', '/api/roles', { key: 'xx', name: 'x', scope: 'all', rights: {} }, 403],
    ['manager', 'GET', '/api/roles', undefined, 403],
    ['readonly', 'POST', '/api/departments', { name: 'New' }, 403],
    ['manager', 'POST', '/api/custom-fields', { key: 'x', label: 'x', type: 'text' }, 403],
    ['readonly', 'POST', '/api/clients', person('Нельзя'), 403],
    ['readonly', 'POST', '/api/clients/bulk', { clients: [person('Нельзя')] }, 403],
    ['manager', 'POST', '/api/demo', undefined, 403],
    ['readonly', 'GET', '/api/users', undefined, 200],
  ] as const) {
    it(`${role} ${method} ${path} -> ${want}`, async () => {
      const before = await snapshot();
      const r = await u[role as keyof typeof u].req(method, path, body);
      assert.equal(r.status, want, JSON.stringify(r.body));
      if (want >= 400) assert.deepEqual(await snapshot(), before);
    });
  }

  it('answers 401 to anonymous requests on every API path but login and setup', async () => {
    for (const path of ['/api/clients', '/api/clients/1', '/api/users', '/api/audit', '/api/auth/me', '/api/views']) {
      assert.equal((await t.anonymous.get(path)).status, 401, path);
    }
  });
});

describe('"own records" on every path', () => {
  const ids = (r: { body: { items: { id: number }[] } }) => r.body.items.map((x) => x.id).sort();
  it('list, count, search, filter and sort return only clients in scope', async () => {
    assert.deepEqual(ids(await u.manager.get('/api/clients')), [c.own.id]);
    assert.deepEqual(ids(await u.senior.get('/api/clients')), [c.own.id, c.dept.id].sort());
    assert.equal((await u.manager.get('/api/clients/count')).body.count, 1);
    assert.equal((await u.manager.get('/api/clients?q=чуж')).body.items.length, 0);
    assert.equal((await u.manager.get('/api/clients/search?q=чуж')).body.items.length, 0);
    assert.equal((await u.manager.get('/api/clients/search?q=0003')).body.items.length, 0);
    const f = encodeURIComponent(JSON.stringify([{ field: 'managerId', op: 'eq', value: u.stranger.userId }]));
    assert.equal((await u.manager.get(`/api/clients?filter=${f}`)).body.total.value, 0);
    assert.deepEqual(ids(await u.manager.get('/api/clients?sort=createdAt&dir=desc&archived=all')), [c.own.id]);
  });

  it('reports a duplicate outside the scope only as "exists, whose", without its id or data', async () => {
    const r = await u.manager.post('/api/clients/duplicates', { kind: 'person', surname: 'Новый', channels: [{ type: 'phone', value: '8 900 000 00 03' }] });
    assert.deepEqual(r.body.duplicates, [{ matchedOn: ['phone'], visible: false, managerName: `User ${u.stranger.login}` }]);
    const mine = await u.manager.post('/api/clients/duplicates', { kind: 'organization', inn: '7707083893' });
    assert.deepEqual(mine.body.duplicates.map((d: { id: number; visible: boolean }) => [d.id, d.visible]), [[c.own.id, true]]);
  });

  it('refuses to hand a client to a manager outside the scope', async () => {
    const r = await u.manager.post('/api/clients', person('Подарок', { managerId: u.stranger.userId }));
    assert.equal(r.status, 400);
    assert.equal(r.body.error.details[0].field, 'managerId');
  });
});

describe('field rights', () => {
  let restricted: ApiClient;
  before(async () => {
    await u.admin.post('/api/custom-fields', { key: 'secret', label: 'Secret', type: 'text' });
    await u.admin.patch(`/api/clients/${c.own.id}`, { version: (await u.admin.get(`/api/clients/${c.own.id}`)).body.version, custom: { secret: 'тайна' }, region: 'Тверь' });
    const role = await u.admin.post('/api/roles', {
      key: 'restricted', name: 'Restricted', scope: 'all',
      rights: { clients: { read: true, create: true, edit: true } },
      fieldRights: { inn: 'hidden', 'custom.secret': 'hidden', region: 'readonly' },
    });
    assert.equal(role.status, 201);
    restricted = await t.user(role.body.id);
  });

  it('leaves hidden fields out of the card, the list, search results and the history', async () => {
    const card = (await restricted.get(`/api/clients/${c.own.id}`)).body;
    assert.equal('inn' in card, false);
    assert.deepEqual(card.custom, {});
    assert.equal(card.region, 'Тверь');
    const item = (await restricted.get('/api/clients?q=свой')).body.items[0];
    assert.equal('inn' in item, false);
    assert.equal(item.custom.secret, undefined);
    assert.equal((await restricted.get('/api/clients/search?q=свой')).body.items[0].inn, null);
    const h = JSON.stringify((await restricted.get(`/api/clients/${c.own.id}/history`)).body);
    assert.doesNotMatch(h, /тайна|secret|7707083893/);
    assert.match(h, /Тверь/);
  });

  it('makes hidden fields useless in filters, sorts and search (counts never vary with them)', async () => {
    const unknown = await restricted.get(`/api/clients?filter=${encodeURIComponent(JSON.stringify([{ field: 'nosuchfield', op: 'eq', value: '1' }]))}`);
    for (const [field, value] of [['inn', '7707083893'], ['custom.secret', 'тайна']]) {
      const r = await restricted.get(`/api/clients?filter=${encodeURIComponent(JSON.stringify([{ field, op: 'eq', value }]))}`);
      assert.equal(r.status, 400);
      assert.equal(r.body.error.message.replace(field, 'X'), unknown.body.error.message.replace('nosuchfield', 'X'));
      assert.equal((await restricted.get(`/api/clients/count?filter=${encodeURIComponent(JSON.stringify([{ field, op: 'eq', value }]))}`)).status, 400);
    }
    assert.equal((await restricted.get('/api/clients?sort=custom.secret')).status, 400);
    assert.equal((await restricted.get('/api/clients/search?q=7083893')).body.items.length, 0);
    assert.equal((await u.admin.get('/api/clients/search?q=7083893')).body.items.length, 1);
    assert.equal((await restricted.get('/api/clients?q=7083893')).body.total.value, 0);
  });

  it('refuses to write a read-only or hidden field', async () => {
    const v = (await restricted.get(`/api/clients/${c.own.id}`)).body.version;
    for (const patch of [{ region: 'Москва' }, { inn: '500100732259' }, { custom: { secret: 'x' } }]) {
      const before = await snapshot();
      const r = await restricted.patch(`/api/clients/${c.own.id}`, { version: v, ...patch });
      assert.equal(r.status, 400, JSON.stringify(patch));
      assert.match(r.body.error.message, /read-only for your role/);
      assert.deepEqual(await snapshot(), before);
    }
  });
});

describe('granting and deactivation', () => {
  let hr: ApiClient;
  let hrRoleId: number;
  before(async () => {
    const role = await u.admin.post('/api/roles', { key: 'hr', name: 'HR', scope: 'department', rights: { users: { read: true, create: true, edit: true }, roles: { read: true, create: true, edit: true }, clients: { read: true } } });
    hrRoleId = role.body.id;
    hr = await t.user(hrRoleId);
  });

  it('nobody grants a role above their own, nor edits their own role', async () => {
    const before = await snapshot();
    const adminRole = (await u.admin.get('/api/roles')).body.items.find((r: { key: string }) => r.key === 'admin').id;
    assert.equal((await hr.post('/api/users', { login: 'boss2', name: 'x', password: 'long-password-1', roleId: adminRole })).status, 403);
    assert.equal((await hr.post('/api/roles', { key: 'big', name: 'Big', scope: 'all', rights: { clients: { delete: true } } })).status, 403);
    assert.equal((await hr.post('/api/roles', { key: 'wide', name: 'Wide', scope: 'all', rights: {} })).status, 403);
    assert.equal((await hr.patch(`/api/roles/${hrRoleId}`, { version: 1, scope: 'all' })).status, 403);
    assert.equal((await hr.patch(`/api/users/${hr.userId}`, { version: 1, roleId: adminRole })).status, 403);
    assert.equal((await u.admin.patch(`/api/users/${u.admin.userId}`, { version: 1, roleId: hrRoleId })).status, 403);
    assert.deepEqual(await snapshot(), before);
    const mgrRole = (await u.admin.get('/api/roles')).body.items.find((r: { key: string }) => r.key === 'readonly').id;
    assert.equal((await hr.post('/api/users', { login: 'reader2', name: 'Reader', password: 'long-password-1', roleId: mgrRole })).status, 403, 'readonly has clients.read only, which hr has, but scope all > department');
  });

  it('rejects server-owned keys on users and roles (mass assignment)', async () => {
    const before = await snapshot();
    for (const extra of [{ id: 99 }, { passwordHash: 'x' }, { login: 'renamed' }, { createdAt: '2000-01-01' }]) {
      const r = await u.admin.patch(`/api/users/${u.readonly.userId}`, { version: 1, ...extra });
      assert.equal(r.status, 400, JSON.stringify(extra));
    }
    assert.equal((await u.admin.patch(`/api/roles/${hrRoleId}`, { version: 1, isAdmin: true })).status, 400);
    assert.equal((await u.admin.post('/api/roles', { key: 'sneaky', name: 'S', scope: 'own', rights: {}, isAdmin: true })).status, 400);
    assert.deepEqual(await snapshot(), before);
  });

  it('applies a role change on the very next request', async () => {
    const role = await u.admin.post('/api/roles', { key: 'shifting', name: 'Shifting', scope: 'own', rights: { clients: { read: true } } });
    const user = await t.user(role.body.id);
    assert.equal((await user.get('/api/clients')).body.total.value, 0);
    assert.equal((await u.admin.patch(`/api/roles/${role.body.id}`, { version: 1, scope: 'all' })).status, 200);
    assert.equal((await user.get('/api/clients')).body.total.value, (await u.admin.get('/api/clients')).body.total.value);
    assert.equal((await u.admin.patch(`/api/roles/${role.body.id}`, { version: 2, rights: {} })).status, 200);
    assert.equal((await user.get('/api/clients')).status, 403);
  });

  it('cuts a deactivated user off at once: token and session', async () => {
    const victim = await t.user('manager');
    const session = await t.cookieLogin(victim.login);
    assert.equal((await victim.get('/api/clients')).status, 200);
    assert.equal((await session.get('/api/clients')).status, 200);
    const v = (await u.admin.get(`/api/users/${victim.userId}`)).body.version;
    assert.equal((await u.admin.patch(`/api/users/${victim.userId}`, { version: v, active: false })).status, 200);
    assert.equal((await victim.get('/api/clients')).status, 401);
    assert.equal((await session.get('/api/clients')).status, 401);
    assert.equal((await t.anonymous.post('/api/auth/login', { login: victim.login, password: 'correct-horse-battery' })).status, 401);
  });
});

describe('hostile filter and sort input', () => {
  it('answers 200 or a structured 400 to 2,000 random filters and sorts, never 500', async () => {
    const field = fc.oneof(fc.constantFrom('name', 'status', 'custom.secret', 'custom.x', 'tags', 'email', 'phone', 'createdAt', 'birthDate', 'managerId', 'id', 'inn', "name'--", 'c.id; DROP TABLE clients', '__proto__', 'constructor', 'custom.__proto__'), fc.string());
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }), fc.constantFrom("' OR 1=1 --", '2020-02-30', '1e400', '%', '\\', '\u0000'));
    const op = fc.oneof(fc.constantFrom('eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'in', 'empty', 'notEmpty'), fc.string());
    const filter = fc.array(fc.record({ field, op, value }, { requiredKeys: ['field', 'op'] }), { maxLength: 3 });
    const statuses = new Map<number, number>();
    await fc.assert(fc.asyncProperty(filter, field, fc.constantFrom('asc', 'desc', 'sideways'), fc.option(fc.string(), { nil: undefined }), async (f, sort, dir, cursor) => {
      const qs = new URLSearchParams({ filter: JSON.stringify(f), sort, dir, ...(cursor !== undefined ? { cursor } : {}) });
      const r = await u.manager.get(`/api/clients?${qs}`);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status === 200) return Array.isArray(r.body.items) && r.body.items.every((x: { managerId: number }) => x.managerId === u.manager.userId);
      return r.status === 400 && typeof r.body.error?.code === 'string' && !/SELECT |INSERT |syntax error|stack|\.ts:|node_modules/.test(JSON.stringify(r.body.error));
    }), { numRuns: 2000 });
    assert.ok((statuses.get(200) ?? 0) > 10, `some inputs were valid: ${JSON.stringify([...statuses])}`);
  });
});
