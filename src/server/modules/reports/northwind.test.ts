// The Northwind answers (fixtures/northwind/answers, docs/northwind.md), reproduced to the cent through the
// product: import through the services, then the rating and employee reports through the API.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { importNorthwind } from '../demo/northwind.js';
import { startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

const DIR = join(import.meta.dirname, '../../../../fixtures/northwind');
const answer = (name: string): Record<string, string>[] => parse(readFileSync(join(DIR, 'answers', `${name}.csv`)), { columns: true });

let t: TestApp;
let admin: ApiClient;
let imported: Awaited<ReturnType<typeof importNorthwind>>;

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  const actor = (await t.app.auth.actorForUser(admin.userId, 'token'))!;
  imported = await importNorthwind(t.db, actor, DIR);
});
after(async () => t.close());

const rating = async (who: ApiClient, q: string) => {
  const r = await who.get(`/api/reports/rating?${q}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};

describe('Northwind answers', () => {
  it('imports every order line (one sale per order and category)', async () => {
    const lines = Number((await t.pool.query('SELECT count(*) FROM sale_items')).rows[0].count);
    assert.equal(lines, parse(readFileSync(join(DIR, 'order_details.csv')), { columns: true }).length);
    assert.ok(imported.sales > 830);
  });

  it('top 10 of all time (01a), with the half-cent totals rounded half away from zero', async () => {
    const r = await rating(admin, 'from=1996-01-01&to=1998-12-31&top=10');
    const want = answer('01a_top10_customers_all_time');
    assert.deepEqual(
      r.rows.map((x: { name: string; total: string }) => [x.name, x.total]),
      want.map((w) => [w.company_name, w.total_spent]),
    );
  });

  it('top 10 of 1997 (01b)', async () => {
    const r = await rating(admin, 'from=1997-01-01&to=1997-12-31&top=10');
    const want = answer('01b_top10_customers_1997');
    assert.deepEqual(
      r.rows.map((x: { name: string; total: string }) => [x.name, x.total]),
      want.map((w) => [w.company_name, w.total_spent]),
    );
  });

  it('the cross-tab per department with row and column totals (02)', async () => {
    const r = await rating(admin, 'from=1996-01-01&to=1998-12-31&top=10');
    const want = answer('02_crosstab_top10_by_category');
    const cats = Object.keys(want[0]!).filter((k) => !['customer_id', 'company_name', 'row_total'].includes(k));
    assert.deepEqual(
      r.departments.map((d: { name: string }) => d.name),
      cats,
    );
    for (const [i, w] of want.filter((x) => x.customer_id !== 'TOTAL').entries()) {
      assert.equal(r.rows[i].name, w.company_name);
      assert.deepEqual(
        r.rows[i].cells,
        cats.map((c) => w[c]),
      );
      assert.equal(r.rows[i].total, w.row_total);
    }
    const total = want.find((x) => x.customer_id === 'TOTAL')!;
    assert.deepEqual(
      r.totals.cells,
      cats.map((c) => total[c]),
    );
    assert.equal(r.totals.total, total.row_total);
  });

  it('per sales rep: clients, orders, revenue (03)', async () => {
    const r = await admin.get('/api/reports/employees');
    const want = answer('03_sales_reps');
    const reps = new Set(imported.users.values());
    assert.deepEqual(
      r.body.items
        .filter((x: { employeeId: number }) => reps.has(x.employeeId))
        .map((x: { name: string; customers: number; orders: number; revenue: string }) => [x.name, String(x.customers), String(x.orders), x.revenue]),
      want.map((w) => [w.employee_name, w.customers, w.orders, w.revenue]),
    );
  });

  it('two managers see different ratings, each only of their own clients', async () => {
    const margaret = await t.cookieLogin('margaret', undefined).catch(() => null);
    assert.equal(margaret, null, 'imported users have random passwords');
    const mId = imported.users.get('4')!;
    const jId = imported.users.get('3')!;
    await t.pool.query('UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE id = $1) WHERE id IN ($2, $3)', [
      admin.userId,
      mId,
      jId,
    ]);
    const m = await t.cookieLogin('margaret');
    const j = await t.cookieLogin('janet');
    const rm = await rating(m, 'from=1996-01-01&to=1998-12-31&top=100');
    const rj = await rating(j, 'from=1996-01-01&to=1998-12-31&top=100');
    const mine = async (userId: number) =>
      new Set((await t.pool.query('SELECT id::int FROM clients WHERE manager_id = $1', [userId])).rows.map((x) => x.id));
    const ms = await mine(mId);
    const js = await mine(jId);
    assert.ok(rm.rows.length > 0 && rj.rows.length > 0);
    assert.ok(rm.rows.every((x: { clientId: number }) => ms.has(x.clientId)));
    assert.ok(rj.rows.every((x: { clientId: number }) => js.has(x.clientId)));
    assert.notDeepEqual(rm.allClients.total, rj.allClients.total);
    const all = await rating(admin, 'from=1996-01-01&to=1998-12-31&top=100');
    assert.ok(Number(rm.allClients.total) < Number(all.allClients.total));
    // the same scope holds in exports
    const csv = await m.get('/api/reports/rating?from=1996-01-01&to=1998-12-31&top=100&format=csv');
    assert.equal(csv.status, 403, 'a manager has no export right on reports');
  });

  it('filters by a client field, a department and a manager', async () => {
    const germany = await rating(
      admin,
      `from=1996-01-01&to=1998-12-31&top=100&filter=${encodeURIComponent(JSON.stringify([{ field: 'region', op: 'eq', value: 'Germany' }]))}`,
    );
    const de = new Set((await t.pool.query("SELECT id::int FROM clients WHERE region = 'Germany'")).rows.map((x) => x.id));
    assert.ok(germany.rows.length > 3 && germany.rows.every((x: { clientId: number }) => de.has(x.clientId)));
    const bev = imported.departments.get('1')!;
    const onlyBev = await rating(admin, `from=1996-01-01&to=1998-12-31&top=10&departmentId=${bev}`);
    assert.deepEqual(
      onlyBev.departments.map((d: { name: string }) => d.name),
      ['Beverages'],
    );
    assert.equal(onlyBev.rows[0].name, 'QUICK-Stop');
    assert.equal(onlyBev.rows[0].total, '36216.43');
    const byRep = await rating(admin, `from=1996-01-01&to=1998-12-31&top=100&managerId=${imported.users.get('4')}`);
    const reps = new Set((await t.pool.query('SELECT id::int FROM clients WHERE manager_id = $1', [imported.users.get('4')])).rows.map((x) => x.id));
    assert.ok(byRep.rows.every((x: { clientId: number }) => reps.has(x.clientId)));
  });

  it('takes a saved view as the segment, and refuses filters on fields the role hides', async () => {
    const v = await admin.post('/api/views', {
      name: 'Germany',
      config: { columns: [{ field: 'name' }], sort: 'name', dir: 'asc', filters: [{ field: 'region', op: 'eq', value: 'Germany' }] },
    });
    assert.equal(v.status, 201, JSON.stringify(v.body));
    const seg = await rating(admin, `from=1996-01-01&to=1998-12-31&top=100&viewId=${v.body.id}`);
    const byFilter = await rating(
      admin,
      `from=1996-01-01&to=1998-12-31&top=100&filter=${encodeURIComponent(JSON.stringify([{ field: 'region', op: 'eq', value: 'Germany' }]))}`,
    );
    assert.deepEqual(seg.rows, byFilter.rows);
    assert.equal((await admin.get('/api/reports/rating?from=1996-01-01&to=1998-12-31&viewId=999999')).status, 400);
    const role = await admin.post('/api/roles', {
      key: 'noinn',
      name: 'No INN',
      scope: 'all',
      rights: { clients: { read: true }, sales: { read: true }, reports: { read: true } },
      fieldRights: { inn: 'hidden' },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const u = await t.user(role.body.id);
    const r = await u.get(
      `/api/reports/rating?from=1996-01-01&to=1998-12-31&filter=${encodeURIComponent(JSON.stringify([{ field: 'inn', op: 'eq', value: '7707083893' }]))}`,
    );
    assert.equal(r.status, 400, 'a hidden field cannot be used to pick clients');
  });

  it('refuses an unknown operator with 400 naming it, in the filter and in a saved view (not taken as "=")', async () => {
    const like = [{ field: 'region', op: 'like', value: 'Germany' }];
    const r = await admin.get(`/api/reports/rating?from=1996-01-01&to=1998-12-31&filter=${encodeURIComponent(JSON.stringify(like))}`);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      r.body.error.details.map((d: { field: string }) => d.field),
      ['filter.0.op'],
    );
    // the journal answers the same
    const j = await admin.get(`/api/clients?filter=${encodeURIComponent(JSON.stringify(like))}`);
    assert.deepEqual([j.status, j.body.error.details[0].field], [400, 'filter.0.op']);
    // a view stored with an operator the API would not take (written by SQL) is refused too
    const v = await admin.post('/api/views', {
      name: 'Like',
      config: { columns: [{ field: 'name' }], filters: [{ field: 'region', op: 'eq', value: 'Germany' }] },
    });
    assert.equal(v.status, 201, JSON.stringify(v.body));
    await t.pool.query(`UPDATE saved_views SET config = jsonb_set(config, '{filters,0,op}', '"like"') WHERE id = $1`, [v.body.id]);
    const seg = await admin.get(`/api/reports/rating?from=1996-01-01&to=1998-12-31&viewId=${v.body.id}`);
    assert.equal(seg.status, 400, JSON.stringify(seg.body));
    assert.deepEqual(
      seg.body.error.details.map((d: { field: string }) => d.field),
      ['filter.0.op'],
    );
  });

  it('sees a sale recorded after the first report at once, and its cancellation', async () => {
    const before = await rating(admin, 'from=1998-01-01&to=1998-12-31&top=1');
    const leader = before.rows[0];
    const product = (await t.pool.query('SELECT id::int FROM products WHERE active LIMIT 1')).rows[0].id;
    const s = await admin.post('/api/sales', {
      clientId: leader.clientId,
      departmentId: imported.departments.get('1'),
      employeeId: imported.users.get('1'),
      soldAt: '1998-06-01T10:00:00Z',
      items: [{ productId: product, quantity: '1', price: '1000.00', discount: '0' }],
    });
    assert.equal(s.status, 201, JSON.stringify(s.body));
    const after = await rating(admin, 'from=1998-01-01&to=1998-12-31&top=1');
    assert.equal(Math.round((Number(after.rows[0].total) - Number(leader.total)) * 100), 100_000);
    await admin.post(`/api/sales/${s.body.id}/cancel`, { version: s.body.version });
    assert.equal((await rating(admin, 'from=1998-01-01&to=1998-12-31&top=1')).rows[0].total, leader.total);
  });

  it('exports a real spreadsheet with numbers, and a formula-safe CSV', async () => {
    await t.pool.query(`UPDATE clients SET display_name = '=HYPERLINK("http://evil","x")' WHERE id = $1`, [imported.clients.get('QUICK')]);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/reports/rating?from=1996-01-01&to=1998-12-31&top=10&format=xlsx',
      headers: await authHeaders(),
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    assert.equal(ws.getRow(1).getCell(2).value, 'Client');
    assert.equal(ws.getRow(2).getCell(2).value, '=HYPERLINK("http://evil","x")');
    assert.equal(ws.getRow(2).getCell(2).formula, undefined);
    assert.equal(ws.getRow(2).getCell(12).value, 110277.31);
    assert.equal(typeof ws.getRow(2).getCell(4).value, 'number');
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/reports/rating?from=1996-01-01&to=1998-12-31&top=10&format=csv',
      headers: await authHeaders(),
    });
    const text = csv.body.replace(/^\uFEFF/, '');
    assert.match(text.split('\r\n')[1]!, /^1,"'=HYPERLINK\(""http:\/\/evil"",""x""\)",,36216.43,/);
    const audit = await t.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.exported'");
    assert.ok(audit.rows[0].n >= 2);
  });
});

async function authHeaders() {
  const c = await t.cookieLogin(admin.login);
  return { cookie: c.cookie, origin: 'http://localhost:80', host: 'localhost:80' };
}
