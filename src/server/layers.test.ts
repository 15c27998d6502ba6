// The layer checker (scripts/check-layers.ts) on small trees written to a temporary folder — each
// rule found, the allowlist tolerated, stale entries reported, the SQL marker honoured, a clean tree
// passing — and on this repository: no violation that scripts/layers-allowlist.txt does not list.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkLayers, readAllowlist, type Violation } from '../../scripts/check-layers.js';

const tmpRoots: string[] = [];
after(() => {
  for (const d of tmpRoots) rmSync(d, { recursive: true, force: true });
});

/** A tree of source files (path relative to the root → text) in a fresh temporary folder. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'clientela-layers-'));
  tmpRoots.push(root);
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return root;
}

const keys = (vs: Violation[]) => vs.map((v) => `${v.rule} ${v.file}:${v.line}`).sort();

/** A tree that keeps every rule. */
const clean: Record<string, string> = {
  'src/server/db/database.ts': "import { sql } from 'kysely';\nexport const now = sql`now()`;\n",
  'src/server/shared/errors.ts': 'export class AppError extends Error {}\n',
  'src/server/modules/a/a.repository.ts':
    "import { sql } from 'kysely';\nexport const rows = (db: any) => db.selectFrom('a').where(sql`true`).execute();\n",
  'src/server/modules/a/a.service.ts':
    "import { rows } from './a.repository.js';\nimport { AppError } from '../../shared/errors.js';\nexport const list = (db: any) => rows(db);\nexport { AppError };\n",
  'src/server/modules/a/a.schemas.ts': 'export type A = { id: number };\n',
  'src/server/modules/b/b.service.ts': "import { list } from '../a/a.service.js';\nexport const listB = (db: any) => list(db);\n",
  'src/server/modules/b/b.test.ts':
    "import { rows } from '../a/a.repository.js';\nimport { sql } from 'kysely';\nexport const t = [rows, sql`select 1`];\n",
  'src/web/api.ts': "import type { A } from '../server/modules/a/a.schemas.js';\nexport type B = A;\n",
  'src/web/page.tsx':
    "import type { B } from './api.js';\n// sql`in a comment` and db.selectFrom( in a comment count for nothing\nexport const s = 'db.selectFrom(\"x\")';\nexport const P = (b: B) => <p>{b.id}</p>;\n",
};

describe('the layer checker on fixture trees', () => {
  it('passes a clean tree (comments and strings are not code; tests may reach into any layer)', () => {
    const res = checkLayers(tree(clean));
    assert.deepEqual(keys(res.violations), []);
    assert.deepEqual(res.stale, []);
  });

  it('finds each rule', () => {
    const root = tree({
      ...clean,
      'src/web/page.tsx': "import { list } from '../server/modules/a/a.service.js';\nexport const p = list;\n",
      'src/server/modules/b/b.service.ts': "import { rows } from '../a/a.repository.js';\nexport const listB = (db: any) => rows(db);\n",
      'src/server/shared/helper.ts': "import type { A } from '../modules/a/a.schemas.js';\nexport type H = A;\n",
      'src/server/modules/c/c.service.ts': [
        "import { sql } from 'kysely';",
        "export const one = (db: any) => db.selectFrom('c').selectAll().execute();",
        'export const two = sql<number>`select 2`;',
        "export const three = (pool: any) => pool.query('select 3');",
        "export const four = sql.raw('select 4');",
        '',
      ].join('\n'),
      'src/server/modules/c/p.ts': "import { q } from './q.js';\nexport const p = () => q;\n",
      'src/server/modules/c/q.ts': "import type { p } from './p.js';\nexport const q = 1 as unknown as typeof p;\n",
    });
    const res = checkLayers(root);
    assert.deepEqual(keys(res.violations), [
      'cycle src/server/modules/c/p.ts:1',
      'cycle src/server/modules/c/q.ts:1',
      'foreign-repository src/server/modules/b/b.service.ts:1',
      'shared-imports-module src/server/shared/helper.ts:1',
      'sql-outside-repository src/server/modules/c/c.service.ts:2',
      'sql-outside-repository src/server/modules/c/c.service.ts:3',
      'sql-outside-repository src/server/modules/c/c.service.ts:4',
      'sql-outside-repository src/server/modules/c/c.service.ts:5',
      'web-imports-server src/web/page.tsx:1',
    ]);
  });

  it('finds dynamic imports and import types too', () => {
    const root = tree({
      ...clean,
      'src/web/page.tsx': "export const load = () => import('../server/modules/a/a.service.js');\n",
      'src/web/types.ts': "export type L = typeof import('../server/modules/a/a.service.js').list;\n",
    });
    assert.deepEqual(keys(checkLayers(root).violations), ['web-imports-server src/web/page.tsx:1', 'web-imports-server src/web/types.ts:1']);
  });

  it('honours `// sql-outside-repository: reason` among the first 15 lines, and only with a reason', () => {
    const body = "import { sql } from 'kysely';\nexport const x = sql`select 1`;\n";
    const root = tree({
      ...clean,
      'src/server/modules/c/marked.ts': `// Backup reads the catalog of the server itself.\n// sql-outside-repository: pg_dump's own queries\n${body}`,
      'src/server/modules/c/bare.ts': `// sql-outside-repository:\n${body}`,
      'src/server/modules/c/late.ts': `${'//\n'.repeat(15)}// sql-outside-repository: too late\n${body}`,
    });
    assert.deepEqual(keys(checkLayers(root).violations), [
      'sql-outside-repository src/server/modules/c/bare.ts:3',
      'sql-outside-repository src/server/modules/c/late.ts:18',
    ]);
  });

  it('tolerates allowlisted `rule file` entries and reports those that no longer occur as stale', () => {
    const root = tree({
      ...clean,
      'src/server/modules/b/b.service.ts': "import { rows } from '../a/a.repository.js';\nexport const listB = (db: any) => rows(db);\n",
      'src/server/modules/c/c.service.ts': "import { sql } from 'kysely';\nexport const a = sql`1`;\nexport const b = sql`2`;\n",
      'scripts/layers-allowlist.txt': [
        '# today',
        'sql-outside-repository src/server/modules/c/c.service.ts   # two occurrences, one entry',
        'cycle src/server/modules/c/gone.ts',
        '',
      ].join('\n'),
    });
    const res = checkLayers(root, readAllowlist(path.join(root, 'scripts', 'layers-allowlist.txt')));
    assert.deepEqual(keys(res.violations), ['foreign-repository src/server/modules/b/b.service.ts:1']);
    assert.equal(res.allowed.length, 2);
    assert.deepEqual(res.stale, ['cycle src/server/modules/c/gone.ts']);
    assert.equal(res.allowlistSize, 2);
  });
});

describe('the layer checker on this repository', () => {
  it('finds no violation that scripts/layers-allowlist.txt does not list', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    const res = checkLayers(root, readAllowlist(path.join(root, 'scripts', 'layers-allowlist.txt')));
    assert.deepEqual(
      res.violations.map((v) => `${v.file}:${v.line} ${v.rule} ${v.message}`),
      [],
    );
  });
});
