// "The same query in raw SQL": runs a service call once on a Kysely handle that records every
// statement it sends, then replays exactly those statements (text and parameters) through pg.
// API time / replay time is then the cost of HTTP, auth, validation and JSON around the SQL.
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { DB } from '../src/server/db/schema.js';

export type Statement = { sql: string; params: readonly unknown[] };

export async function capture(pool: pg.Pool, call: (db: Kysely<DB>) => Promise<unknown>): Promise<Statement[]> {
  const out: Statement[] = [];
  // Shares the bench pool; never destroyed, so the pool stays open.
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
    log: (e) => {
      if (e.level === 'query') out.push({ sql: e.query.sql, params: e.query.parameters });
    },
  });
  await call(db);
  return out;
}

/**
 * Runs the statements in order on one connection, as the service did (Kysely logs a service's
 * own begin / commit too, so its transactions are replayed as they were).
 */
export async function replay(pool: pg.Pool, statements: Statement[]): Promise<void> {
  const client = await pool.connect();
  try {
    for (const s of statements) await client.query(s.sql, s.params as unknown[]);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
