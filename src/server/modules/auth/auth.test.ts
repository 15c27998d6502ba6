import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { ORIGIN, person, startTestApp, type TestApp } from '../../testing/test-app.js';
import { issueSetupToken } from './setup.service.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const login = (l: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { origin: ORIGIN, host: 'localhost:80', ...headers }, payload: { login: l, password } });
const cookieOf = (r: { headers: Record<string, unknown> }) => String(r.headers['set-cookie']).split(';')[0]!;
const asCookie = (cookie: string, method: 'GET' | 'POST' = 'GET', url = '/api/auth/me', payload?: object, origin: string | null = ORIGIN) =>
  t.app.inject({ method, url, headers: { cookie, host: 'localhost:80', ...(origin ? { origin } : {}) }, ...(payload ? { payload } : {}) });

describe('first-run setup', () => {
  it('needs the one-time token, creates exactly one administrator, and then refuses', async () => {
    assert.deepEqual((await t.anonymous.get('/api/setup')).body, { needed: true });
    const body = { login: 'owner', name: 'Owner', password: 'owner-password-1' };
    assert.equal((await t.anonymous.post('/api/setup', body)).status, 403);
    assert.equal((await t.anonymous.post('/api/setup', { ...body, token: 'guess' })).status, 403);
    const token = await issueSetupToken(t.db);
    const racing = await Promise.all([1, 2, 3].map((i) => t.anonymous.post('/api/setup', { ...body, login: `owner${i}`, token })));
    const statuses = racing.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 1, JSON.stringify(statuses));
    const users = await t.db.selectFrom('users').innerJoin('roles', 'roles.id', 'users.roleId').select(['users.login', 'roles.key']).execute();
    assert.equal(users.length, 1);
    assert.equal(users[0]!.key, 'admin');
    const winner = racing.find((r) => r.status === 201)!;
    assert.match(String(winner.headers['set-cookie']), /clientela_session=.+; .*HttpOnly/);
    assert.deepEqual((await t.anonymous.get('/api/setup')).body, { needed: false });
    const again = await t.anonymous.post('/api/setup', { ...body, login: 'late', token: await issueSetupToken(t.db) });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'SETUP_DONE');
  });
});

describe('login and sessions', () => {
  before(async () => {
    await t.user('manager', { login: 'olga' });
  });

  it('stores argon2id hashes and answers a wrong password and an unknown login alike', async () => {
    const row = await t.db.selectFrom('users').select('passwordHash').where('login', '=', 'olga').executeTakeFirstOrThrow();
    assert.match(row.passwordHash, /^\$argon2id\$/);
    const wrong = await login('olga', 'not-the-password');
    const unknown = await login('nobody', 'not-the-password');
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.body, unknown.body);
  });

  it('sets an HttpOnly SameSite cookie with a new 256-bit id at every login, and the old one dies', async () => {
    const first = await login('olga', 'correct-horse-battery');
    assert.equal(first.statusCode, 200);
    const setCookie = String(first.headers['set-cookie']);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    const c1 = cookieOf(first);
    assert.ok(c1.split('=')[1]!.length >= 43);
    const second = await login('olga', 'correct-horse-battery', { cookie: c1 });
    const c2 = cookieOf(second);
    assert.notEqual(c1, c2);
    assert.equal((await asCookie(c1)).statusCode, 401, 'the session presented at login is rotated out');
    assert.equal((await asCookie(c2)).statusCode, 200);
    assert.equal((await asCookie(c2, 'POST', '/api/auth/logout', {})).statusCode, 200);
    assert.equal((await asCookie(c2)).statusCode, 401, 'dead after logout');
  });

  it('ends sessions after the idle and the absolute timeout', async () => {
    const c = cookieOf(await login('olga', 'correct-horse-battery'));
    await sql`UPDATE sessions SET last_seen_at = now() - interval '9 hours'`.execute(t.db);
    assert.equal((await asCookie(c)).statusCode, 401);
    const d = cookieOf(await login('olga', 'correct-horse-battery'));
    await sql`UPDATE sessions SET expires_at = now() - interval '1 second'`.execute(t.db);
    assert.equal((await asCookie(d)).statusCode, 401);
  });

  it('refuses cross-site writes with the cookie, and changes nothing; tokens are not affected', async () => {
    const c = cookieOf(await login('olga', 'correct-horse-battery'));
    const before = await t.db.selectFrom('clients').select('id').execute();
    for (const origin of ['https://evil.example', null]) {
      const r = await asCookie(c, 'POST', '/api/clients', person('Подделка'), origin);
      assert.equal(r.statusCode, 403);
      assert.equal(JSON.parse(r.body).error.code, 'CROSS_SITE_REQUEST');
    }
    assert.deepEqual(await t.db.selectFrom('clients').select('id').execute(), before);
    assert.equal((await asCookie(c, 'POST', '/api/clients', person('Своя'))).statusCode, 201);
    const token = await t.user('manager');
    const r = await t.app.inject({ method: 'POST', url: '/api/clients', headers: { authorization: 'Bearer clt_not-a-token' }, payload: person('x') });
    assert.equal(r.statusCode, 401);
    assert.equal((await token.req('POST', '/api/clients', person('По токену'))).status, 201);
  });

  it('limits failed logins per account, even with the right password afterwards, and audits them without passwords', async () => {
    await t.user('manager', { login: 'target' });
    for (let i = 0; i < 10; i++) assert.equal((await login('target', `wrong-${i}-password`)).statusCode, 401);
    const blocked = await login('target', 'correct-horse-battery');
    assert.equal(blocked.statusCode, 429);
    const audit = await t.db.selectFrom('auditLog').select(['action', 'changes']).where('action', 'like', 'login.%').execute();
    assert.ok(audit.filter((a) => a.action === 'login.failed').length >= 10);
    assert.ok(audit.some((a) => a.action === 'login.rate_limited'));
    assert.ok(audit.some((a) => a.action === 'login.succeeded'));
    assert.doesNotMatch(JSON.stringify(audit), /wrong-\d-password|correct-horse/);
  });

  it('changing one\'s own password checks the current one and ends every session', async () => {
    await t.user('manager', { login: 'pavel' });
    const c = cookieOf(await login('pavel', 'correct-horse-battery'));
    const other = cookieOf(await login('pavel', 'correct-horse-battery'));
    assert.equal((await asCookie(c, 'POST', '/api/auth/password', { currentPassword: 'wrong-password!', newPassword: 'a-new-password-1' })).statusCode, 401);
    const weak = await asCookie(c, 'POST', '/api/auth/password', { currentPassword: 'correct-horse-battery', newPassword: 'short' });
    assert.equal(weak.statusCode, 400);
    const ok = await asCookie(c, 'POST', '/api/auth/password', { currentPassword: 'correct-horse-battery', newPassword: 'a-new-password-1' });
    assert.equal(ok.statusCode, 200);
    assert.equal((await asCookie(other)).statusCode, 401);
    assert.equal((await login('pavel', 'a-new-password-1')).statusCode, 200);
  });
});

describe('password policy', () => {
  for (const [password, ok] of [['short', false], ['password123', false], ['12345678', false], ['qwerty123', false], ['x'.repeat(200), true], ['дата-рождения-кота', true]] as const) {
    it(`${ok ? 'accepts' : 'refuses'} "${password.slice(0, 20)}"`, async () => {
      const admin = await t.user('admin');
      const roles = (await admin.get('/api/roles')).body.items;
      const r = await admin.post('/api/users', { login: `p${Math.random().toString(36).slice(2, 8)}`, name: 'P', password, roleId: roles[0].id });
      assert.equal(r.status, ok ? 201 : 400, JSON.stringify(r.body));
      if (!ok) assert.equal(r.body.error.details[0].field, 'password');
    });
  }
});

describe('errors are generic', () => {
  it('answers malformed, oversized and mistyped requests with a structured error and no internals', async () => {
    const admin = await t.user('admin');
    const tokenHeader = { authorization: `Bearer ${(await t.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: { cookie: cookieOf(await login(admin.login, 'correct-horse-battery')), origin: ORIGIN, host: 'localhost:80' }, payload: { name: 'x' } }).then((r) => JSON.parse(r.body).token))}` };
    const cases = [
      await t.app.inject({ method: 'POST', url: '/api/clients', headers: { ...tokenHeader, 'content-type': 'application/json' }, payload: '{"kind":' }),
      await t.app.inject({ method: 'POST', url: '/api/clients', headers: { ...tokenHeader, 'content-type': 'application/json' }, payload: JSON.stringify({ kind: 'person', surname: 'x', notes: 'x'.repeat(3_000_000) }) }),
      await t.app.inject({ method: 'GET', url: '/api/clients/abc', headers: tokenHeader }),
      await t.app.inject({ method: 'GET', url: '/api/clients/99999999999999999999', headers: tokenHeader }),
      await t.app.inject({ method: 'GET', url: '/api/nope', headers: tokenHeader }),
    ];
    assert.deepEqual(cases.map((r) => r.statusCode), [400, 413, 400, 400, 404]);
    for (const r of cases) {
      const body = JSON.parse(r.body);
      assert.equal(typeof body.error.code, 'string');
      assert.doesNotMatch(r.body, /at .*\(|\.ts|node_modules|SELECT|pg_|\/work\//);
    }
  });
});
