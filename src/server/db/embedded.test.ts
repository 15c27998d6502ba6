import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { sharedBuffers } from './embedded.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'clientela-emb-'));
const children: ChildProcess[] = [];

function startFixture(): Promise<{ child: ChildProcess; role: string; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'embedded-fixture.ts'), dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\w+) (\S+)/.exec(out);
      if (m) resolve({ child, role: m[1]!, url: m[2]! });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`fixture exited ${code}: ${err}`)));
  });
}

async function query(url: string, text: string, params: unknown[] = []) {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

const exited = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.on('exit', r)));

after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await Promise.all(children.map(exited));
  rmSync(dir, { recursive: true, force: true });
});

describe('embedded PostgreSQL', () => {
  it('sizes shared_buffers at an eighth of the memory, from 128 MB to 2 GB, unless told', () => {
    const gb = 1024 ** 3;
    assert.equal(sharedBuffers({}, 0.5 * gb), '128MB');
    assert.equal(sharedBuffers({}, 8 * gb), '1024MB');
    assert.equal(sharedBuffers({}, 64 * gb), '2048MB');
    assert.equal(sharedBuffers({ CLIENTELA_DB_SHARED_BUFFERS: '512MB' }, 64 * gb), '512MB');
    assert.throws(() => sharedBuffers({ CLIENTELA_DB_SHARED_BUFFERS: 'lots' }), /CLIENTELA_DB_SHARED_BUFFERS must be a size/);
  });

  let firstUrl = '';
  it('initialises a cluster on first start and serves an unprivileged role', async () => {
    const a = await startFixture();
    assert.equal(a.role, 'owner');
    firstUrl = a.url;
    const [row] = await query(
      a.url,
      "SELECT current_user AS u, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su, lower('ПЁТР') AS l",
    );
    assert.deepEqual(row, { u: 'clientela', su: false, l: 'пётр' });
    // its page cache is sized from this machine's memory
    const [mem] = await query(a.url, "SELECT setting::bigint * 8192 / 1048576 AS mb FROM pg_settings WHERE name = 'shared_buffers'");
    assert.equal(`${mem.mb}MB`, sharedBuffers({}));
    await query(a.url, 'CREATE TABLE kept (v text)');
    await query(a.url, "INSERT INTO kept VALUES ('before the crash')");
  });

  it('lets a second process join the running server instead of starting another on the same files', async () => {
    const b = await startFixture();
    assert.equal(b.role, 'guest');
    assert.equal(b.url, firstUrl);
    b.child.kill('SIGTERM');
    await exited(b.child);
    // the guest leaving does not stop the owner's server
    assert.equal((await query(firstUrl, 'SELECT count(*)::int AS n FROM kept'))[0].n, 1);
  });

  it('after kill -9 of the owning process, the next start stops the orphaned server and starts afresh with the data', async () => {
    const owner = children[0]!;
    owner.kill('SIGKILL');
    await exited(owner);
    // the orphan still answers
    assert.equal((await query(firstUrl, 'SELECT count(*)::int AS n FROM kept'))[0].n, 1);
    const c = await startFixture();
    assert.equal(c.role, 'owner');
    const rows = await query(c.url, 'SELECT v FROM kept');
    assert.deepEqual(rows, [{ v: 'before the crash' }]);
    c.child.kill('SIGTERM');
    await exited(c.child);
    await assert.rejects(query(c.url, 'SELECT 1'), 'the server stops with its owner');
  });

  it('starts over a stale postmaster.pid left by a dead server', async () => {
    writeFileSync(path.join(dir, 'pg', 'postmaster.pid'), '999999\n/nonexistent\n0\n5432\n\n\n');
    writeFileSync(path.join(dir, 'clientela.owner'), '999999');
    const d = await startFixture();
    assert.equal(d.role, 'owner');
    assert.equal((await query(d.url, 'SELECT count(*)::int AS n FROM kept'))[0].n, 1);
    d.child.kill('SIGTERM');
    await exited(d.child);
  });
});
