import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { ORIGIN, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

// Issue 2: invitations. One-time, 72 h, stored hashed; accepting sets the password and logs in.
let t: TestApp;
let admin: ApiClient;
let managerRole: number;
let d1: number;
let d2: number;
let seq = 0;
const login = () => `inv${++seq}`;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const invitesOf = async () => await t.db.selectFrom('userInvites').selectAll().execute();
const users = async () => await t.db.selectFrom('users').select(['id', 'login']).orderBy('id').execute();

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  managerRole = (await t.db.selectFrom('roles').select('id').where('key', '=', 'manager').executeTakeFirstOrThrow()).id;
  d1 = await t.department('Север');
  d2 = await t.department('Юг');
});
after(async () => t.close());

const accept = (token: string, password: string, headers: Record<string, string> = { origin: ORIGIN }) =>
  t.app.inject({ method: 'POST', url: '/api/invites/accept', headers: { host: 'localhost:80', ...headers }, payload: { token, password } });

describe('invitations', () => {
  it('lets an administrator invite a user who sets their own password once and is logged in', async () => {
    const l = login();
    const r = await admin.post('/api/invites', { login: l, name: 'Ирина Приглашённая', roleId: managerRole, departmentId: d1 });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const { token } = r.body;
    assert.match(token, /^[A-Za-z0-9_-]{43}$/, '256 random bits');
    const expires = new Date(r.body.expiresAt).getTime() - Date.now();
    assert.ok(expires > 71.9 * 3600_000 && expires <= 72 * 3600_000, 'valid for 72 hours');
    const stored = await invitesOf();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.tokenHash, sha(token), 'only the hash is stored');
    assert.doesNotMatch(JSON.stringify(stored), new RegExp(token));
    assert.deepEqual(
      (await admin.get('/api/invites')).body.items.map((i: { login: string }) => i.login),
      [l],
    );
    assert.equal(JSON.stringify((await admin.get('/api/invites')).body).includes(token), false, 'the list never shows the token');

    assert.deepEqual((await t.anonymous.post('/api/invites/check', { token })).body, { login: l, name: 'Ирина Приглашённая', locale: 'en' });
    const weak = await accept(token, 'password');
    assert.equal(weak.statusCode, 400, 'the password policy applies');
    assert.equal((await invitesOf()).length, 1, 'a refused password does not use the invitation up');

    const ok = await accept(token, 'my-own-password-1');
    assert.equal(ok.statusCode, 201, ok.body);
    const cookie = String(ok.headers['set-cookie']).split(';')[0]!;
    assert.match(String(ok.headers['set-cookie']), /HttpOnly/);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(me.json().user.login, l);
    assert.equal(me.json().user.departmentId, d1);
    assert.equal(me.json().role.key, 'manager');
    assert.deepEqual(await invitesOf(), [], 'used up');

    const again = await accept(token, 'my-own-password-2');
    assert.equal(again.statusCode, 404);
    assert.equal(again.json().error.code, 'INVITE_NOT_VALID');
    assert.equal((await t.anonymous.post('/api/invites/check', { token })).status, 404);
    assert.equal((await t.anonymous.post('/api/auth/login', { login: l, password: 'my-own-password-1' })).status, 200);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'changes'])
      .where('action', 'in', ['user.invited', 'invite.accepted'])
      .execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['invite.accepted', 'user.invited']);
    assert.doesNotMatch(
      JSON.stringify(await t.db.selectFrom('auditLog').selectAll().execute()),
      new RegExp(`${token}|my-own-password`),
      'tokens and passwords are never logged',
    );
  });

  it('refuses an expired, a revoked or a made-up invitation, and creates nobody', async () => {
    const expired = await admin.post('/api/invites', { login: login(), name: 'Late', roleId: managerRole });
    await t.db.updateTable('userInvites').set({ expiresAt: sql<Date>`now() - interval '1 second'` }).where('id', '=', expired.body.id).execute();
    const revoked = await admin.post('/api/invites', { login: login(), name: 'Revoked', roleId: managerRole });
    assert.equal((await admin.del(`/api/invites/${revoked.body.id}`)).status, 200);
    assert.equal((await admin.get('/api/invites')).body.items.length, 0, 'neither is pending');
    const before = await users();
    for (const token of [expired.body.token, revoked.body.token, 'made-up', expired.body.token.slice(0, -1)]) {
      assert.equal((await t.anonymous.post('/api/invites/check', { token })).body.error.code, 'INVITE_NOT_VALID');
      const r = await accept(token, 'a-good-password-1');
      assert.equal(r.statusCode, 404, token);
      assert.equal(r.json().error.code, 'INVITE_NOT_VALID');
      assert.equal(r.headers['set-cookie'], undefined);
    }
    assert.deepEqual(await users(), before);
  });

  it('accepts one of many concurrent uses of the same link', async () => {
    const { body } = await admin.post('/api/invites', { login: login(), name: 'Racer', roleId: managerRole });
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => accept(body.token, `racing-password-${i}`)));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 404, 404, 404, 404]);
    assert.equal((await users()).filter((u) => u.login === body.login).length, 1);
  });

  it('refuses an acceptance sent from another site (Origin check), and the invitation stays usable', async () => {
    const { body } = await admin.post('/api/invites', { login: login(), name: 'Lured', roleId: managerRole });
    for (const headers of [{ origin: 'https://evil.example' }, {}, { referer: 'http://localhost:8080/' }] as Record<string, string>[]) {
      const r = await accept(body.token, 'a-good-password-1', headers);
      assert.equal(r.statusCode, 403, JSON.stringify(headers));
      assert.equal(r.json().error.code, 'CROSS_SITE_REQUEST');
    }
    assert.equal((await accept(body.token, 'a-good-password-1')).statusCode, 201);
  });

  it('applies the rules of creating a user: rights, role ceiling, department, unique login', async () => {
    const manager = await t.user('manager', { departmentId: d1 });
    const hrRole = await admin.post('/api/roles', {
      key: 'inv-hr',
      name: 'HR',
      scope: 'own',
      rights: { users: { read: true, create: true, edit: true }, clients: { read: true } },
    });
    const smallRole = await admin.post('/api/roles', { key: 'inv-small', name: 'Small', scope: 'own', rights: { clients: { read: true } } });
    const hr = await t.user(hrRole.body.id, { departmentId: d1 });
    const taken = await admin.post('/api/invites', { login: login(), name: 'Pending', roleId: managerRole });
    const before = await invitesOf();
    const cases: [string, number, () => ReturnType<ApiClient['post']>][] = [
      ['anonymous', 401, () => t.anonymous.post('/api/invites', { login: login(), name: 'x', roleId: smallRole.body.id })],
      ['a manager without the right', 403, () => manager.post('/api/invites', { login: login(), name: 'x', roleId: smallRole.body.id })],
      ['a role above the inviter', 403, () => hr.post('/api/invites', { login: login(), name: 'x', roleId: managerRole })],
      ['another department', 403, () => hr.post('/api/invites', { login: login(), name: 'x', roleId: smallRole.body.id, departmentId: d2 })],
      ['an existing login', 409, () => admin.post('/api/invites', { login: manager.login.toUpperCase(), name: 'x', roleId: smallRole.body.id })],
      ['a login already invited', 409, () => admin.post('/api/invites', { login: taken.body.login, name: 'x', roleId: smallRole.body.id })],
      ['a server-owned key', 400, () => admin.post('/api/invites', { login: login(), name: 'x', roleId: smallRole.body.id, tokenHash: 'x' })],
      [
        'a password (the invitee sets it)',
        400,
        () => admin.post('/api/invites', { login: login(), name: 'x', roleId: smallRole.body.id, password: 'long-password-1' }),
      ],
      ['the list for a role without user rights', 403, () => t.user(smallRole.body.id).then((s) => s.get('/api/invites'))],
      ["revoking another department's invitation", 403, () => hr.del(`/api/invites/${taken.body.id}`)],
    ];
    for (const [what, status, send] of cases) assert.equal((await send()).status, status, what);
    assert.deepEqual(await invitesOf(), before, 'the refusals created nothing');
    // Within its department it works, and the department is the inviter's when left out.
    const mine = await hr.post('/api/invites', { login: login(), name: 'Mine', roleId: smallRole.body.id });
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    assert.equal(mine.body.departmentId, d1);
  });

  it('voids the invitations of an inviter who is deactivated or loses the right to grant', async () => {
    const hrRole = await admin.post('/api/roles', {
      key: 'inv-hr2',
      name: 'HR 2',
      scope: 'own',
      rights: { users: { read: true, create: true, edit: true } },
    });
    const hr = await t.user(hrRole.body.id, { departmentId: d1 });
    const tinyRole = await admin.post('/api/roles', { key: 'inv-tiny', name: 'Tiny', scope: 'own', rights: {} });
    const first = await hr.post('/api/invites', { login: login(), name: 'One', roleId: tinyRole.body.id });
    const second = await hr.post('/api/invites', { login: login(), name: 'Two', roleId: tinyRole.body.id });
    assert.equal(first.status, 201);
    // The inviter's role loses the right to create users: the pending link is void.
    assert.equal((await admin.patch(`/api/roles/${hrRole.body.id}`, { version: 1, rights: { users: { read: true } } })).status, 200);
    assert.equal((await accept(first.body.token, 'a-good-password-1')).statusCode, 404);
    assert.equal((await admin.patch(`/api/roles/${hrRole.body.id}`, { version: 2, rights: { users: { read: true, create: true } } })).status, 200);
    // Deactivating the inviter deletes what they sent.
    const v = (await t.db.selectFrom('users').select('version').where('id', '=', hr.userId).executeTakeFirstOrThrow()).version;
    assert.equal((await admin.patch(`/api/users/${hr.userId}`, { version: v, active: false })).status, 200);
    assert.equal((await t.db.selectFrom('userInvites').select('id').where('invitedBy', '=', hr.userId).execute()).length, 0);
    assert.equal((await accept(second.body.token, 'a-good-password-1')).statusCode, 404);
  });
});
