// Opens the store the way the configuration says: DATABASE_URL (server mode) or the embedded
// PostgreSQL in CLIENTELA_DATA_DIR. Then migrates and makes sure the built-in roles exist.
import type pg from 'pg';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { startEmbedded, type EmbeddedHandle } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { ensureBuiltinRoles } from './modules/access/roles.service.js';

export type Runtime = { db: Database; pool: pg.Pool; url: string; embedded?: EmbeddedHandle; close: () => Promise<void> };

export async function openRuntime(config: Config, log: (line: string) => void = () => {}, poolSize?: number): Promise<Runtime> {
  let embedded: EmbeddedHandle | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbedded({ dataDir: config.dataDir, log });
    url = embedded.url;
  }
  const { db, pool } = openDatabase({ url, schema: config.schema, poolSize });
  try {
    const applied = await migrate(db, config.schema);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    await ensureBuiltinRoles(db);
  } catch (e) {
    await db.destroy();
    await embedded?.stop();
    throw e;
  }
  let closed = false;
  return {
    db,
    pool,
    url,
    embedded,
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      await embedded?.stop();
    },
  };
}
