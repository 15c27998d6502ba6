import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../server/testing/test-db.js';

// The CLI as a real process, against a real database in server mode (DATABASE_URL).
let t: TestDb;
const dir = mkdtempSync(path.join(os.tmpdir(), 'clientela-cli-'));
const main = path.join(import.meta.dirname, 'main.ts');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: t.url } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(async () => {
  t = await createTestDb();
});
after(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('clientela CLI', () => {
  it('adds users, lists them, changes a role and resets a password', async () => {
    assert.match(cli('user', 'add', '--login', 'boss', '--name', 'Начальник', '--role', 'admin', '--password', 'long-enough-pw').out, /created user boss \(admin\)/);
    const added = cli('user', 'add', '--login', 'olga', '--role', 'manager', '--department', 'Продажи');
    assert.match(added.out, /created user olga \(manager\) with password: \S{12,}/);
    const list = cli('user', 'list').out;
    assert.match(list, /^boss\tНачальник\tadmin\tactive$/m);
    assert.match(list, /^olga\tolga\tmanager\tactive$/m);
    assert.match(cli('user', 'set-role', 'olga', 'senior').out, /olga is now senior/);
    assert.match(cli('user', 'list').out, /olga\tolga\tsenior/);
    assert.match(cli('user', 'reset-password', 'olga').out, /new password for olga: \S{12,}/);
    const audit = await t.db.selectFrom('auditLog').select('action').orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['user.created', 'user.created', 'user.role_changed', 'user.password_changed']);
  });

  it('explains bad input with a clear message and a non-zero exit', () => {
    const weak = cli('user', 'add', '--login', 'x1', '--role', 'manager', '--password', 'short');
    assert.equal(weak.code, 1);
    assert.match(weak.err, /password: must be at least 8 characters/);
    const role = cli('user', 'add', '--login', 'x2', '--role', 'emperor');
    assert.match(role.err, /no role "emperor"/);
    assert.equal(cli('frobnicate').code, 1);
  });

  it('seeds a demo base, backs it up and restores it', () => {
    assert.match(cli('seed', '--demo', '--clients', '50').out, /50 clients/);
    const file = path.join(dir, 'demo.backup.gz');
    assert.match(cli('backup', file).out, /backed up \d+ rows/);
    assert.equal(cli('user', 'add', '--login', 'late', '--role', 'readonly', '--password', 'long-enough-pw').code, 0);
    assert.match(cli('restore', file).out, /restored \d+ rows/);
    assert.doesNotMatch(cli('user', 'list').out, /late/);
    assert.match(cli('user', 'list').out, /anna\tАнна Соколова\tsenior/);
  });

  it('serves the API and prints a one-time setup link while there is no user', async () => {
    const fresh = await createTestDb();
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve'], { env: { ...process.env, DATABASE_URL: fresh.url, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const token = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /setup\?token=(\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', () => reject(new Error(out)));
      });
      const base = `http://127.0.0.1:${port}`;
      const setup = await fetch(`${base}/api/setup`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ token, login: 'first', name: 'First Admin', password: 'a-good-password' }),
      });
      assert.equal(setup.status, 201);
      const cookie = setup.headers.get('set-cookie')!;
      assert.match(cookie, /HttpOnly/);
      const me = await fetch(`${base}/api/auth/me`, { headers: { cookie: cookie.split(';')[0]! } });
      assert.equal((await me.json()).user.login, 'first');
      const doc = await fetch(`${base}/api/openapi.json`);
      assert.equal((await doc.json()).openapi, '3.0.3');
      // the requests above are not logged at the default level, so the setup link stays the
      // last thing on the console (request logs at info buried it)
      await new Promise((r) => setTimeout(r, 300));
      const afterLink = out.slice(out.indexOf('setup?token='));
      assert.doesNotMatch(afterLink, /request completed|incoming request|"reqId"/);
      assert.match(out, /First run: create the administrator at http:\/\/\S+\/setup\?token=/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('exit', r));
      await fresh.drop();
    }
  });
});
