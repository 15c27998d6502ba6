// A change of the sales feature and its audit row are one transaction: when the audit row cannot
// be written, nothing of the change is left. A trigger on audit_log (made by this test in its own
// database) refuses the rows of one action at a time; each write is tried with its action refused
// (a 500, and the database exactly as before), then again without (it succeeds, so the refusal
// was the audit row's).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { person, startTestApp, type ApiClient, type Res, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let dept: number;
let tea: number;
let bonusCategory: number;
let priceList: number;

/** Everything a sale, its lifecycle, a client's terms or points may change. */
async function snapshot() {
  const q = async (text: string) => (await t.pool.query(text)).rows;
  return {
    sales: await q(
      'SELECT id, kind, status, version, paid::text, total::text, bonus_accrued::text, client_id, department_id, employee_id, number, notes, completed_at, cancelled_at FROM sales ORDER BY id',
    ),
    items: await q('SELECT id, sale_id, line, product_id, quantity::text, amount::text FROM sale_items ORDER BY id'),
    payments: await q('SELECT id, sale_id, method, amount::text FROM sale_payments ORDER BY id'),
    facts: await q('SELECT seq, sale_id, amount::text FROM sale_facts ORDER BY seq'),
    accounts: await q('SELECT client_id, balance::text, version FROM bonus_accounts ORDER BY client_id'),
    movements: await q('SELECT id, client_id, sale_id, kind, amount::text FROM bonus_movements ORDER BY id'),
    clients: await q('SELECT id, price_list_id, category_id, version FROM clients ORDER BY id'),
    audit: await q('SELECT id, action FROM audit_log ORDER BY id'),
  };
}

/**
 * `write` with the audit rows of `action` refused: 500 and nothing changed. Then `write` again with
 * the audit working: it succeeds. The successful answer.
 */
async function rolledBackWithoutAudit(action: string, write: () => Promise<Res>): Promise<Res> {
  const was = await snapshot();
  await t.pool.query('INSERT INTO audit_refused (action) VALUES ($1)', [action]);
  let refused: Res;
  try {
    refused = await write();
  } finally {
    await t.pool.query('DELETE FROM audit_refused');
  }
  assert.equal(refused.status, 500, JSON.stringify(refused.body));
  assert.deepEqual(await snapshot(), was, `a refused ${action} audit row left part of its change`);
  const done = await write();
  assert.ok(done.status >= 200 && done.status < 300, `${done.status} ${JSON.stringify(done.body)}`);
  assert.ok((await t.pool.query('SELECT 1 FROM audit_log WHERE action = $1', [action])).rows.length > 0, `no ${action} audit row`);
  return done;
}

async function client(surname: string, terms: { categoryId?: number } = {}) {
  const r = await admin.post('/api/clients', person(surname));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.client.id as number;
  if (terms.categoryId) assert.equal((await admin.patch(`/api/clients/${id}/terms`, terms)).status, 200);
  return id;
}

async function sale(clientId: number, extra: Record<string, unknown> = {}) {
  const r = await admin.post('/api/sales', { clientId, departmentId: dept, items: [{ productId: tea, quantity: '2' }], ...extra });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { id: number; version: number; items: { id: number }[] };
}

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  dept = await t.department('Shop');
  tea = (await admin.post('/api/products', { name: 'Tea', price: '10.00' })).body.id;
  bonusCategory = (await admin.post('/api/client-categories', { name: 'Points 10', kind: 'fixed', discount: '0', bonus: '10' })).body.id;
  priceList = (await admin.post('/api/price-lists', { name: 'Wholesale', currency: 'RUB' })).body.id;
  await t.pool.query(`
    CREATE TABLE audit_refused (action text PRIMARY KEY);
    CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM audit_refused WHERE action = NEW.action) THEN
        RAISE EXCEPTION 'audit row refused by the test: %', NEW.action;
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit();`);
});
after(async () => t.close());

describe('a sale and its audit row are one transaction', () => {
  it('recording a sale in its one statement (points accrued in it)', async () => {
    const c = await client('Once', { categoryId: bonusCategory });
    await rolledBackWithoutAudit('sale.created', () =>
      admin.post('/api/sales', {
        clientId: c,
        departmentId: dept,
        items: [{ productId: tea, quantity: '3' }],
        payments: [{ method: 'cash', amount: '10' }],
      }),
    );
  });

  it('recording a sale paid with points (its transaction)', async () => {
    const c = await client('Points', { categoryId: bonusCategory });
    assert.equal((await admin.post(`/api/clients/${c}/bonus`, { amount: '5', reason: 'gift' })).status, 200);
    await rolledBackWithoutAudit('sale.created', () =>
      admin.post('/api/sales', {
        clientId: c,
        departmentId: dept,
        items: [{ productId: tea, quantity: '1' }],
        payments: [{ method: 'bonus', amount: '5' }],
      }),
    );
  });

  it('changing a draft', async () => {
    const c = await client('Draft');
    const s = await sale(c, { status: 'draft' });
    await rolledBackWithoutAudit('sale.changed', () =>
      admin.patch(`/api/sales/${s.id}`, {
        version: s.version,
        notes: 'more tea',
        items: [{ productId: tea, quantity: '5' }],
        payments: [{ method: 'card', amount: '20' }],
      }),
    );
  });

  it('completing a draft (points accrue, the report sees it)', async () => {
    const c = await client('Later', { categoryId: bonusCategory });
    const s = await sale(c, { status: 'preorder' });
    await rolledBackWithoutAudit('sale.completed', () =>
      admin.post(`/api/sales/${s.id}/complete`, { version: s.version, payments: [{ method: 'cash', amount: '20' }] }),
    );
  });

  it('paying towards a debt, with points', async () => {
    const c = await client('Debtor', { categoryId: bonusCategory });
    assert.equal((await admin.post(`/api/clients/${c}/bonus`, { amount: '3', reason: 'gift' })).status, 200);
    const s = await sale(c);
    await rolledBackWithoutAudit('sale.paid', () =>
      admin.post(`/api/sales/${s.id}/payments`, {
        payments: [
          { method: 'bonus', amount: '3' },
          { method: 'cash', amount: '5' },
        ],
      }),
    );
  });

  it('returning part of a sale (a refund, points taken back)', async () => {
    const c = await client('Returner', { categoryId: bonusCategory });
    const s = await sale(c, { payments: [{ method: 'card', amount: '20' }] });
    await rolledBackWithoutAudit('sale.returned', () =>
      admin.post(`/api/sales/${s.id}/return`, { items: [{ itemId: s.items[0]!.id, quantity: '1' }], refund: 'card' }),
    );
  });

  it('cancelling a completed sale (money, points and report facts reversed)', async () => {
    const c = await client('Canceller', { categoryId: bonusCategory });
    const s = await sale(c, { payments: [{ method: 'cash', amount: '20' }] });
    await rolledBackWithoutAudit('sale.cancelled', () =>
      admin.post(`/api/sales/${s.id}/cancel`, { version: s.version, reason: 'changed their mind' }),
    );
  });

  it("a client's cumulative tier recomputed on completion", async () => {
    const tier = await admin.post('/api/client-categories', { name: 'Bronze', kind: 'cumulative', discount: '1', minPurchases: '0' });
    assert.equal(tier.status, 201, JSON.stringify(tier.body));
    try {
      const c = await client('Tiered');
      await rolledBackWithoutAudit('client.category', () =>
        admin.post('/api/sales', { clientId: c, departmentId: dept, items: [{ productId: tea, quantity: '1' }] }),
      );
    } finally {
      // the other cases run without tiers (a sale of a firm with tiers is recorded otherwise)
      await t.pool.query('UPDATE clients SET category_id = NULL WHERE category_id = $1', [tier.body.id]);
      await t.pool.query('DELETE FROM client_categories WHERE id = $1', [tier.body.id]);
    }
  });
});

describe("a client's terms and points and their audit rows are one transaction", () => {
  it('assigning a price list and a category', async () => {
    const c = await client('Terms');
    await rolledBackWithoutAudit('client.terms', () => admin.patch(`/api/clients/${c}/terms`, { priceListId: priceList, categoryId: bonusCategory }));
  });

  it('correcting the points by hand', async () => {
    const c = await client('Adjusted');
    await rolledBackWithoutAudit('bonus.adjusted', () => admin.post(`/api/clients/${c}/bonus`, { amount: '7.50', reason: 'goodwill' }));
  });
});
