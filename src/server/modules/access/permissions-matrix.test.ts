import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { person, type Res } from '../../testing/test-app.js';
import {
  c,
  roles,
  snapshot,
  t,
  u,
  uniq,
  usePermissionsFixture,
  version,
  victimDept,
  victimField,
  victimRole,
  victimUser,
  type Role,
} from '../../testing/permissions-fixture.js';

// docs/security.md §1 and §2: the role x endpoint x record matrix. Out of scope -> 404 CLIENT_NOT_FOUND, missing right -> 403 FORBIDDEN; a denied request changes nothing.
usePermissionsFixture();

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

/**
 * `scoped`: a 200 whose items are the record's entries — present when the role may open the card,
 * empty when the record is outside its scope (an audit query answers 200 either way).
 */
type RecordEndpoint = {
  name: string;
  method: 'GET' | 'PATCH' | 'POST' | 'DELETE';
  path: (id: number) => string;
  body?: (v: number) => unknown;
  archived?: boolean;
  scoped?: boolean;
  expect: Record<Role, Exp>;
};
const recordEndpoints: RecordEndpoint[] = [
  {
    name: 'GET /api/clients/:id',
    method: 'GET',
    path: (id) => `/api/clients/${id}`,
    expect: { admin: all(200), senior: A(200, 200, 404), manager: A(200, 404, 404), readonly: all(200), custom: A(200, 200, 404), blank: all(403) },
  },
  {
    name: 'PATCH /api/clients/:id',
    method: 'PATCH',
    path: (id) => `/api/clients/${id}`,
    body: (v) => ({ version: v, status: 'changed' }),
    expect: { admin: all(200), senior: A(200, 200, 404), manager: A(200, 404, 404), readonly: all(403), custom: A(200, 200, 404), blank: all(403) },
  },
  {
    name: 'POST /api/clients/:id/archive',
    method: 'POST',
    path: (id) => `/api/clients/${id}/archive`,
    body: (v) => ({ version: v }),
    expect: { admin: all(200), senior: A(200, 200, 404), manager: all(403), readonly: all(403), custom: all(403), blank: all(403) },
  },
  {
    name: 'POST /api/clients/:id/restore',
    method: 'POST',
    path: (id) => `/api/clients/${id}/restore`,
    body: (v) => ({ version: v }),
    archived: true,
    expect: { admin: all(200), senior: A(200, 200, 404), manager: all(403), readonly: all(403), custom: all(403), blank: all(403) },
  },
  {
    name: 'DELETE /api/clients/:id',
    method: 'DELETE',
    path: (id) => `/api/clients/${id}`,
    expect: { admin: all(200), senior: all(403), manager: all(403), readonly: all(403), custom: all(403), blank: all(403) },
  },
  {
    name: 'GET /api/clients/:id/history',
    method: 'GET',
    path: (id) => `/api/clients/${id}/history`,
    expect: { admin: all(200), senior: A(200, 200, 404), manager: A(200, 404, 404), readonly: all(200), custom: A(200, 200, 404), blank: all(403) },
  },
  {
    name: 'GET /api/audit?clientId=:id',
    method: 'GET',
    path: (id) => `/api/audit?clientId=${id}`,
    scoped: true,
    expect: { admin: all(200), senior: all(200), manager: all(403), readonly: all(403), custom: all(403), blank: all(403) },
  },
  {
    name: 'GET /api/audit?action=client.&limit=500',
    method: 'GET',
    path: () => '/api/audit?action=client.&limit=500',
    scoped: true,
    expect: { admin: all(200), senior: all(200), manager: all(403), readonly: all(403), custom: all(403), blank: all(403) },
  },
];

/** admin, senior, manager, readonly, custom, blank */
const E = (...s: number[]) => Object.fromEntries(roles.map((r, i) => [r, s[i]!])) as Record<Role, number>;
type Endpoint = {
  name: string;
  method: 'GET' | 'PATCH' | 'POST' | 'DELETE';
  path: () => string | Promise<string>;
  body?: () => unknown;
  expect: Record<Role, number>;
};
const endpoints: Endpoint[] = [
  { name: 'GET /api/clients', method: 'GET', path: () => '/api/clients', expect: E(200, 200, 200, 200, 200, 403) },
  { name: 'GET /api/clients/count', method: 'GET', path: () => '/api/clients/count', expect: E(200, 200, 200, 200, 200, 403) },
  { name: 'GET /api/clients/search', method: 'GET', path: () => '/api/clients/search?q=%D0%A7%D1%83%D0%B6', expect: E(200, 200, 200, 200, 200, 403) },
  {
    name: 'POST /api/clients/duplicates',
    method: 'POST',
    path: () => '/api/clients/duplicates',
    body: () => ({ kind: 'person', surname: 'Чужой' }),
    expect: E(200, 200, 200, 200, 200, 403),
  },
  {
    name: 'POST /api/clients',
    method: 'POST',
    path: () => '/api/clients',
    body: () => person(`Новый ${uniq()}`),
    expect: E(201, 201, 201, 403, 403, 403),
  },
  {
    name: 'POST /api/clients/bulk',
    method: 'POST',
    path: () => '/api/clients/bulk',
    body: () => ({ clients: [person(`Пакет ${uniq()}`)] }),
    expect: E(201, 201, 201, 403, 403, 403),
  },
  { name: 'GET /api/users', method: 'GET', path: () => '/api/users', expect: E(200, 200, 200, 200, 200, 403) },
  { name: 'GET /api/users/:id', method: 'GET', path: () => `/api/users/${victimUser}`, expect: E(200, 200, 200, 200, 200, 403) },
  {
    name: 'POST /api/users',
    method: 'POST',
    path: () => '/api/users',
    body: () => ({ login: `new_${uniq()}`, name: 'New', password: 'long-password-1', roleId: victimRole }),
    expect: E(201, 403, 403, 403, 403, 403),
  },
  {
    name: 'PATCH /api/users/:id',
    method: 'PATCH',
    path: () => `/api/users/${victimUser}`,
    body: async () => ({ version: await version('users', victimUser), name: `Renamed ${uniq()}` }),
    expect: E(200, 403, 403, 403, 403, 403),
  },
  {
    name: 'POST /api/users/:id/password',
    method: 'POST',
    path: () => `/api/users/${victimUser}/password`,
    body: () => ({ password: `new-password-${uniq()}` }),
    expect: E(200, 403, 403, 403, 403, 403),
  },
  { name: 'GET /api/roles', method: 'GET', path: () => '/api/roles', expect: E(200, 200, 403, 403, 403, 403) },
  {
    name: 'POST /api/roles',
    method: 'POST',
    path: () => '/api/roles',
    body: () => ({ key: `r${uniq()}`, name: 'R', scope: 'own', rights: { clients: { read: true } } }),
    expect: E(201, 403, 403, 403, 403, 403),
  },
  {
    name: 'PATCH /api/roles/:id',
    method: 'PATCH',
    path: () => `/api/roles/${victimRole}`,
    body: async () => ({ version: await version('roles', victimRole), name: `Role ${uniq()}` }),
    expect: E(200, 403, 403, 403, 403, 403),
  },
  { name: 'GET /api/departments', method: 'GET', path: () => '/api/departments', expect: E(200, 200, 200, 200, 403, 403) },
  {
    name: 'POST /api/departments',
    method: 'POST',
    path: () => '/api/departments',
    body: () => ({ name: `Dept ${uniq()}` }),
    expect: E(201, 403, 403, 403, 403, 403),
  },
  {
    name: 'PATCH /api/departments/:id',
    method: 'PATCH',
    path: () => `/api/departments/${victimDept}`,
    body: async () => ({ version: await version('departments', victimDept), name: `Dept ${uniq()}` }),
    expect: E(200, 403, 403, 403, 403, 403),
  },
  { name: 'GET /api/custom-fields', method: 'GET', path: () => '/api/custom-fields', expect: E(200, 200, 200, 200, 403, 403) },
  {
    name: 'POST /api/custom-fields',
    method: 'POST',
    path: () => '/api/custom-fields',
    body: () => ({ key: `f${uniq()}`, label: 'F', type: 'text' }),
    expect: E(201, 403, 403, 403, 403, 403),
  },
  {
    name: 'PATCH /api/custom-fields/:id',
    method: 'PATCH',
    path: () => `/api/custom-fields/${victimField}`,
    body: async () => ({ version: await version('customFields', victimField), label: `Label ${uniq()}` }),
    expect: E(200, 403, 403, 403, 403, 403),
  },
  { name: 'GET /api/audit', method: 'GET', path: () => '/api/audit', expect: E(200, 200, 403, 403, 403, 403) },
  // The demo base is only for an empty base: the administrator is refused for that reason, the rest for lack of rights.
  { name: 'POST /api/demo', method: 'POST', path: () => '/api/demo', expect: E(409, 403, 403, 403, 403, 403) },
  { name: 'GET /api/views', method: 'GET', path: () => '/api/views', expect: E(200, 200, 200, 200, 200, 403) },
  {
    name: 'POST /api/views (shared)',
    method: 'POST',
    path: () => '/api/views',
    body: () => ({ name: `V ${uniq()}`, shared: true, config: { columns: [{ field: 'name' }] } }),
    expect: E(201, 403, 403, 403, 403, 403),
  },
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
  for (const ep of recordEndpoints) {
    for (const role of roles) {
      for (const rec of ['own', 'dept', 'other'] as const) {
        const want = ep.expect[role][rec];
        it(`${role} ${ep.name} on ${rec} record -> ${want}`, async () => {
          const target = await freshClient(role, rec, ep.archived ?? false);
          let answer: Res | undefined;
          await check(
            `${role} ${ep.name} ${rec}`,
            want,
            async () => (answer = await u[role].req(ep.method, ep.path(target.id), ep.body?.(target.version))),
          );
          if (ep.scoped && want === 200) {
            const mayOpen = recordEndpoints[0]!.expect[role][rec] === 200;
            const entries = (answer!.body.items as { clientId: number | null }[]).filter((i) => i.clientId === target.id);
            assert.equal(entries.length > 0, mayOpen, `${role} ${ep.name} ${rec}: the record's entries are ${mayOpen ? 'listed' : 'absent'}`);
          }
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
    assert.deepEqual(
      outcomes.filter((o) => o.got !== o.want),
      [],
    );
    assert.ok(outcomes.some((o) => o.got === 403) && outcomes.some((o) => o.got === 404) && outcomes.some((o) => o.got === 200));
  });
});
