import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { person, startTestApp, type ApiClient, type Res, type TestApp } from '../../testing/test-app.js';

// SECURITY 1-8: role x endpoint x record matrix, scope on every path, field rights, mass
// assignment, granting limits, fail-closed and hostile input. A denied request changes nothing.
let t: TestApp;
type Role = 'admin' | 'senior' | 'manager' | 'readonly' | 'custom' | 'blank';
const roles: Role[] = ['admin', 'senior', 'manager', 'readonly', 'custom', 'blank'];
const u = {} as Record<Role | 'colleague' | 'stranger', ApiClient>;
const c = {} as Record<'own' | 'dept' | 'other', { id: number }>;
let d1: number;
let d2: number;
let seq = 0;
const uniq = () => `${Date.now().toString(36)}${++seq}`;

/** Every row of the tables a request could change, as text (the audit log is not compared: denials are audited). */
async function snapshot() {
  const out: Record<string, string> = {};
  for (const table of ['clients', 'users', 'roles', 'custom_fields', 'departments', 'saved_views', 'api_tokens', 'sessions', 'setup_tokens']) {
    const r = await sql<{ j: string | null }>`SELECT json_agg(x ORDER BY to_jsonb(x)::text)::text AS j FROM ${sql.table(table)} x`.execute(t.db);
    out[table] = r.rows[0]!.j ?? '[]';
  }
  return out;
}

const roleId = async (key: string) => (await t.db.selectFrom('roles').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
const version = async (table: 'users' | 'roles' | 'departments' | 'customFields' | 'clients', id: number) =>
  (await t.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
const q = (filter: unknown) => encodeURIComponent(JSON.stringify(filter));

before(async () => {
  t = await startTestApp();
  d1 = await t.department('Отдел 1');
  d2 = await t.department('Отдел 2');
  u.admin = await t.user('admin');
  u.senior = await t.user('senior', { departmentId: d1 });
  u.manager = await t.user('manager', { departmentId: d1 });
  u.colleague = await t.user('manager', { departmentId: d1 });
  u.stranger = await t.user('manager', { departmentId: d2 });
  u.readonly = await t.user('readonly');
  // Custom roles are made through the API, like an administrator would.
  const custom = await u.admin.post('/api/roles', { key: 'assistant', name: 'Assistant', scope: 'department', rights: { clients: { read: true, edit: true }, users: { read: true } } });
  assert.equal(custom.status, 201, JSON.stringify(custom.body));
  u.custom = await t.user(custom.body.id, { departmentId: d1 });
  const blank = await u.admin.post('/api/roles', { key: 'blank', name: 'No rights', scope: 'all', rights: {} });
  assert.equal(blank.status, 201);
  u.blank = await t.user(blank.body.id);
  c.own = (await u.manager.post('/api/clients', person('Свой', { channels: [{ type: 'phone', value: '+7 900 000-00-01' }], inn: '7707083893', status: 'vip' }))).body.client;
  c.dept = (await u.colleague.post('/api/clients', person('Коллегин', { channels: [{ type: 'email', value: 'kollega@example.com' }], status: 'vip' }))).body.client;
  c.other = (await u.stranger.post('/api/clients', person('Чужой', {
    channels: [{ type: 'phone', value: '+7 900 000-00-03' }, { type: 'email', value: 'chuzhoy@example.com' }], status: 'vip', tags: ['secret-deal'],
  }))).body.client;
  await u.stranger.patch(`/api/clients/${c.other.id}`, { version: 1, notes: 'чужая заметка' });
  for (const x of Object.values(c)) assert.ok(x.id, 'fixture clients exist');
});
after(async () => t.close());

// ---------------------------------------------------------------------------------------------
// SECURITY 1 + 4: the matrix. Out of scope -> 404 CLIENT_NOT_FOUND, missing right -> 403 FORBIDDEN.
type Rec = 'own' | 'dept' | 'other';
type Exp = Record<Rec, number>;
const A = (own: number, dept: number, other: number): Exp => ({ own, dept, other });
const all = (n: number) => A(n, n, n);
type Outcome = { cell: string; want: number; got: number };
const outcomes: Outcome[] = [];

/** A fresh client for one cell: "own" belongs to the actor, "dept" to a manager of department 1, "other" to department 2. */
async function freshClient(role: Role, rec: Rec, archived: boolean) {
  const managerId = rec === 'own' ? u[role].userId : rec === 'dept' ? u.colleague.userId : u.stranger.userId;
  const r = await u.admin.post('/api/clients', person(`Матрица ${role} ${rec}`, { managerId }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  if (archived) assert.equal((await u.admin.post(`/api/clients/${r.body.client.id}/archive`, { version: 1 })).status, 200);
  return { id: r.body.client.id as number, version: archived ? 2 : 1 };
}

type RecordEndpoint = { name: string; method: 'GET' | 'PATCH' | 'POST' | 'DELETE'; path: (id: number) => string; body?: (v: number) => unknown; archived?: boolean; expect: Record<Role, Exp> };
const recordEndpoints: RecordEndpoint[] = [
  { name: 'GET /api/clients/:id', method: 'GET', path: (id) => `/api/clients/${id}`,
    expect: { admin: all(200), senior: A(200, 200, 404), manager: A(200, 404, 404), readonly: all(200), custom: A(200, 200, 404), blank: all(403) } },
  { name: 'PATCH /api/clients/:id', method: 'PATCH', path: (id) => `/api/clients/${id}`, body: (v) => ({ version: v, status: 'changed' }),
    expect: { admin: all(200), senior: A(200, 200, 404), manager: A(200, 404, 404), readonly: all(403), custom: A(200, 200, 404), blank: all(403) } },
  { name: 'POST /api/clients/:id/archive', method: 'POST', path: (id) => `/api/clients/${id}/archive`, body: (v) => ({ version: v }),
    expect: { admin: all(200), senior: A(200, 200, 404), manager: all(403), readonly: all(403), custom: all(403), blank: all(403) } },
  { name: 'POST /api/clients/:id/restore', method: 'POST', path: (id) => `/api/clients/${id}/restore`, body: (v) => ({ version: v }), archived: true,
    expect: { admin: all(200), senior: A(200, 200, 404), manager: all(403), readonly: all(403), custom: all(403), blank: all(403) } },
  { name: 'DELETE /api/clients/:id', method: 'DELETE', path: (id) => `/api/clients/${id}`,
    expect: { admin: all(200), senior: all(403), manager: all(403), readonly: all(403), custom: all(403), blank: all(403) } },
  { name: 'GET /api/clients/:id/history', method: 'GET', path: (id) => `/api/clients/${id}/history`,
    expect: { admin: all(200), senior: A(200, 200, 404), manager: A(200, 404, 404), readonly: all(200), custom: A(200, 200, 404), blank: all(403) } },
];

/** admin, senior, manager, readonly, custom, blank */
const E = (...s: number[]) => Object.fromEntries(roles.map((r, i) => [r, s[i]!])) as Record<Role, number>;
type Endpoint = { name: string; method: 'GET' | 'PATCH' | 'POST' | 'DELETE'; path: () => string | Promise<string>; body?: () => unknown; expect: Record<Role, number> };
let victimUser: number;
let victimRole: number;
let victimDept: number;
let victimField: number;
const endpoints: Endpoint[] = [
  { name: 'GET /api/clients', method: 'GET', path: () => '/api/clients', expect: E(200, 200, 200, 200, 200, 403) },
  { name: 'GET /api/clients/count', method: 'GET', path: () => '/api/clients/count', expect: E(200, 200, 200, 200, 200, 403) },
  { name: 'GET /api/clients/search', method: 'GET', path: () => '/api/clients/search?q=%D0%A7%D1%83%D0%B6', expect: E(200, 200, 200, 200, 200, 403) },
  { name: 'POST /api/clients/duplicates', method: 'POST', path: () => '/api/clients/duplicates', body: () => ({ kind: 'person', surname: 'Чужой' }), expect: E(200, 200, 200, 200, 200, 403) },
  { name: 'POST /api/clients', method: 'POST', path: () => '/api/clients', body: () => person(`Новый ${uniq()}`), expect: E(201, 201, 201, 403, 403, 403) },
  { name: 'POST /api/clients/bulk', method: 'POST', path: () => '/api/clients/bulk', body: () => ({ clients: [person(`Пакет ${uniq()}`)] }), expect: E(201, 201, 201, 403, 403, 403) },
  { name: 'GET /api/users', method: 'GET', path: () => '/api/users', expect: E(200, 200, 200, 200, 200, 403) },
  { name: 'GET /api/users/:id', method: 'GET', path: () => `/api/users/${victimUser}`, expect: E(200, 200, 200, 200, 200, 403) },
  { name: 'POST /api/users', method: 'POST', path: () => '/api/users', body: () => ({ login: `new_${uniq()}`, name: 'New', password: 'long-password-1', roleId: victimRole }), expect: E(201, 403, 403, 403, 403, 403) },
  { name: 'PATCH /api/users/:id', method: 'PATCH', path: () => `/api/users/${victimUser}`, body: async () => ({ version: await version('users', victimUser), name: `Renamed ${uniq()}` }), expect: E(200, 403, 403, 403, 403, 403) },
  { name: 'POST /api/users/:id/password', method: 'POST', path: () => `/api/users/${victimUser}/password`, body: () => ({ password: `new-password-${uniq()}` }), expect: E(200, 403, 403, 403, 403, 403) },
  { name: 'GET /api/roles', method: 'GET', path: () => '/api/roles', expect: E(200, 200, 403, 403, 403, 403) },
  { name: 'POST /api/roles', method: 'POST', path: () => '/api/roles', body: () => ({ key: `r${uniq()}`, name: 'R', scope: 'own', rights: { clients: { read: true } } }), expect: E(201, 403, 403, 403, 403, 403) },
  { name: 'PATCH /api/roles/:id', method: 'PATCH', path: () => `/api/roles/${victimRole}`, body: async () => ({ version: await version('roles', victimRole), name: `Role ${uniq()}` }), expect: E(200, 403, 403, 403, 403, 403) },
  { name: 'GET /api/departments', method: 'GET', path: () => '/api/departments', expect: E(200, 200, 200, 200, 403, 403) },
  { name: 'POST /api/departments', method: 'POST', path: () => '/api/departments', body: () => ({ name: `Dept ${uniq()}` }), expect: E(201, 403, 403, 403, 403, 403) },
  { name: 'PATCH /api/departments/:id', method: 'PATCH', path: () => `/api/departments/${victimDept}`, body: async () => ({ version: await version('departments', victimDept), name: `Dept ${uniq()}` }), expect: E(200, 403, 403, 403, 403, 403) },
  { name: 'GET /api/custom-fields', method: 'GET', path: () => '/api/custom-fields', expect: E(200, 200, 200, 200, 403, 403) },
  { name: 'POST /api/custom-fields', method: 'POST', path: () => '/api/custom-fields', body: () => ({ key: `f${uniq()}`, label: 'F', type: 'text' }), expect: E(201, 403, 403, 403, 403, 403) },
  { name: 'PATCH /api/custom-fields/:id', method: 'PATCH', path: () => `/api/custom-fields/${victimField}`, body: async () => ({ version: await version('customFields', victimField), label: `Label ${uniq()}` }), expect: E(200, 403, 403, 403, 403, 403) },
  { name: 'GET /api/audit', method: 'GET', path: () => '/api/audit', expect: E(200, 200, 403, 403, 403, 403) },
  // The demo base is only for an empty base: the administrator is refused for that reason, the rest for lack of rights.
  { name: 'POST /api/demo', method: 'POST', path: () => '/api/demo', expect: E(409, 403, 403, 403, 403, 403) },
  { name: 'GET /api/views', method: 'GET', path: () => '/api/views', expect: E(200, 200, 200, 200, 200, 403) },
  { name: 'POST /api/views (shared)', method: 'POST', path: () => '/api/views', body: () => ({ name: `V ${uniq()}`, shared: true, config: { columns: [{ field: 'name' }] } }), expect: E(201, 403, 403, 403, 403, 403) },
];

async function check(cell: string, want: number, send: () => Promise<Res>, notFoundCode = 'CLIENT_NOT_FOUND') {
  const before = want >= 300 ? await snapshot() : undefined;
  const r = await send();
  outcomes.push({ cell, want, got: r.status });
  assert.equal(r.status, want, `${cell}: ${JSON.stringify(r.body)}`);
  if (want === 404) assert.equal(r.body.error.code, notFoundCode);
  if (want === 403) assert.equal(r.body.error.code, 'FORBIDDEN');
  if (before) assert.deepEqual(await snapshot(), before, `${cell}: a denied request changed nothing`);
}

describe('the permission matrix (role x endpoint x record)', () => {
  before(async () => {
    victimUser = (await t.user('manager', { departmentId: d2 })).userId;
    victimRole = (await u.admin.post('/api/roles', { key: 'victim', name: 'Victim', scope: 'own', rights: { clients: { read: true } } })).body.id;
    victimDept = await t.department('Отдел 3');
    victimField = (await u.admin.post('/api/custom-fields', { key: 'victim', label: 'Victim', type: 'text' })).body.id;
  });

  for (const ep of recordEndpoints) {
    for (const role of roles) {
      for (const rec of ['own', 'dept', 'other'] as const) {
        const want = ep.expect[role][rec];
        it(`${role} ${ep.name} on ${rec} record -> ${want}`, async () => {
          const target = await freshClient(role, rec, ep.archived ?? false);
          await check(`${role} ${ep.name} ${rec}`, want, () => u[role].req(ep.method, ep.path(target.id), ep.body?.(target.version)));
        });
      }
    }
  }

  it('answers 404 CLIENT_NOT_FOUND for a client that does not exist, exactly as for one out of scope', async () => {
    const missing = 2147483000;
    const outside = await u.manager.get(`/api/clients/${c.other.id}`);
    const none = await u.manager.get(`/api/clients/${missing}`);
    assert.deepEqual(none.body, outside.body);
    assert.equal((await u.manager.patch(`/api/clients/${missing}`, { version: 1, status: 'x' })).body.error.code, 'CLIENT_NOT_FOUND');
  });

  for (const ep of endpoints) {
    for (const role of roles) {
      const want = ep.expect[role];
      it(`${role} ${ep.name} -> ${want}`, async () => {
        const path = await ep.path();
        const body = await ep.body?.();
        await check(`${role} ${ep.name}`, want, () => u[role].req(ep.method, path, body));
      });
    }
  }

  it('answers 401 to anonymous requests on every endpoint of the matrix, and changes nothing', async () => {
    const before = await snapshot();
    for (const ep of [...endpoints, ...recordEndpoints.map((e) => ({ ...e, path: () => e.path(c.own.id), body: () => e.body?.(1) }))]) {
      const r = await t.anonymous.req(ep.method, await ep.path(), await ep.body?.());
      assert.equal(r.status, 401, ep.name);
      assert.equal(r.body.error.code, 'UNAUTHENTICATED');
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('found 0 unexpected 2xx over the whole matrix', () => {
    const cells = recordEndpoints.length * roles.length * 3 + endpoints.length * roles.length;
    assert.equal(outcomes.length, cells, 'every cell ran');
    const unexpected = outcomes.filter((o) => o.got >= 200 && o.got < 300 && !(o.want >= 200 && o.want < 300));
    assert.deepEqual(unexpected, []);
    assert.deepEqual(outcomes.filter((o) => o.got !== o.want), []);
    assert.ok(outcomes.some((o) => o.got === 403) && outcomes.some((o) => o.got === 404) && outcomes.some((o) => o.got === 200));
  });
});

// ---------------------------------------------------------------------------------------------
// SECURITY 2: "own records" on every path.
describe('"own records" on every path', () => {
  type ScopeActor = 'manager' | 'senior' | 'custom';
  /** The ids this actor may see, straight from the database. */
  async function inScope(who: ScopeActor, archived: 'no' | 'all' = 'no'): Promise<number[]> {
    let query = t.db.selectFrom('clients').select('id');
    query = who === 'manager'
      ? query.where('managerId', '=', u.manager.userId)
      : query.where('managerId', 'in', t.db.selectFrom('users').select('id').where('departmentId', '=', d1));
    if (archived === 'no') query = query.where('archivedAt', 'is', null);
    return (await query.execute()).map((r) => r.id).sort((a, b) => a - b);
  }
  const idsOf = (items: { id: number }[]) => items.map((x) => x.id).sort((a, b) => a - b);

  /** Walks every page of a list with a small page size; returns every id seen. */
  async function walk(who: ApiClient, query: string) {
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 500; page++) {
      const r: Res = await who.get(`/api/clients?limit=7&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      seen.push(...r.body.items.map((x: { id: number }) => x.id));
      cursor = r.body.nextCursor;
      if (!cursor) break;
    }
    return seen.sort((a, b) => a - b);
  }

  for (const who of ['manager', 'senior', 'custom'] as const) {
    it(`${who}: list, every sort, paging, archived views, count and total hold only records in scope`, async () => {
      const expected = await inScope(who);
      assert.ok(expected.length > 0 && !expected.includes(c.other.id));
      for (const sort of ['name', 'createdAt', 'updatedAt', 'managerId', 'id', 'status', 'kind', 'surname']) {
        for (const dir of ['asc', 'desc']) assert.deepEqual(await walk(u[who], `sort=${sort}&dir=${dir}`), expected, `${sort} ${dir}`);
      }
      // Search by relevance pages through its two groups (prefix, then the rest) inside the scope too.
      const everyone = await u.admin.get('/api/clients?sort=relevance&q=test&limit=500');
      assert.ok(everyone.body.items.some((x: { id: number }) => x.id === c.other.id));
      const foundByAll = await walk(u[who], 'sort=relevance&q=test');
      assert.ok(foundByAll.length > 0 && foundByAll.every((id) => expected.includes(id)), JSON.stringify(foundByAll));
      const withArchived = await inScope(who, 'all');
      assert.deepEqual(await walk(u[who], 'archived=all'), withArchived);
      assert.deepEqual(await walk(u[who], 'archived=only'), withArchived.filter((id) => !expected.includes(id)));
      assert.equal((await u[who].get('/api/clients')).body.total.value, expected.length);
      assert.equal((await u[who].get('/api/clients/count')).body.count, expected.length);
      assert.equal((await u[who].get('/api/clients/count?archived=all')).body.count, withArchived.length);
    });

    it(`${who}: filters and search never reach another's record`, async () => {
      const vip = await u[who].get(`/api/clients?limit=500&filter=${q([{ field: 'status', op: 'eq', value: 'vip' }])}`);
      assert.ok(vip.body.items.length >= 1);
      assert.ok(idsOf(vip.body.items).every((id) => id !== c.other.id));
      for (const f of [
        [{ field: 'managerId', op: 'eq', value: u.stranger.userId }],
        [{ field: 'managerId', op: 'in', value: [u.stranger.userId] }],
        [{ field: 'name', op: 'contains', value: 'чуж' }],
        [{ field: 'tags', op: 'contains', value: ['secret-deal'] }],
        [{ field: 'email', op: 'contains', value: ['chuzhoy@example.com'] }],
        [{ field: 'phone', op: 'contains', value: '0000003' }],
        [{ field: 'id', op: 'eq', value: c.other.id }],
      ]) {
        const r = await u[who].get(`/api/clients?filter=${q(f)}&archived=all`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.items.length, 0, JSON.stringify(f));
        assert.equal((await u[who].get(`/api/clients/count?filter=${q(f)}&archived=all`)).body.count, 0);
      }
      for (const term of ['Чужой', 'чуж', 'ЧУЖ', '9000000003', '+7 900 000-00-03', '0003', 'chuzhoy', 'chuzhoy@example.com', 'заметка']) {
        const s = await u[who].get(`/api/clients/search?q=${encodeURIComponent(term)}`);
        assert.equal(s.status, 200);
        assert.equal(s.body.items.length, 0, term);
        assert.equal((await u[who].get(`/api/clients?q=${encodeURIComponent(term)}`)).body.total.value, 0, term);
        const byRelevance = await u[who].get(`/api/clients?sort=relevance&q=${encodeURIComponent(term)}`);
        assert.deepEqual([byRelevance.body.items.length, byRelevance.body.total.value], [0, 0], term);
        assert.equal((await u[who].get(`/api/clients/count?q=${encodeURIComponent(term)}`)).body.count, 0, term);
        assert.equal((await u[who].get(`/api/clients/count?cap=5&q=${encodeURIComponent(term)}`)).body.count, 0, term);
      }
      // The admin finds the same record by the same terms: the searches above could have matched.
      assert.equal((await u.admin.get('/api/clients/search?q=%D1%87%D1%83%D0%B6')).body.items.length, 1);
      assert.equal((await u.admin.get('/api/clients/search?q=0003')).body.items.length, 1);
    });

    it(`${who}: history answers 404 outside the scope`, async () => {
      const r = await u[who].get(`/api/clients/${c.other.id}/history`);
      assert.equal(r.status, 404);
      assert.equal(r.body.error.code, 'CLIENT_NOT_FOUND');
      assert.equal((await u[who].get(`/api/clients/${c.own.id}/history`)).status, 200);
      assert.equal((await u[who].get(`/api/clients/${c.other.id}/history?limit=1&beforeId=2147483647`)).status, 404);
    });

    it(`${who}: a duplicate outside the scope is reported as "exists, whose" only`, async () => {
      for (const draft of [
        { kind: 'person', surname: 'Зюзя', channels: [{ type: 'phone', value: '8 900 000 00 03' }] },
        { kind: 'person', surname: 'Зюзя', channels: [{ type: 'email', value: 'CHUZHOY@example.com' }] },
      ]) {
        const r = await u[who].post('/api/clients/duplicates', draft);
        assert.equal(r.status, 200);
        assert.deepEqual(r.body.duplicates, [{ matchedOn: [draft.channels[0]!.type], visible: false, managerName: `User ${u.stranger.login}` }]);
        assert.doesNotMatch(JSON.stringify(r.body), new RegExp(`Чужой|"id"|${c.other.id}`));
      }
      // The same check on a record in scope shows it.
      const mine = await u[who].post('/api/clients/duplicates', { kind: 'person', surname: 'X', channels: [{ type: 'phone', value: '+79000000001' }] });
      assert.deepEqual(mine.body.duplicates.map((d: { id: number; visible: boolean; displayName: string }) => [d.id, d.visible, d.displayName]), [[c.own.id, true, 'Свой Test']]);
      // Creating a client whose phone is someone else's: the answer's duplicate list is just as guarded.
      if (who !== 'custom') {
        const created = await u[who].post('/api/clients', person('Двойник', { channels: [{ type: 'phone', value: '+7 900 000-00-03' }] }));
        assert.equal(created.status, 201);
        assert.deepEqual(created.body.duplicates, [{ matchedOn: ['phone'], visible: false, managerName: `User ${u.stranger.login}` }]);
        await u.admin.del(`/api/clients/${created.body.client.id}`);
      }
    });
  }

  it('the senior and the department role see a colleague\'s duplicate in full', async () => {
    for (const who of ['senior', 'custom'] as const) {
      const r = await u[who].post('/api/clients/duplicates', { kind: 'person', surname: 'X', channels: [{ type: 'email', value: 'kollega@example.com' }] });
      assert.deepEqual(r.body.duplicates.map((d: { id: number; visible: boolean }) => [d.id, d.visible]), [[c.dept.id, true]]);
    }
  });

  it('refuses to hand a client to a manager outside the scope', async () => {
    const before = await snapshot();
    for (const [who, managerId] of [['manager', u.colleague.userId], ['manager', u.stranger.userId], ['senior', u.stranger.userId], ['manager', null]] as const) {
      const r = await u[who].post('/api/clients', person('Подарок', { managerId }));
      assert.equal(r.status, 400, `${who} -> ${managerId}`);
      assert.equal(r.body.error.details[0].field, 'managerId');
      const v = await version('clients', c.own.id);
      const p = await u.manager.patch(`/api/clients/${c.own.id}`, { version: v, managerId: u.stranger.userId });
      assert.equal(p.status, 400);
    }
    assert.deepEqual(await snapshot(), before);
    const ok = await u.senior.post('/api/clients', person('Коллеге', { managerId: u.colleague.userId }));
    assert.equal(ok.status, 201, 'within the department it works');
    await u.admin.del(`/api/clients/${ok.body.client.id}`);
  });

  it('private saved views of others do not exist for the actor', async () => {
    const v = await u.stranger.post('/api/views', { name: 'Мой вид', config: { columns: [{ field: 'name' }] } });
    assert.equal(v.status, 201);
    assert.equal((await u.manager.get('/api/views')).body.items.some((x: { id: number }) => x.id === v.body.id), false);
    const before = await snapshot();
    assert.equal((await u.manager.patch(`/api/views/${v.body.id}`, { version: 1, name: 'Украден' })).status, 404);
    assert.equal((await u.manager.del(`/api/views/${v.body.id}`)).status, 404);
    assert.deepEqual(await snapshot(), before);
  });

  it('fails closed: a department-scope user without a department sees only their own clients', async () => {
    const lone = await t.user('senior');
    const mine = await lone.post('/api/clients', person('Одиночка'));
    assert.equal(mine.status, 201);
    assert.deepEqual(idsOf((await lone.get('/api/clients?archived=all&limit=500')).body.items), [mine.body.client.id]);
    assert.equal((await lone.get(`/api/clients/${c.own.id}`)).status, 404);
    assert.equal((await lone.get('/api/clients/count?archived=all')).body.count, 1);
  });
});

// ---------------------------------------------------------------------------------------------
// SECURITY 3: field rights.
describe('field rights', () => {
  let restricted: ApiClient;
  let org: number;
  const innOf = async (id: number) => (await u.admin.get(`/api/clients/${id}`)).body.inn;
  before(async () => {
    assert.equal((await u.admin.post('/api/custom-fields', { key: 'secret', label: 'Secret', type: 'text' })).status, 201);
    const r = await u.admin.post('/api/clients', {
      kind: 'organization', legalName: 'ООО Тайное', inn: '7707083893', region: 'Тверь', custom: { secret: 'тайна-42' },
      channels: [{ type: 'phone', value: '+7 900 111-22-33' }], managerId: u.admin.userId,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    org = r.body.client.id;
    // History with every kind of change: hidden, read-only and ordinary fields.
    assert.equal((await u.admin.patch(`/api/clients/${org}`, { version: 1, inn: '500100732259', custom: { secret: 'тайна-43' }, region: 'Тула', status: 'lead' })).status, 200);
    const role = await u.admin.post('/api/roles', {
      key: 'restricted', name: 'Restricted', scope: 'all',
      rights: { clients: { read: true, create: true, edit: true }, customFields: { read: true } },
      fieldRights: { inn: 'hidden', 'custom.secret': 'hidden', region: 'readonly' },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    restricted = await t.user(role.body.id);
  });

  it('leaves hidden fields out of the card, the list, search results, history and the field list', async () => {
    const card = (await restricted.get(`/api/clients/${org}`)).body;
    assert.equal('inn' in card, false);
    assert.deepEqual(card.custom, {});
    assert.equal(card.region, 'Тула', 'read-only fields are shown');
    const adminCard = (await u.admin.get(`/api/clients/${org}`)).body;
    assert.equal(adminCard.inn, '500100732259', 'the admin sees it: the test could fail');
    assert.equal(adminCard.custom.secret, 'тайна-43');

    const list = await restricted.get('/api/clients?limit=500');
    const item = list.body.items.find((x: { id: number }) => x.id === org);
    assert.ok(item);
    assert.doesNotMatch(JSON.stringify(list.body), /500100732259|7707083893|тайна/);
    assert.equal('inn' in item, false);

    const s = await restricted.get('/api/clients/search?q=%D1%82%D0%B0%D0%B9%D0%BD%D0%BE%D0%B5');
    assert.equal(s.body.items.length, 1);
    assert.equal(s.body.items[0].inn, null);

    const h = await restricted.get(`/api/clients/${org}/history`);
    assert.equal(h.status, 200);
    const changes = h.body.items.map((i: { changes: Record<string, unknown> | null }) => i.changes ?? {});
    assert.ok(changes.some((ch: Record<string, unknown>) => 'region' in ch && 'status' in ch), 'ordinary changes are listed');
    assert.ok(changes.every((ch: Record<string, unknown>) => !('inn' in ch) && !('custom.secret' in ch)));
    assert.doesNotMatch(JSON.stringify(h.body), /500100732259|7707083893|тайна/);
    assert.match(JSON.stringify((await u.admin.get(`/api/clients/${org}/history`)).body), /тайна-43/);

    const fields = (await restricted.get('/api/custom-fields')).body.items.map((f: { key: string }) => f.key);
    assert.equal(fields.includes('secret'), false);
    assert.ok((await u.admin.get('/api/custom-fields')).body.items.some((f: { key: string }) => f.key === 'secret'));
  });

  it('treats hidden fields in filters and sorts exactly like unknown fields (the same 400)', async () => {
    const norm = (body: { error: { message: string; details: unknown } }, name: string) => JSON.stringify(body).replaceAll(name, 'X');
    const unknown = await restricted.get(`/api/clients?filter=${q([{ field: 'nosuch', op: 'eq', value: '1' }])}`);
    assert.equal(unknown.status, 400);
    for (const [field, value] of [['inn', '500100732259'], ['custom.secret', 'тайна-43']] as const) {
      for (const op of ['eq', 'contains', 'empty', 'notEmpty', 'ne', 'in']) {
        const f = q([{ field, op, value: op === 'in' ? [value] : value }]);
        const r = await restricted.get(`/api/clients?filter=${f}`);
        assert.equal(r.status, 400, `${field} ${op}`);
        const u2 = await restricted.get(`/api/clients?filter=${q([{ field: 'nosuch', op, value: op === 'in' ? [value] : value }])}`);
        assert.equal(norm(r.body, field), norm(u2.body, 'nosuch'));
        const cnt = await restricted.get(`/api/clients/count?filter=${f}`);
        assert.equal(cnt.status, 400);
        assert.equal(norm(cnt.body, field), norm(u2.body, 'nosuch'));
      }
      const sort = await restricted.get(`/api/clients?sort=${field}`);
      assert.equal(sort.status, 400);
      assert.equal(norm(sort.body, field), norm((await restricted.get('/api/clients?sort=nosuch')).body, 'nosuch'));
      assert.equal((await u.admin.get(`/api/clients?sort=${field}`)).status, 200, 'the admin may sort by it');
      assert.equal((await u.admin.get(`/api/clients/count?filter=${q([{ field, op: 'eq', value }])}`)).body.count, 1);
    }
  });

  it('searching by a hidden value finds nothing, while the admin finds it', async () => {
    for (const term of ['500100732259', '0100732', '7322']) {
      assert.equal((await restricted.get(`/api/clients/search?q=${term}`)).body.items.length, 0, term);
      assert.equal((await restricted.get(`/api/clients?q=${term}`)).body.total.value, 0, term);
      assert.equal((await restricted.get(`/api/clients?sort=relevance&q=${term}`)).body.items.length, 0, term);
      assert.equal((await restricted.get(`/api/clients/count?q=${term}`)).body.count, 0, term);
      assert.equal((await restricted.get(`/api/clients/count?cap=10&q=${term}`)).body.count, 0, term);
      assert.equal((await u.admin.get(`/api/clients/search?q=${term}`)).body.items.length, 1, term);
      assert.equal((await u.admin.get(`/api/clients/count?q=${term}`)).body.count, 1, term);
    }
  });

  it('never lets a count vary with a hidden value', async () => {
    const probes = ['', 'q=5001', 'q=7707', 'q=тайна', 'q=%D1%82%D0%B0%D0%B9', 'q=50', 'q=77',
      `filter=${q([{ field: 'name', op: 'contains', value: '5001' }])}`, `filter=${q([{ field: 'status', op: 'eq', value: 'lead' }])}`,
      `filter=${q([{ field: 'region', op: 'eq', value: 'Тула' }])}`];
    const counts = async (who: ApiClient) => Promise.all(probes.map(async (p) => (await who.get(`/api/clients/count?${p}`)).body.count as number));
    const before = await counts(restricted);
    const adminBefore = await counts(u.admin);
    await fc.assert(fc.asyncProperty(fc.constantFrom('7707083893', '500100732259', '7736050003', null), fc.string({ maxLength: 12 }), async (inn, secret) => {
      const v = await version('clients', org);
      const r = await u.admin.patch(`/api/clients/${org}`, { version: v, inn, custom: { secret } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(await counts(restricted), before);
    }), { numRuns: 15 });
    await u.admin.patch(`/api/clients/${org}`, { version: await version('clients', org), inn: '7707083893', custom: { secret: 'тайна-42' } });
    assert.notDeepEqual(await counts(u.admin), adminBefore, 'the same probes do see the hidden value for the admin');
  });

  it('duplicates are not matched on a hidden field', async () => {
    await u.admin.patch(`/api/clients/${org}`, { version: await version('clients', org), inn: '7707083893' });
    const r = await restricted.post('/api/clients/duplicates', { kind: 'organization', legalName: 'Совсем другое', inn: '7707083893' });
    assert.equal(r.status, 200);
    assert.equal(r.body.duplicates.some((d: { matchedOn: string[] }) => d.matchedOn.includes('inn')), false, JSON.stringify(r.body));
    const a = await u.admin.post('/api/clients/duplicates', { kind: 'organization', legalName: 'Совсем другое', inn: '7707083893' });
    assert.ok(a.body.duplicates.some((d: { id: number; matchedOn: string[] }) => d.id === org && d.matchedOn.includes('inn')));
  });

  it('refuses to write a read-only or hidden field, on create, bulk create and update, and changes nothing', async () => {
    const v = await version('clients', org);
    const before = await snapshot();
    for (const [patch, field] of [[{ region: 'Москва' }, 'region'], [{ inn: '7736050003' }, 'inn'], [{ custom: { secret: 'x' } }, 'custom.secret'], [{ region: null }, 'region']] as const) {
      const r = await restricted.patch(`/api/clients/${org}`, { version: v, status: 'ok', ...patch });
      assert.equal(r.status, 400, JSON.stringify(patch));
      assert.equal(r.body.error.code, 'VALIDATION_FAILED');
      assert.deepEqual(r.body.error.details.map((d: { field: string }) => d.field), [field]);
      assert.match(r.body.error.details[0].message, /read-only for your role/);
      const created = await restricted.post('/api/clients', { kind: 'organization', legalName: 'Новая', ...patch });
      assert.equal(created.status, 400);
      assert.equal(created.body.error.details[0].field, field);
      assert.equal((await restricted.post('/api/clients/bulk', { clients: [{ kind: 'organization', legalName: 'Новая', ...patch }] })).status, 400);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('an update by the restricted role keeps the hidden values it cannot see', async () => {
    const adminBefore = (await u.admin.get(`/api/clients/${org}`)).body;
    const r = await restricted.patch(`/api/clients/${org}`, { version: adminBefore.version, status: 'customer', legalName: 'ООО Тайное 2' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal('inn' in r.body.client, false);
    assert.deepEqual(r.body.client.custom, {});
    const adminAfter = (await u.admin.get(`/api/clients/${org}`)).body;
    assert.equal(adminAfter.inn, adminBefore.inn);
    assert.equal(adminAfter.custom.secret, adminBefore.custom.secret);
    assert.equal(adminAfter.region, adminBefore.region);
    assert.equal(adminAfter.status, 'customer');
    assert.equal(await innOf(org), adminBefore.inn);
  });
});

// ---------------------------------------------------------------------------------------------
// SECURITY 5 + 6: granting, own role, mass assignment, deactivation.
describe('granting, own role, mass assignment and deactivation', () => {
  let hr: ApiClient;
  let hrRoleId: number;
  let adminRoleId: number;
  before(async () => {
    adminRoleId = await roleId('admin');
    const role = await u.admin.post('/api/roles', {
      key: 'hr', name: 'HR', scope: 'department',
      rights: { users: { read: true, create: true, edit: true }, roles: { read: true, create: true, edit: true }, clients: { read: true } },
      fieldRights: { inn: 'hidden' },
    });
    assert.equal(role.status, 201);
    hrRoleId = role.body.id;
    hr = await t.user(hrRoleId, { departmentId: d1 });
  });

  it('the built-in senior manager can neither grant the admin role nor make roles', async () => {
    const before = await snapshot();
    assert.equal((await u.senior.post('/api/users', { login: `boss_${uniq()}`, name: 'Boss', password: 'long-password-1', roleId: adminRoleId })).status, 403);
    assert.equal((await u.senior.patch(`/api/users/${u.manager.userId}`, { version: await version('users', u.manager.userId), roleId: adminRoleId })).status, 403);
    assert.equal((await u.senior.post('/api/roles', { key: `big${uniq()}`, name: 'Big', scope: 'all', rights: { clients: { delete: true } } })).status, 403);
    assert.deepEqual(await snapshot(), before);
  });

  it('a role that manages users and roles grants nothing above itself', async () => {
    const before = await snapshot();
    const readonlyRole = await roleId('readonly');
    const refusals: [string, () => Promise<Res>][] = [
      ['grant admin', () => hr.post('/api/users', { login: `boss_${uniq()}`, name: 'x', password: 'long-password-1', roleId: adminRoleId })],
      ['grant a wider scope', () => hr.post('/api/users', { login: `reader_${uniq()}`, name: 'x', password: 'long-password-1', roleId: readonlyRole })],
      ['role with a right it lacks', () => hr.post('/api/roles', { key: `big${uniq()}`, name: 'Big', scope: 'own', rights: { clients: { delete: true } } })],
      ['role with a wider scope', () => hr.post('/api/roles', { key: `wide${uniq()}`, name: 'Wide', scope: 'all', rights: {} })],
      ['role that sees a field it cannot', () => hr.post('/api/roles', { key: `seer${uniq()}`, name: 'Seer', scope: 'own', rights: { clients: { read: true } } })],
      ['role with the field only read-only', () => hr.post('/api/roles', { key: `seer${uniq()}`, name: 'Seer', scope: 'own', rights: { clients: { read: true } }, fieldRights: { inn: 'readonly' } })],
      ['promote someone to admin', async () => hr.patch(`/api/users/${u.manager.userId}`, { version: await version('users', u.manager.userId), roleId: adminRoleId })],
      ['widen its own role', async () => hr.patch(`/api/roles/${hrRoleId}`, { version: await version('roles', hrRoleId), scope: 'all' })],
      ['edit a role above its own', async () => hr.patch(`/api/roles/${readonlyRole}`, { version: await version('roles', readonlyRole), name: 'Renamed' })],
      ['give itself the admin role', async () => hr.patch(`/api/users/${hr.userId}`, { version: await version('users', hr.userId), roleId: adminRoleId })],
      ['deactivate the administrator', async () => hr.patch(`/api/users/${u.admin.userId}`, { version: await version('users', u.admin.userId), active: false })],
      ['demote the administrator', async () => hr.patch(`/api/users/${u.admin.userId}`, { version: await version('users', u.admin.userId), roleId: hrRoleId })],
      ['set the administrator\'s password', () => hr.post(`/api/users/${u.admin.userId}/password`, { password: 'taken-over-password' })],
    ];
    for (const [what, send] of refusals) {
      const r = await send();
      assert.equal(r.status, 403, `${what}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, 'FORBIDDEN');
    }
    assert.deepEqual(await snapshot(), before);
    // Within its own rights it works (so the refusals above are about the rights, not the requests).
    const small = await hr.post('/api/roles', { key: `small${uniq()}`, name: 'Small', scope: 'own', rights: { clients: { read: true } }, fieldRights: { inn: 'hidden', region: 'readonly' } });
    assert.equal(small.status, 201, JSON.stringify(small.body));
    const made = await hr.post('/api/users', { login: `small_${uniq()}`, name: 'Small', password: 'long-password-1', roleId: small.body.id });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal((await hr.patch(`/api/users/${made.body.id}`, { version: 1, name: 'Smaller' })).status, 200);
  });

  it('nobody changes their own role, not even the administrator', async () => {
    const before = await snapshot();
    const a = await u.admin.patch(`/api/users/${u.admin.userId}`, { version: await version('users', u.admin.userId), roleId: hrRoleId });
    assert.equal(a.status, 403);
    assert.equal((await u.admin.patch(`/api/roles/${adminRoleId}`, { version: await version('roles', adminRoleId), scope: 'own' })).status, 403);
    assert.equal((await u.admin.patch(`/api/users/${u.admin.userId}`, { version: await version('users', u.admin.userId), active: false })).status, 403);
    assert.deepEqual(await snapshot(), before);
  });

  it('rejects server-owned and unknown keys on users, roles, fields, departments and clients (mass assignment)', async () => {
    const before = await snapshot();
    const target = u.readonly.userId;
    const uv = await version('users', target);
    const cases: [string, () => Promise<Res>][] = [
      ...[{ id: 99 }, { passwordHash: 'x' }, { password_hash: 'x' }, { login: 'renamed' }, { createdAt: '2000-01-01' }, { role: 'admin' }, { isAdmin: true }, { active: 'no' }].map(
        (extra) => [`user ${JSON.stringify(extra)}`, () => u.admin.patch(`/api/users/${target}`, { version: uv, ...extra })] as [string, () => Promise<Res>]),
      ['new user with an id', () => u.admin.post('/api/users', { login: `m_${uniq()}`, name: 'x', password: 'long-password-1', roleId: victimRole, id: 1 })],
      ['new user with a password hash', () => u.admin.post('/api/users', { login: `m_${uniq()}`, name: 'x', password: 'long-password-1', roleId: victimRole, passwordHash: 'x' })],
      ['role isAdmin', async () => u.admin.patch(`/api/roles/${victimRole}`, { version: await version('roles', victimRole), isAdmin: true })],
      ['role builtin', async () => u.admin.patch(`/api/roles/${victimRole}`, { version: await version('roles', victimRole), builtin: true })],
      ['role key', async () => u.admin.patch(`/api/roles/${victimRole}`, { version: await version('roles', victimRole), key: 'admin' })],
      ['new role isAdmin', () => u.admin.post('/api/roles', { key: `sneaky${uniq()}`, name: 'S', scope: 'own', rights: {}, isAdmin: true })],
      ['role with an unknown right', () => u.admin.post('/api/roles', { key: `sneaky${uniq()}`, name: 'S', scope: 'own', rights: { clients: { everything: true } } })],
      ['role with an unknown section', () => u.admin.post('/api/roles', { key: `sneaky${uniq()}`, name: 'S', scope: 'own', rights: { system: { read: true } } })],
      ['field type', async () => u.admin.patch(`/api/custom-fields/${victimField}`, { version: await version('customFields', victimField), type: 'number' })],
      ['field key', async () => u.admin.patch(`/api/custom-fields/${victimField}`, { version: await version('customFields', victimField), key: 'other' })],
      ['department id', () => u.admin.post('/api/departments', { name: `D ${uniq()}`, id: 1 })],
      ['client id', async () => u.admin.patch(`/api/clients/${c.own.id}`, { version: await version('clients', c.own.id), id: 1 })],
      ['client createdBy', async () => u.manager.patch(`/api/clients/${c.own.id}`, { version: await version('clients', c.own.id), createdBy: u.admin.userId })],
      ['client archivedAt', async () => u.manager.patch(`/api/clients/${c.own.id}`, { version: await version('clients', c.own.id), archivedAt: null })],
      ['client owner', () => u.manager.post('/api/clients', person('Mass', { owner: u.stranger.userId }))],
    ];
    for (const [what, send] of cases) {
      const r = await send();
      assert.equal(r.status, 400, `${what}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, 'VALIDATION_FAILED');
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('applies a role change on the very next request', async () => {
    const role = await u.admin.post('/api/roles', { key: `shifting${uniq()}`, name: 'Shifting', scope: 'own', rights: { clients: { read: true } } });
    const user = await t.user(role.body.id);
    assert.equal((await user.get('/api/clients')).body.total.value, 0);
    assert.equal((await u.admin.patch(`/api/roles/${role.body.id}`, { version: 1, scope: 'all' })).status, 200);
    assert.equal((await user.get('/api/clients')).body.total.value, (await u.admin.get('/api/clients')).body.total.value);
    assert.equal((await u.admin.patch(`/api/roles/${role.body.id}`, { version: 2, rights: {} })).status, 200);
    assert.equal((await user.get('/api/clients')).status, 403);
    const v = await version('users', user.userId);
    assert.equal((await u.admin.patch(`/api/users/${user.userId}`, { version: v, roleId: await roleId('readonly') })).status, 200);
    assert.equal((await user.get('/api/clients')).status, 200, 'a new role applies at once too');
  });

  it('cuts a deactivated user off at once: token and session', async () => {
    const victim = await t.user('manager');
    const session = await t.cookieLogin(victim.login);
    // Both credentials are used first, so that nothing can be answered from a warm cache.
    assert.equal((await victim.get('/api/clients')).status, 200);
    assert.equal((await session.get('/api/clients')).status, 200);
    const v = await version('users', victim.userId);
    assert.equal((await u.admin.patch(`/api/users/${victim.userId}`, { version: v, active: false })).status, 200);
    assert.equal((await victim.get('/api/clients')).status, 401);
    assert.equal((await session.get('/api/clients')).status, 401);
    assert.equal((await victim.post('/api/clients', person('Призрак'))).status, 401);
    assert.equal((await t.anonymous.post('/api/auth/login', { login: victim.login, password: 'correct-horse-battery' })).status, 401);
    const sessions = await t.db.selectFrom('sessions').select('idHash').where('userId', '=', victim.userId).execute();
    assert.deepEqual(sessions, []);
  });
});

// ---------------------------------------------------------------------------------------------
// SECURITY 7: fail closed.
describe('fail closed', () => {
  it('a role with malformed rights data grants nothing', async () => {
    for (const rights of ['"all"', '[]', '{"clients": "yes"}', '{"clients": {"read": "true"}}', '{"clients": {"read": 1}}', '{"clients": [true]}', 'null', '{"__proto__": {"read": true}}']) {
      const id = (await t.db.insertInto('roles').values({ key: `bad${uniq()}`, name: 'Bad', scope: 'all', rights: sql`${rights}::jsonb` as never, fieldRights: '{}' }).returning('id').executeTakeFirstOrThrow()).id;
      const who = await t.user(id);
      for (const [method, path, body] of [['GET', '/api/clients', undefined], ['GET', `/api/clients/${c.other.id}`, undefined], ['POST', '/api/clients', person('Сквозь')], ['GET', '/api/users', undefined], ['GET', '/api/audit', undefined]] as const) {
        const before = await snapshot();
        const r = await who.req(method, path, body);
        assert.ok(r.status >= 400, `${rights} ${method} ${path} -> ${r.status}`);
        assert.equal(typeof r.body.error?.code, 'string');
        assert.doesNotMatch(JSON.stringify(r.body), /TypeError|at .*\(|\.ts:/);
        assert.deepEqual(await snapshot(), before);
      }
    }
  });

  it('a role whose field rights cannot be read hides rather than shows', async () => {
    const id = (await t.db.insertInto('roles').values({ key: `badfr${uniq()}`, name: 'Bad FR', scope: 'all', rights: JSON.stringify({ clients: { read: true } }), fieldRights: sql`'null'::jsonb` as never }).returning('id').executeTakeFirstOrThrow()).id;
    const who = await t.user(id);
    const r = await who.get(`/api/clients/${c.own.id}`);
    assert.ok(r.status >= 400 || !('inn' in r.body) || r.body.inn === undefined, `status ${r.status}`);
    assert.ok(r.status < 500 || !JSON.stringify(r.body).includes('7707083893'));
    assert.doesNotMatch(JSON.stringify(r.body), /7707083893/);
  });

  it('an error inside the credential check answers 500, never 2xx, and changes nothing', async () => {
    const original = t.app.auth.actorForToken;
    t.app.auth.actorForToken = async () => {
      throw new Error('database went away at /work/secret/path.ts:42');
    };
    try {
      const before = await snapshot();
      const r = await u.admin.post('/api/clients', person('Сбой'));
      assert.equal(r.status, 500);
      assert.deepEqual(r.body, { error: { code: 'INTERNAL', message: 'Something went wrong on the server', details: null } });
      assert.deepEqual(await snapshot(), before);
    } finally {
      t.app.auth.actorForToken = original;
    }
  });
});

// ---------------------------------------------------------------------------------------------
// SECURITY 8: hostile filter and sort input.
describe('hostile filter and sort input', () => {
  it('answers 200 or a structured 400 to 2,000 random filters and sorts, never 500, never a foreign record', async () => {
    const field = fc.oneof(fc.constantFrom('name', 'status', 'custom.secret', 'custom.victim', 'custom.x', 'tags', 'email', 'phone', 'createdAt', 'birthDate', 'managerId', 'id', 'inn', 'region',
      "name'--", 'c.id; DROP TABLE clients', 'c.id)', '__proto__', 'constructor', 'hasOwnProperty', 'custom.__proto__', 'custom.', 'custom.secret\'--', 'toString'), fc.string());
    const value = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.array(fc.integer(), { maxLength: 3 }),
      fc.object({ maxDepth: 1 }), fc.constantFrom("' OR 1=1 --", '2020-02-30', '1e400', '9'.repeat(40), '%', '_', '\\', '\u0000', 'NaN', '-0', '2024-01-01T00:00:00Z', '12:00', 'a\u0000b', '\uD800', '\u202E'));
    const op = fc.oneof(fc.constantFrom('eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'in', 'empty', 'notEmpty'), fc.string());
    const filter = fc.oneof(
      { arbitrary: fc.array(fc.record({ field, op, value }, { requiredKeys: ['field', 'op'] }), { maxLength: 3 }).map((f) => JSON.stringify(f)), weight: 8 },
      { arbitrary: fc.oneof(fc.string(), fc.json()), weight: 1 },
    );
    const rare = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: arb, weight: 1 });
    const sortField = fc.oneof({ arbitrary: fc.constantFrom('name', 'createdAt', 'updatedAt', 'status', 'managerId', 'id', 'birthDate', 'custom.victim', 'relevance'), weight: 4 }, { arbitrary: field, weight: 1 });
    const statuses = new Map<number, number>();
    await fc.assert(fc.asyncProperty(filter, sortField, fc.constantFrom('asc', 'desc', 'asc', 'desc', 'sideways'), rare(fc.oneof(fc.string(), fc.base64String(), fc.constantFrom(Buffer.from('{"v":"a\u0000","id":1}').toString('base64url'), Buffer.from('{"v":{"x":1},"id":1}').toString('base64url')))), rare(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('\u0000', '%', '_', "'", '\\'))),
      async (f, sort, dir, cursor, term) => {
        const qs = new URLSearchParams({ filter: f, sort, dir, ...(cursor !== undefined ? { cursor } : {}), ...(term !== undefined ? { q: term } : {}) });
        const who = f.length % 2 ? u.manager : u.senior;
        const r = await who.get(`/api/clients?${qs}`);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        const structured = (x: Res) => x.status === 400 && typeof x.body.error?.code === 'string' && !/SELECT |INSERT |syntax error|stack|\.ts:|node_modules|\/work\//.test(JSON.stringify(x.body));
        if (r.status === 200) {
          if (!Array.isArray(r.body.items) || r.body.items.some((x: { id: number }) => x.id === c.other.id)) return false;
        } else if (!structured(r)) return false;
        const n = await who.get(`/api/clients/count?${new URLSearchParams({ filter: f, ...(term !== undefined ? { q: term } : {}) })}`);
        return n.status === 200 ? Number.isInteger(n.body.count) : structured(n);
      }), { numRuns: 2000 });
    assert.ok((statuses.get(200) ?? 0) > 10, `some inputs were valid: ${JSON.stringify([...statuses])}`);
    assert.ok((statuses.get(400) ?? 0) > 10, `some inputs were refused: ${JSON.stringify([...statuses])}`);
    assert.deepEqual([...statuses.keys()].filter((s) => s !== 200 && s !== 400), []);
  });
});
