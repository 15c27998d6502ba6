// A consistent logical dump of every Clientela table to one gzipped file of JSON lines, and
// back. The embedded PostgreSQL has no pg_dump, and a dump through our own connection works
// the same in server mode. Rows travel as PostgreSQL's own JSON text (row_to_json) and are
// read back by json_populate_recordset, so numeric and timestamp values stay exact.
// sql-outside-repository: a backup and a restore are whole-database operations on one pinned pg
// connection (a read-only snapshot, a cursor per table, TRUNCATE, constraints dropped and added back,
// the migrations run, sequences reset): statements over every table by name that no builder expresses.
//
// Attached files (docs/crm-files.md) travel in the same file: after the tables and before the end
// line, each file of the attachments table read in the snapshot, as
// `{"@file":key}`, its bytes as base64 lines, `{"@fileEnd":key,"size":n,"sha256":h}` (names no
// column can have, so no row line reads as one). A restore
// checks each file's hash and, given a FileStore, puts the bytes back under their keys.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { MIGRATIONS_TABLE_SQL, migrationNames, migrationSteps } from '../../db/migrate.js';
import type { FileStore } from '../files/file-store.js';

const FORMAT = 'clientela-backup';

/** Where a connection comes from: a pool, or one connection lent for the whole operation. */
export type Connectable = { connect(): Promise<pg.PoolClient> };

/** Tables of the current schema, parents before children. */
async function tablesInOrder(client: pg.PoolClient): Promise<string[]> {
  const t = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace ORDER BY 1`,
  );
  const deps = await client.query<{ child: string; parent: string }>(`
    SELECT cl.relname AS child, pl.relname AS parent FROM pg_constraint k
    JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class pl ON pl.oid = k.confrelid
    WHERE k.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace`);
  const names = t.rows.map((r) => r.name);
  const out: string[] = [];
  const visit = (n: string, seen: Set<string>) => {
    if (out.includes(n) || seen.has(n)) return;
    seen.add(n);
    for (const d of deps.rows) if (d.child === n && d.parent !== n) visit(d.parent, seen);
    out.push(n);
  };
  for (const n of names) visit(n, new Set());
  return out;
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

export type BackupResult = { tables: number; rows: number; files: number; missingFiles: string[] };

/**
 * Writes the backup. With `files`, the attached files' bytes go in too; a file whose bytes are
 * missing from the store is left out and named in `missingFiles` (its row is kept).
 */
export async function backupTo(pool: pg.Pool, file: string, files?: FileStore): Promise<BackupResult> {
  const client = await pool.connect();
  let rows = 0;
  let fileCount = 0;
  const missingFiles: string[] = [];
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await tablesInOrder(client);
    async function* lines() {
      yield `${JSON.stringify({ format: FORMAT, version: 1, createdAt: new Date().toISOString(), migrations: migrationNames, tables })}\n`;
      for (const t of tables) {
        yield `${JSON.stringify({ table: t })}\n`;
        await client.query(`DECLARE dump NO SCROLL CURSOR FOR SELECT row_to_json(x)::text AS j FROM ${ident(t)} x`);
        for (;;) {
          const r = await client.query<{ j: string }>('FETCH 5000 FROM dump');
          if (r.rows.length === 0) break;
          rows += r.rows.length;
          yield r.rows.map((x) => x.j).join('\n') + '\n';
        }
        await client.query('CLOSE dump');
      }
      if (files && tables.includes('attachments')) {
        // the files of the rows in this snapshot
        const keys = await client.query<{ k: string }>('SELECT storage_key AS k FROM attachments ORDER BY id');
        for (const { k } of keys.rows) {
          let stream: Readable;
          try {
            stream = await files.get(k);
          } catch {
            missingFiles.push(k);
            continue;
          }
          yield `${JSON.stringify({ '@file': k })}\n`;
          const hash = createHash('sha256');
          let size = 0;
          for await (const chunk of stream as AsyncIterable<Buffer>) {
            hash.update(chunk);
            size += chunk.length;
            yield `${chunk.toString('base64')}\n`;
          }
          fileCount++;
          yield `${JSON.stringify({ '@fileEnd': k, size, sha256: hash.digest('hex') })}\n`;
        }
      }
      yield `${JSON.stringify(fileCount ? { end: true, rows, files: fileCount } : { end: true, rows })}\n`;
    }
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file, { mode: 0o600 }));
    await client.query('COMMIT');
    return { tables: tables.length, rows, files: fileCount, missingFiles };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/**
 * Replaces every table's contents with the backup's, in one transaction: all or nothing. A backup of
 * an earlier version is restored into that version's tables and then migrated forward. The attached
 * files in it are checked against their hashes and, with `files`, put back under their keys before
 * the commit (files of the store the backup does not name are left alone).
 */
export async function restoreFrom(pool: Connectable, file: string, files?: FileStore): Promise<{ tables: number; rows: number; files: number }> {
  const rl = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const it = rl[Symbol.asyncIterator]();
  const first = await it.next();
  const header = first.done ? undefined : (JSON.parse(first.value) as { format?: string; migrations?: string[]; tables?: string[] });
  if (header?.format !== FORMAT) throw new Error(`${file} is not a Clientela backup`);
  const theirs = header.migrations ?? [];
  const same = JSON.stringify(theirs) === JSON.stringify(migrationNames);
  // a backup of an earlier version: its migrations are the first of ours
  const older = !same && theirs.length < migrationNames.length && theirs.every((n, i) => migrationNames[i] === n);
  if (!same && !older) {
    throw new Error(
      `the backup was made by another version of Clientela (migrations ${theirs.join(', ')}); restore it with that version or a later one`,
    );
  }
  const client = await pool.connect();
  let rows = 0;
  try {
    await client.query('BEGIN');
    const tables = header.tables ?? [];
    if (older) {
      // Rebuild the tables as that version had them, load the rows into them, then run the later
      // migrations on the restored data, as an upgrade would have: all in this one transaction.
      const mine = await client.query<{ name: string }>(
        `SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace`,
      );
      if (mine.rows.length) await client.query(`DROP TABLE ${mine.rows.map((r) => ident(r.name)).join(', ')} CASCADE`);
      await client.query(MIGRATIONS_TABLE_SQL);
      for (const m of migrationSteps.slice(0, theirs.length)) await client.query(m.sql);
    }
    // (also the rows those migrations seed: the backup has its own)
    await client.query(`TRUNCATE ${tables.map(ident).join(', ')} RESTART IDENTITY CASCADE`);
    // The file lists parents before children as the backed-up version's foreign keys said; an
    // older schema may have keys that version no longer had: off while loading, then re-added
    // (and so checked against every restored row).
    const keys = older
      ? (
          await client.query<{
            tbl: string;
            name: string;
            def: string;
          }>(`SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def
          FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace ORDER BY conname`)
        ).rows
      : [];
    for (const k of keys) await client.query(`ALTER TABLE ${k.tbl} DROP CONSTRAINT ${ident(k.name)}`);
    let table: string | undefined;
    let batch: string[] = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      await client.query(`INSERT INTO ${ident(table)} SELECT * FROM json_populate_recordset(NULL::${ident(table)}, $1::json)`, [
        `[${batch.join(',')}]`,
      ]);
      rows += batch.length;
      batch = [];
    };
    let ended = false;
    let fileCount = 0;
    /** the base64 lines of one file up to its end line, as bytes; the end line checks the size and the hash */
    async function* fileBytes(key: string) {
      const hash = createHash('sha256');
      let size = 0;
      for (let r = await it.next(); !r.done; r = await it.next()) {
        const line = r.value;
        if (line.startsWith('{')) {
          const end = JSON.parse(line) as { '@fileEnd'?: string; size?: number; sha256?: string };
          if (end['@fileEnd'] !== key || end.size !== size || end.sha256 !== hash.digest('hex'))
            throw new Error(`the backup's copy of file ${key} is damaged`);
          return;
        }
        const chunk = Buffer.from(line, 'base64');
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
      throw new Error('the backup file is truncated');
    }
    for (let r = await it.next(); !r.done; r = await it.next()) {
      const line = r.value;
      if (!line) continue;
      if (line.startsWith('{"@file":')) {
        await flush();
        const key = (JSON.parse(line) as { '@file': string })['@file'];
        if (files) await files.putAs(key, fileBytes(key));
        else for await (const _ of fileBytes(key)) void _;
        fileCount++;
      } else if (line.startsWith('{"table":')) {
        await flush();
        table = (JSON.parse(line) as { table: string }).table;
        if (!tables.includes(table)) throw new Error(`unexpected table ${table} in backup`);
      } else if (line.startsWith('{"end":')) {
        await flush();
        const end = JSON.parse(line) as { rows: number; files?: number };
        ended = end.rows === rows && (end.files ?? 0) === fileCount;
        if (!ended) throw new Error('the backup is incomplete (row or file count does not match)');
      } else {
        batch.push(line);
        if (batch.length >= 2000) await flush();
      }
    }
    if (!ended) throw new Error('the backup file is truncated');
    for (const k of keys) await client.query(`ALTER TABLE ${k.tbl} ADD CONSTRAINT ${ident(k.name)} ${k.def}`);
    if (older) {
      for (const m of migrationSteps.slice(theirs.length)) {
        await client.query(m.sql);
        await client.query('INSERT INTO clientela_migrations (name) VALUES ($1)', [m.name]);
      }
    }
    // Sequences continue after the restored ids.
    const seqs = await client.query<{ tbl: string; col: string }>(`
      SELECT c.relname AS tbl, a.attname AS col FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`);
    for (const s of seqs.rows) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${ident(s.col)}) FROM ${ident(s.tbl)}), 0) + 1, false)`,
        [ident(s.tbl), s.col],
      );
    }
    await client.query('COMMIT');
    return { tables: tables.length, rows, files: fileCount };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
    rl.close();
  }
}
