// `npm run db:types`: migrates a scratch embedded PostgreSQL and writes src/server/db/schema.ts
// from its catalogue (src/server/db/schema-gen.ts). Run it after adding a migration.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/server/db/database.js';
import { startEmbedded } from '../src/server/db/embedded.js';
import { migrate } from '../src/server/db/migrate.js';
import { readColumns, renderSchema } from '../src/server/db/schema-gen.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'clientela-db-types-'));
const pg = await startEmbedded({ dataDir: tmp });
const { db } = openDatabase({ url: pg.url });
try {
  await migrate(db);
  const file = path.resolve(import.meta.dirname, '../src/server/db/schema.ts');
  writeFileSync(file, renderSchema(await readColumns(db)));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
} finally {
  await db.destroy();
  await pg.stop();
  rmSync(tmp, { recursive: true, force: true });
}
