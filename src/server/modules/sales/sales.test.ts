import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let anna: ApiClient;
let boris: ApiClient;
let reader: ApiClient;
let dept: number;
let tea: number;
let cake: number;

const count = async (table: string) => Number((await t.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

async function clientOf(m: ApiClient, surname: string) {
  const r = await m.post('/api/clients', person(surname));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.client.id as number;
}

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  dept = await t.department('Shop');
  // anna's role is a manager's that may also give discounts by hand (explicit line discounts
  // above the automatic one need the sales.discount right); boris is a plain manager
  const manager = (await admin.get('/api/roles')).body.items.find((r: { key: string }) => r.key === 'manager');
  const cashier = await admin.post('/api/roles', {
    key: 'cashier',
    name: 'Cashier',
    scope: 'own',
    rights: { ...manager.rights, sales: { ...manager.rights.sales, discount: true } },
  });
  assert.equal(cashier.status, 201, JSON.stringify(cashier.body));
  anna = await t.user(cashier.body.id, { departmentId: dept });
  boris = await t.user('manager', { departmentId: dept });
  reader = await t.user('readonly');
  const g = (await admin.post('/api/product-groups', { name: 'Drinks' })).body.id;
  tea = (await admin.post('/api/products', { name: 'Tea', price: '9.65', cost: '4.00', groupId: g })).body.id;
  cake = (await admin.post('/api/products', { name: 'Cake', price: '100.00', unit: 'pcs' })).body.id;
});
after(async () => t.close());

describe('sales', () => {
  it('records a completed sale with an exact total, partial payment and the debt', async () => {
    const c = await clientOf(anna, 'Payer');
    const r = await anna.post('/api/sales', {
      clientId: c,
      departmentId: dept,
      items: [
        { productId: tea, quantity: '3', discount: '15' },
        { productId: cake, quantity: '1.5' },
      ],
      payments: [
        { method: 'cash', amount: '100.00' },
        { method: 'card', amount: '50' },
      ],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.items[0].amount, '24.6075'); // 9.65 × 3 × 0.85, exact
    assert.equal(r.body.items[1].amount, '150.00');
    assert.equal(r.body.total, '174.61'); // 174.6075 rounded half away from zero
    assert.equal(r.body.paid, '150.00');
    assert.equal(r.body.debt, '24.61');
    assert.equal(r.body.status, 'completed');
    const pay = await anna.post(`/api/sales/${r.body.id}/payments`, { payments: [{ method: 'transfer', amount: '24.61' }] });
    assert.equal(pay.body.debt, '0.00');
    const over = await anna.post(`/api/sales/${r.body.id}/payments`, { payments: [{ method: 'cash', amount: '0.01' }] });
    assert.equal(over.status, 400);
    assert.equal(over.body.error.details[0].field, 'payments.0.amount');
  });

  it('quotes a would-be sale with the same exact amounts as the sale, and saves nothing', async () => {
    const c = await clientOf(anna, 'Quoted');
    const before = await count('sales');
    const q = await anna.post('/api/sales/quote', {
      clientId: c,
      items: [
        { productId: tea, quantity: '3', discount: '15' },
        { productId: cake, quantity: '1.5' },
      ],
    });
    assert.equal(q.status, 200, JSON.stringify(q.body));
    assert.deepEqual(Object.keys(q.body).sort(), ['baseTotal', 'bonusBalance', 'currency', 'items', 'rate', 'subtotal', 'total']);
    assert.deepEqual(
      q.body.items.map((i: { amount: string; discount: string }) => [i.amount, i.discount]),
      [
        ['24.6075', '15'],
        ['150.00', '0'],
      ],
    );
    assert.equal(q.body.total, '174.61');
    assert.equal(await count('sales'), before);
    // the response schema is in the OpenAPI document
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const quote = JSON.parse(doc.body).paths['/api/sales/quote'].post.responses['200'];
    assert.ok(JSON.stringify(quote).includes('bonusBalance'));
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const c = await clientOf(anna, 'Nothing');
    const before = [await count('sales'), await count('sale_items'), await count('sale_payments'), await count('sale_facts')];
    const cases: [unknown, string][] = [
      [{ clientId: c, departmentId: dept, items: [{ productId: tea, quantity: '1.0001' }] }, 'items.0.quantity'],
      [{ clientId: c, departmentId: dept, items: [{ productId: tea, quantity: '0' }] }, 'items.0.quantity'],
      [{ clientId: c, departmentId: dept, items: [{ productId: tea, quantity: '1', price: '1.00001' }] }, 'items.0.price'],
      [{ clientId: c, departmentId: dept, items: [{ productId: tea, quantity: '1', discount: '101' }] }, 'items.0.discount'],
      [{ clientId: c, departmentId: dept, items: [{ productId: 999999, quantity: '1' }] }, 'items.0.productId'],
      [{ clientId: c, departmentId: 999999, items: [{ productId: tea, quantity: '1' }] }, 'departmentId'],
      [
        { clientId: c, departmentId: dept, items: [{ productId: tea, quantity: '1' }], payments: [{ method: 'cash', amount: '100' }] },
        'payments.0.amount',
      ],
      [{ clientId: c, departmentId: dept, items: [{ productId: tea, quantity: '1' }], payments: [{ method: 'bonus', amount: '1' }] }, 'payments'],
      [{ clientId: c, departmentId: dept, currency: 'USD', items: [{ productId: tea, quantity: '1' }] }, 'currency'],
    ];
    for (const [body, field] of cases) {
      const r = await anna.post('/api/sales', body);
      assert.ok(r.status === 400 || r.status === 409, `${field}: ${r.status}`);
      assert.ok(JSON.stringify(r.body.error.details).includes(field), `${field}: ${JSON.stringify(r.body)}`);
    }
    assert.deepEqual([await count('sales'), await count('sale_items'), await count('sale_payments'), await count('sale_facts')], before);
  });

  it('keeps sales inside the scope: another manager can neither sell to nor see the client', async () => {
    const c = await clientOf(anna, 'Private');
    const s = await anna.post('/api/sales', { clientId: c, departmentId: dept, items: [{ productId: cake, quantity: '1' }] });
    assert.equal((await boris.post('/api/sales', { clientId: c, departmentId: dept, items: [{ productId: cake, quantity: '1' }] })).status, 404);
    assert.equal((await boris.get(`/api/sales/${s.body.id}`)).status, 404);
    assert.ok(!(await boris.get('/api/sales?limit=500')).body.items.some((x: { id: number }) => x.id === s.body.id));
    assert.equal((await boris.post(`/api/sales/${s.body.id}/cancel`, { version: s.body.version })).status, 404);
    assert.equal((await reader.post('/api/sales', { clientId: c, departmentId: dept, items: [{ productId: cake, quantity: '1' }] })).status, 403);
    assert.equal((await reader.get(`/api/sales/${s.body.id}`)).status, 200);
    assert.equal(
      (await anna.post('/api/sales', { clientId: c, departmentId: dept, employeeId: boris.userId, items: [{ productId: cake, quantity: '1' }] }))
        .status,
      403,
    );
  });

  it('a completed sale is immutable; a draft is edited with its version and completed later', async () => {
    const c = await clientOf(anna, 'Drafty');
    const d = await anna.post('/api/sales', { clientId: c, departmentId: dept, status: 'preorder', items: [{ productId: cake, quantity: '1' }] });
    assert.equal(d.body.status, 'preorder');
    assert.equal(await factsOf(d.body.id), 0);
    const e = await anna.patch(`/api/sales/${d.body.id}`, { version: d.body.version, items: [{ productId: cake, quantity: '2' }] });
    assert.equal(e.body.total, '200.00');
    assert.equal((await anna.patch(`/api/sales/${d.body.id}`, { version: d.body.version, items: [{ productId: cake, quantity: '3' }] })).status, 409);
    const done = await anna.post(`/api/sales/${d.body.id}/complete`, { version: e.body.version, payments: [{ method: 'card', amount: '200' }] });
    assert.equal(done.body.status, 'completed');
    assert.equal(await factsOf(d.body.id), 1);
    const edit = await anna.patch(`/api/sales/${d.body.id}`, { version: done.body.version, items: [{ productId: cake, quantity: '1' }] });
    assert.equal(edit.status, 409);
    assert.equal(edit.body.error.code, 'INVALID_STATE');
  });

  it('cancelling a completed sale reverses money, points and report facts, keeping the history', async () => {
    const cat = await admin.post('/api/client-categories', { name: 'Club', kind: 'fixed', discount: '10', bonus: '5' });
    const c = await clientOf(anna, 'Canceller');
    assert.equal((await admin.patch(`/api/clients/${c}/terms`, { categoryId: cat.body.id })).status, 200);
    const s = await anna.post('/api/sales', {
      clientId: c,
      departmentId: dept,
      items: [{ productId: cake, quantity: '2' }],
      payments: [{ method: 'cash', amount: '180' }],
    });
    assert.equal(s.body.items[0].discount, '10');
    assert.equal(s.body.total, '180.00');
    assert.equal(s.body.bonusAccrued, '9.00');
    assert.equal((await anna.get(`/api/clients/${c}/bonus`)).body.balance, '9.00');
    // spend 4 points on the next sale
    const s2 = await anna.post('/api/sales', {
      clientId: c,
      departmentId: dept,
      items: [{ productId: tea, quantity: '1' }],
      payments: [{ method: 'bonus', amount: '4' }],
    });
    assert.equal(s2.status, 201, JSON.stringify(s2.body));
    assert.equal((await anna.get(`/api/clients/${c}/bonus`)).body.balance, '5.23'); // 9 − 4 + 5 % of (8.685 − 4) = 0.23425 → 0.23
    const x = await anna.post(`/api/sales/${s.body.id}/cancel`, { version: s.body.version, reason: 'mistake' });
    assert.equal(x.status, 409, 'points already spent: the reversal would go below zero');
    assert.equal(x.body.error.code, 'BONUS_INSUFFICIENT');
    const y = await anna.post(`/api/sales/${s2.body.id}/cancel`, { version: s2.body.version });
    assert.equal(y.body.status, 'cancelled');
    assert.equal(y.body.paid, '0.00');
    assert.equal((await anna.get(`/api/clients/${c}/bonus`)).body.balance, '9.00');
    const z = await anna.post(`/api/sales/${s.body.id}/cancel`, { version: s.body.version });
    assert.equal(z.body.status, 'cancelled');
    assert.equal((await anna.get(`/api/clients/${c}/bonus`)).body.balance, '0.00');
    const facts = await t.pool.query('SELECT sum(amount)::text AS s FROM sale_facts WHERE sale_id = $1', [s.body.id]);
    assert.equal(facts.rows[0].s, '0');
    const h = await anna.get(`/api/clients/${c}/health`);
    assert.equal(h.body.purchases, 0);
    assert.equal(h.body.revenue, '0.00');
  });

  it('returns part of a sale at its prices, refunds and takes back the points share', async () => {
    const cat = await admin.post('/api/client-categories', { name: 'Bonus 10', kind: 'fixed', discount: '0', bonus: '10' });
    const c = await clientOf(anna, 'Returner');
    await admin.patch(`/api/clients/${c}/terms`, { categoryId: cat.body.id });
    const s = await anna.post('/api/sales', {
      clientId: c,
      departmentId: dept,
      items: [{ productId: cake, quantity: '4' }],
      payments: [{ method: 'card', amount: '400' }],
    });
    assert.equal(s.body.bonusAccrued, '40.00');
    const r = await anna.post(`/api/sales/${s.body.id}/return`, { items: [{ itemId: s.body.items[0].id, quantity: '1' }], refund: 'card' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.kind, 'return');
    assert.equal(r.body.total, '-100.00');
    assert.equal(r.body.paid, '-100.00');
    assert.equal(r.body.bonusAccrued, '-10.00');
    assert.equal((await anna.get(`/api/clients/${c}/bonus`)).body.balance, '30.00');
    const tooMany = await anna.post(`/api/sales/${s.body.id}/return`, { items: [{ itemId: s.body.items[0].id, quantity: '3.001' }], refund: 'card' });
    assert.equal(tooMany.status, 400);
    const h = (await anna.get(`/api/clients/${c}/health`)).body;
    assert.equal(h.revenue, '300.00');
    assert.equal(h.purchases, 1);
    assert.equal(h.debt, '0.00');
    assert.equal(h.status, 'active');
    assert.deepEqual((await anna.get(`/api/sales/${s.body.id}`)).body.returnIds, [r.body.id]);
  });

  it("price lists set default prices; cumulative tiers follow purchases; currencies convert at the day's rate", async () => {
    const pl = await admin.post('/api/price-lists', { name: 'Wholesale', currency: 'RUB' });
    await admin.put(`/api/price-lists/${pl.body.id}/items`, { items: [{ productId: cake, price: '80.00' }] });
    await admin.post('/api/client-categories', { name: 'Bronze', kind: 'cumulative', discount: '3', minPurchases: '0' });
    await admin.post('/api/client-categories', { name: 'Silver', kind: 'cumulative', discount: '5', minPurchases: '500' });
    const c = await clientOf(anna, 'Wholesaler');
    await admin.patch(`/api/clients/${c}/terms`, { priceListId: pl.body.id });
    const s1 = await anna.post('/api/sales', { clientId: c, departmentId: dept, items: [{ productId: cake, quantity: '10' }] });
    assert.equal(s1.body.items[0].price, '80.00');
    assert.equal(s1.body.items[0].discount, '0'); // no category yet
    assert.equal((await anna.get(`/api/clients/${c}/terms`)).body.categoryName, 'Silver'); // 800 ≥ 500
    const s2 = await anna.post('/api/sales', { clientId: c, departmentId: dept, items: [{ productId: cake, quantity: '1' }] });
    assert.equal(s2.body.items[0].discount, '5');
    // USD at 90.5 from a day on
    assert.equal((await admin.put('/api/currencies/USD/rates/2026-01-01', { rate: '90.5' })).status, 200);
    const u = await anna.post('/api/sales', {
      clientId: c,
      departmentId: dept,
      currency: 'USD',
      soldAt: '2026-03-01T10:00:00Z',
      items: [{ productId: cake, quantity: '1', price: '1.25', discount: '0' }],
    });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    assert.equal(u.body.total, '1.25');
    assert.equal(u.body.baseTotal, '113.125');
    assert.equal(u.body.rate, '90.5');
    const early = await anna.post('/api/sales', {
      clientId: c,
      departmentId: dept,
      currency: 'USD',
      soldAt: '2025-12-31T10:00:00Z',
      items: [{ productId: cake, quantity: '1', price: '1' }],
    });
    assert.equal(early.status, 400);
  });

  it('keeps null as null in the body (not an empty string)', async () => {
    const c = await clientOf(anna, 'Nulls');
    const s = await anna.post('/api/sales', {
      clientId: c,
      departmentId: dept,
      number: null,
      notes: null,
      items: [{ productId: cake, quantity: '1' }],
    });
    assert.equal(s.status, 201, JSON.stringify(s.body));
    assert.equal(s.body.number, null);
    assert.equal(s.body.notes, null);
  });

  it('answers a new sale with exactly what GET /api/sales/:id shows (the answer is built from what was written, not read back)', async () => {
    const cat = await admin.post('/api/client-categories', { name: 'Echo', kind: 'fixed', discount: '2', bonus: '5' });
    const pl = await admin.post('/api/price-lists', { name: 'Echo list', currency: 'RUB' });
    await admin.put(`/api/price-lists/${pl.body.id}/items`, { items: [{ productId: tea, price: '7.77' }] });
    await admin.put('/api/currencies/USD/rates/2026-01-01', { rate: '90.5' });
    const c = await clientOf(anna, 'Echo');
    await admin.patch(`/api/clients/${c}/terms`, { categoryId: cat.body.id, priceListId: pl.body.id });
    const plain = await clientOf(anna, 'Echo plain');
    const bodies = [
      // price list, category discount, points accrued in the sale's own statement, two payments
      {
        clientId: c,
        departmentId: dept,
        items: [
          { productId: tea, quantity: '3' },
          { productId: cake, quantity: '1.5', discount: '15' },
        ],
        payments: [
          { method: 'cash', amount: '100' },
          { method: 'card', amount: '20.5' },
        ],
      },
      // paid partly with points: the redemption, then the accrual, as statements of their own
      {
        clientId: c,
        departmentId: dept,
        items: [{ productId: cake, quantity: '1' }],
        payments: [
          { method: 'bonus', amount: '1.00' },
          { method: 'cash', amount: '50' },
        ],
      },
      // another currency at the day's rate, a number, notes, a time of sale
      {
        clientId: plain,
        departmentId: dept,
        currency: 'USD',
        soldAt: '2026-03-01T10:00:00.123Z',
        number: 'E-1',
        notes: 'Записка',
        items: [{ productId: cake, quantity: '2', price: '1.25' }],
      },
      // a draft, no payments
      { clientId: plain, departmentId: dept, status: 'draft', items: [{ productId: tea, quantity: '0.333' }] },
    ];
    for (const [i, body] of bodies.entries()) {
      const r = await anna.post('/api/sales', body);
      assert.equal(r.status, 201, `${i}: ${JSON.stringify(r.body)}`);
      assert.deepEqual(r.body, (await anna.get(`/api/sales/${r.body.id}`)).body, `sale ${i}`);
    }
    // an administrator records a sale made by a manager
    const byOther = await admin.post('/api/sales', {
      clientId: plain,
      departmentId: dept,
      employeeId: anna.userId,
      items: [{ productId: cake, quantity: '1' }],
    });
    assert.equal(byOther.status, 201, JSON.stringify(byOther.body));
    assert.deepEqual(byOther.body, (await admin.get(`/api/sales/${byOther.body.id}`)).body);
    assert.notEqual(byOther.body.employeeName, '');
  });

  it('a sale whose product is deleted while it is written fails whole (no foreign key guards it: migration 012)', async () => {
    const c = await clientOf(anna, 'Racer');
    const gone = (await admin.post('/api/products', { name: 'Short-lived', price: '5.00' })).body.id;
    const before = await count('sales');
    // what the undo of a products import does: lock sale_items, check, delete, commit
    const undo = await t.pool.connect();
    try {
      await undo.query('BEGIN');
      await undo.query('LOCK TABLE sale_items IN SHARE MODE');
      await undo.query('DELETE FROM products WHERE id = $1', [gone]);
      // the sale is priced (the delete is not committed yet) and then waits for the lock to write its lines
      const sale = anna.post('/api/sales', {
        clientId: c,
        departmentId: dept,
        items: [
          { productId: tea, quantity: '1' },
          { productId: gone, quantity: '1' },
        ],
      });
      let waited = false;
      for (let i = 0; i < 500 && !waited; i++) {
        const waiting = await t.pool.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO sales%'",
        );
        waited = waiting.rows[0].n > 0;
        if (!waited) await new Promise((r) => setTimeout(r, 20));
      }
      await undo.query('COMMIT');
      assert.ok(waited, 'the sale waited for the lock with its product already priced');
      const r = await sale;
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error.details[0].field, 'items');
    } finally {
      undo.release();
    }
    assert.equal(await count('sales'), before, 'nothing of the sale was written');
    const orphans = await t.pool.query(
      'SELECT count(*)::int AS n FROM sale_items i WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.id = i.product_id)',
    );
    assert.equal(orphans.rows[0].n, 0);
  });

  it("dates follow the firm's time zone", async () => {
    await admin.patch('/api/settings', { timezone: 'Asia/Vladivostok' });
    const c = await clientOf(anna, 'Nightowl');
    const s = await anna.post('/api/sales', {
      clientId: c,
      departmentId: dept,
      soldAt: '2026-05-31T20:30:00Z',
      items: [{ productId: cake, quantity: '1' }],
    });
    assert.equal(s.body.day, '2026-06-01');
    await admin.patch('/api/settings', { timezone: 'UTC' });
    assert.equal((await admin.patch('/api/settings', { timezone: 'Mars/Olympus' })).status, 400);
    assert.equal((await anna.patch('/api/settings', { timezone: 'UTC' })).status, 403);
  });
});

async function factsOf(saleId: number) {
  return Number((await t.pool.query('SELECT count(*) FROM sale_facts WHERE sale_id = $1', [saleId])).rows[0].count);
}

// A firm without cumulative tiers records a sale without a transaction of its own: one read, then
// one statement that writes everything (createSale). What the client's lock used to guard, the
// statement must guard by itself.
describe('a sale written at once (no tiers: one read, then one statement)', () => {
  let u: TestApp;
  let boss: ApiClient;
  let seller: ApiClient;
  let shop: number;
  let milk: number;
  before(async () => {
    u = await startTestApp();
    boss = await u.user('admin');
    shop = await u.department('Dairy');
    seller = await u.user('manager', { departmentId: shop });
    milk = (await boss.post('/api/products', { name: 'Milk', price: '10.00' })).body.id;
  });
  after(async () => u.close());
  const rows = async (table: string) => Number((await u.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
  const buyer = async (surname: string) => (await seller.post('/api/clients', person(surname))).body.client.id as number;
  type Query = (text: string, values?: unknown[]) => Promise<unknown>;
  /**
   * In a transaction of its own: `hold` takes a lock, then a sale starts and is let to wait for
   * that transaction (seen from pg_blocking_pids), then `change` runs and the transaction commits.
   */
  async function whileWriting(
    hold: (q: Query) => Promise<unknown>,
    sale: () => Promise<{ status: number; body: any }>,
    change: (q: Query) => Promise<unknown> = async () => {},
  ) {
    const other = await u.pool.connect();
    try {
      const q: Query = (text, values) => other.query(text, values);
      const pid = (await other.query('SELECT pg_backend_pid() AS p')).rows[0].p;
      await other.query('BEGIN');
      await hold(q);
      const pending = sale();
      let waited = false;
      for (let i = 0; i < 500 && !waited; i++) {
        const w = await u.pool.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid]);
        waited = w.rows[0].n > 0;
        if (!waited) await new Promise((r) => setTimeout(r, 20));
      }
      await change(q);
      await other.query('COMMIT');
      assert.ok(waited, 'the sale was read and priced, and waited to write');
      return await pending;
    } finally {
      await other.query('ROLLBACK').catch(() => {}); // nothing open goes back to the pool when a check fails
      other.release();
    }
  }

  it('is not held up by an edit of its client in progress (an edit locks the row FOR NO KEY UPDATE, the sale FOR KEY SHARE)', async () => {
    const c = await buyer('Edited');
    const other = await u.pool.connect();
    try {
      await other.query('BEGIN');
      // what an edit or an archive through the API holds until it commits (clients.repository lockVisible)
      await other.query('SELECT id FROM clients WHERE id = $1 FOR NO KEY UPDATE', [c]);
      await other.query("UPDATE clients SET notes = 'on the phone' WHERE id = $1", [c]);
      const timeout = new Promise<'waited'>((r) => setTimeout(() => r('waited'), 5000).unref());
      const r = await Promise.race([
        seller.post('/api/sales', { clientId: c, departmentId: shop, items: [{ productId: milk, quantity: '2' }] }),
        timeout,
      ]);
      assert.notEqual(r, 'waited', 'the sale waited for the edit of its client');
      assert.equal((r as { status: number }).status, 201);
      await other.query('COMMIT');
    } finally {
      await other.query('ROLLBACK').catch(() => {});
      other.release();
    }
  });

  it('a client deleted while its sale waits (the delete locks the client, then cascades to its bonus account): 404, no deadlock, nothing written', async () => {
    const cat = await boss.post('/api/client-categories', { name: 'Points 5', kind: 'fixed', discount: '0', bonus: '5' });
    const c = await buyer('Deleted with points');
    assert.equal((await boss.patch(`/api/clients/${c}/terms`, { categoryId: cat.body.id })).status, 200);
    await u.pool.query('INSERT INTO bonus_accounts (client_id, balance, version) VALUES ($1, 0, 1)', [c]);
    const before = [await rows('sales'), await rows('bonus_movements'), await rows('audit_log')];
    const r = await whileWriting(
      (q) => q('SELECT id FROM clients WHERE id = $1 FOR UPDATE', [c]),
      () => seller.post('/api/sales', { clientId: c, departmentId: shop, items: [{ productId: milk, quantity: '1' }] }),
      (q) => q('DELETE FROM clients WHERE id = $1', [c]),
    );
    assert.equal(r.status, 404, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'CLIENT_NOT_FOUND');
    assert.deepEqual([await rows('sales'), await rows('bonus_movements'), await rows('audit_log')], before);
  });

  it('a product deleted between the read and the write: no sale at all', async () => {
    const c = await buyer('Late product');
    const gone = (await boss.post('/api/products', { name: 'Seasonal', price: '3.00' })).body.id;
    const before = [await rows('sales'), await rows('sale_items'), await rows('sale_payments'), await rows('sale_facts'), await rows('audit_log')];
    const r = await whileWriting(
      (q) => q('LOCK TABLE sale_items IN SHARE MODE').then(() => q('DELETE FROM products WHERE id = $1', [gone])),
      () =>
        seller.post('/api/sales', {
          clientId: c,
          departmentId: shop,
          items: [
            { productId: milk, quantity: '1' },
            { productId: gone, quantity: '1' },
          ],
          payments: [{ method: 'cash', amount: '13' }],
        }),
    );
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.details[0].field, 'items');
    assert.deepEqual(
      [await rows('sales'), await rows('sale_items'), await rows('sale_payments'), await rows('sale_facts'), await rows('audit_log')],
      before,
    );
  });

  it('a client deleted between the read and the write: 404 CLIENT_NOT_FOUND, nothing written', async () => {
    const c = await buyer('Vanishing');
    const before = [await rows('sales'), await rows('sale_items'), await rows('audit_log')];
    const r = await whileWriting(
      (q) => q('LOCK TABLE sale_items IN SHARE MODE').then(() => q('DELETE FROM clients WHERE id = $1', [c])),
      () => seller.post('/api/sales', { clientId: c, departmentId: shop, items: [{ productId: milk, quantity: '1' }] }),
    );
    assert.equal(r.status, 404, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'CLIENT_NOT_FOUND');
    assert.deepEqual([await rows('sales'), await rows('sale_items'), await rows('audit_log')], before);
  });

  it('a role that may record sales but not read them is refused before anything is written', async () => {
    const role = await boss.post('/api/roles', {
      key: 'blind-cashier',
      name: 'Blind cashier',
      scope: 'all',
      rights: { clients: { read: true }, sales: { create: true } },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const cashier = await u.user(role.body.role?.id ?? role.body.id, { departmentId: shop });
    const c = await buyer('Unseen');
    const created = async () => Number((await u.pool.query("SELECT count(*) FROM audit_log WHERE action = 'sale.created'")).rows[0].count);
    const before = [await rows('sales'), await rows('sale_facts'), await created()];
    const r = await cashier.post('/api/sales', { clientId: c, departmentId: shop, items: [{ productId: milk, quantity: '1' }] });
    assert.equal(r.status, 403, JSON.stringify(r.body));
    assert.deepEqual([await rows('sales'), await rows('sale_facts'), await created()], before);
  });

  it('concurrent sales to one client each add their points: the balance is their sum, every movement in order', async () => {
    const cat = await boss.post('/api/client-categories', { name: 'Points 10', kind: 'fixed', discount: '0', bonus: '10' });
    const c = await buyer('Regular');
    assert.equal((await boss.patch(`/api/clients/${c}/terms`, { categoryId: cat.body.id })).status, 200);
    const sales = await Promise.all(
      Array.from({ length: 12 }, (_, k) =>
        seller.post('/api/sales', {
          clientId: c,
          departmentId: shop,
          items: [{ productId: milk, quantity: String(k + 1) }],
          payments: [{ method: 'card', amount: String(10 * (k + 1)) }],
        }),
      ),
    );
    for (const s of sales) assert.equal(s.status, 201, JSON.stringify(s.body));
    // 10 % of 10 + 20 + … + 120 = 78.00
    assert.equal((await seller.get(`/api/clients/${c}/bonus`)).body.balance, '78.00');
    const moves = await u.pool.query('SELECT amount::bigint AS a, balance_after::bigint AS b FROM bonus_movements WHERE client_id = $1 ORDER BY id', [
      c,
    ]);
    assert.equal(moves.rows.length, 12);
    let running = 0n;
    for (const m of moves.rows) {
      running += BigInt(m.a);
      assert.equal(BigInt(m.b), running, 'each movement shows the balance after it');
    }
  });

  describe('a discount by hand on one line', () => {
    const sell = (who: ApiClient, clientId: number, items: unknown[]) => who.post('/api/sales', { clientId, departmentId: dept, items });

    it('is refused (403, the line named) to a role without the right, and nothing is written; a lower explicit discount needs no right', async () => {
      const c = await clientOf(boris, 'No discounts');
      const before = [await count('sales'), await count('sale_items')];
      for (const [items, field] of [
        [
          [
            { productId: cake, quantity: '1' },
            { productId: tea, quantity: '1', manualDiscount: '5' },
          ],
          'items.1.manualDiscount',
        ],
        [[{ productId: tea, quantity: '1', manualDiscount: '0.01', manualDiscountKind: 'amount' }], 'items.0.manualDiscount'],
        [[{ productId: tea, quantity: '1', discount: '15' }], 'items.0.discount'],
      ] as const) {
        for (const r of [await sell(boris, c, [...items]), await boris.post('/api/sales/quote', { clientId: c, items })]) {
          assert.equal(r.status, 403, JSON.stringify(r.body));
          assert.equal(r.body.error.code, 'FORBIDDEN');
          assert.deepEqual(
            r.body.error.details.map((d: { field: string }) => d.field),
            [field],
          );
        }
      }
      assert.deepEqual([await count('sales'), await count('sale_items')], before);
      const zero = await sell(boris, c, [{ productId: tea, quantity: '1', discount: '0', manualDiscount: '0' }]);
      assert.equal(zero.status, 201, JSON.stringify(zero.body));
    });

    it("stays within the role's maximum, compared exactly (400 on that line above it)", async () => {
      const manager = (await admin.get('/api/roles')).body.items.find((r: { key: string }) => r.key === 'manager');
      const role = await admin.post('/api/roles', {
        key: 'capped',
        name: 'Capped',
        scope: 'own',
        maxDiscount: '10',
        rights: { ...manager.rights, sales: { ...manager.rights.sales, discount: true } },
      });
      assert.equal(role.status, 201, JSON.stringify(role.body));
      assert.equal(role.body.maxDiscount, '10');
      const vera = await t.user(role.body.id, { departmentId: dept });
      assert.equal((await vera.get('/api/auth/me')).body.role.maxDiscount, '10');
      // tea 9.65 × 3 = 28.95: 10 % is 2.895 exactly (a new client each time: an earlier test's
      // cumulative tiers give a client a discount after their first sale)
      for (const [d, kind, status] of [
        ['10', 'percent', 201],
        ['10.01', 'percent', 400],
        ['2.895', 'amount', 201],
        ['2.8951', 'amount', 400],
      ] as const) {
        const r = await sell(vera, await clientOf(vera, `Capped ${d}`), [
          { productId: cake, quantity: '1' },
          { productId: tea, quantity: '3', manualDiscount: d, manualDiscountKind: kind },
        ]);
        assert.equal(r.status, status, `${d} ${kind}: ${JSON.stringify(r.body)}`);
        if (status === 400) {
          assert.deepEqual(r.body.error.details, [{ field: 'items.1.manualDiscount', message: 'at most 10 % by hand for your role' }]);
        } else {
          assert.equal(r.body.items[1].amount, '26.055');
          assert.equal(r.body.items[1].manualAmount, '2.895');
        }
      }
      // an amount off larger than the line is refused whatever the role
      const more = await sell(anna, await clientOf(anna, 'Too much'), [
        { productId: tea, quantity: '1', manualDiscount: '9.66', manualDiscountKind: 'amount' },
      ]);
      assert.equal(more.status, 400);
      assert.deepEqual(
        more.body.error.details.map((d: { field: string }) => d.field),
        ['items.0.manualDiscount'],
      );
      // the maximum is set, shown and refused when it is not a percentage
      assert.equal((await admin.patch(`/api/roles/${role.body.id}`, { version: role.body.version, maxDiscount: '101' })).status, 400);
      const changed = await admin.patch(`/api/roles/${role.body.id}`, { version: role.body.version, maxDiscount: '12.5' });
      assert.equal(changed.body.maxDiscount, '12.5');
      assert.equal((await admin.patch(`/api/roles/${role.body.id}`, { version: changed.body.version, maxDiscount: null })).body.maxDiscount, null);
    });

    it('stays on a draft whose lines someone without the right leaves alone, and is refused when they send it', async () => {
      const c = await clientOf(boris, 'Draft with a discount');
      const d = await admin.post('/api/sales', {
        clientId: c,
        departmentId: dept,
        status: 'draft',
        items: [{ productId: cake, quantity: '1', manualDiscount: '5' }],
      });
      assert.equal(d.status, 201, JSON.stringify(d.body));
      const noted = await boris.patch(`/api/sales/${d.body.id}`, { version: d.body.version, notes: 'call first' });
      assert.equal(noted.status, 200, JSON.stringify(noted.body));
      assert.deepEqual([noted.body.items[0].manualDiscount, noted.body.items[0].amount], ['5', '95.00']);
      const lines = await boris.patch(`/api/sales/${d.body.id}`, {
        version: noted.body.version,
        items: [{ productId: cake, quantity: '2', manualDiscount: '5' }],
      });
      assert.equal(lines.status, 403);
    });

    it('is granted by nobody above their own maximum', async () => {
      const boss = await admin.post('/api/roles', {
        key: 'discount-boss',
        name: 'Discount boss',
        scope: 'own',
        maxDiscount: '10',
        rights: { roles: { read: true, create: true }, sales: { read: true, create: true, discount: true } },
      });
      assert.equal(boss.status, 201, JSON.stringify(boss.body));
      const b = await t.user(boss.body.id);
      const role = (key: string, maxDiscount: string | null | undefined) =>
        b.post('/api/roles', {
          key,
          name: key,
          scope: 'own',
          rights: { sales: { read: true, create: true, discount: true } },
          ...(maxDiscount !== undefined ? { maxDiscount } : {}),
        });
      assert.equal((await role('wider-max', '20')).status, 403);
      assert.equal((await role('no-max', null)).status, 403, 'no maximum is wider than 10 %');
      assert.equal((await role('no-max-given', undefined)).status, 403);
      const ok = await role('narrower-max', '5');
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.equal(ok.body.maxDiscount, '5');
    });

    it('comes after the automatic discount, exact to the ten-thousandth; the sale, its quote and its page agree; a return gives it back in proportion', async () => {
      const cat = await admin.post('/api/client-categories', { name: 'Two per cent', kind: 'fixed', discount: '2', bonus: '0' });
      const c = await clientOf(anna, 'Discounted');
      await admin.patch(`/api/clients/${c}/terms`, { categoryId: cat.body.id });
      const items = [
        { productId: tea, quantity: '3', manualDiscount: '10' },
        { productId: cake, quantity: '1.5', manualDiscount: '7', manualDiscountKind: 'amount' },
      ];
      const q = await anna.post('/api/sales/quote', { clientId: c, items });
      const s = await anna.post('/api/sales', { clientId: c, departmentId: dept, items, payments: [{ method: 'cash', amount: '165.53' }] });
      assert.equal(s.status, 201, JSON.stringify(s.body));
      // tea: 28.95 − 2 % = 28.371, − 10 % (2.8371) = 25.5339; cake: 150 − 2 % = 147, − 7.00 = 140
      const shown = (l: Record<string, string | null>) => [l.discount, l.manualDiscountKind, l.manualDiscount, l.manualAmount, l.amount];
      assert.deepEqual(s.body.items.map(shown), [
        ['2', 'percent', '10', '2.8371', '25.5339'],
        ['2', 'amount', '7.00', '7.00', '140.00'],
      ]);
      assert.deepEqual(q.body.items.map(shown), s.body.items.map(shown));
      assert.equal(s.body.total, '165.53'); // 165.5339 rounded once
      assert.equal(q.body.total, '165.53');
      assert.deepEqual(s.body, (await anna.get(`/api/sales/${s.body.id}`)).body);

      const tea1 = s.body.items[0].id;
      const r1 = await anna.post(`/api/sales/${s.body.id}/return`, { items: [{ itemId: tea1, quantity: '1' }], refund: 'cash' });
      assert.equal(r1.status, 201, JSON.stringify(r1.body));
      // 9.65 − 2 % = 9.457, less a third of 2.8371 (0.9457)
      assert.deepEqual(shown(r1.body.items[0]), ['2', 'amount', '0.9457', '-0.9457', '-8.5113']);
      const r2 = await anna.post(`/api/sales/${s.body.id}/return`, { items: [{ itemId: tea1, quantity: '2' }], refund: 'none' });
      assert.equal(r2.status, 201, JSON.stringify(r2.body));
      assert.equal(r2.body.items[0].manualAmount, '-1.8914'); // the rest of 2.8371
      assert.equal(r2.body.items[0].amount, '-17.0226');
      // the two returns take back the line exactly
      const back = [r1, r2].reduce((a, r) => a + BigInt(r.body.items[0].amount.replace('.', '').replace('-', '')), 0n);
      assert.equal(back, 255339n);
    });
  });
});
