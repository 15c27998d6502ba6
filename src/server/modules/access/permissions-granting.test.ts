import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { person, type ApiClient, type Res } from '../../testing/test-app.js';
import {
  c,
  d1,
  d2,
  roleId,
  snapshot,
  t,
  u,
  uniq,
  usePermissionsFixture,
  version,
  victimField,
  victimRole,
} from '../../testing/permissions-fixture.js';

// docs/security.md §4: granting, own role, mass assignment, deactivation.
usePermissionsFixture();

describe('granting, own role, mass assignment and deactivation', () => {
  let hr: ApiClient;
  let hrRoleId: number;
  let adminRoleId: number;
  before(async () => {
    adminRoleId = await roleId('admin');
    const role = await u.admin.post('/api/roles', {
      key: 'hr',
      name: 'HR',
      scope: 'department',
      rights: { users: { read: true, create: true, edit: true }, roles: { read: true, create: true, edit: true }, clients: { read: true } },
      fieldRights: { inn: 'hidden' },
    });
    assert.equal(role.status, 201);
    hrRoleId = role.body.id;
    hr = await t.user(hrRoleId, { departmentId: d1 });
  });

  it('the built-in senior manager can neither grant the admin role nor make roles', async () => {
    const before = await snapshot();
    assert.equal(
      (await u.senior.post('/api/users', { login: `boss_${uniq()}`, name: 'Boss', password: 'long-password-1', roleId: adminRoleId })).status,
      403,
    );
    assert.equal(
      (await u.senior.patch(`/api/users/${u.manager.userId}`, { version: await version('users', u.manager.userId), roleId: adminRoleId })).status,
      403,
    );
    assert.equal(
      (await u.senior.post('/api/roles', { key: `big${uniq()}`, name: 'Big', scope: 'all', rights: { clients: { delete: true } } })).status,
      403,
    );
    assert.deepEqual(await snapshot(), before);
  });

  it('a role that manages users and roles grants nothing above itself', async () => {
    const before = await snapshot();
    const readonlyRole = await roleId('readonly');
    const refusals: [string, () => Promise<Res>][] = [
      ['grant admin', () => hr.post('/api/users', { login: `boss_${uniq()}`, name: 'x', password: 'long-password-1', roleId: adminRoleId })],
      [
        'grant a wider scope',
        () => hr.post('/api/users', { login: `reader_${uniq()}`, name: 'x', password: 'long-password-1', roleId: readonlyRole }),
      ],
      [
        'role with a right it lacks',
        () => hr.post('/api/roles', { key: `big${uniq()}`, name: 'Big', scope: 'own', rights: { clients: { delete: true } } }),
      ],
      ['role with a wider scope', () => hr.post('/api/roles', { key: `wide${uniq()}`, name: 'Wide', scope: 'all', rights: {} })],
      [
        'role that sees a field it cannot',
        () => hr.post('/api/roles', { key: `seer${uniq()}`, name: 'Seer', scope: 'own', rights: { clients: { read: true } } }),
      ],
      [
        'role with the field only read-only',
        () =>
          hr.post('/api/roles', {
            key: `seer${uniq()}`,
            name: 'Seer',
            scope: 'own',
            rights: { clients: { read: true } },
            fieldRights: { inn: 'readonly' },
          }),
      ],
      [
        'promote someone to admin',
        async () => hr.patch(`/api/users/${u.manager.userId}`, { version: await version('users', u.manager.userId), roleId: adminRoleId }),
      ],
      ['widen its own role', async () => hr.patch(`/api/roles/${hrRoleId}`, { version: await version('roles', hrRoleId), scope: 'all' })],
      [
        'edit a role above its own',
        async () => hr.patch(`/api/roles/${readonlyRole}`, { version: await version('roles', readonlyRole), name: 'Renamed' }),
      ],
      [
        'give itself the admin role',
        async () => hr.patch(`/api/users/${hr.userId}`, { version: await version('users', hr.userId), roleId: adminRoleId }),
      ],
      [
        'deactivate the administrator',
        async () => hr.patch(`/api/users/${u.admin.userId}`, { version: await version('users', u.admin.userId), active: false }),
      ],
      [
        'demote the administrator',
        async () => hr.patch(`/api/users/${u.admin.userId}`, { version: await version('users', u.admin.userId), roleId: hrRoleId }),
      ],
      ["set the administrator's password", () => hr.post(`/api/users/${u.admin.userId}/password`, { password: 'taken-over-password' })],
    ];
    for (const [what, send] of refusals) {
      const r = await send();
      assert.equal(r.status, 403, `${what}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, 'FORBIDDEN');
    }
    assert.deepEqual(await snapshot(), before);
    // Within its own rights it works (so the refusals above are about the rights, not the requests).
    const small = await hr.post('/api/roles', {
      key: `small${uniq()}`,
      name: 'Small',
      scope: 'own',
      rights: { clients: { read: true } },
      fieldRights: { inn: 'hidden', region: 'readonly' },
    });
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
    assert.equal(
      (await u.admin.patch(`/api/users/${u.admin.userId}`, { version: await version('users', u.admin.userId), active: false })).status,
      403,
    );
    assert.deepEqual(await snapshot(), before);
  });

  it('rejects server-owned and unknown keys on users, roles, fields, departments and clients (mass assignment)', async () => {
    const before = await snapshot();
    const target = u.readonly.userId;
    const uv = await version('users', target);
    const cases: [string, () => Promise<Res>][] = [
      ...[
        { id: 99 },
        { passwordHash: 'x' },
        { password_hash: 'x' },
        { login: 'renamed' },
        { createdAt: '2000-01-01' },
        { role: 'admin' },
        { isAdmin: true },
        { active: 'no' },
      ].map(
        (extra) =>
          [`user ${JSON.stringify(extra)}`, () => u.admin.patch(`/api/users/${target}`, { version: uv, ...extra })] as [string, () => Promise<Res>],
      ),
      [
        'new user with an id',
        () => u.admin.post('/api/users', { login: `m_${uniq()}`, name: 'x', password: 'long-password-1', roleId: victimRole, id: 1 }),
      ],
      [
        'new user with a password hash',
        () => u.admin.post('/api/users', { login: `m_${uniq()}`, name: 'x', password: 'long-password-1', roleId: victimRole, passwordHash: 'x' }),
      ],
      ['role isAdmin', async () => u.admin.patch(`/api/roles/${victimRole}`, { version: await version('roles', victimRole), isAdmin: true })],
      ['role builtin', async () => u.admin.patch(`/api/roles/${victimRole}`, { version: await version('roles', victimRole), builtin: true })],
      ['role key', async () => u.admin.patch(`/api/roles/${victimRole}`, { version: await version('roles', victimRole), key: 'admin' })],
      ['new role isAdmin', () => u.admin.post('/api/roles', { key: `sneaky${uniq()}`, name: 'S', scope: 'own', rights: {}, isAdmin: true })],
      [
        'role with an unknown right',
        () => u.admin.post('/api/roles', { key: `sneaky${uniq()}`, name: 'S', scope: 'own', rights: { clients: { everything: true } } }),
      ],
      [
        'role with an unknown section',
        () => u.admin.post('/api/roles', { key: `sneaky${uniq()}`, name: 'S', scope: 'own', rights: { system: { read: true } } }),
      ],
      [
        'field type',
        async () => u.admin.patch(`/api/custom-fields/${victimField}`, { version: await version('customFields', victimField), type: 'number' }),
      ],
      [
        'field key',
        async () => u.admin.patch(`/api/custom-fields/${victimField}`, { version: await version('customFields', victimField), key: 'other' }),
      ],
      ['department id', () => u.admin.post('/api/departments', { name: `D ${uniq()}`, id: 1 })],
      ['client id', async () => u.admin.patch(`/api/clients/${c.own.id}`, { version: await version('clients', c.own.id), id: 1 })],
      [
        'client createdBy',
        async () => u.manager.patch(`/api/clients/${c.own.id}`, { version: await version('clients', c.own.id), createdBy: u.admin.userId }),
      ],
      [
        'client archivedAt',
        async () => u.manager.patch(`/api/clients/${c.own.id}`, { version: await version('clients', c.own.id), archivedAt: null }),
      ],
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
    assert.deepEqual(await t.db.selectFrom('apiTokens').select('id').where('userId', '=', victim.userId).execute(), [], 'tokens are revoked');
  });

  it('reactivating a user revives none of their old tokens or sessions; a fresh login works', async () => {
    const victim = await t.user('manager');
    const session = await t.cookieLogin(victim.login);
    assert.equal((await victim.get('/api/clients')).status, 200);
    assert.equal((await u.admin.patch(`/api/users/${victim.userId}`, { version: await version('users', victim.userId), active: false })).status, 200);
    assert.equal((await u.admin.patch(`/api/users/${victim.userId}`, { version: await version('users', victim.userId), active: true })).status, 200);
    assert.equal((await victim.get('/api/clients')).status, 401, 'the old token stays dead');
    assert.equal((await session.get('/api/clients')).status, 401, 'the old session stays dead');
    const again = await t.cookieLogin(victim.login);
    assert.equal((await again.get('/api/clients')).status, 200);
  });

  it('a user manager below administrator manages only the users of their own department', async () => {
    // hr (department 1) may create, edit and set passwords of users; u.stranger is in department 2.
    const before = await snapshot();
    const smallRole = (
      await hr.post('/api/roles', {
        key: `dept${uniq()}`,
        name: 'Dept',
        scope: 'own',
        rights: { clients: { read: true } },
        fieldRights: { inn: 'hidden' },
      })
    ).body.id;
    assert.ok(smallRole);
    // Targets whose role hr could grant, so that only the department stands in the way.
    const elsewhere = await t.user(smallRole, { departmentId: d2 });
    const nowhere = await t.user(smallRole);
    const inside = await t.user(smallRole, { departmentId: d1 });
    const afterRole = await snapshot();
    const refusals: [string, () => Promise<Res>][] = [
      [
        'create a user in another department',
        () => hr.post('/api/users', { login: `d2_${uniq()}`, name: 'x', password: 'long-password-1', roleId: smallRole, departmentId: d2 }),
      ],
      [
        'create a user without a department',
        () => hr.post('/api/users', { login: `d0_${uniq()}`, name: 'x', password: 'long-password-1', roleId: smallRole, departmentId: null }),
      ],
      [
        'rename a user of another department',
        async () => hr.patch(`/api/users/${elsewhere.userId}`, { version: await version('users', elsewhere.userId), name: 'Renamed' }),
      ],
      [
        'deactivate a user of another department',
        async () => hr.patch(`/api/users/${elsewhere.userId}`, { version: await version('users', elsewhere.userId), active: false }),
      ],
      [
        'set the password of a user of another department',
        () => hr.post(`/api/users/${elsewhere.userId}/password`, { password: 'taken-over-password' }),
      ],
      [
        'pull a user of another department in',
        async () => hr.patch(`/api/users/${elsewhere.userId}`, { version: await version('users', elsewhere.userId), departmentId: d1 }),
      ],
      [
        'move a user out to another department',
        async () => hr.patch(`/api/users/${inside.userId}`, { version: await version('users', inside.userId), departmentId: d2 }),
      ],
      [
        'edit a user without a department',
        async () => hr.patch(`/api/users/${nowhere.userId}`, { version: await version('users', nowhere.userId), name: 'Renamed' }),
      ],
    ];
    for (const [what, send] of refusals) {
      const r = await send();
      assert.equal(r.status, 403, `${what}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, 'FORBIDDEN');
    }
    assert.deepEqual(await snapshot(), afterRole, 'the refusals changed nothing');
    assert.notDeepEqual(afterRole, before);
    // In its own department it works, and a new user left without a department lands in it.
    const made = await hr.post('/api/users', { login: `d1_${uniq()}`, name: 'Mine', password: 'long-password-1', roleId: smallRole });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.departmentId, d1);
    assert.equal(
      (await hr.patch(`/api/users/${inside.userId}`, { version: await version('users', inside.userId), name: 'Renamed', active: false })).status,
      200,
    );
    assert.equal((await hr.post(`/api/users/${made.body.id}/password`, { password: 'another-password-2' })).status, 200);
    // The administrator is not limited.
    assert.equal(
      (
        await u.admin.patch(`/api/users/${u.stranger.userId}`, {
          version: await version('users', u.stranger.userId),
          name: `User ${u.stranger.login}`,
        })
      ).status,
      200,
    );
  });

  it('a user manager without a department manages nobody (fail closed)', async () => {
    const role = await u.admin.post('/api/roles', {
      key: `lonehr${uniq()}`,
      name: 'Lone HR',
      scope: 'own',
      rights: { users: { read: true, create: true, edit: true } },
    });
    const lone = await t.user(role.body.id);
    const small = await u.admin.post('/api/roles', { key: `tiny${uniq()}`, name: 'Tiny', scope: 'own', rights: {} });
    const target = await t.user(small.body.id);
    const before = await snapshot();
    assert.equal(
      (await lone.post('/api/users', { login: `x_${uniq()}`, name: 'x', password: 'long-password-1', roleId: small.body.id })).status,
      403,
    );
    assert.equal((await lone.patch(`/api/users/${target.userId}`, { version: await version('users', target.userId), name: 'x' })).status, 403);
    assert.deepEqual(await snapshot(), before);
  });
});
