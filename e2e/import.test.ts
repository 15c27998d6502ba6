// The import wizard and the journal's export, in Chromium: a senior manager imports the Northwind
// customers (suggested mapping, matched by external id), previews, runs and undoes; a small file
// with a bad row gives a downloadable file of rejected rows; a sales history of those clients and
// the imported catalog is previewed, recorded and undone; upload errors are explained; a
// manager without the import right sees no wizard; CSV export has the visible clients only;
// an update's preview lists its changes, keeps stored values under empty cells unless told to
// clear, and flags two rows of one client;
// the wizard on a phone in Russian.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { withZipBomb } from '../src/server/testing/zip-bomb.js';
import { SHOTS as shots, startE2E, untilCount, untilEqual, type E2E } from './harness.js';

const NORTHWIND = path.join(import.meta.dirname, '../fixtures/northwind/customers.csv');
const SMALL = 'Name,Email,Phone\nIvan Petrov,ivan@example.com,+7 912 000-00-01\nBad Row,not-an-email,\nAnna Smirnova,anna@example.com,\n';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'clientela-e2e-import-'));
let e: E2E;

before(async () => {
  // a 1 MB upload limit, so the size error is quick to reach
  e = await startE2E({ CLIENTELA_UPLOAD_LIMIT_MB: '1' });
  await e.addUser('sam', 'senior');
  await e.addUser('max', 'manager');
});
after(async () => {
  await e.close();
  rmSync(tmp, { recursive: true, force: true });
});

const count = (page: Page, n: number) =>
  page
    .getByTestId('client-count')
    .filter({ hasText: new RegExp(`^${n} clients?$`) })
    .waitFor();

async function choose(page: Page, file: string) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: /^(Choose a file|Выберите файл)$/ }).click(),
  ]);
  await chooser.setFiles(file);
}

/** drag-and-drop of a file made in the page */
async function drop(page: Page, name: string, text: string) {
  const dt = await page.evaluateHandle(
    ([n, t]) => {
      const d = new DataTransfer();
      d.items.add(new File([t!], n!, { type: 'text/csv' }));
      return d;
    },
    [name, text],
  );
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: dt });
}

async function download(page: Page, click: () => Promise<void>) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = path.join(tmp, d.suggestedFilename());
  await d.saveAs(file);
  return { name: d.suggestedFilename(), text: readFileSync(file, 'utf8') };
}

describe('import and export in the browser', () => {
  it('imports the Northwind customers, a file with a bad row, and undoes the first import', async () => {
    const { page, context, errors } = await e.page({ login: 'sam' });
    await count(page, 0);
    await page.getByRole('main').getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Import clients' }).waitFor();
    await page.getByText('No imports yet.').waitFor();

    await choose(page, NORTHWIND);
    await page.getByRole('heading', { name: 'Match the columns' }).waitFor();
    assert.equal(await page.getByLabel('Import column "customer_id" into').inputValue(), 'externalId');
    assert.equal(await page.getByLabel('Import column "company_name" into').inputValue(), 'legalName');
    assert.equal(await page.getByLabel('Import column "postal_code" into').inputValue(), '', "postal_code: don't import");
    await page.getByText('Alfreds Futterkiste').first().waitFor(); // sample values
    assert.equal(await page.getByRole('checkbox', { name: 'External ID' }).isChecked(), true);
    await page.getByRole('radio', { name: 'Update only the mapped fields' }).check();
    await page.screenshot({ path: path.join(shots, 'import-mapping.png'), fullPage: true });
    await page.getByLabel('Template name').fill('Northwind');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Template "Northwind" saved' }).waitFor();

    await page.getByRole('button', { name: 'Preview the import' }).click();
    await page.getByTestId('count-created').filter({ hasText: '91' }).waitFor();
    for (const k of ['updated', 'unchanged', 'skipped', 'rejected']) assert.match((await page.getByTestId(`count-${k}`).textContent())!, /^0/);
    assert.equal(Number((await e.pool.query('SELECT count(*) FROM clients')).rows[0].count), 0, 'the preview changed nothing');

    await page.getByRole('button', { name: 'Import now' }).click();
    await page.getByTestId('import-result').filter({ hasText: 'The import is finished.' }).waitFor();
    await page
      .getByTestId('import-progress')
      .filter({ hasText: /^91 of 91 rows/ })
      .waitFor();
    assert.equal(await page.getByRole('progressbar', { name: 'Import progress' }).getAttribute('aria-valuenow'), '100');
    await page.getByRole('link', { name: 'Open the client journal' }).click();
    await count(page, 91);

    // a small file dropped on the zone: one row has a bad email
    await page.getByRole('banner').getByRole('link', { name: 'Import' }).click();
    await drop(page, 'small.csv', SMALL);
    await page.getByRole('heading', { name: 'Match the columns' }).waitFor();
    assert.equal(await page.getByLabel('Import column "Name" into').inputValue(), 'fullName');
    await page.getByRole('textbox', { name: 'Apply a template' }).waitFor(); // the saved one is offered
    await page.getByRole('button', { name: 'Preview the import' }).click();
    await page.getByTestId('count-rejected').filter({ hasText: '1' }).waitFor();
    assert.match((await page.getByTestId('count-created').textContent())!, /^2/);
    const rejected = page.getByRole('table', { name: 'Rejected rows' });
    await rejected.getByText(/is not an email address/).waitFor();
    assert.match((await rejected.getByRole('row').nth(1).textContent())!, /^3Bad Row · not-an-email/);
    await page.waitForTimeout(400); // the stepper's check mark is drawn
    await page.screenshot({ path: path.join(shots, 'import-preview.png'), fullPage: true });
    const file = await download(page, () => page.getByRole('link', { name: 'Download rejected rows (CSV)' }).click());
    const lines = file.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    assert.equal(lines[0], 'Name,Email,Phone,error');
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /^Bad Row,not-an-email,,.*email/);
    await page.getByRole('button', { name: 'Import now' }).click();
    await page.getByTestId('import-result').filter({ hasText: 'The import is finished.' }).waitFor();

    // undo the Northwind import from the history, confirming with the keyboard
    await page.getByRole('link', { name: 'Import another file' }).click();
    const history = page.getByTestId('import-history');
    await history.getByRole('row').filter({ hasText: 'customers.csv' }).getByText('done').waitFor();
    await history.getByRole('button', { name: 'Undo this import: customers.csv' }).click();
    const dialog = page.getByRole('dialog', { name: 'Undo the import?' });
    await dialog.getByText(/The 91 clients created by "customers.csv" will be removed/).waitFor();
    await page.keyboard.press('Enter');
    await history.getByRole('row').filter({ hasText: 'customers.csv' }).getByText('undone').waitFor();
    await page.getByRole('banner').getByRole('link', { name: 'Clients' }).click();
    await count(page, 2);
    await page.getByRole('searchbox').fill('Alfreds');
    await count(page, 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('imports contact persons of clients already in the base', async () => {
    const { page, context, errors } = await e.page({ login: 'sam' });
    await page.goto(`${e.base}/import`);
    await drop(
      page,
      'contacts.csv',
      'Name,Contact person,Position,Phone\nIvan Petrov,Olga Petrova,wife,+7 912 000-00-05\nNobody Here,Someone Else,,\n',
    );
    await page.getByRole('heading', { name: 'Match the columns' }).waitFor();
    assert.equal(await page.getByLabel('Import column "Phone" into').inputValue(), 'phone');
    await page.getByRole('radio', { name: 'Contact persons of clients already in the base' }).check();
    // the plain position and phone columns become the contact person's; the name finds the client
    await untilCount(
      async () => ((await page.getByLabel('Import column "Phone" into').inputValue()) === 'contactPhone' ? 1 : 0),
      1,
      "the phone is the contact person's",
    );
    assert.equal(await page.getByLabel('Import column "Position" into').inputValue(), 'contactPosition');
    assert.equal(await page.getByLabel('Import column "Contact person" into').inputValue(), 'contactName');
    assert.equal(await page.getByRole('checkbox', { name: 'Name' }).isChecked(), true);
    assert.equal(await page.getByRole('radio', { name: 'Create a new client anyway' }).count(), 0, 'a contacts file never creates clients');
    await page.getByRole('button', { name: 'Preview the import' }).click();
    await page.getByTestId('count-updated').filter({ hasText: /^1/ }).waitFor();
    await page.getByTestId('count-rejected').filter({ hasText: /^1/ }).waitFor();
    await page.getByRole('table', { name: 'Rejected rows' }).getByText('no client matches the row (by Name)').waitFor();
    await page.getByRole('button', { name: 'Import now' }).click();
    await page.getByTestId('import-result').filter({ hasText: 'The import is finished.' }).waitFor();
    const ivan = await e.pool.query(
      "SELECT contacts FROM clients WHERE display_name = 'Petrov Ivan' OR (surname = 'Petrov' AND first_name = 'Ivan')",
    );
    assert.deepEqual(
      ivan.rows.map((r) =>
        r.contacts.map((c: { name: string; position: string; channels: { value: string }[] }) => [
          c.name,
          c.position,
          c.channels.map((ch) => ch.value),
        ]),
      ),
      [[['Olga Petrova', 'wife', ['+7 912 000-00-05']]]],
    );
    assert.equal(Number((await e.pool.query("SELECT count(*) FROM clients WHERE display_name ILIKE '%Nobody%'")).rows[0].count), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shows what an update changes, keeps stored values under empty cells unless told to clear, and flags two rows of one client', async () => {
    const { page, context, errors } = await e.page({ login: 'sam' });
    await page.goto(`${e.base}/import`);
    // Ivan Petrov (ivan@example.com, +7 912 000-00-01) came with the small file; Ivana shares his phone
    await drop(
      page,
      'update.csv',
      'Name,Email,Phone,Notes\nIvan Petrov,,+7 912 000-00-01,VIP customer\nIvana Petrova,ivana@example.com,+7 912 000-00-01,second\n',
    );
    await page.getByRole('heading', { name: 'Match the columns' }).waitFor();
    assert.equal(await page.getByRole('radio', { name: 'Keep the stored value' }).isChecked(), true, 'empty cells keep by default');
    assert.equal(await page.getByRole('radio', { name: 'Keep the stored name (the file only names clients without one)' }).isChecked(), true);
    await page.getByRole('button', { name: 'Preview the import' }).click();
    await page.getByTestId('count-updated').filter({ hasText: /^1/ }).waitFor();
    await page.getByTestId('count-rejected').filter({ hasText: /^1/ }).waitFor();
    await page.getByRole('table', { name: 'Rejected rows' }).getByText('matches the same client as row 2').waitFor();
    const changes = page.getByRole('table', { name: 'Changes to clients already in the base' });
    await changes.getByRole('row').filter({ hasText: 'Notes' }).filter({ hasText: '(empty)' }).filter({ hasText: 'VIP customer' }).waitFor();
    assert.equal(await changes.getByRole('row').filter({ hasText: 'ivan@example.com' }).count(), 0, 'the empty e-mail cell changes nothing');
    await page.screenshot({ path: path.join(shots, 'import-changes.png'), fullPage: true });
    const all = await download(page, () => page.getByRole('link', { name: 'Download all changes (CSV)' }).click());
    assert.match(
      all.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/)[1]!,
      /^2,\d+,Petrov Ivan,notes,,VIP customer$/,
    );

    // the user chooses to clear: the e-mail change shows, and the run does it
    await page.getByRole('button', { name: 'Change the columns' }).click();
    await page.getByRole('radio', { name: 'Clear the field' }).check();
    await page.getByRole('button', { name: 'Preview the import' }).click();
    await changes.getByRole('row').filter({ hasText: 'Email' }).filter({ hasText: 'ivan@example.com' }).waitFor();
    await page.getByRole('button', { name: 'Import now' }).click();
    await page.getByTestId('import-result').filter({ hasText: 'The import is finished.' }).waitFor();
    const ivan = await e.pool.query("SELECT notes, emails, phones FROM clients WHERE surname = 'Petrov' AND first_name = 'Ivan'");
    assert.deepEqual(ivan.rows, [{ notes: 'VIP customer', emails: [], phones: ['+79120000001'] }]);
    assert.equal(
      Number((await e.pool.query("SELECT count(*) FROM clients WHERE first_name = 'Ivana'")).rows[0].count),
      0,
      'Ivana is neither merged nor created',
    );
    // undo: Ivan has his e-mail back (the sales history below finds him by it)
    await page.getByRole('button', { name: 'Undo this import' }).click();
    await page.getByRole('dialog', { name: 'Undo the import?' }).getByRole('button', { name: 'Undo the import' }).click();
    await page.getByTestId('import-result').filter({ hasText: 'This import was undone' }).waitFor();
    assert.deepEqual((await e.pool.query("SELECT notes, emails FROM clients WHERE surname = 'Petrov' AND first_name = 'Ivan'")).rows, [
      { notes: null, emails: ['ivan@example.com'] },
    ]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('imports the Northwind products into the catalog', async () => {
    const { page, context, errors } = await e.page({ login: 'sam' });
    await page.goto(`${e.base}/import`);
    await choose(page, path.join(path.dirname(NORTHWIND), 'products.csv'));
    await page.getByRole('heading', { name: 'Match the columns' }).waitFor();
    await page.getByRole('radio', { name: 'Products and services (the catalog)' }).check();
    await untilCount(
      async () => ((await page.getByLabel('Import column "unit_price" into').inputValue()) === 'product.price' ? 1 : 0),
      1,
      'unit_price is the price',
    );
    assert.equal(await page.getByLabel('Import column "product_id" into').inputValue(), 'product.sku');
    assert.equal(await page.getByLabel('Import column "discontinued" into').inputValue(), 'product.discontinued');
    assert.equal(await page.getByRole('checkbox', { name: 'SKU' }).isChecked(), true);
    assert.equal(await page.getByRole('textbox', { name: 'Responsible manager of new clients' }).count(), 0);
    await page.getByRole('button', { name: 'Preview the import' }).click();
    await page.getByTestId('count-created').filter({ hasText: /^77/ }).waitFor();
    assert.equal(Number((await e.pool.query('SELECT count(*) FROM products')).rows[0].count), 0, 'the preview changed nothing');
    await page.getByRole('button', { name: 'Import now' }).click();
    await page.getByTestId('import-result').filter({ hasText: 'The import is finished.' }).waitFor();
    assert.equal(Number((await e.pool.query('SELECT count(*) FROM products')).rows[0].count), 77);
    assert.deepEqual((await e.pool.query("SELECT price::text, active FROM products WHERE name = 'Chai'")).rows, [{ price: '180000', active: false }]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('imports a sales history of the clients and products in the base, and undoes it', async () => {
    // the clients of small.csv (Ivan and Anna, by e-mail) and the Northwind catalog are in the base
    assert.deepEqual(
      (await e.pool.query('SELECT x FROM clients, unnest(emails) x ORDER BY 1')).rows.map((r) => r.x),
      ['anna@example.com', 'ivan@example.com'],
    );
    // two departments; Sam, a senior manager, works in the Shop (below scope "all" a user records
    // sales only in their own department) and tells the import that the Shop made the sales
    const [shop] = await e.db
      .insertInto('departments')
      .values([{ name: 'Shop' }, { name: 'Warehouse' }])
      .returning('id')
      .execute();
    await e.db.updateTable('users').set({ departmentId: shop!.id }).where('login', '=', 'sam').execute();
    const sales = () => e.pool.query("SELECT count(*)::int AS n FROM sales WHERE number LIKE 'H-%'").then((r) => r.rows[0].n as number);
    const facts = () => e.pool.query('SELECT coalesce(sum(amount), 0)::text AS s FROM sale_facts').then((r) => r.rows[0].s as string);
    assert.equal(await sales(), 0);
    const before = await facts();

    const { page, context, errors } = await e.page({ login: 'sam' });
    await page.goto(`${e.base}/import`);
    // H-1: two lines (Chai, discontinued since, at the file's price less 10 %; Chang at the catalog price);
    // H-2: one line; H-3: a known product and an unknown one, so the whole sale is rejected
    await drop(
      page,
      'history.csv',
      [
        'Number,Date,Email,SKU,Qty,Price,Discount',
        'H-1,2024-03-05,ivan@example.com,1,2,10.50,10',
        'H-1,2024-03-05,ivan@example.com,2,1,,',
        'H-2,2024-03-06,anna@example.com,3,4,,',
        'H-3,2024-03-07,anna@example.com,4,1,,',
        'H-3,2024-03-07,anna@example.com,999,1,5,',
      ].join('\n') + '\n',
    );
    await page.getByRole('heading', { name: 'Match the columns' }).waitFor();
    const columns = ['Number', 'Date', 'Email', 'SKU', 'Qty', 'Price', 'Discount'];
    const targets = () => Promise.all(columns.map((c) => page.getByLabel(`Import column "${c}" into`).inputValue()));
    assert.equal(await page.getByLabel('Import column "Email" into').inputValue(), 'email', 'first read as a file of clients');
    await page.getByRole('radio', { name: 'Sales of the past (the history)' }).check();
    await untilEqual(
      targets,
      ['sale.number', 'sale.date', 'sale.clientEmail', 'item.sku', 'item.quantity', 'item.price', 'item.discount'],
      'the suggested mapping of a sales file',
    );
    await page.getByRole('heading', { name: 'How the sales are recorded' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Clients already in the base' }).count(), 0, 'no client matching for sales');
    const department = page.getByRole('textbox', { name: 'Department, where the file does not say' });
    await untilEqual(() => department.inputValue(), "The employee's department", 'the default department');
    await department.click();
    await page.getByRole('option', { name: 'Shop', exact: true }).click();
    await untilEqual(() => department.inputValue(), 'Shop', 'the chosen department');
    const payment = page.getByRole('textbox', { name: 'Paid by, where the file does not say' });
    await untilEqual(() => payment.inputValue(), 'Cash', 'cash by default');
    await payment.click();
    await page.getByRole('option', { name: 'Card', exact: true }).click();
    await untilEqual(() => payment.inputValue(), 'Card', 'the chosen payment');

    const previewed = page.waitForResponse((r) => r.url().endsWith('/preview') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Preview the import' }).click();
    assert.equal((await previewed).status(), 200, 'the plan is accepted');
    const counts = () =>
      Promise.all(['created', 'updated', 'unchanged', 'skipped', 'rejected'].map((k) => page.getByTestId(`count-${k}`).textContent()));
    await untilEqual(counts, ['3Lines of new sales', '0Updated', '0Unchanged', '0Skipped', '2Rejected'], 'the preview counts');
    // both rows of H-3 are rejected, each naming the bad line by the row number the table shows
    const rejected = page.getByRole('table', { name: 'Rejected rows' });
    const reason = 'row 6: Product: no product with SKU "999"';
    await untilEqual(
      async () => (await rejected.getByRole('row').allTextContents()).slice(1),
      [`5H-3 · 2024-03-07 · anna@example.com · 4 · 1${reason}`, `6H-3 · 2024-03-07 · anna@example.com · 999 · 1 · 5${reason}`],
      'the rejected rows with their reason',
    );
    assert.equal(await sales(), 0, 'the preview recorded nothing');
    assert.equal(await facts(), before, 'nor any amount in the reports');

    const ran = page.waitForResponse((r) => r.url().endsWith('/run') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Import now' }).click();
    assert.equal((await ran).status(), 200);
    await page.getByTestId('import-result').filter({ hasText: 'The import is finished.' }).waitFor();
    await untilEqual(counts, ['3Lines of new sales', '0Updated', '0Unchanged', '0Skipped', '2Rejected'], 'the result counts');
    // H-1: 2 × 10.50 − 10 % = 18.90, plus Chang 19.00; H-2: 4 × Aniseed Syrup 10.00; paid by card, in the Shop, by Sam
    const recorded = await e.pool.query(`SELECT s.number, to_char(s.day, 'YYYY-MM-DD') AS day, s.total::text, s.paid::text, s.bonus_accrued::text,
        s.department_id::int AS department, u.login, c.emails[1] AS email,
        (SELECT count(*)::int FROM sale_items i WHERE i.sale_id = s.id) AS lines,
        (SELECT string_agg(method, ',') FROM sale_payments p WHERE p.sale_id = s.id) AS methods
      FROM sales s JOIN users u ON u.id = s.employee_id JOIN clients c ON c.id = s.client_id WHERE s.number LIKE 'H-%' ORDER BY s.number`);
    assert.deepEqual(recorded.rows, [
      {
        number: 'H-1',
        day: '2024-03-05',
        total: '379000',
        paid: '379000',
        bonus_accrued: '0',
        department: shop!.id,
        login: 'sam',
        email: 'ivan@example.com',
        lines: 2,
        methods: 'card',
      },
      {
        number: 'H-2',
        day: '2024-03-06',
        total: '400000',
        paid: '400000',
        bonus_accrued: '0',
        department: shop!.id,
        login: 'sam',
        email: 'anna@example.com',
        lines: 1,
        methods: 'card',
      },
    ]);
    assert.equal(BigInt(await facts()) - BigInt(before), 779000n, 'the sales are in the reports');

    // undo from the result, through the confirmation
    await page.getByRole('button', { name: 'Undo this import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Undo the import?' });
    await dialog.getByText('The sales recorded from "history.csv" (3 lines) will be removed').waitFor();
    const undone = page.waitForResponse((r) => r.url().endsWith('/undo') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Undo the import' }).click();
    assert.equal((await undone).status(), 200);
    await page.getByTestId('import-result').filter({ hasText: 'This import was undone: its sales are removed' }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await sales(), 0, 'the sales are gone');
    assert.equal(
      await e.pool
        .query("SELECT count(*)::int AS n FROM sale_items i JOIN products p ON p.id = i.product_id WHERE p.sku IN ('1', '2', '3')")
        .then((r) => r.rows[0].n),
      0,
    );
    assert.equal(await facts(), before, 'and their amounts left the reports');
    await page.getByRole('link', { name: 'Import another file' }).click();
    await page.getByTestId('import-history').getByRole('row').filter({ hasText: 'history.csv' }).getByText('undone').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('explains a file over the size limit, a non-table and a zip bomb', async () => {
    const { page, context } = await e.page({ login: 'sam' });
    await page.goto(`${e.base}/import`);
    const big = path.join(tmp, 'big.csv');
    writeFileSync(big, 'Name,Notes\n' + `Someone,${'x'.repeat(1000)}\n`.repeat(1500));
    await choose(page, big);
    await page.getByTestId('upload-error').filter({ hasText: 'The file is too large: the server accepts files up to 1 MB.' }).waitFor();

    const junk = path.join(tmp, 'photo.xlsx');
    writeFileSync(junk, Buffer.from([0, 1, 2, 3, 4, 5, 0, 0, 9]));
    await choose(page, junk);
    await page.getByTestId('upload-error').filter({ hasText: 'This file is not a table.' }).waitFor();

    await withZipBomb(tmp, async (bomb) => {
      await choose(page, bomb);
      await page.getByTestId('upload-error').filter({ hasText: 'zip bomb' }).waitFor();
    });
    await context.close();
  });

  it('shows no wizard to a manager without the import right; CSV export has the visible clients only', async () => {
    const max = await e.page({ login: 'max' });
    await max.page.getByRole('button', { name: 'Export' }).waitFor();
    assert.equal(await max.page.getByRole('link', { name: 'Import', exact: true }).count(), 0, 'no import entry in the nav or the journal');
    await max.page.goto(`${e.base}/import`);
    await max.page.getByText('Your role does not allow importing clients.').waitFor();
    await max.page.getByRole('banner').getByRole('link', { name: 'Clients' }).click();
    await count(max.page, 0);
    const mine = await download(max.page, async () => {
      await max.page.getByRole('button', { name: 'Export' }).click();
      await max.page.getByRole('menuitem', { name: 'CSV' }).click();
    });
    assert.match(mine.name, /^clients-\d{4}-\d\d-\d\d\.csv$/);
    assert.equal(
      mine.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/).length,
      1,
      "only the header: Sam's clients are not Max's",
    );
    await max.context.close();

    const { page, context } = await e.page({ login: 'sam' });
    await count(page, 2);
    await page.getByRole('searchbox').fill('Anna');
    await count(page, 1);
    const file = await download(page, async () => {
      await page.getByRole('button', { name: 'Export' }).click();
      await page.getByRole('menuitem', { name: 'CSV' }).click();
    });
    const lines = file.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    assert.equal(lines.length, 2, file.text);
    assert.match(lines[0]!, /^ID,Kind,Surname,First name/);
    assert.match(lines[1]!, /Smirnova,Anna/);
    await context.close();
  });

  it('works on a phone in Russian', async () => {
    const { page, context, errors } = await e.page({ login: 'sam', width: 375, height: 760, locale: 'ru-RU' });
    await page.getByRole('main').getByRole('link', { name: 'Импортировать' }).click();
    await page.getByRole('heading', { name: 'Импорт клиентов' }).waitFor();
    await choose(page, NORTHWIND);
    await page.getByText('Шаг 2 из 5: Колонки').waitFor();
    await page.getByRole('heading', { name: 'Сопоставьте колонки' }).waitFor();
    assert.equal(await page.getByLabel('Колонку «customer_id» импортировать в').inputValue(), 'externalId');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px)`);
    await page.screenshot({ path: path.join(shots, 'import-mapping-phone-ru.png') });
    // don't import the fax; submit from the keyboard
    await page.getByLabel('Колонку «fax» импортировать в').selectOption('');
    await page.getByRole('button', { name: 'Проверить импорт' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Шаг 3 из 5: Проверка').waitFor();
    // Sam's 91 clients were undone, so all are new again
    await page.getByTestId('count-created').filter({ hasText: '91' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
});
