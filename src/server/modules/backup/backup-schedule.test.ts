import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';
import { backupTo } from './backup.service.js';
import { BackupScheduler, backupFileName, filesToPrune, verifyBackup } from './backup-schedule.js';

let t: TestApp;
let admin: ApiClient;
const root = mkdtempSync(path.join(os.tmpdir(), 'clientela-backups-'));
const dir = path.join(root, 'backups');

const scratchSchemas = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'clientela_verify_%'`.execute(t.db)).rows[0]!.n;

before(async () => {
  t = await startTestApp({ env: { CLIENTELA_BACKUP_DIR: dir, CLIENTELA_BACKUP_KEEP_DAILY: '3', CLIENTELA_BACKUP_KEEP_WEEKLY: '2' } });
  admin = await t.user('admin');
  for (const s of ['Ёлкина', 'Wójcik', "O'Brien"]) await admin.post('/api/clients', person(s));
});
after(async () => {
  await t.close();
  chmodSync(root, 0o700);
  rmSync(root, { recursive: true, force: true });
});

describe('retention', () => {
  it('keeps the newest file of each of the last N days and of each of the last M ISO weeks; never a foreign file', () => {
    // one file a day at 10:00 and one at 18:00, for 30 days ending Thursday 2026-12-03
    const names: string[] = [];
    for (let d = 0; d < 30; d++) {
      for (const h of [10, 18]) names.push(backupFileName(new Date(Date.UTC(2026, 11, 3 - d, h))));
    }
    names.push('notes.txt', 'clientela-manual.backup.gz', 'index.json');
    const pruned = new Set(filesToPrune(names, 7, 4));
    const kept = names.filter((n) => !pruned.has(n)).filter((n) => n.startsWith('clientela-2026'));
    const at = (d: number, h: number) => backupFileName(new Date(Date.UTC(2026, 11, 3 - d, h)));
    // the 7 newest days (their 18:00 file) ...
    const daily = [0, 1, 2, 3, 4, 5, 6].map((d) => at(d, 18));
    // ... and the newest file of the 4 newest weeks: this week's is Dec 3, then Sundays Nov 29, 22, 15
    const weekly = [at(0, 18), at(4, 18), at(11, 18), at(18, 18)];
    assert.deepEqual(kept.sort(), [...new Set([...daily, ...weekly])].sort());
    for (const n of ['notes.txt', 'clientela-manual.backup.gz', 'index.json']) assert.ok(!pruned.has(n), n);
    assert.ok(!pruned.has(at(0, 18)), 'the newest file is always kept');
    assert.deepEqual(filesToPrune([at(40, 10)], 0, 0), [], 'even with nothing to keep, the newest stays');
  });
});

describe('scheduled backups', () => {
  it('"back up now" writes a backup, verifies it in a scratch schema that is dropped, lists it; other roles are refused', async () => {
    const r = await admin.post('/api/backups', { wait: true });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.ok, true);
    assert.equal(r.body.verified, true);
    assert.ok(r.body.rows > 3 && r.body.bytes > 0);
    assert.ok(existsSync(path.join(dir, r.body.file)));
    assert.equal(readdirSync(dir).filter((n) => n.endsWith('.partial')).length, 0);
    assert.equal(await scratchSchemas(), 0, 'the scratch schema is dropped');
    const s = await admin.get('/api/backups');
    assert.equal(s.status, 200);
    assert.equal(s.body.runs[0].file, r.body.file);
    assert.equal(s.body.files[0].file, r.body.file);
    assert.equal(s.body.lastFailed, false);
    assert.equal(s.body.intervalHours, 24);
    assert.ok(new Date(s.body.nextAt).getTime() > Date.now() + 23 * 3600_000, 'the next one is a day later');
    // the app's own tables are untouched by the verification
    assert.equal((await admin.get('/api/clients')).body.items.length, 3);
    for (const role of ['manager', 'senior', 'readonly']) {
      const u = await t.user(role);
      assert.equal((await u.get('/api/backups')).status, 403, role);
      assert.equal((await u.post('/api/backups', { wait: true })).status, 403, role);
    }
    assert.equal((await t.anonymous.get('/api/backups')).status, 401);
  });

  it('the verification fails on a backup that does not restore to the rows written', async () => {
    const good = path.join(root, 'v.backup.gz');
    const w = await backupTo(t.pool, good);
    await verifyBackup(t.pool, good, w.rows);
    await assert.rejects(verifyBackup(t.pool, good, w.rows + 1), /restored copy has/);
    const bad = path.join(root, 'bad.backup.gz');
    writeFileSync(bad, gzipSync('{"format":"clientela-backup","migrations":[]}\n'));
    await assert.rejects(verifyBackup(t.pool, bad, 0));
    assert.equal(await scratchSchemas(), 0);
  });

  it('a failed backup is recorded and shown as failed, leaves no file, and the next success clears it', async () => {
    const locked = path.join(root, 'locked');
    mkdirSync(locked);
    const s = new BackupScheduler(t.pool, { dir: path.join(locked, 'backups'), intervalHours: 24, keepDaily: 7, keepWeekly: 4 });
    chmodSync(locked, 0o500);
    const asRoot = process.getuid?.() === 0;
    // root may write anywhere: make the target a file instead of a folder
    if (asRoot) {
      chmodSync(locked, 0o700);
      writeFileSync(path.join(locked, 'backups'), 'not a folder');
    }
    const run = await s.run('manual');
    assert.equal(run.ok, false);
    assert.ok(run.error);
    const shown = await s.status();
    assert.equal(shown.lastFailed, true, 'a failure is shown even when the folder cannot hold the list');
    assert.equal(shown.runs[0]!.error, run.error);
    // the list cannot be written into an unusable folder either; a usable one with a failure in it:
    const s2 = new BackupScheduler(t.pool, { dir: path.join(root, 'second'), intervalHours: 24, keepDaily: 7, keepWeekly: 4 });
    mkdirSync(path.join(root, 'second'));
    writeFileSync(path.join(root, 'second', 'index.json'), JSON.stringify({ runs: [{ ...run, file: 'x' }] }));
    assert.equal((await s2.status()).lastFailed, true);
    assert.ok((await s2.runIfDue()) !== null, 'no good backup yet: one is due');
    const st = await s2.status();
    assert.equal(st.lastFailed, false);
    assert.equal(st.runs.length, 2);
    assert.equal(st.files.length, 1);
    assert.equal(await s2.runIfDue(), null, 'the next is a day later');
  });

  it('retention runs after each good backup', async () => {
    const d = path.join(root, 'retention');
    mkdirSync(d);
    for (let i = 1; i <= 10; i++) writeFileSync(path.join(d, backupFileName(new Date(Date.now() - i * 86400_000))), 'old');
    writeFileSync(path.join(d, 'mine.txt'), 'keep me');
    const s = new BackupScheduler(t.pool, { dir: d, intervalHours: 24, keepDaily: 3, keepWeekly: 0 });
    assert.equal((await s.run('manual')).ok, true);
    const left = readdirSync(d).filter((n) => n.endsWith('.backup.gz'));
    assert.equal(left.length, 3, left.join(', '));
    assert.ok(existsSync(path.join(d, 'mine.txt')));
  });
});
