import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';
import { migrationNames, migrationSteps } from '../../db/migrate.js';
import { fileStoreFor } from '../files/file-store.js';
import { backupTo, restoreFrom } from './backup.service.js';

let t: TestApp;
let admin: ApiClient;
const dir = mkdtempSync(path.join(os.tmpdir(), 'clientela-backup-'));

/** Every table's rows as text, ordered: equal snapshots mean equal databases. */
async function snapshot(): Promise<Record<string, string[]>> {
  const tables = await sql<{
    t: string;
  }>`SELECT relname AS t FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace ORDER BY 1`.execute(t.db);
  const out: Record<string, string[]> = {};
  for (const { t: name } of tables.rows) {
    const r = await sql<{ j: string }>`SELECT row_to_json(x)::text AS j FROM ${sql.table(name)} x ORDER BY 1`.execute(t.db);
    out[name] = r.rows.map((x) => x.j);
  }
  return out;
}

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  await admin.post('/api/custom-fields', { key: 'limit', label: 'Credit limit', type: 'money' });
  await admin.post('/api/departments', { name: 'Склад' });
  for (const [i, s] of ['Ёжиков', "O'Brien", 'Line\nBreak', 'Quote"s', 'Таб\tуляция'].entries()) {
    await admin.post(
      '/api/clients',
      person(s, { custom: { limit: `${i}123456789012.35` }, notes: 'многострочная\nзаметка «ёлка»', tags: ['a', 'б'] }),
    );
  }
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('restores every row exactly (text, money, json, timestamps) and continues ids after the restored ones', async () => {
    const file = path.join(dir, 'b1.clientela.gz');
    const before = await snapshot();
    const r = await backupTo(t.pool, file);
    assert.ok(r.rows > 5);
    // change everything we can after the backup
    const c = (await admin.get('/api/clients')).body.items[0];
    await admin.patch(`/api/clients/${c.id}`, { version: c.version, surname: 'Изменён' });
    await admin.post('/api/clients', person('Лишний'));
    await admin.del(`/api/clients/${(await admin.get('/api/clients')).body.items[1].id}`);
    assert.notDeepEqual(await snapshot(), before);

    const res = await restoreFrom(t.pool, file);
    assert.equal(res.rows, r.rows);
    assert.deepEqual(await snapshot(), before);
    const again = await admin.post('/api/clients', person('После'));
    assert.equal(again.status, 201);
    assert.ok(again.body.client.id > 5, 'the id sequence continues after restored rows');
  });

  it('a restore while the server runs: the rating report reads the restored sales, and the sales made after it', async () => {
    const dept = (await admin.get('/api/departments')).body.items[0].id;
    const product = (await admin.post('/api/products', { name: 'Чай', price: '100.00' })).body.id;
    const client = (await admin.post('/api/clients', person('Покупатель'))).body.client.id;
    const sell = async (quantity: string) => {
      const r = await admin.post('/api/sales', {
        clientId: client,
        departmentId: dept,
        soldAt: '2026-02-01T10:00:00Z',
        items: [{ productId: product, quantity }],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    };
    const total = async () => {
      const r = await admin.get('/api/reports/rating?from=2026-01-01&to=2026-12-31&top=10');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.rows.map((x: { total: string }) => x.total);
    };
    await sell('1');
    const file = path.join(dir, 'b-sales.clientela.gz');
    await backupTo(t.pool, file);
    await sell('2');
    assert.deepEqual(await total(), ['300.00'], 'the copy is loaded and up to date');
    await restoreFrom(t.pool, file);
    await sell('0.5'); // its fact number is one the copy had already passed before the restore
    assert.deepEqual(await total(), ['150.00'], 'the restored sale and the new one; not the one undone by the restore');
  });

  it("restores a backup of an earlier version into that version's tables, then runs the later migrations; refuses a later version's", async () => {
    const file = path.join(dir, 'b-old.clientela.gz');
    await backupTo(t.pool, file);
    const before = await snapshot();
    // the same backup as the version before migrations 012 and later would have written it
    const later = migrationNames.filter((n) => n >= '012');
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const header = JSON.parse(lines[0]!);
    header.migrations = migrationNames.filter((n) => n < '012');
    // the tables the later migrations create were not in that version's backups
    const newTables = new Set(
      migrationSteps.filter((m) => m.name >= '012').flatMap((m) => [...m.sql.matchAll(/CREATE TABLE (\w+)/g)].map((x) => x[1]!)),
    );
    header.tables = header.tables.filter((x: string) => !newTables.has(x));
    lines[0] = JSON.stringify(header);
    let section = '';
    let dropped = 0;
    const kept = lines.filter((l, i) => {
      if (i === 0) return true;
      if (l.startsWith('{"table":')) section = JSON.parse(l).table;
      else if (l.startsWith('{"end":')) section = '';
      const drop = newTables.has(section) || later.some((n) => l.includes(`"name":"${n}"`));
      if (drop && l && !l.startsWith('{"table":')) dropped++;
      return !drop;
    });
    const end = kept.findIndex((l) => l.startsWith('{"end":'));
    kept[end] = JSON.stringify({ end: true, rows: JSON.parse(kept[end]!).rows - dropped });
    const old = path.join(dir, 'b-old-version.clientela.gz');
    writeFileSync(old, gzipSync(kept.join('\n')));
    await admin.post('/api/clients', person('После бэкапа'));
    // a restore rebuilds the tables as 011 left them (with the foreign keys 012 dropped) and runs 012 and later again
    await sql`ALTER TABLE sales ADD COLUMN restore_marker int`.execute(t.db);
    await restoreFrom(t.pool, old);
    const after = await snapshot();
    const { clientela_migrations: m1, ...restBefore } = before;
    const { clientela_migrations: m2, ...restAfter } = after;
    assert.deepEqual(restAfter, restBefore);
    assert.deepEqual(m2!.map((j) => JSON.parse(j).name).sort(), [...migrationNames].sort());
    assert.equal(m1!.length, m2!.length);
    const marker =
      await sql`SELECT 1 FROM information_schema.columns WHERE table_name = 'sales' AND column_name = 'restore_marker' AND table_schema = current_schema()`.execute(
        t.db,
      );
    assert.equal(marker.rows.length, 0, 'the tables were rebuilt from the migrations');
    const fk =
      await sql`SELECT 1 FROM pg_constraint WHERE conname = 'sales_department_id_fkey' AND connamespace = current_schema()::regnamespace`.execute(
        t.db,
      );
    assert.equal(fk.rows.length, 0, 'migration 012 ran again after the rows were loaded');
    assert.equal((await admin.post('/api/clients', person('После восстановления'))).status, 201);
    // a backup of a later version is refused, and nothing changes
    const newer = JSON.parse(lines[0]!);
    newer.migrations = [...migrationNames, '999-from-the-future'];
    const future = path.join(dir, 'b-future.clientela.gz');
    writeFileSync(future, gzipSync([JSON.stringify(newer), ...lines.slice(1)].join('\n')));
    const now = await snapshot();
    await assert.rejects(restoreFrom(t.pool, future), /another version/);
    assert.deepEqual(await snapshot(), now);
  });

  it('refuses a truncated or foreign file and leaves the database as it was', async () => {
    const file = path.join(dir, 'b2.clientela.gz');
    await backupTo(t.pool, file);
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const truncated = path.join(dir, 'truncated.gz');
    writeFileSync(truncated, gzipSync(lines.slice(0, -3).join('\n')));
    await admin.post('/api/clients', person('Новый после копии'));
    const before = await snapshot();
    await assert.rejects(restoreFrom(t.pool, truncated), /truncated|incomplete/);
    assert.deepEqual(await snapshot(), before);
    const foreign = path.join(dir, 'foreign.gz');
    writeFileSync(foreign, gzipSync('{"hello":"world"}\n'));
    await assert.rejects(restoreFrom(t.pool, foreign), /not a Clientela backup/);
    assert.deepEqual(await snapshot(), before);
  });

  it('carries the attached files: a restored backup serves the same bytes; a damaged copy is refused', async () => {
    const store = fileStoreFor(t.app.deps.config);
    const client = (await admin.post('/api/clients', person('Сфайлами'))).body.client.id;
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(200_000, 1)]);
    const text = Buffer.from('Договір\n');
    const up = async (bytes: Buffer, name: string, type: string) => {
      const r = await admin.req('POST', `/api/files?target=client&targetId=${client}`, bytes, {
        'content-type': type,
        'x-file-name': encodeURIComponent(name),
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id as number;
    };
    const a = await up(png, 'скан.png', 'image/png');
    const b = await up(text, 'договір.txt', 'text/plain');
    const file = path.join(dir, 'b-files.clientela.gz');
    const w = await backupTo(t.pool, file, store);
    assert.ok(w.files >= 2);
    assert.deepEqual(w.missingFiles, []);
    const before = await snapshot();
    // the files go away: one deleted through the API, then every byte of the store
    assert.equal((await admin.del(`/api/files/${b}`)).status, 200);
    rmSync(t.app.deps.config.filesDir, { recursive: true, force: true });
    assert.equal((await admin.get(`/api/files/${a}/download`)).status, 404);

    const r = await restoreFrom(t.pool, file, store);
    assert.equal(r.files, w.files);
    assert.deepEqual(await snapshot(), before);
    const da = await admin.get(`/api/files/${a}/download`);
    assert.equal(da.status, 200);
    assert.deepEqual(da.raw, png);
    assert.deepEqual((await admin.get(`/api/files/${b}/download`)).raw, text);
    assert.equal((await admin.get(`/api/files/${a}/preview`)).headers['content-type'], 'image/png');

    // one byte of a file's copy changed: refused, and the database stays as it was
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('{"@file":')) + 1;
    const bytes = Buffer.from(lines[i]!, 'base64');
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    lines[i] = bytes.toString('base64');
    const damaged = path.join(dir, 'b-files-damaged.clientela.gz');
    writeFileSync(damaged, gzipSync(lines.join('\n')));
    await admin.post('/api/clients', person('Послекопии'));
    const now = await snapshot();
    await assert.rejects(restoreFrom(t.pool, damaged), /damaged/);
    assert.deepEqual(await snapshot(), now);
    // the scheduled backup takes the files in and verifies their copies
    const run = await admin.post('/api/backups', { wait: true });
    assert.equal(run.status, 200, JSON.stringify(run.body));
    assert.equal(run.body.ok, true, JSON.stringify(run.body));
    const written = gunzipSync(readFileSync(path.join(t.app.deps.config.backupDir, run.body.file))).toString('utf8');
    assert.ok(written.includes(png.subarray(0, 3000).toString('base64').slice(0, 64)));
  });
});
