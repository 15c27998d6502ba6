// The sales history import with the real Northwind data: customers and products imported through
// the API, then every order line (orders.csv joined with order_details.csv, as an old program
// exports them) as sales; the rating and sales-rep reports must give the known answers to the
// cent. Then: a second run adds nothing, rejected sales with reasons, the time zone, scope, undo.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { toCsv } from '../../shared/tabular.js';
import { importClient } from '../../testing/imports.js';
import { startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';
import { findRoleByKey } from '../users/users.repository.js';
import { createUser } from '../users/users.service.js';

const DIR = path.join(import.meta.dirname, '../../../../fixtures/northwind');
type Row = Record<string, string>;
const read = (name: string): Row[] => parse(readFileSync(path.join(DIR, `${name}.csv`)), { columns: true, skip_empty_lines: true });
const answer = (name: string): Row[] => parse(readFileSync(path.join(DIR, 'answers', `${name}.csv`)), { columns: true });

let t: TestApp;
let admin: ApiClient;
let io: ReturnType<typeof importClient>;
let departmentId: number;
const reps = new Map<string, number>();

/** Northwind's order lines as one sheet: one row per line, the order's header repeated on each. */
function salesFile(): Buffer {
  const orders = new Map(read('orders').map((o) => [o.order_id!, o]));
  const employees = new Map(read('employees').map((e) => [e.employee_id!, e]));
  const rows: string[][] = [['order_id', 'customer_id', 'employee', 'order_date', 'product_id', 'unit_price', 'quantity', 'discount']];
  for (const d of read('order_details')) {
    const o = orders.get(d.order_id!)!;
    rows.push([
      d.order_id!,
      o.customer_id!,
      employees.get(o.employee_id!)!.first_name!,
      o.order_date!,
      d.product_id!,
      d.unit_price!,
      d.quantity!,
      d.discount!,
    ]);
  }
  return toCsv(rows);
}

const count = async (table: string) => (await t.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
const plan = (mapping: unknown, extra: Record<string, unknown> = {}) => ({
  mapping,
  options: { matchBy: [], onMatch: 'skip', target: 'sales', ...extra },
});

before(async () => {
  t = await startTestApp();
  io = importClient(t);
  admin = await io.withToken(await t.user('admin'));
  assert.equal((await admin.patch('/api/settings', { baseCurrency: 'USD', timezone: 'UTC' })).status, 200);
  departmentId = (await t.pool.query(`INSERT INTO departments (name) VALUES ('Northwind Traders') RETURNING id::int`)).rows[0].id;
  const manager = (await findRoleByKey(t.db, 'manager'))!;
  for (const e of read('employees')) {
    const u = await createUser(t.db, null, {
      login: e.first_name!.toLowerCase(),
      name: `${e.first_name} ${e.last_name}`,
      password: randomBytes(18).toString('base64url'),
      roleId: manager.id,
      departmentId,
    });
    reps.set(e.employee_id!, u.id);
  }
  // the customers and the catalog, through the import as a firm would bring them
  for (const [file, key, target] of [
    ['customers.csv', 'suggested', 'clients'],
    ['products.csv', 'suggestedProducts', 'products'],
  ] as const) {
    const up = await io.upload(admin, file, readFileSync(path.join(DIR, file)));
    assert.equal(up.status, 201, JSON.stringify(up.body));
    const run = await io.runTo(admin, up.body.job.id, 'run', {
      mapping: up.body[key],
      options: { matchBy: target === 'clients' ? ['externalId'] : ['sku'], onMatch: 'update', target },
    });
    assert.equal(run.counts.rejected, 0);
  }
});
after(async () => t.close());

describe('sales history import', () => {
  let jobId: number;

  it('suggests the mapping, previews every order line without writing, and records the Northwind orders', async () => {
    const up = await io.upload(admin, 'northwind-sales.csv', salesFile());
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.deepEqual(
      up.body.suggestedSales.map((m: { target: string }) => m.target),
      ['sale.number', 'sale.clientExternalId', 'sale.employee', 'sale.date', 'item.sku', 'item.price', 'item.quantity', 'item.discountFraction'],
      'discount values like 0 and 0.15 are read as fractions',
    );
    jobId = up.body.job.id;
    // a plan without the date or a product is refused before anything runs, with the field named
    const bad = await admin.post(
      `/api/imports/${jobId}/preview`,
      plan([
        { column: 1, target: 'sale.clientExternalId' },
        { column: 0, target: 'surname' },
      ]),
    );
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.error.details.map((d: { field: string }) => d.field),
      ['mapping.1.target', 'mapping', 'mapping'],
    );
    const lines = read('order_details').length;
    const preview = await io.runTo(admin, jobId, 'preview', plan(up.body.suggestedSales));
    assert.deepEqual(preview.counts, { created: lines, updated: 0, unchanged: 0, skipped: 0, rejected: 0 });
    assert.equal(await count('sales'), 0, 'a preview records nothing');
    const run = await io.runTo(admin, jobId, 'run', plan(up.body.suggestedSales));
    assert.deepEqual(run.counts, { created: lines, updated: 0, unchanged: 0, skipped: 0, rejected: 0 });
    assert.equal(await count('sales'), read('orders').filter((o) => read('order_details').some((d) => d.order_id === o.order_id)).length);
    assert.equal(await count('sale_items'), lines);
    // paid in full (cash by default), no bonus points for the past, each sale on its order's day
    const s = (
      await t.pool.query(`SELECT s.number, to_char(s.day, 'YYYY-MM-DD') AS day, s.total::text, s.paid::text, s.bonus_accrued::text, u.login,
        (SELECT string_agg(method, ',') FROM sale_payments p WHERE p.sale_id = s.id) AS methods
      FROM sales s JOIN users u ON u.id = s.employee_id WHERE s.number = '10248'`)
    ).rows[0];
    assert.deepEqual(s, {
      number: '10248',
      day: '1996-07-04',
      total: '4400000',
      paid: '4400000',
      bonus_accrued: '0',
      login: 'steven',
      methods: 'cash',
    });
  });

  it('gives the known answers: top 10 of all time and of 1997, and revenue per sales rep, to the cent', async () => {
    const top = async (from: string, to: string) =>
      (await admin.get(`/api/reports/rating?from=${from}&to=${to}&top=10`)).body.rows.map((x: { name: string; total: string }) => [x.name, x.total]);
    assert.deepEqual(
      await top('1996-01-01', '1998-12-31'),
      answer('01a_top10_customers_all_time').map((w) => [w.company_name, w.total_spent]),
    );
    assert.deepEqual(
      await top('1997-01-01', '1997-12-31'),
      answer('01b_top10_customers_1997').map((w) => [w.company_name, w.total_spent]),
    );
    const ids = new Set(reps.values());
    const r = await admin.get('/api/reports/employees');
    assert.deepEqual(
      r.body.items
        .filter((x: { employeeId: number }) => ids.has(x.employeeId))
        .map((x: { name: string; customers: number; orders: number; revenue: string }) => [x.name, String(x.customers), String(x.orders), x.revenue]),
      answer('03_sales_reps').map((w) => [w.employee_name, w.customers, w.orders, w.revenue]),
    );
  });

  it('adds nothing when the same file comes again: every sale is already there', async () => {
    const up = await io.upload(admin, 'again.csv', salesFile());
    const before = await count('sales');
    const run = await io.runTo(admin, up.body.job.id, 'run', plan(up.body.suggestedSales));
    assert.deepEqual(run.counts, { created: 0, updated: 0, unchanged: 0, skipped: read('order_details').length, rejected: 0 });
    assert.equal(await count('sales'), before);
  });

  it('rejects a whole sale for one bad line, with the reason per row, and keeps the good ones', async () => {
    const file = toCsv([
      ['Номер', 'Дата', 'Код клиента', 'Артикул', 'Количество', 'Цена', 'Скидка', 'Оплата'],
      ['R-1', '05.03.2024 23:30', 'ALFKI', '1', '2', '10,50', '10', 'карта'], // good: 2 × 10.50 − 10 %
      ['', '', '', '2', '1', '', '', ''], // its second line: number and header left empty, the catalog price
      ['R-2', '06.03.2024', 'ALFKI', '1', '1', '10', '', ''],
      ['R-2', '06.03.2024', 'ALFKI', '999', '1', '10', '', ''], // an unknown product rejects R-2
      ['R-3', '07.03.2024', 'NOSUCH', '1', '1', '10', '', ''], // an unknown client
      ['R-4', '31.02.2024', 'ALFKI', '1', 'two', '10', '', ''], // not a date, not a quantity
      ['R-7', '08.03.2024', 'ALFKI', '1', '1', '10', '', ''], // R-7 here and again further down: both refused
      ['R-5', '09.03.2024', 'ALFKI', '1', '1', '10', '150', ''], // a discount over 100 %
      ['R-7', '08.03.2024', 'ALFKI', '2', '1', '10', '', ''],
      ['R-8', '10.03.2024', 'ALFKI', '1', '4601234567890', '10', '', ''], // a barcode in the quantity: more than the database holds
    ]);
    const up = await io.upload(admin, 'history.csv', file);
    assert.deepEqual(
      up.body.suggestedSales.map((m: { target: string }) => m.target),
      ['sale.number', 'sale.date', 'sale.clientExternalId', 'item.sku', 'item.quantity', 'item.price', 'item.discount', 'sale.payment'],
    );
    await admin.patch('/api/settings', { timezone: 'Europe/Moscow' });
    try {
      const run = await io.runTo(admin, up.body.job.id, 'run', plan(up.body.suggestedSales));
      assert.deepEqual(run.counts, { created: 2, updated: 0, unchanged: 0, skipped: 0, rejected: 8 });
    } finally {
      await admin.patch('/api/settings', { timezone: 'UTC' });
    }
    const rej = (await admin.get(`/api/imports/${up.body.job.id}/rows?action=rejected`)).body.items.map((r: { rowNo: number; error: string }) => [
      r.rowNo,
      r.error,
    ]);
    // rowNo counts data rows; a reason names the row of the file (the header is row 1), as the wizard's Row column shows it
    assert.deepEqual(rej, [
      [3, 'row 5: product: no product with SKU "999"'],
      [4, 'row 5: product: no product with SKU "999"'],
      [5, 'client: no client with externalId "NOSUCH"'],
      [6, 'quantity: "two" is not a quantity; date: "31.02.2024" is not a date'],
      [7, 'number: sale "R-7" has rows at row 8 and at row 10 (the rows of one sale must be next to each other)'],
      [8, 'discount: "150" is not a discount in per cent (0–100)'],
      [9, 'number: sale "R-7" has rows at row 8 and at row 10 (the rows of one sale must be next to each other)'],
      [10, 'the database refused the sale: numeric field overflow'],
    ]);
    // 23:30 in Moscow is 20:30 UTC, on the 5th; paid by card; 2 × 10.50 − 10 % + Chang at its catalog price 19
    const s = (
      await t.pool.query(`SELECT sold_at, to_char(day, 'YYYY-MM-DD') AS day, total::text,
        (SELECT string_agg(method, ',') FROM sale_payments p WHERE p.sale_id = s.id) AS methods FROM sales s WHERE number = 'R-1'`)
    ).rows;
    assert.equal(s.length, 1);
    assert.equal(s[0].sold_at.toISOString(), '2024-03-05T20:30:00.000Z');
    assert.deepEqual({ ...s[0], sold_at: undefined }, { sold_at: undefined, day: '2024-03-05', total: String(189_000n + 190_000n), methods: 'card' });
    // the file of rejected rows, to fix and import again
    const csv = await t.app.inject({ method: 'GET', url: `/api/imports/${up.body.job.id}/rejected.csv`, headers: io.authOf(admin) });
    const back = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true }) as Row[];
    assert.deepEqual(
      back.map((r) => [r['Номер'], r['Артикул'], r.error!.split(':')[0]]),
      [
        ['R-2', '1', 'row 5'],
        ['R-2', '999', 'row 5'],
        ['R-3', '1', 'client'],
        ['R-4', '1', 'quantity'],
        ['R-7', '1', 'number'],
        ['R-5', '1', 'discount'],
        ['R-7', '2', 'number'],
        ['R-8', '1', 'the database refused the sale'],
      ],
    );
  });

  it('reads an XLSX whose date column holds dates with times (cells styled as date and time)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Продажи');
    ws.addRow(['Номер', 'Дата', 'Код клиента', 'Артикул', 'Количество', 'Цена']);
    ws.addRow(['X-1', new Date(Date.UTC(2024, 4, 6, 15, 45)), 'ALFKI', '2', 3, 19]);
    ws.getColumn(2).numFmt = 'dd.mm.yyyy hh:mm';
    const up = await io.upload(admin, 'sales.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    assert.equal(up.status, 201, JSON.stringify(up.body));
    const run = await io.runTo(admin, up.body.job.id, 'run', plan(up.body.suggestedSales));
    assert.deepEqual(
      run.counts,
      { created: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 0 },
      JSON.stringify((await admin.get(`/api/imports/${up.body.job.id}/rows?action=rejected`)).body),
    );
    // the cell's wall time, in the firm's zone (UTC here); 3 × 19
    const s = (await t.pool.query(`SELECT sold_at, total::text FROM sales WHERE number = 'X-1'`)).rows[0];
    assert.equal(s.sold_at.toISOString(), '2024-05-06T15:45:00.000Z');
    assert.equal(s.total, '570000');
  });

  it("finds only clients in the importing manager's scope, and records the sales as theirs only", async () => {
    // a manager of own clients who may import
    const role = await admin.post('/api/roles', {
      key: 'own-importer',
      name: 'Own importer',
      scope: 'own',
      rights: { clients: { read: true, create: true, import: true }, sales: { read: true, create: true } },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const boris = await io.withToken(await t.user(role.body.role?.id ?? role.body.id, { departmentId }));
    const made = await boris.post('/api/clients', {
      kind: 'person',
      surname: 'Своев',
      firstName: 'Борис',
      channels: [{ type: 'phone', value: '+7 999 100-20-30' }],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const own = made.body.client;
    const file = toCsv([
      ['date', 'phone', 'customer', 'product', 'qty', 'employee'],
      ['2024-04-01', '8 (999) 100-20-30', '', 'Chai', '1', ''],
      ['2024-04-02', '', 'Alfreds Futterkiste', 'Chai', '1', ''], // another manager's client: not found
      ['2024-04-03', '+79991002030', '', 'Chai', '1', 'nancy'], // as someone else: refused
    ]);
    const up = await io.upload(boris, 'mine.csv', file);
    const run = await io.runTo(boris, up.body.job.id, 'run', plan(up.body.suggestedSales));
    assert.deepEqual(run.counts, { created: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 2 });
    const rej = (await boris.get(`/api/imports/${up.body.job.id}/rows?action=rejected`)).body.items.map((r: { error: string }) => r.error);
    assert.deepEqual(rej, ['client: no client with name "Alfreds Futterkiste"', 'employee: only yourself']);
    const mine = (await t.pool.query('SELECT client_id::int, employee_id::int FROM sales WHERE client_id = $1', [own.id])).rows;
    assert.deepEqual(mine, [{ client_id: own.id, employee_id: boris.userId }]);
    // the import right without the right to record sales: not even a preview
    const clerkRole = await admin.post('/api/roles', {
      key: 'clerk',
      name: 'Clerk',
      scope: 'all',
      rights: { clients: { read: true, import: true }, sales: { read: true } },
    });
    assert.equal(clerkRole.status, 201, JSON.stringify(clerkRole.body));
    const clerk = await io.withToken(await t.user(clerkRole.body.role?.id ?? clerkRole.body.id));
    const upC = await io.upload(clerk, 'mine.csv', file);
    assert.equal(upC.status, 201);
    assert.equal((await clerk.post(`/api/imports/${upC.body.job.id}/preview`, plan(upC.body.suggestedSales))).status, 403);
  });

  it('a department the base lacks rejects its sales, or is created when the user chooses so (and only by a role that may create departments)', async () => {
    const file = toCsv([
      ['Номер', 'Дата', 'Код клиента', 'Артикул', 'Количество', 'Отдел'],
      ['D-1', '01.04.2024', 'ALFKI', '1', '1', 'Northwind Traders'],
      ['D-2', '02.04.2024', 'ALFKI', '1', '1', 'Новый магазин'],
      ['D-3', '03.04.2024', 'ANATR', '2', '1', 'новый магазин'], // the same department, another case
    ]);
    const up = await io.upload(admin, 'departments.csv', file);
    const mapping = up.body.suggestedSales;
    assert.ok(
      mapping.some((m: { target: string }) => m.target === 'sale.department'),
      JSON.stringify(mapping),
    );
    const departments = async () => (await t.pool.query('SELECT name FROM departments ORDER BY id')).rows.map((r) => r.name as string);
    const before = await departments();
    // the default: rejected with the reason, the rest of the file goes on
    const rejected = await io.runTo(admin, up.body.job.id, 'preview', plan(mapping));
    assert.deepEqual(rejected.counts, { created: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 2 });
    assert.deepEqual(
      (await admin.get(`/api/imports/${up.body.job.id}/rows?action=rejected`)).body.items.map((r: { error: string }) => r.error),
      ['department: no department "Новый магазин"', 'department: no department "новый магазин"'],
    );
    // "create": the preview creates nothing, the run creates the department once
    const preview = await io.runTo(admin, up.body.job.id, 'preview', plan(mapping, { unknownDepartments: 'create' }));
    assert.deepEqual(preview.counts, { created: 3, updated: 0, unchanged: 0, skipped: 0, rejected: 0 });
    assert.deepEqual(await departments(), before, 'a preview creates no department');
    const run = await io.runTo(admin, up.body.job.id, 'run', plan(mapping, { unknownDepartments: 'create' }));
    assert.deepEqual(run.counts, preview.counts);
    assert.deepEqual(await departments(), [...before, 'Новый магазин']);
    const made = (
      await t.pool.query(
        `SELECT s.number, d.name FROM sales s JOIN departments d ON d.id = s.department_id WHERE s.number LIKE 'D-%' ORDER BY s.number`,
      )
    ).rows;
    assert.deepEqual(
      made.map((r) => [r.number, r.name]),
      [
        ['D-1', 'Northwind Traders'],
        ['D-2', 'Новый магазин'],
        ['D-3', 'Новый магазин'],
      ],
    );
    assert.equal((await t.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'department.created'`)).rows[0].n, 1);
    // undo removes the sales; the department stays (as a product group made by a catalog import does)
    assert.equal((await admin.post(`/api/imports/${up.body.job.id}/undo`)).status, 200);
    assert.deepEqual(await departments(), [...before, 'Новый магазин']);
    // a role that may record sales but not create departments cannot choose "create"
    const role = await admin.post('/api/roles', {
      key: 'sales-importer',
      name: 'Sales importer',
      scope: 'all',
      rights: { clients: { read: true, import: true }, sales: { read: true, create: true } },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const clerk = await io.withToken(await t.user(role.body.role?.id ?? role.body.id));
    const upC = await io.upload(clerk, 'departments.csv', file);
    const refused = await clerk.post(`/api/imports/${upC.body.job.id}/preview`, plan(upC.body.suggestedSales, { unknownDepartments: 'create' }));
    assert.equal(refused.status, 403);
  });

  it('undoes the history: the sales go and the report is empty again, except a sale returned since', async () => {
    const returned = (
      await t.pool.query(
        `SELECT s.id::int, i.id::int AS item FROM sales s JOIN sale_items i ON i.sale_id = s.id WHERE s.number = '10250' ORDER BY i.id LIMIT 1`,
      )
    ).rows[0];
    const ret = await admin.post(`/api/sales/${returned.id}/return`, { items: [{ itemId: returned.item, quantity: '1' }], refund: 'cash' });
    assert.equal(ret.status, 201, JSON.stringify(ret.body));
    const undo = await admin.post(`/api/imports/${jobId}/undo`);
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    const lines10250 = read('order_details').filter((d) => d.order_id === '10250').length;
    assert.deepEqual(
      undo.body.kept.map((k: { why: string }) => k.why),
      Array(lines10250).fill('has a return'),
    );
    assert.deepEqual((await t.pool.query(`SELECT number FROM sales WHERE kind = 'sale' AND number ~ '^1' ORDER BY number`)).rows, [
      { number: '10250' },
    ]);
    // no foreign key cascades from a sale (migration 012): the undo removed the lines and payments itself
    const orphans =
      await t.pool.query(`SELECT (SELECT count(*) FROM sale_items i WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE s.id = i.sale_id))::int AS items,
        (SELECT count(*) FROM sale_payments p WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE s.id = p.sale_id))::int AS payments`);
    assert.deepEqual(orphans.rows[0], { items: 0, payments: 0 });
    const rating = (await admin.get('/api/reports/rating?from=1996-01-01&to=1998-12-31&top=10')).body.rows;
    assert.equal(rating.length, 1, 'only the kept sale (and its return) is in the report');
    assert.equal(rating[0].name, 'Hanari Carnes');
  });
});
