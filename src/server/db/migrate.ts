import { sql } from 'kysely';
import type { Database } from './database.js';
import * as m001 from './migrations/001-init.js';
import * as m002 from './migrations/002-saved-views.js';
import * as m003 from './migrations/003-live-client-indexes.js';
import * as m004 from './migrations/004-sales.js';
import * as m005 from './migrations/005-user-invites.js';
import * as m007 from './migrations/007-imports.js';
import * as m008 from './migrations/008-archived-manager-index.js';
import * as m009 from './migrations/009-duplicate-gin-no-fastupdate.js';
import * as m010 from './migrations/010-sale-item-corrections-index.js';
import * as m011 from './migrations/011-sale-number-index.js';
import * as m012 from './migrations/012-sale-writes-without-key-locks.js';
import * as m013 from './migrations/013-clients-without-user-key-locks.js';
import * as m014 from './migrations/014-drop-unused-sales-employee-index.js';
import * as m015 from './migrations/015-accent-folded-search.js';
import * as m016 from './migrations/016-import-row-review.js';
import * as m017 from './migrations/017-manual-line-discounts.js';
import * as m018 from './migrations/018-interactions.js';
import * as m019 from './migrations/019-planned-events-index.js';
import * as m020 from './migrations/020-documents.js';
import * as m021 from './migrations/021-mail.js';
import * as m022 from './migrations/022-calendar-month-indexes.js';

// Plain, ordered, forward-only. Each runs in its own transaction with its bookkeeping row,
// so a crash mid-migration leaves the previous state and the migration re-runnable.
// 015's SQL carries a character table worked out from Node's Unicode data; it is built on first use.
let sql015: string | undefined;
const lazy015 = {
  name: m015.name,
  get sql() {
    return (sql015 ??= m015.buildSql());
  },
};
const migrations: { name: string; sql: string }[] = [
  m001,
  m002,
  m003,
  m004,
  m005,
  m007,
  m008,
  m009,
  m010,
  m011,
  m012,
  m013,
  m014,
  lazy015,
  m016,
  m017,
  m018,
  m019,
  m020,
  m021,
  m022,
];

export async function migrate(db: Database, schema?: string): Promise<string[]> {
  if (schema) await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db);
  // Up to date (every CLI command, every start but the first after an upgrade): two reads, no
  // transaction per migration.
  const known = await sql<{ t: string | null }>`SELECT to_regclass('clientela_migrations')::text AS t`.execute(db);
  if (known.rows[0]?.t) {
    const have = new Set((await sql<{ name: string }>`SELECT name FROM clientela_migrations`.execute(db)).rows.map((r) => r.name));
    if (migrations.every((m) => have.has(m.name))) return [];
  }
  // pg_trgm is a trusted extension: the database owner may create it. It lives in public
  // so that every firm schema in the same database can use it.
  const ext = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_trgm'`.execute(db);
  if (ext.rows[0]?.n === 0) await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`.execute(db);
  const applied: string[] = [];
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':clientela-migrate'))`.execute(trx);
    await sql.raw(MIGRATIONS_TABLE_SQL).execute(trx);
  });
  for (const m of migrations) {
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':clientela-migrate'))`.execute(trx);
      const done = await sql`SELECT 1 FROM clientela_migrations WHERE name = ${m.name}`.execute(trx);
      if (done.rows.length > 0) return;
      await sql.raw(m.sql).execute(trx);
      await sql`INSERT INTO clientela_migrations (name) VALUES (${m.name})`.execute(trx);
      applied.push(m.name);
    });
  }
  return applied;
}

export const migrationNames = migrations.map((m) => m.name);
/** The migrations in order (a restore of an older backup rebuilds that version's tables, then runs the rest). */
export const migrationSteps: readonly { name: string; sql: string }[] = migrations;
/** The bookkeeping table, as migrate() creates it. */
export const MIGRATIONS_TABLE_SQL =
  'CREATE TABLE IF NOT EXISTS clientela_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())';
