import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../server/testing/test-db.js';
import { BIN } from './cli-harness.js';

// The CLI as a real process (bin/clientela.js, as `npx clientela` runs it), against a real
// database in server mode (DATABASE_URL).
let t: TestDb;
const dir = mkdtempSync(path.join(os.tmpdir(), 'clientela-cli-'));
const main = path.join(import.meta.dirname, 'main.ts');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: t.url } });
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
    assert.match(
      cli('user', 'add', '--login', 'boss', '--name', 'Начальник', '--role', 'admin', '--password', 'long-enough-pw').out,
      /created user boss \(admin\)/,
    );
    const added = cli('user', 'add', '--login', 'olga', '--role', 'manager', '--department', 'Продажи');
    assert.match(added.out, /created user olga \(manager\) with password: \S{12,}/);
    const list = cli('user', 'list').out;
    assert.match(list, /^boss\tНачальник\tadmin\tactive$/m);
    assert.match(list, /^olga\tolga\tmanager\tactive$/m);
    assert.match(cli('user', 'set-role', 'olga', 'senior').out, /olga is now senior/);
    assert.match(cli('user', 'list').out, /olga\tolga\tsenior/);
    assert.match(cli('user', 'reset-password', 'olga').out, /new password for olga: \S{12,}/);
    const audit = await t.db.selectFrom('auditLog').select('action').orderBy('id').execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['user.created', 'department.created', 'user.created', 'user.role_changed', 'user.password_changed'],
    );
  });

  it('explains bad input with a clear message and a non-zero exit', () => {
    const weak = cli('user', 'add', '--login', 'x1', '--role', 'manager', '--password', 'short');
    assert.equal(weak.code, 1);
    assert.match(weak.err, /password: must be at least 8 characters/);
    const role = cli('user', 'add', '--login', 'x2', '--role', 'emperor');
    assert.match(role.err, /no role "emperor"/);
    const login = cli('user', 'add', '--login', 'has space', '--role', 'manager');
    assert.equal(login.code, 1);
    assert.match(login.err, /login: may hold only letters, digits and \. _ @ -/);
    const unknown = cli('frobnicate');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown command "frobnicate"/);
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
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve'], {
      env: { ...process.env, DATABASE_URL: fresh.url, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base },
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

describe('clientela --help and the command line', () => {
  // No database anywhere: an empty data dir that must stay empty, and no DATABASE_URL.
  const bare = (...args: string[]) => {
    const data = mkdtempSync(path.join(os.tmpdir(), 'clientela-cli-help-'));
    try {
      const r = spawnSync(process.execPath, [BIN, ...args], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: '', CLIENTELA_DATA_DIR: data },
      });
      return { code: r.status, out: r.stdout, err: r.stderr, dataDir: readdirSync(data) };
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  };

  it('prints the usage of every command with --help and exits 0 without starting a database', () => {
    const commands = [
      ['serve'],
      ['migrate'],
      ['user', 'add'],
      ['user', 'list'],
      ['user', 'set-role'],
      ['user', 'reset-password'],
      ['user', 'import'],
      ['department', 'add'],
      ['department', 'list'],
      ['backup'],
      ['restore'],
      ['seed'],
      ['report', 'rating'],
      ['report', 'employees'],
      ['report', 'managers'],
      ['import', 'clients'],
      ['import', 'contacts'],
      ['import', 'products'],
      ['import', 'sales'],
      ['import', 'list'],
      ['import', 'resume'],
      ['import', 'undo'],
    ];
    for (const c of commands) {
      const r = bare(...c, '--help');
      assert.equal(r.code, 0, `${c.join(' ')} --help: ${r.err}`);
      assert.match(r.out, new RegExp(`^Usage:\\n  clientela ${c.join(' ')}`), c.join(' '));
      assert.equal(r.err, '', c.join(' '));
      assert.deepEqual(r.dataDir, [], `${c.join(' ')} --help touched the data dir`);
    }
    // -h too, and after other options; the rating's own options are listed
    const rating = bare('report', 'rating', '--from', '2026-01-01', '-h');
    assert.equal(rating.code, 0);
    assert.match(rating.out, /--from YYYY-MM-DD --to YYYY-MM-DD \[--top N\]/);
    // a group lists its commands; the overview lists every command
    assert.match(bare('department', '--help').out, /clientela department add <name>\n {2}clientela department list/);
    const all = bare('--help');
    assert.equal(all.code, 0);
    for (const c of commands) assert.ok(all.out.includes(`clientela ${c.join(' ')}`), c.join(' '));
    assert.equal(bare('help', 'user', 'import').out, bare('user', 'import', '--help').out);
  });

  it('refuses unknown options and missing or extra arguments with the usage, exit 2, before any database', () => {
    const opt = bare('report', 'rating', '--from', '2026-01-01', '--to', '2026-12-31', '--bogus');
    assert.equal(opt.code, 2);
    assert.match(opt.err, /^error: unknown option '--bogus'\n\nUsage:\n {2}clientela report rating/);
    assert.deepEqual(opt.dataDir, []);
    const missing = bare('department', 'add');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /an argument is missing\n\nUsage:\n {2}clientela department add <name>/);
    assert.match(bare('backup', 'a', 'b').err, /unexpected argument 'b'/);
    assert.match(bare('user', 'frob').err, /unknown command "user frob"\n\nUsage:\n {2}clientela user add/);
    assert.equal(bare('user', 'frob').code, 2);
    assert.equal(bare('user', 'list', '--login', 'x').code, 2);
  });
});

describe('clientela department', () => {
  it('adds departments (unique in any case), lists them with their active users', async () => {
    const added = cli('department', 'add', '  Склад  ');
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /^created department Склад \(id \d+\)$/m);
    const again = cli('department', 'add', 'СКЛАД');
    assert.equal(again.code, 1);
    assert.match(again.err, /A department with this name exists\n {2}name: already taken/);
    assert.equal(cli('department', 'add', '   ').code, 1);
    assert.equal(cli('user', 'add', '--login', 'kladovshik', '--role', 'manager', '--department', 'склад', '--password', 'long-enough-pw').code, 0);
    const list = cli('department', 'list');
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, /^\d+\tСклад\t1$/m);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'changes'])
      .where('entity', '=', 'department')
      .where('entityId', '=', Number(/id (\d+)/.exec(added.out)![1]))
      .execute();
    assert.deepEqual(
      audit.map((a) => [a.action, (a.changes as { name: string }).name]),
      [['department.created', 'Склад']],
    );
  });
});
