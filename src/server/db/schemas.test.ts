import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { person, startTestApp, type TestApp } from '../testing/test-app.js';

// CLIENTELA_DB_SCHEMA: two firms in two schemas of one database never see each other.
let a: TestApp;
let b: TestApp;
before(async () => {
  a = await startTestApp({ schema: 'firm_a' });
  b = await startTestApp({ schema: 'firm_b', database: new URL(a.url).pathname.slice(1) });
});
after(async () => {
  await b.close();
  await a.close();
});

describe('one firm per schema', () => {
  it('keeps every table in its own schema of the same database', async () => {
    const tables = await sql<{ schema: string; n: number }>`
      SELECT table_schema AS schema, count(*)::int AS n FROM information_schema.tables
      WHERE table_schema IN ('firm_a', 'firm_b', 'public') AND table_type = 'BASE TABLE' GROUP BY 1 ORDER BY 1`.execute(a.db);
    assert.deepEqual(
      tables.rows.map((r) => r.schema),
      ['firm_a', 'firm_b'],
    );
    assert.equal(tables.rows[0]!.n, tables.rows[1]!.n);
  });

  it('shows each firm only its own users and clients, in lists, search, cards and duplicates', async () => {
    const adminA = await a.user('admin', { login: 'boss' });
    const adminB = await b.user('admin', { login: 'boss' }); // the same login in both firms is fine
    const ca = (await adminA.post('/api/clients', person('Альфа', { channels: [{ type: 'phone', value: '+7 900 111-22-33' }] }))).body.client;
    const cb = (await adminB.post('/api/clients', person('Бета', { channels: [{ type: 'phone', value: '+7 900 111-22-33' }] }))).body;
    assert.deepEqual(cb.duplicates, [], 'a phone in firm A is no duplicate in firm B');
    assert.deepEqual(
      (await adminA.get('/api/clients')).body.items.map((c: { displayName: string }) => c.displayName),
      ['Альфа Test'],
    );
    assert.deepEqual(
      (await adminB.get('/api/clients')).body.items.map((c: { displayName: string }) => c.displayName),
      ['Бета Test'],
    );
    assert.equal((await adminB.get('/api/clients/search?q=альф')).body.items.length, 0);
    assert.equal(ca.id, cb.client.id, 'ids are per firm');
    assert.equal((await adminB.get(`/api/clients/${ca.id}`)).body.displayName, 'Бета Test');
    assert.equal((await adminA.get('/api/users')).body.items.length, 1);
  });
});
