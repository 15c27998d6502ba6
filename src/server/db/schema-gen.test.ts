import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../testing/test-db.js';
import { readColumns, renderSchema } from './schema-gen.js';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(async () => t.drop());

describe('the DB type', () => {
  it('declares exactly the tables and columns the migrations create (else: npm run db:types)', async () => {
    const columns = await readColumns(t.db);
    const committed = readFileSync(path.join(import.meta.dirname, 'schema.ts'), 'utf8');
    assert.equal(committed, renderSchema(columns), 'src/server/db/schema.ts is stale: run `npm run db:types` and commit it');
    assert.ok(new Set(columns.map((c) => c.table)).size >= 30);
  });

  it('a migration that adds a column, or changes its nullability, changes the type', async () => {
    const columns = await readColumns(t.db);
    const text = renderSchema(columns);
    const added = renderSchema([...columns, { table: 'clients', column: 'loyalty_note', udt: 'text', nullable: true, hasDefault: false }]);
    assert.notEqual(added, text);
    assert.match(added, /loyaltyNote: string \| null;/);
    const notNull = renderSchema(columns.map((c) => (c.table === 'clients' && c.column === 'surname' ? { ...c, nullable: false } : c)));
    assert.match(text, /surname: string \| null;/);
    assert.match(notNull, /surname: string;/);
    assert.throws(
      () => renderSchema(columns.filter((c) => !(c.table === 'roles' && c.column === 'scope'))),
      /names columns the database does not have/,
    );
  });
});
