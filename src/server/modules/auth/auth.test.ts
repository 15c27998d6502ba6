import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { ORIGIN, person, startTestApp, type TestApp } from '../../testing/test-app.js';
import { issueSetupToken } from './setup.service.js';

// docs/security.md §7–§11, §13 and §15: first-run setup, passwords, login, sessions, cross-site requests,
// rate limits, audit of security events, generic errors.
let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const PASSWORD = 'correct-horse-battery';
type Reply = { statusCode: number; body: string; headers: Record<string, unknown>; json: () => any };
const setCookieOf = (r: Reply) => [r.headers['set-cookie']].flat().map(String).join('\n');
const cookieOf = (r: Reply) => setCookieOf(r).split(';')[0]!;
const sidOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1);

function loginOn(app: TestApp, login: string, password: string, o: { headers?: Record<string, string>; ip?: string } = {}): Promise<Reply> {
  return app.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: o.ip,
    headers: { origin: ORIGIN, host: 'localhost:80', ...o.headers },
    payload: { login, password },
  }) as Promise<Reply>;
}
const login = (l: string, password: string, o: { headers?: Record<string, string>; ip?: string } = {}) => loginOn(t, l, password, o);

/** A request with a session cookie; `origin: null` sends neither Origin nor Referer. */
function asCookie(
  cookie: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' = 'GET',
  url = '/api/auth/me',
  payload?: object,
  headers: Record<string, string> | null = { origin: ORIGIN },
  app: TestApp = t,
): Promise<Reply> {
  return app.app.inject({
    method,
    url,
    headers: { cookie, host: 'localhost:80', ...(headers ?? {}) },
    ...(payload ? { payload } : {}),
  }) as Promise<Reply>;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = async (table: 'users' | 'clients' | 'sessions' | 'setupTokens') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

// ---------------------------------------------------------------------------------------------
describe('first-run setup', () => {
  const body = { login: 'owner', name: 'Owner', password: 'owner-password-1' };

  it('says it is needed, and refuses a missing, wrong, expired or superseded token without creating anyone', async () => {
    assert.deepEqual((await t.anonymous.get('/api/setup')).body, { needed: true });
    const first = await issueSetupToken(t.db);
    await issueSetupToken(t.db); // a new token replaces the old one
    const expired = await issueSetupToken(t.db);
    await sql`UPDATE setup_tokens SET expires_at = now() - interval '1 second'`.execute(t.db);
    for (const token of [undefined, '', 'guess', 'x'.repeat(200), first, expired]) {
      const r = await t.anonymous.post('/api/setup', { ...body, ...(token !== undefined ? { token } : {}) });
      assert.equal(r.status, 403, String(token));
      assert.equal(r.body.error.code, 'FORBIDDEN');
      assert.equal(r.headers['set-cookie'], undefined);
    }
    assert.equal(await count('users'), 0);
    assert.deepEqual((await t.anonymous.get('/api/setup')).body, { needed: true });
  });

  it('with the token: creates the administrator, logs them in with a session cookie; the token is single-use', async () => {
    const weakToken = await issueSetupToken(t.db);
    const weak = await t.anonymous.post('/api/setup', { ...body, password: 'password', token: weakToken });
    assert.equal(weak.status, 400);
    assert.deepEqual(
      weak.body.error.details.map((d: { field: string }) => d.field),
      ['password'],
    );
    assert.equal(await count('users'), 0);

    const token = await issueSetupToken(t.db);
    const r = await t.anonymous.post('/api/setup', { ...body, token });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const setCookie = [r.headers['set-cookie']].flat().join('\n');
    assert.match(setCookie, /^clientela_session=[\w-]{43,};/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.doesNotMatch(setCookie, /Secure/, 'plain http here; Secure is for TLS (see the second server)');
    const cookie = setCookie.split(';')[0]!;
    const me = await asCookie(cookie);
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().role.key, 'admin');
    assert.equal(me.json().role.isAdmin, true);
    // a fresh base gets a department (the first sale needs one), and the administrator is in it
    const depts = await t.db.selectFrom('departments').select(['id', 'name']).execute();
    assert.deepEqual(
      depts.map((d) => d.name),
      ['Main department'],
    );
    assert.equal(me.json().user.departmentId, depts[0]!.id);
    const row = await t.db.selectFrom('users').select('passwordHash').where('login', '=', 'owner').executeTakeFirstOrThrow();
    assert.match(row.passwordHash, /^\$argon2id\$/);
    assert.equal(await count('setupTokens'), 0, 'the token is used up');
    assert.deepEqual((await t.anonymous.get('/api/setup')).body, { needed: false });

    for (const again of [token, await issueSetupToken(t.db), undefined]) {
      const r2 = await t.anonymous.post('/api/setup', { ...body, login: 'late', ...(again ? { token: again } : {}) });
      assert.equal(r2.status, 409);
      assert.equal(r2.body.error.code, 'SETUP_DONE');
    }
    assert.equal(await count('users'), 1);
    const audit = await t.db.selectFrom('auditLog').select('action').where('action', '=', 'setup.completed').execute();
    assert.equal(audit.length, 1);
  });
});

describe('concurrent setups and settings of a second server', () => {
  // A server behind TLS (Secure cookies) with a short absolute session lifetime.
  let t2: TestApp;
  before(async () => {
    t2 = await startTestApp({ env: { CLIENTELA_SECURE_COOKIES: '1', CLIENTELA_SESSION_MAX: '3' } });
  });
  after(async () => t2.close());

  it('racing setups produce exactly one administrator', async () => {
    const token = await issueSetupToken(t2.db);
    const racing = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((i) => t2.anonymous.post('/api/setup', { login: `owner${i}`, name: 'Owner', password: 'owner-password-1', token })),
    );
    const statuses = racing.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409], JSON.stringify(racing.map((r) => r.body)));
    assert.ok(racing.filter((r) => r.status === 409).every((r) => r.body.error.code === 'SETUP_DONE'));
    const users = await t2.db.selectFrom('users').innerJoin('roles', 'roles.id', 'users.roleId').select(['users.login', 'roles.key']).execute();
    assert.equal(users.length, 1);
    assert.equal(users[0]!.key, 'admin');
    assert.equal((await t2.db.selectFrom('departments').select('id').execute()).length, 1, 'one default department, not one per racing setup');
    const winner = racing.find((r) => r.status === 201)!;
    assert.match(String(winner.headers['set-cookie']), /Secure/, 'Secure behind TLS');
  });

  it('ends a session at the absolute timeout even while it is in use', async () => {
    const owner = (await t2.db.selectFrom('users').select('login').executeTakeFirstOrThrow()).login;
    const r = await loginOn(t2, owner, 'owner-password-1');
    assert.equal(r.statusCode, 200);
    assert.match(setCookieOf(r), /Max-Age=3/);
    const cookie = cookieOf(r);
    const started = Date.now();
    assert.equal((await asCookie(cookie, 'GET', '/api/auth/me', undefined, {}, t2)).statusCode, 200);
    await sleep(2000);
    assert.equal((await asCookie(cookie, 'GET', '/api/auth/me', undefined, {}, t2)).statusCode, 200, 'in use');
    await sleep(Math.max(0, 3200 - (Date.now() - started)));
    assert.equal((await asCookie(cookie, 'GET', '/api/auth/me', undefined, {}, t2)).statusCode, 401, 'dead after 3 s');
  });
});

describe('idle timeout (a server with a one-second idle limit)', () => {
  let t3: TestApp;
  before(async () => {
    t3 = await startTestApp({ env: { CLIENTELA_SESSION_IDLE: '1' } });
  });
  after(async () => t3.close());

  it('ends a session left idle longer than the limit, even one that was just in use', async () => {
    const who = await t3.user('manager');
    const r = await loginOn(t3, who.login, PASSWORD);
    const cookie = cookieOf(r);
    assert.equal((await asCookie(cookie, 'GET', '/api/auth/me', undefined, {}, t3)).statusCode, 200);
    await sleep(1300);
    assert.equal((await asCookie(cookie, 'GET', '/api/auth/me', undefined, {}, t3)).statusCode, 401);
    assert.equal(
      (await t3.db.selectFrom('sessions').select('idHash').where('userId', '=', who.userId).execute()).length,
      0,
      'the dead session is removed',
    );
  });
});

// ---------------------------------------------------------------------------------------------
describe('login and sessions', () => {
  before(async () => {
    await t.user('manager', { login: 'olga' });
  });

  it('stores argon2id hashes; a wrong password, an unknown login and a deactivated user get the same answer', async () => {
    const row = await t.db.selectFrom('users').select('passwordHash').where('login', '=', 'olga').executeTakeFirstOrThrow();
    assert.match(row.passwordHash, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    assert.doesNotMatch(row.passwordHash, new RegExp(PASSWORD));
    const gone = await t.user('manager');
    await t.db.updateTable('users').set({ active: false }).where('id', '=', gone.userId).execute();
    const answers = [await login('olga', 'not-the-password'), await login('nobody-at-all', 'not-the-password'), await login(gone.login, PASSWORD)];
    for (const a of answers) {
      assert.equal(a.statusCode, 401);
      assert.deepEqual(a.json(), { error: { code: 'LOGIN_FAILED', message: 'Wrong login or password', details: null } });
      assert.equal(a.headers['set-cookie'], undefined);
    }
  });

  it('sets an HttpOnly SameSite cookie with a new 256-bit id at every login; the id is stored only hashed; the old one dies', async () => {
    const first = await login('olga', PASSWORD);
    assert.equal(first.statusCode, 200);
    const setCookie = setCookieOf(first);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.match(setCookie, /Path=\//);
    const c1 = cookieOf(first);
    assert.match(sidOf(c1), /^[\w-]{43}$/, '32 random bytes, base64url');
    const stored = await t.db.selectFrom('sessions').select('idHash').execute();
    assert.equal(
      stored.some((s) => s.idHash === sidOf(c1)),
      false,
      'not stored in plain',
    );
    assert.ok(stored.some((s) => s.idHash === createHash('sha256').update(sidOf(c1)).digest('hex')));
    assert.equal((await asCookie(c1)).statusCode, 200);
    const second = await login('olga', PASSWORD, { headers: { cookie: c1 } });
    const c2 = cookieOf(second);
    assert.notEqual(c1, c2);
    assert.equal((await asCookie(c1)).statusCode, 401, 'the session presented at login is rotated out');
    assert.equal((await asCookie(c2)).statusCode, 200);
    const out = await asCookie(c2, 'POST', '/api/auth/logout', {});
    assert.equal(out.statusCode, 200);
    assert.match(setCookieOf(out), /clientela_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
    assert.equal((await asCookie(c2)).statusCode, 401, 'dead after logout');
    assert.equal((await asCookie(c2, 'POST', '/api/clients', person('После выхода'))).statusCode, 401);
  });

  it('a cross-site logout is refused, and the session lives on', async () => {
    const c = cookieOf(await login('olga', PASSWORD));
    const r = await asCookie(c, 'POST', '/api/auth/logout', {}, { origin: 'https://evil.example' });
    assert.equal(r.statusCode, 403);
    assert.equal((await asCookie(c)).statusCode, 200);
  });

  it('ends sessions after the idle and the absolute timeout (times moved in the database)', async () => {
    const c = cookieOf(await login('olga', PASSWORD));
    await sql`UPDATE sessions SET last_seen_at = now() - interval '8 hours 1 minute' WHERE id_hash = ${createHash('sha256').update(sidOf(c)).digest('hex')}`.execute(
      t.db,
    );
    assert.equal((await asCookie(c)).statusCode, 401);
    const d = cookieOf(await login('olga', PASSWORD));
    await sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = ${createHash('sha256').update(sidOf(d)).digest('hex')}`.execute(
      t.db,
    );
    assert.equal((await asCookie(d)).statusCode, 401);
    const e = cookieOf(await login('olga', PASSWORD));
    await sql`UPDATE sessions SET last_seen_at = now() - interval '7 hours 59 minutes' WHERE id_hash = ${createHash('sha256').update(sidOf(e)).digest('hex')}`.execute(
      t.db,
    );
    assert.equal((await asCookie(e)).statusCode, 200, 'just inside the idle limit');
  });

  it('limits failed logins per account (even with the right password afterwards) and per address', async () => {
    await t.user('manager', { login: 'target' });
    await t.user('manager', { login: 'bystander' });
    for (let i = 0; i < 10; i++) assert.equal((await login('target', `wrong-${i}-password`, { ip: '10.0.0.1' })).statusCode, 401);
    for (const [l, ip] of [
      ['target', '10.0.0.1'],
      ['TARGET', '10.0.0.2'],
      ['target', '10.0.0.3'],
    ] as const) {
      const blocked = await login(l, PASSWORD, { ip });
      assert.equal(blocked.statusCode, 429, `${l} from ${ip}`);
      assert.equal(blocked.json().error.code, 'TOO_MANY_REQUESTS');
      assert.equal(blocked.headers['set-cookie'], undefined);
    }
    assert.equal((await login('bystander', PASSWORD, { ip: '10.0.0.1' })).statusCode, 200, 'other accounts are not locked');
    // Per address: 50 failures on assorted logins from one address block that address only.
    for (let i = 0; i < 50; i++) await login(`nobody${i}`, 'wrong-password', { ip: '10.9.9.9' });
    assert.equal((await login('bystander', PASSWORD, { ip: '10.9.9.9' })).statusCode, 429);
    assert.equal((await login('bystander', PASSWORD, { ip: '10.9.9.10' })).statusCode, 200);
  });

  it("changing one's own password checks the current one and ends every session", async () => {
    await t.user('manager', { login: 'pavel' });
    const c = cookieOf(await login('pavel', PASSWORD));
    const other = cookieOf(await login('pavel', PASSWORD));
    const hashBefore = (await t.db.selectFrom('users').select('passwordHash').where('login', '=', 'pavel').executeTakeFirstOrThrow()).passwordHash;
    const wrong = await asCookie(c, 'POST', '/api/auth/password', { currentPassword: 'wrong-password!', newPassword: 'a-new-password-1' });
    assert.equal(wrong.statusCode, 401);
    const weak = await asCookie(c, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().error.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      weak.json().error.details.map((d: { field: string }) => d.field),
      ['newPassword'],
    );
    const hashAfterRefusals = (await t.db.selectFrom('users').select('passwordHash').where('login', '=', 'pavel').executeTakeFirstOrThrow())
      .passwordHash;
    assert.equal(hashAfterRefusals, hashBefore);
    assert.equal((await asCookie(other)).statusCode, 200, 'refused changes end nothing');
    const ok = await asCookie(c, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a-new-password-1' });
    assert.equal(ok.statusCode, 200);
    assert.equal((await asCookie(c)).statusCode, 401, 'this session ends');
    assert.equal((await asCookie(other)).statusCode, 401, 'and every other one');
    const pavelId = (await t.db.selectFrom('users').select('id').where('login', '=', 'pavel').executeTakeFirstOrThrow()).id;
    assert.equal((await t.db.selectFrom('sessions').select('idHash').where('userId', '=', pavelId).execute()).length, 0);
    assert.equal((await login('pavel', PASSWORD)).statusCode, 401);
    assert.equal((await login('pavel', 'a-new-password-1')).statusCode, 200);
  });

  it("an administrator setting a password ends that user's sessions too", async () => {
    const admin = await t.user('admin');
    const who = await t.user('manager');
    const c = cookieOf(await login(who.login, PASSWORD));
    assert.equal((await admin.post(`/api/users/${who.userId}/password`, { password: 'reset-by-admin-1' })).status, 200);
    assert.equal((await asCookie(c)).statusCode, 401);
  });
});

// ---------------------------------------------------------------------------------------------
describe('audit of security events', () => {
  it('records logins, failures, denials and role changes with UTC times, and never a password, session id or token', async () => {
    const admin = await t.user('admin');
    const who = await t.user('manager', { login: 'audited' });
    const secretTry = 'Pa55-secret-attempt';
    assert.equal((await login('audited', secretTry)).statusCode, 401);
    const ok = await login('audited', PASSWORD);
    assert.equal(ok.statusCode, 200);
    assert.equal((await who.get('/api/audit')).status, 403);
    const readonlyRole = (await t.db.selectFrom('roles').select('id').where('key', '=', 'readonly').executeTakeFirstOrThrow()).id;
    assert.equal((await admin.patch(`/api/users/${who.userId}`, { version: 1, roleId: readonlyRole })).status, 200);
    assert.equal((await admin.post(`/api/users/${who.userId}/password`, { password: 'Another-secret-2' })).status, 200);

    const items: { action: string; at: string; userId: number | null; entityId: number | null; changes: unknown; ip: string | null }[] = (
      await admin.get('/api/audit?limit=500')
    ).body.items;
    const find = (action: string, pred: (i: (typeof items)[number]) => boolean = () => true) => items.find((i) => i.action === action && pred(i));
    const failed = find('login.failed', (i) => JSON.stringify(i.changes).includes('audited'));
    assert.ok(failed);
    assert.match(failed.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'UTC');
    assert.ok(failed.ip);
    assert.ok(find('login.succeeded', (i) => i.userId === who.userId));
    const denied = find('access.denied', (i) => i.userId === who.userId);
    assert.ok(denied);
    assert.deepEqual(denied.changes, { method: 'GET', url: '/api/audit', code: 'FORBIDDEN' });
    const changed = find('user.role_changed', (i) => i.entityId === who.userId);
    assert.ok(changed);
    assert.ok(find('user.password_changed', (i) => i.entityId === who.userId));
    assert.ok(items.some((i) => i.action === 'login.rate_limited'));

    // Nothing secret anywhere in the whole log.
    const all = JSON.stringify(await t.db.selectFrom('auditLog').selectAll().execute());
    for (const secret of [secretTry, PASSWORD, 'Another-secret-2', 'a-new-password-1', 'owner-password-1', 'reset-by-admin-1', sidOf(cookieOf(ok))]) {
      assert.equal(all.includes(secret), false, secret);
    }
    assert.doesNotMatch(all, /clt_[\w-]{20,}|\$argon2/);
  });
});

// ---------------------------------------------------------------------------------------------
describe('password policy', () => {
  let admin: Awaited<ReturnType<TestApp['user']>>;
  let roleId: number;
  before(async () => {
    admin = await t.user('admin');
    roleId = (await t.db.selectFrom('roles').select('id').where('key', '=', 'manager').executeTakeFirstOrThrow()).id;
  });
  for (const [password, ok] of [
    ['short', false],
    ['1234567', false],
    ['password123', false],
    ['PASSWORD123', false],
    ['12345678', false],
    ['qwerty123', false],
    ['йцукенгш', false],
    ['x'.repeat(200), true],
    ['дата-рождения-кота', true],
    ['eight888', true],
  ] as const) {
    it(`${ok ? 'accepts' : 'refuses'} "${password.slice(0, 20)}${password.length > 20 ? '…' : ''}" (${password.length} characters)`, async () => {
      const loginName = `p${Math.random().toString(36).slice(2, 8)}`;
      const r = await admin.post('/api/users', { login: loginName, name: 'P', password, roleId });
      assert.equal(r.status, ok ? 201 : 400, JSON.stringify(r.body));
      if (ok) {
        assert.equal((await login(loginName, password)).statusCode, 200, 'and one can log in with it');
      } else {
        assert.equal(r.body.error.code, 'VALIDATION_FAILED');
        assert.deepEqual(
          r.body.error.details.map((d: { field: string }) => d.field),
          ['password'],
        );
        assert.equal((await t.db.selectFrom('users').select('id').where('login', '=', loginName).execute()).length, 0);
        const who = await t.user('manager');
        const set = await admin.post(`/api/users/${who.userId}/password`, { password });
        assert.equal(set.status, 400);
        assert.deepEqual(
          set.body.error.details.map((d: { field: string }) => d.field),
          ['password'],
        );
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
describe('cross-site requests', () => {
  it('refuses a cookie-authenticated write from a foreign or unknown origin, and changes nothing', async () => {
    await t.user('manager', { login: 'csrf' });
    const csrfId = (await t.db.selectFrom('users').select('id').where('login', '=', 'csrf').executeTakeFirstOrThrow()).id;
    const tokensBefore = await t.db.selectFrom('apiTokens').select('id').where('userId', '=', csrfId).execute();
    const c = cookieOf(await login('csrf', PASSWORD));
    const mine = await asCookie(c, 'POST', '/api/clients', person('Своя'));
    assert.equal(mine.statusCode, 201);
    const id = mine.json().client.id;
    const before = JSON.stringify(await t.db.selectFrom('clients').selectAll().orderBy('id').execute());
    const foreign: (Record<string, string> | null)[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      null,
      { referer: 'https://evil.example/page' },
      { origin: 'http://localhost:8080' },
      { origin: 'http://localhost.evil.example' },
      { origin: 'not a url' },
      { origin: 'https://evil.example', referer: `${ORIGIN}/` },
    ];
    for (const headers of foreign) {
      for (const [method, url, payload] of [
        ['POST', '/api/clients', person('Подделка')],
        ['PATCH', `/api/clients/${id}`, { version: 1, status: 'hacked' }],
        ['POST', `/api/clients/${id}/archive`, { version: 1 }],
        ['POST', '/api/auth/tokens', { name: 'stolen' }],
        ['POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'hijacked-password-1' }],
      ] as const) {
        const r = await asCookie(c, method, url, payload, headers);
        assert.equal(r.statusCode, 403, `${JSON.stringify(headers)} ${method} ${url}`);
        assert.equal(r.json().error.code, 'CROSS_SITE_REQUEST');
      }
    }
    assert.equal(JSON.stringify(await t.db.selectFrom('clients').selectAll().orderBy('id').execute()), before);
    assert.deepEqual(await t.db.selectFrom('apiTokens').select('id').where('userId', '=', csrfId).execute(), tokensBefore);
    assert.equal((await login('csrf', PASSWORD)).statusCode, 200, 'the password is unchanged');
    const denied = await t.db.selectFrom('auditLog').select('changes').where('action', '=', 'access.denied').where('userId', '=', csrfId).execute();
    assert.ok(denied.some((d) => JSON.stringify(d.changes).includes('CROSS_SITE_REQUEST')));
    // Reads are not blocked, and same-origin writes (by Origin or by Referer) work.
    assert.equal((await asCookie(c, 'GET', `/api/clients/${id}`, undefined, { origin: 'https://evil.example' })).statusCode, 200);
    assert.equal(
      (await asCookie(c, 'PATCH', `/api/clients/${id}`, { version: 1, status: 'ok' }, { referer: `${ORIGIN}/clients/${id}` })).statusCode,
      200,
    );
  });

  it('refuses a login or a first-run setup sent from another site (login CSRF), and starts no session', async () => {
    await t.user('manager', { login: 'lured' });
    const fresh = await startTestApp();
    try {
      const token = await issueSetupToken(fresh.db);
      const sessionsBefore = await count('sessions');
      const foreign: (Record<string, string> | null)[] = [
        { origin: 'https://evil.example' },
        { origin: 'null' },
        null,
        { referer: 'https://evil.example/' },
        { origin: 'http://localhost:8080' },
      ];
      for (const headers of foreign) {
        const r = (await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { host: 'localhost:80', ...(headers ?? {}) },
          payload: { login: 'lured', password: PASSWORD },
        })) as Reply;
        assert.equal(r.statusCode, 403, JSON.stringify(headers));
        assert.equal(r.json().error.code, 'CROSS_SITE_REQUEST');
        assert.equal(r.headers['set-cookie'], undefined, 'no session cookie');
        const s = (await fresh.app.inject({
          method: 'POST',
          url: '/api/setup',
          headers: { host: 'localhost:80', ...(headers ?? {}) },
          payload: { token, login: 'intruder', name: 'Intruder', password: 'intruder-password-1' },
        })) as Reply;
        assert.equal(s.statusCode, 403, JSON.stringify(headers));
        assert.equal(s.json().error.code, 'CROSS_SITE_REQUEST');
      }
      assert.equal(await count('sessions'), sessionsBefore);
      assert.equal((await fresh.db.selectFrom('users').select('id').execute()).length, 0, 'setup did not run');
      // From our own pages both work, by Origin or by Referer; the setup token was not used up.
      const byReferer = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { host: 'localhost:80', referer: `${ORIGIN}/` },
        payload: { login: 'lured', password: PASSWORD },
      });
      assert.equal(byReferer.statusCode, 200);
      const ok = (await fresh.app.inject({
        method: 'POST',
        url: '/api/setup',
        headers: { host: 'localhost:80', origin: ORIGIN },
        payload: { token, login: 'owner', name: 'Owner', password: 'owner-password-1' },
      })) as Reply;
      assert.equal(ok.statusCode, 201, ok.body);
    } finally {
      await fresh.close();
    }
  });

  it('does not apply to Bearer-token requests, which a browser never sends by itself', async () => {
    const who = await t.user('manager');
    const token = await who.post('/api/auth/tokens', { name: 'script' });
    assert.equal(token.status, 201);
    for (const headers of [{ origin: 'https://evil.example' }, {}]) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/clients',
        headers: { authorization: `Bearer ${token.body.token}`, ...headers },
        payload: person('По токену'),
      });
      assert.equal(r.statusCode, 201);
    }
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/clients',
      headers: { authorization: 'Bearer clt_not-a-token' },
      payload: person('x'),
    });
    assert.equal(bad.statusCode, 401);
  });
});

// ---------------------------------------------------------------------------------------------
describe('errors are generic', () => {
  it('answers malformed, oversized and mistyped requests with a structured error and no internals', async () => {
    const admin = await t.user('admin');
    const token = (await admin.post('/api/auth/tokens', { name: 'x' })).body.token;
    const auth = { authorization: `Bearer ${token}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const cases: [string, number, Promise<Reply>][] = [
      ['malformed JSON', 400, t.app.inject({ method: 'POST', url: '/api/clients', headers: json, payload: '{"kind":' }) as Promise<Reply>],
      [
        'JSON with a trailing comma',
        400,
        t.app.inject({ method: 'POST', url: '/api/clients', headers: json, payload: '{"kind":"person",}' }) as Promise<Reply>,
      ],
      [
        'huge body',
        413,
        t.app.inject({
          method: 'POST',
          url: '/api/clients',
          headers: json,
          payload: JSON.stringify({ kind: 'person', surname: 'x', notes: 'x'.repeat(3_000_000) }),
        }) as Promise<Reply>,
      ],
      [
        'wrong content type',
        415,
        t.app.inject({
          method: 'POST',
          url: '/api/clients',
          headers: { ...auth, 'content-type': 'application/xml' },
          payload: '<kind/>',
        }) as Promise<Reply>,
      ],
      ['id of the wrong type', 400, t.app.inject({ method: 'GET', url: '/api/clients/abc', headers: auth }) as Promise<Reply>],
      ['id beyond range', 400, t.app.inject({ method: 'GET', url: '/api/clients/99999999999999999999', headers: auth }) as Promise<Reply>],
      ['negative id', 400, t.app.inject({ method: 'GET', url: '/api/clients/-1', headers: auth }) as Promise<Reply>],
      ['query of the wrong type', 400, t.app.inject({ method: 'GET', url: '/api/clients?limit=lots', headers: auth }) as Promise<Reply>],
      ['filter that is not JSON', 400, t.app.inject({ method: 'GET', url: '/api/clients?filter=%7Bnope', headers: auth }) as Promise<Reply>],
      ['cursor that is not ours', 400, t.app.inject({ method: 'GET', url: '/api/clients?cursor=eyJ2Ijp7fX0', headers: auth }) as Promise<Reply>],
      ['version as text', 400, t.app.inject({ method: 'PATCH', url: '/api/users/1', headers: json, payload: '{"version":"one"}' }) as Promise<Reply>],
      ['body that is an array', 400, t.app.inject({ method: 'POST', url: '/api/clients', headers: json, payload: '[1,2]' }) as Promise<Reply>],
      [
        'NUL in a body field',
        400,
        t.app.inject({ method: 'POST', url: '/api/clients', headers: json, payload: JSON.stringify(person('a\u0000b')) }) as Promise<Reply>,
      ],
      [
        'NUL in a custom value',
        400,
        t.app.inject({
          method: 'POST',
          url: '/api/clients',
          headers: json,
          payload: JSON.stringify(person('x', { custom: { k: '\u0000' } })),
        }) as Promise<Reply>,
      ],
      ['NUL in a query', 400, t.app.inject({ method: 'GET', url: '/api/clients?q=ab%00cd', headers: auth }) as Promise<Reply>],
      ['NUL in a search', 400, t.app.inject({ method: 'GET', url: '/api/clients/search?q=%00', headers: auth }) as Promise<Reply>],
      [
        'NUL in a filter value',
        400,
        t.app.inject({
          method: 'GET',
          url: `/api/clients/count?filter=${encodeURIComponent('[{"field":"status","op":"contains","value":"a\\u0000"}]')}`,
          headers: auth,
        }) as Promise<Reply>,
      ],
      ['NUL in the audit filter', 400, t.app.inject({ method: 'GET', url: '/api/audit?action=%00', headers: auth }) as Promise<Reply>],
      [
        'NUL in a login',
        400,
        t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'content-type': 'application/json', origin: ORIGIN, host: 'localhost:80' },
          payload: JSON.stringify({ login: 'a\u0000', password: 'x' }),
        }) as Promise<Reply>,
      ],
      ['unknown address', 404, t.app.inject({ method: 'GET', url: '/api/nope', headers: auth }) as Promise<Reply>],
    ];
    for (const [what, status, pending] of cases) {
      const r = await pending;
      assert.equal(r.statusCode, status, `${what}: ${r.body}`);
      const body = JSON.parse(r.body);
      assert.deepEqual(Object.keys(body), ['error'], what);
      assert.equal(typeof body.error.code, 'string', what);
      assert.equal(typeof body.error.message, 'string', what);
      if (what.startsWith('NUL')) assert.equal(body.error.code, 'VALIDATION_FAILED', what);
      assert.doesNotMatch(r.body, /at .*\(|\.ts\b|\.js\b|node_modules|SELECT|pg_|\/work\/|\/home\/|Error:|Unexpected token|FST_/, what);
    }
  });
});
