// Bulk-load helper: drops a table's secondary indexes, runs the load, then recreates each index
// from the definition PostgreSQL itself reported (pg_get_indexdef), so the schema afterwards is
// exactly what the migrations created. Constraint-backed indexes (the primary key) stay.
import { sql } from 'kysely';
import type { Database } from '../src/server/db/database.js';

export async function withSecondaryIndexesDropped(db: Database, table: string, load: () => Promise<void>, log: (s: string) => void) {
  const defs = (
    await sql<{ name: string; def: string }>`
      SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = ${table}::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
      ORDER BY i.relname`.execute(db)
  ).rows;
  for (const d of defs) await sql`DROP INDEX ${sql.id(d.name)}`.execute(db);
  try {
    await load();
  } finally {
    // Two at a time: the machine has two cores and each build is single-threaded.
    const queue = [...defs];
    const worker = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const t = Date.now();
        await sql.raw(d.def).execute(db);
        log(`index ${d.name} rebuilt in ${Math.round((Date.now() - t) / 1000)} s`);
      }
    };
    await Promise.all([worker(), worker()]);
  }
}
