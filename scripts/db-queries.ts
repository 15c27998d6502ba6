// `npm run db:queries`: writes the SQL of the hot statements to src/server/queries/<name>.sql
// (src/server/db/query-snapshots.ts compiles them; nothing connects to a database).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderQueries } from '../src/server/db/query-snapshots.js';

const dir = path.join(import.meta.dirname, '../src/server/queries');
mkdirSync(dir, { recursive: true });
const files = renderQueries();
// a statement no longer snapshotted leaves no stale file behind
for (const name of readdirSync(dir)) if (name.endsWith('.sql') && !files.has(name)) rmSync(path.join(dir, name));
for (const [name, text] of files) writeFileSync(path.join(dir, name), text);
console.log(`wrote ${files.size} files to src/server/queries/`);
