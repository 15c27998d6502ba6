// A fresh, migrated database per test file on the run's server (scripts/test.ts).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { ensureBuiltinRoles } from '../modules/access/roles.service.js';

export type TestDb = { db: Database; pool: pg.Pool; url: string; drop: () => Promise<void> };

export function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`');
  return url;
}

export async function createTestDb(opts: { schema?: string; name?: string } = {}): Promise<TestDb> {
  const base = new URL(serverUrl());
  const name = opts.name ?? `clientela_t_${randomBytes(5).toString('hex')}`;
  if (!opts.name) {
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const { db, pool } = openDatabase({ url: url.toString(), schema: opts.schema });
  await migrate(db, opts.schema);
  await ensureBuiltinRoles(db);
  return {
    db,
    pool,
    url: url.toString(),
    drop: async () => {
      await db.destroy();
      if (opts.name) return;
      const admin = new pg.Client({ connectionString: base.toString() });
      await admin.connect();
      try {
        // FORCE cannot end an autovacuum worker (it belongs to the superuser): retry until it is done
        for (let attempt = 0; ; attempt++) {
          try {
            await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            break;
          } catch (e) {
            if (attempt >= 50 || !['42501', '55006'].includes((e as { code?: string }).code ?? '')) throw e;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      } finally {
        await admin.end();
      }
    },
  };
}
