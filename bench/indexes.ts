// Bulk-load helper: drops tables' secondary indexes (and, if asked, their foreign keys), runs the
// load, then recreates each index and constraint from the definition PostgreSQL itself reported
// (pg_get_indexdef / pg_get_constraintdef), so the schema afterwards is exactly what the
// migrations created. Constraint-backed indexes (primary keys, unique constraints) stay.
// Foreign keys are re-added as validated constraints: PostgreSQL checks every row in one join,
// far cheaper than a trigger per inserted row.
import { sql } from 'kysely';
import type { Database } from '../src/server/db/database.js';

export async function withSecondaryIndexesDropped(
  db: Database,
  tables: string | string[],
  load: () => Promise<void>,
  log: (s: string) => void,
  opts: { foreignKeys?: boolean } = {},
) {
  const list = Array.isArray(tables) ? tables : [tables];
  const defs = (
    await sql<{ name: string; def: string }>`
      SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = ANY(${list}::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
      ORDER BY i.relname`.execute(db)
  ).rows;
  const fks = opts.foreignKeys
    ? (
        await sql<{ tbl: string; name: string; def: string }>`
          SELECT c.conrelid::regclass::text AS tbl, c.conname AS name, pg_get_constraintdef(c.oid) AS def
          FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = ANY(${list}::regclass[]) ORDER BY c.conname`.execute(db)
      ).rows
    : [];
  for (const f of fks) await sql`ALTER TABLE ${sql.id(f.tbl)} DROP CONSTRAINT ${sql.id(f.name)}`.execute(db);
  for (const d of defs) await sql`DROP INDEX ${sql.id(d.name)}`.execute(db);
  try {
    await load();
  } finally {
    // Two at a time: the machine has two cores and each build is single-threaded.
    const queue: (() => Promise<void>)[] = [
      ...defs.map((d) => async () => {
        const t = Date.now();
        await sql.raw(d.def).execute(db);
        log(`index ${d.name} rebuilt in ${Math.round((Date.now() - t) / 1000)} s`);
      }),
      ...fks.map((f) => async () => {
        const t = Date.now();
        await sql`ALTER TABLE ${sql.id(f.tbl)} ADD CONSTRAINT ${sql.id(f.name)} ${sql.raw(f.def)}`.execute(db);
        log(`foreign key ${f.name} re-added (validated) in ${Math.round((Date.now() - t) / 1000)} s`);
      }),
    ];
    const worker = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) await job();
    };
    await Promise.all([worker(), worker()]);
  }
}
