// The committed SQL snapshots (src/server/queries/*.sql) are what the code sends today: each is
// compiled again here, in memory, and compared with its file.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { renderQueries } from './db/query-snapshots.js';

const dir = path.join(import.meta.dirname, 'queries');
const HINT = 'run `npm run db:queries` and commit src/server/queries/';

describe('SQL snapshots of the hot statements', () => {
  const files = renderQueries();

  for (const [name, text] of files) {
    it(`src/server/queries/${name} is what the code sends`, () => {
      const file = path.join(dir, name);
      assert.ok(existsSync(file), `src/server/queries/${name} is missing: ${HINT}`);
      assert.equal(readFileSync(file, 'utf8'), text, `src/server/queries/${name} differs from the statement the code sends: ${HINT}`);
    });
  }

  it('holds no snapshot of a statement no longer listed', () => {
    const stale = readdirSync(dir).filter((n) => n.endsWith('.sql') && !files.has(n));
    assert.deepEqual(stale, [], `stale snapshots: ${HINT}`);
  });
});
