// A change and its audit row are one transaction: when the audit row cannot be written, the change
// is not stored either. A trigger makes every INSERT into audit_log fail while an operation runs;
// the answer must be an error and the data must read as before.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type ApiClient, type Res, type TestApp } from './testing/test-app.js';

let t: TestApp;
let admin: ApiClient;

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  await sql`CREATE FUNCTION audit_blocked() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is blocked by the test'; END $$`.execute(
    t.db,
  );
});
after(async () => {
  await sql`DROP FUNCTION IF EXISTS audit_blocked() CASCADE`.execute(t.db);
  await t.close();
});

/** Runs `write` while no audit row can be stored; it must be refused. */
async function withAuditBlocked(write: () => Promise<Res>): Promise<Res> {
  await sql`CREATE TRIGGER audit_blocked BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_blocked()`.execute(t.db);
  try {
    const r = await write();
    assert.ok(r.status >= 400, `expected a refusal, got ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  } finally {
    await sql`DROP TRIGGER audit_blocked ON audit_log`.execute(t.db);
  }
}

const ok = (r: Res, status = 200) => {
  assert.equal(r.status, status, JSON.stringify(r.body));
  return r.body;
};
const count = async (table: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.db)).rows[0]!.n);

describe('catalog', () => {
  it('product groups: create and rename', async () => {
    await withAuditBlocked(() => admin.post('/api/product-groups', { name: 'Blocked group' }));
    assert.ok(!ok(await admin.get('/api/product-groups')).items.some((g: { name: string }) => g.name === 'Blocked group'));
    const g = ok(await admin.post('/api/product-groups', { name: 'Teas' }), 201);
    await withAuditBlocked(() => admin.patch(`/api/product-groups/${g.id}`, { name: 'Coffees', version: g.version }));
    assert.deepEqual(
      ok(await admin.get('/api/product-groups')).items.find((x: { id: number }) => x.id === g.id),
      g,
    );
  });

  it('products: create and change', async () => {
    const before = await count('products');
    await withAuditBlocked(() => admin.post('/api/products', { name: 'Blocked product', price: '10' }));
    assert.equal(await count('products'), before);
    const p = ok(await admin.post('/api/products', { name: 'Green tea', price: '10', cost: '4' }), 201);
    await withAuditBlocked(() => admin.patch(`/api/products/${p.id}`, { name: 'Black tea', price: '12', version: p.version }));
    assert.deepEqual(ok(await admin.get(`/api/products/${p.id}`)), p);
  });

  it('price lists: create, change and prices', async () => {
    const before = await count('price_lists');
    await withAuditBlocked(() => admin.post('/api/price-lists', { name: 'Blocked list', currency: 'RUB' }));
    assert.equal(await count('price_lists'), before);
    const l = ok(await admin.post('/api/price-lists', { name: 'Wholesale', currency: 'RUB' }), 201);
    await withAuditBlocked(() => admin.patch(`/api/price-lists/${l.id}`, { name: 'Retail', currency: 'RUB', version: l.version }));
    const lists = () => admin.get('/api/price-lists').then((r) => ok(r).items.find((x: { id: number }) => x.id === l.id));
    assert.deepEqual(await lists(), { ...l, items: 0 });
    const p = ok(await admin.post('/api/products', { name: 'Listed', price: '5' }), 201);
    await withAuditBlocked(() => admin.put(`/api/price-lists/${l.id}/items`, { items: [{ productId: p.id, price: '4' }] }));
    assert.deepEqual(ok(await admin.get(`/api/price-lists/${l.id}/items`)).items, []);
    assert.deepEqual(await lists(), { ...l, items: 0 });
  });

  it('client categories: create and change', async () => {
    const before = await count('client_categories');
    await withAuditBlocked(() => admin.post('/api/client-categories', { name: 'Blocked', kind: 'fixed', discount: '5' }));
    assert.equal(await count('client_categories'), before);
    const c = ok(await admin.post('/api/client-categories', { name: 'Friends', kind: 'fixed', discount: '5' }), 201);
    await withAuditBlocked(() => admin.patch(`/api/client-categories/${c.id}`, { name: 'Family', kind: 'fixed', discount: '7', version: c.version }));
    assert.deepEqual(
      ok(await admin.get('/api/client-categories')).items.find((x: { id: number }) => x.id === c.id),
      c,
    );
  });
});

describe('settings', () => {
  it('firm settings', async () => {
    const s = ok(await admin.get('/api/settings'));
    await withAuditBlocked(() => admin.patch('/api/settings', { loyaltyPeriodDays: s.loyaltyPeriodDays + 1, timezone: 'Asia/Tokyo' }));
    assert.deepEqual(ok(await admin.get('/api/settings')), s);
  });

  it('currencies and rates', async () => {
    const before = ok(await admin.get('/api/currencies')).items;
    await withAuditBlocked(() => admin.post('/api/currencies', { code: 'XBL', name: 'Blocked' }));
    const base = ok(await admin.get('/api/settings')).baseCurrency;
    const code = before.find((c: { code: string }) => c.code !== base).code;
    await withAuditBlocked(() => admin.put(`/api/currencies/${code}/rates/2026-01-05`, { rate: '91.5' }));
    assert.deepEqual(ok(await admin.get('/api/currencies')).items, before);
  });
});

describe('departments', () => {
  it('create and rename', async () => {
    const before = ok(await admin.get('/api/departments')).items;
    await withAuditBlocked(() => admin.post('/api/departments', { name: 'Blocked department' }));
    assert.deepEqual(ok(await admin.get('/api/departments')).items, before);
    const d = ok(await admin.post('/api/departments', { name: 'Warehouse' }), 201);
    await withAuditBlocked(() => admin.patch(`/api/departments/${d.id}`, { name: 'Store', version: d.version }));
    assert.deepEqual(
      ok(await admin.get('/api/departments')).items.find((x: { id: number }) => x.id === d.id),
      d,
    );
  });
});

describe('users and roles', () => {
  it('users: create and change', async () => {
    const manager = (await t.db.selectFrom('roles').select('id').where('key', '=', 'manager').executeTakeFirstOrThrow()).id;
    const before = ok(await admin.get('/api/users')).items;
    await withAuditBlocked(() => admin.post('/api/users', { login: 'blocked', name: 'Blocked', password: 'correct-horse-battery', roleId: manager }));
    assert.deepEqual(ok(await admin.get('/api/users')).items, before);
    const u = ok(await admin.post('/api/users', { login: 'kept', name: 'Kept', password: 'correct-horse-battery', roleId: manager }), 201);
    await withAuditBlocked(() => admin.patch(`/api/users/${u.id}`, { name: 'Renamed', version: u.version }));
    assert.deepEqual(
      ok(await admin.get('/api/users')).items.find((x: { id: number }) => x.id === u.id),
      u,
    );
  });

  it('roles: create and change', async () => {
    const before = ok(await admin.get('/api/roles')).items;
    await withAuditBlocked(() => admin.post('/api/roles', { key: 'blocked', name: 'Blocked', scope: 'own', rights: { clients: { read: true } } }));
    assert.deepEqual(ok(await admin.get('/api/roles')).items, before);
    const r = ok(await admin.post('/api/roles', { key: 'cashier', name: 'Cashier', scope: 'own', rights: { clients: { read: true } } }), 201);
    await withAuditBlocked(() => admin.patch(`/api/roles/${r.id}`, { name: 'Clerk', scope: 'all', version: r.version }));
    assert.deepEqual(
      ok(await admin.get('/api/roles')).items.find((x: { id: number }) => x.id === r.id),
      r,
    );
  });
});

describe('API tokens', () => {
  it('create and revoke', async () => {
    const before = ok(await admin.get('/api/auth/tokens')).items;
    await withAuditBlocked(() => admin.post('/api/auth/tokens', { name: 'blocked' }));
    assert.deepEqual(
      ok(await admin.get('/api/auth/tokens')).items.map((x: { id: number }) => x.id),
      before.map((x: { id: number }) => x.id),
    );
    const tok = ok(await admin.post('/api/auth/tokens', { name: 'script' }), 201);
    await withAuditBlocked(() => admin.del(`/api/auth/tokens/${tok.id}`));
    assert.ok(ok(await admin.get('/api/auth/tokens')).items.some((x: { id: number }) => x.id === tok.id));
  });
});

describe('custom fields', () => {
  it('create', async () => {
    const before = ok(await admin.get('/api/custom-fields')).items;
    await withAuditBlocked(() => admin.post('/api/custom-fields', { key: 'blocked', label: 'Blocked', type: 'text' }));
    assert.deepEqual(ok(await admin.get('/api/custom-fields')).items, before);
  });
});

describe('saved views', () => {
  // a saved view is a personal preference and writes no audit row: blocking the audit changes nothing
  it('create', async () => {
    await sql`CREATE TRIGGER audit_blocked BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_blocked()`.execute(t.db);
    try {
      ok(await admin.post('/api/views', { name: 'Mine', config: { columns: [] } }), 201);
    } finally {
      await sql`DROP TRIGGER audit_blocked ON audit_log`.execute(t.db);
    }
  });
});
