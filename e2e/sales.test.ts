import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { SHOTS as shots, startE2E, untilCount, untilEqual, type E2E } from './harness.js';

// Issue 4 in the browser: the owner sets up the catalog and a category with a bonus, a manager
// sells to their client with a partial payment, the card shows the debt and the points, and the
// owner's rating report shows the sale in the right department and downloads it as XLSX.
let e: E2E;
let salon: number;
let clientId: number;

/** Waits until an input shows `value` (the form fills some fields from queries still on their way). */
async function hasValue(locator: Locator, value: string) {
  for (let i = 0; i < 100 && (await locator.inputValue()) !== value; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await locator.inputValue(), value);
}
/** Waits until an element's whole text is `text`. */
const hasText = (locator: Locator, text: string) =>
  locator.filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).waitFor();

async function apiAs(page: Page, method: 'post' | 'patch', url: string, data: unknown) {
  const r = await page.request[method](`${e.base}${url}`, { data, headers: { origin: e.base } });
  assert.ok(r.ok(), `${url}: ${r.status()} ${await r.text()}`);
  return r.json();
}

before(async () => {
  e = await startE2E();
  await e.addUser('owner', 'admin');
  const masha = await e.addUser('masha', 'manager');
  await e.addUser('vera', 'readonly');
  await e.addUser('petya', 'manager');
  mashaId = masha;
});
after(async () => e.close());
let mashaId: number;

describe('sales, the client card and the rating report in the browser', () => {
  it('says where departments and products come from while the base has none', async () => {
    const { page, context, errors } = await e.page({ login: 'owner' });
    await page.goto(`${e.base}/sales/new`);
    await page.getByTestId('no-departments').filter({ hasText: 'There are no departments yet.' }).waitFor();
    await page.getByTestId('no-products').filter({ hasText: 'The catalog has no products for sale yet.' }).waitFor();
    await page.getByRole('link', { name: 'Add one in Settings → Departments' }).click();
    await page.getByRole('tab', { name: 'Departments', selected: true }).waitFor();
    await page.goto(`${e.base}/sales/new`);
    await page.getByRole('link', { name: 'Add them in Catalog → Products' }).click();
    await page.getByRole('tab', { name: 'Products', selected: true }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
    // a manager may not add either: told who does
    const m = await e.page({ login: 'masha' });
    await m.page.goto(`${e.base}/sales/new`);
    await m.page.getByTestId('no-departments').filter({ hasText: 'An administrator adds them in Settings → Departments.' }).waitFor();
    await m.page.getByTestId('no-products').filter({ hasText: 'Someone with catalog rights adds them' }).waitFor();
    await m.context.close();
    salon = (await e.db.insertInto('departments').values({ name: 'Салон' }).returning('id').executeTakeFirstOrThrow()).id as number;
    await e.db.insertInto('departments').values({ name: 'Склад' }).execute();
    // a manager in no department is told why no sale can be recorded
    const n = await e.page({ login: 'masha' });
    await n.page.goto(`${e.base}/sales/new`);
    await n.page.getByTestId('no-own-department').filter({ hasText: 'an administrator sets your department in Settings → Users' }).waitFor();
    await n.context.close();
    await e.db.updateTable('users').set({ departmentId: salon }).where('id', '=', mashaId).execute();
  });

  it('lets the owner add a product group, a product and a category with a bonus', async () => {
    const { page, context, errors } = await e.page({ login: 'owner' });
    await page.getByRole('link', { name: 'Catalog' }).click();
    await page.getByRole('tab', { name: 'Groups' }).click();
    await page.getByLabel('New group').fill('Кофе');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    // "New group" matches a loose name too: wait for the row of the group just added
    await hasValue(page.getByRole('textbox', { name: 'Group', exact: true }).first(), 'Кофе');

    await page.getByRole('tab', { name: 'Products' }).click();
    await page.getByRole('button', { name: 'New product' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Кофе в зёрнах');
    await dialog.getByLabel('Price').fill('12,5x');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('an amount like 100.50').waitFor(); // checked before it is sent
    await dialog.getByLabel('Price').fill('1250,50');
    await dialog.getByLabel('Unit').fill('kg');
    await dialog.getByRole('textbox', { name: 'Group' }).click();
    await page.getByRole('option', { name: 'Кофе' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: '1,250.50' }).waitFor();

    await page.getByRole('tab', { name: 'Client categories' }).click();
    await page.getByRole('button', { name: 'New category' }).click();
    await dialog.getByLabel('Name').fill('Золото');
    await dialog.getByLabel('Discount, %').fill('5');
    await dialog.getByLabel('Bonus, %').fill('10');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Золото' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("assigns the category on the card of the manager's client", async () => {
    const m = await e.page({ login: 'masha' });
    clientId = (await apiAs(m.page, 'post', '/api/clients', { kind: 'person', surname: 'Лебедева', firstName: 'Анна' })).client.id;
    await m.context.close();

    const { page, context, errors } = await e.page({ login: 'owner' });
    await page.goto(`${e.base}/clients/${clientId}`);
    await page.getByTestId('purchases').waitFor();
    await page.getByTestId('health-status').filter({ hasText: 'No purchases yet' }).waitFor();
    await page.getByRole('textbox', { name: 'Category' }).click();
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/clients/${clientId}/terms`) && r.request().method() === 'PATCH'),
      page.getByRole('option', { name: 'Золото' }).click(),
    ]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('lets the manager record a sale with a partial payment, then shows the debt and the bonus on the card', async () => {
    const { page, context, errors } = await e.page({ login: 'masha' });
    await page.goto(`${e.base}/clients/${clientId}`);
    await page.getByRole('link', { name: 'New sale' }).click();
    await page.getByRole('form', { name: 'New sale' }).waitFor();
    await hasValue(page.getByRole('textbox', { name: 'Client' }), 'Лебедева Анна');
    await hasValue(page.getByRole('textbox', { name: 'Department' }), 'Салон');
    // below scope "all" only one's own department is offered (the server refuses the others)
    await page.getByRole('textbox', { name: 'Department' }).click();
    assert.deepEqual(await page.getByRole('listbox').getByRole('option').allTextContents(), ['Салон']);
    await page.keyboard.press('Escape');

    await page.getByRole('textbox', { name: 'Add a product' }).fill('кофе');
    await page.getByRole('option', { name: /Кофе в зёрнах/ }).click();
    await page.getByLabel('Quantity: Кофе в зёрнах').fill('0');
    await page.getByText('a quantity more than 0').waitFor();
    await page.getByLabel('Quantity: Кофе в зёрнах').fill('2');
    // 1250.50 × 2 − 5 % (the category) = 2375.95, priced by the server as the cashier types
    await page.getByTestId('sale-total').filter({ hasText: '2,375.95' }).waitFor();
    await page.getByRole('cell', { name: '5 %' }).waitFor();
    await page.getByLabel('Amount 1').fill('1000');
    await page.getByTestId('form-debt').filter({ hasText: '1,375.95' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'sale-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Complete the sale' }).click();

    await page.getByRole('status').filter({ hasText: 'Sale saved' }).waitFor();
    await hasText(page.getByTestId('sale-debt'), '1,375.95 RUB');
    await hasText(page.getByTestId('sale-bonus'), '237.60'); // 10 % of 2375.95, whole cents

    await page.getByRole('link', { name: 'Лебедева Анна' }).click();
    await page.getByTestId('health-status').filter({ hasText: 'Active' }).waitFor();
    await hasText(page.getByTestId('health-debt'), '1,375.95 RUB');
    await hasText(page.getByTestId('bonus-balance'), '237.60');
    await page.getByRole('button', { name: 'Bonus history' }).click();
    await page
      .getByTestId('bonus-history')
      .getByText(/accrued \+237\.60/)
      .waitFor();
    await page.getByRole('table', { name: 'Sales of this client' }).getByText('Debt 1,375.95').waitFor();
    await page.screenshot({ path: path.join(shots, 'card-purchases.png'), fullPage: true });
    // a manager reads the points but may not correct them (loyalty: read only)
    assert.equal(await page.getByRole('button', { name: 'Correct points' }).count(), 0);

    // the manager may read reports but not export them
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByTestId('rating-table').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Download XLSX' }).count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('lets the owner correct the bonus points by hand, never below zero, with the reason kept', async () => {
    const { page, context, errors } = await e.page({ login: 'owner' });
    await page.goto(`${e.base}/clients/${clientId}`);
    await hasText(page.getByTestId('bonus-balance'), '237.60');
    await page.getByRole('button', { name: 'Correct points' }).click();
    const dialog = page.getByRole('dialog', { name: 'Correct the bonus points' });
    await dialog.getByLabel('Points to add or take away').fill('-300');
    await dialog.getByLabel('Reason').fill('списание по ошибке');
    // more than the balance: refused by the server, the balance unchanged
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/clients/${clientId}/bonus`) && r.request().method() === 'POST'),
      dialog.getByRole('button', { name: 'Save the correction' }).click(),
    ]);
    await dialog.getByRole('alert').filter({ hasText: 'fewer points than that' }).waitFor();
    await dialog.getByLabel('Points to add or take away').fill('12,4');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/clients/${clientId}/bonus`) && r.request().method() === 'POST' && r.status() === 200),
      dialog.getByRole('button', { name: 'Save the correction' }).click(),
    ]);
    await dialog.waitFor({ state: 'detached' });
    await hasText(page.getByTestId('bonus-balance'), '250.00');
    await page.getByRole('button', { name: 'Bonus history' }).click();
    await page
      .getByTestId('bonus-history')
      .getByText(/corrected by hand \+12\.40/)
      .waitFor();
    const audit = (
      await e.pool.query(`SELECT changes FROM audit_log WHERE action = 'bonus.adjusted' AND entity_id = $1 ORDER BY id`, [clientId])
    ).rows.map((r) => r.changes);
    assert.deepEqual(audit, [{ amount: '12.40', reason: 'списание по ошибке' }]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('pays the rest from the sale view, with a confirmation dialog', async () => {
    const { page, context } = await e.page({ login: 'masha' });
    await page.getByRole('link', { name: 'Sales' }).click();
    await page
      .getByRole('table', { name: 'Sales' })
      .getByRole('link', { name: /^#\d+$/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Pay the rest' }).click();
    const dialog = page.getByRole('dialog');
    await hasValue(dialog.getByLabel('Amount'), '1375.95');
    await dialog.getByLabel('Amount').fill('2000');
    await dialog.getByRole('button', { name: 'Pay' }).click();
    await dialog.getByText(/more than the amount due/).waitFor(); // the server's message, next to the field
    await dialog.getByLabel('Amount').fill('375.95');
    await dialog.getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('status').filter({ hasText: 'Payment recorded' }).waitFor();
    await hasText(page.getByTestId('sale-debt'), '1,000.00 RUB');
    await context.close();
  });

  it('records a sale on a phone, paid in full, without horizontal scrolling', async () => {
    const { page, context, errors } = await e.page({ login: 'masha', width: 390, height: 844 });
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('menuitem', { name: 'Sales' }).click();
    await page.getByRole('link', { name: 'New sale' }).click();
    await page.getByRole('textbox', { name: 'Client' }).fill('Лебед');
    await page.getByRole('option', { name: 'Лебедева Анна' }).click();
    await page.getByRole('textbox', { name: 'Add a product' }).fill('зёрнах');
    await page.getByRole('option', { name: /Кофе в зёрнах/ }).click();
    await page.getByLabel('Quantity: Кофе в зёрнах').fill('1');
    await page.getByTestId('sale-total').filter({ hasText: '1,187.98' }).waitFor(); // 1250.50 − 5 % = 1187.975 → 1187.98
    await hasValue(page.getByLabel('Amount 1'), '1187.98'); // the cash row pays the whole total
    await untilCount(() => page.getByTestId('form-debt').count(), 0, 'no debt when the cash row pays the total');
    const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    assert.ok(width <= 390, `the form is ${width}px wide on a 390px phone`);
    await page.screenshot({ path: path.join(shots, 'sale-form-phone.png'), fullPage: true });
    await page.getByRole('button', { name: 'Complete the sale' }).click();
    await page.getByRole('status').filter({ hasText: 'Sale saved' }).waitFor();
    await hasText(page.getByTestId('sale-debt'), '0.00 RUB');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shows the owner the client in the rating with the right total in the right department, and downloads the XLSX', async () => {
    const { page, context, errors } = await e.page({ login: 'owner' });
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('button', { name: 'This year' }).click();
    const table = page.getByTestId('rating-table');
    await table.waitFor();
    // the report asks again 200 ms after the period changes and shows the previous answer meanwhile
    await untilEqual(
      () => table.locator('thead th').allTextContents(),
      ['# ▲', 'Client', 'Price list', 'Салон', 'Склад', 'Total'],
      'the rating headers',
    );
    const row = table.locator('tbody tr').filter({ hasText: 'Лебедева Анна' });
    await untilEqual(() => row.locator('td').allTextContents(), ['1', 'Лебедева Анна', '', '3,563.93', '0.00', '3,563.93'], "the client's row"); // 2375.95 + 1187.98
    await untilEqual(
      () => table.locator('tfoot tr').last().locator('td').allTextContents(),
      ['', 'All clients (1)', '3,563.93', '0.00', '3,563.93'],
      'the totals',
    );
    await page.getByRole('img', { name: /Share per department: Салон 100 %/ }).waitFor();
    await page.getByRole('button', { name: 'Sort by Client' }).click();
    await table.locator('th[aria-sort="ascending"]').filter({ hasText: 'Client' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'report-rating.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download XLSX' }).click()]);
    assert.match(download.suggestedFilename(), /^rating-\d{4}-01-01-\d{4}-12-31\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const sheet = wb.worksheets[0]!;
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['#', 'Client', 'Price list', 'Салон', 'Склад', 'Total']);
    assert.equal(sheet.getRow(2).getCell(2).value, 'Лебедева Анна');
    assert.equal(sheet.getRow(2).getCell(4).value, 3563.93);
    assert.equal(sheet.getRow(2).getCell(6).value, 3563.93);

    await page.getByRole('tab', { name: 'Employees' }).click();
    await page.getByRole('table', { name: 'Employees' }).getByRole('row', { name: /Masha/ }).getByText('3,563.93').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shows the report in Russian, and print CSS hides the navigation', async () => {
    const { page, context } = await e.page({ login: 'owner', locale: 'ru-RU' });
    await page.getByRole('link', { name: 'Отчёты' }).click();
    await page.getByRole('tab', { name: 'Рейтинг клиентов' }).waitFor();
    await page.getByRole('button', { name: 'За всё время' }).click();
    const table = page.getByTestId('rating-table');
    const row = table.locator('tbody tr').filter({ hasText: 'Лебедева Анна' });
    // read right after the click, the table may not be there yet (or still show the previous period)
    await untilEqual(
      () => row.locator('td').allTextContents(),
      ['1', 'Лебедева Анна', '', '3\u00a0563,93', '0,00', '3\u00a0563,93'],
      "the client's row in Russian",
    );
    await table.getByText('Итого по показанным').waitFor();
    await table.getByText('Все клиенты (1)').waitFor();
    await page.getByRole('link', { name: 'Скачать XLSX' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'report-rating-ru.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header').isVisible(), false);
    assert.equal(await page.getByRole('link', { name: 'Скачать XLSX' }).isVisible(), false);
    assert.equal(await table.isVisible(), true);
    await page.getByText(/^Рейтинг клиентов · /).waitFor();
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 768, height: 1024 }); // a tablet: the menu folds, the table scrolls inside its box
    await page.getByRole('button', { name: 'Меню' }).waitFor();
    assert.ok(await page.evaluate(() => document.scrollingElement!.scrollWidth <= 768));
    await context.close();
  });

  it('sets up a price list, a currency rate and a discount by check amount, and the sale form prices with them', async () => {
    const { page, context, errors } = await e.page({ login: 'owner' });
    // names are text, never markup (docs/security.md §16): a product named like a script
    await apiAs(page, 'post', '/api/products', { name: '<img src=x onerror=alert(1)>', price: '1' });
    const wholesale = (await apiAs(page, 'post', '/api/clients', { kind: 'organization', legalName: 'ООО «Оптовик»' })).client.id;

    await page.getByRole('link', { name: 'Catalog' }).click();
    await page.getByRole('cell', { name: '<img src=x onerror=alert(1)>' }).waitFor();
    await page.getByRole('tab', { name: 'Price lists' }).click();
    await page.getByLabel('New price list').fill('Опт');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Prices: Опт' }).click();
    await page.getByLabel('Price in this list: Кофе в зёрнах').fill('1000');
    await page.getByRole('button', { name: 'Save prices' }).click();
    await page.getByText('prices: 1').waitFor();

    await page.getByRole('tab', { name: 'Currencies and settings' }).click();
    await page.getByLabel('Code', { exact: true }).first().waitFor();
    await page.getByRole('textbox', { name: 'Code' }).first().fill('USD');
    await page.getByRole('textbox', { name: 'Name' }).fill('US dollar');
    await page.getByRole('button', { name: 'Add currency' }).click();
    await page.getByRole('cell', { name: 'US dollar' }).waitFor();
    await page.getByRole('textbox', { name: 'Code' }).last().click();
    await page.getByRole('option', { name: 'USD' }).click();
    await page.getByLabel('From day').fill('2026-01-01');
    await page.getByRole('textbox', { name: /^Rate/ }).fill('92,5');
    await page.getByRole('button', { name: 'Set rate' }).click();
    await page.getByRole('cell', { name: '92.50' }).waitFor();
    await page.getByRole('button', { name: 'Add a discount' }).click();
    await page.getByLabel('From check amount').fill('10000');
    await page.getByLabel('Discount, %').fill('7');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    await page.goto(`${e.base}/clients/${wholesale}`);
    await page.getByRole('textbox', { name: 'Price list' }).click();
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/clients/${wholesale}/terms`) && r.request().method() === 'PATCH'),
      page.getByRole('option', { name: 'Опт (RUB)' }).click(),
    ]);
    await page.getByRole('link', { name: 'New sale' }).click();
    await page.getByRole('textbox', { name: 'Department' }).click();
    await page.getByRole('option', { name: 'Склад' }).click();
    await page.getByRole('textbox', { name: 'Add a product' }).fill('зёрн');
    await page.getByRole('option', { name: /Кофе в зёрнах/ }).click();
    await page.getByLabel('Quantity: Кофе в зёрнах').fill('12');
    // 12 × 1000.00 (the price list) = 12000 ≥ 10000: 7 % off by check amount
    await page.getByTestId('sale-total').filter({ hasText: '11,160.00' }).waitFor();
    await page.getByRole('cell', { name: '7 %' }).waitFor();
    await page.getByRole('cell', { name: '1,000.00' }).waitFor();
    // paying with points the client does not have: the server's message, next to the payments
    await page.getByRole('textbox', { name: 'Method 1' }).click();
    await page.getByRole('option', { name: 'Bonus points' }).click();
    await page.getByRole('button', { name: 'Complete the sale' }).click();
    await page.getByText('not enough bonus points').waitFor();
    // the same sale in dollars, paid in cash: the base price at the day's rate in whole cents
    // (1250.50 / 92.5 = 13.51; the rouble price list does not apply), 12 × 13.51, no check discount
    await page.getByRole('textbox', { name: 'Method 1' }).click();
    await page.getByRole('option', { name: 'Cash' }).click();
    await page.getByRole('textbox', { name: 'Currency', exact: true }).click();
    await page.getByRole('option', { name: 'USD — US dollar' }).click();
    await page.getByTestId('sale-total').filter({ hasText: '162.12' }).waitFor();
    await Promise.all([page.waitForURL(/\/sales\/\d+$/), page.getByRole('button', { name: 'Complete the sale' }).click()]);
    const sale = (
      await e.pool.query('SELECT currency, total::text, base_total::text, paid::text FROM sales WHERE client_id = $1 ORDER BY id DESC LIMIT 1', [
        wholesale,
      ])
    ).rows[0];
    // 162.12 USD, paid; 162.12 × 92.5 = 14,996.10 RUB in the reports
    assert.deepEqual(sale, { currency: 'USD', total: '1621200', base_total: '149961000', paid: '1621200' });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('records a draft with the keyboard only, completes it, returns a line and cancels the return, each confirmed', async () => {
    const { page, context, errors } = await e.page({ login: 'masha' });
    await page.getByRole('link', { name: 'Sales' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'New sale' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Client' }).focus();
    await page.keyboard.type('Лебед');
    await page.getByRole('option', { name: 'Лебедева Анна' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Add a product' }).focus();
    await page.keyboard.type('зёрн');
    await page.getByRole('option', { name: /Кофе в зёрнах/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByLabel('Quantity: Кофе в зёрнах').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await page.getByTestId('sale-total').filter({ hasText: '2,375.95' }).waitFor(); // 2501.00 − 5 %
    await page.getByRole('button', { name: 'Remove payment 1' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('form-debt').filter({ hasText: '2,375.95' }).waitFor();
    await page.getByRole('radio', { name: 'Completed' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('button', { name: 'Save draft' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Sale saved' }).waitFor();
    await page.getByText('Draft', { exact: true }).waitFor();

    // the saved draft's lines change: the form opens with them, 2 -> 3, priced again
    await page.getByRole('link', { name: 'Change', exact: true }).click();
    await page.getByRole('heading', { name: /^Change Sale #\d+$/ }).waitFor();
    await hasValue(page.getByLabel('Quantity: Кофе в зёрнах'), '2');
    await page.getByTestId('sale-total').filter({ hasText: '2,375.95' }).waitFor();
    await page.getByLabel('Quantity: Кофе в зёрнах').fill('3');
    await page.getByTestId('sale-total').filter({ hasText: '3,563.93' }).waitFor(); // 3751.50 − 5 % = 3563.925
    await Promise.all([
      page.waitForResponse((r) => /\/api\/sales\/\d+$/.test(r.url()) && r.request().method() === 'PATCH' && r.status() === 200),
      page.getByRole('button', { name: 'Save draft' }).click(),
    ]);
    await page.getByRole('status').filter({ hasText: 'Sale saved' }).waitFor();
    await hasText(page.getByTestId('sale-debt'), '3,563.93 RUB');
    await page.getByText('Draft', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Complete' }).click();
    await page.getByText('Completed', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Return lines' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Return of Кофе в зёрнах/).fill('4');
    await dialog.getByRole('button', { name: 'Make the return' }).click();
    await dialog.getByText('between 0 and 3').waitFor(); // the server's message next to the line
    await dialog.getByLabel(/Return of Кофе в зёрнах/).fill('1');
    await dialog.getByRole('button', { name: 'Make the return' }).click();
    await page
      .getByTestId('sale-title')
      .filter({ hasText: /^Return #\d+$/ })
      .waitFor();
    await page.getByRole('status').filter({ hasText: 'Return made' }).waitFor();

    await page.getByRole('button', { name: 'Cancel the sale' }).click();
    await dialog.getByText(/Payments are refunded/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.getByText('Cancelled', { exact: true }).count(), 0, 'closing the dialog cancels nothing');
    await page.getByRole('button', { name: 'Cancel the sale' }).click();
    await dialog.getByLabel('Reason').fill('typed by mistake');
    await dialog.getByRole('button', { name: 'Cancel the sale' }).click();
    await page.getByRole('status').filter({ hasText: 'The sale is cancelled' }).waitFor();

    await page.getByRole('link', { name: '← Sales' }).click();
    await page.getByRole('textbox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Cancelled' }).click();
    const rows = page.getByRole('table', { name: 'Sales' }).locator('tbody tr');
    await rows.first().getByText('Cancelled').waitFor();
    await untilCount(() => rows.count(), 1, 'only the cancelled sale is listed');
    await rows.first().getByText('Cancelled').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('hides what a role may not do and explains a refusal', async () => {
    const { page, context } = await e.page({ login: 'vera' });
    await page.getByRole('link', { name: 'Sales' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'New sale' }).count(), 0);
    await page.goto(`${e.base}/sales/new`);
    await page.getByRole('alert').filter({ hasText: 'Your role does not allow you to open this page' }).waitFor();
    await page.goto(`${e.base}/catalog`);
    await page.getByRole('cell', { name: '1,250.50' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'New product' }).count(), 0);
    await page.getByRole('tab', { name: 'Currencies and settings' }).click();
    await page.getByText('Only administrators change these.').waitFor();
    await context.close();

    // a sale of another manager's client does not exist for this manager (the API answers 404)
    const petya = await e.page({ login: 'petya' });
    await petya.page.goto(`${e.base}/sales/1`);
    await petya.page.getByRole('alert').filter({ hasText: 'This does not exist or is not visible to you.' }).waitFor();
    await petya.context.close();
  });

  it('gives a discount by hand on one line: the form prices it, the sale and its printed receipt show it; a manager is not offered it', async () => {
    const m = await e.page({ login: 'masha' });
    await m.page.goto(`${e.base}/sales/new?clientId=${clientId}`);
    await m.page.getByRole('textbox', { name: 'Add a product' }).fill('зёрн');
    await m.page.getByRole('option', { name: /Кофе в зёрнах/ }).click();
    await m.page.getByLabel('Quantity: Кофе в зёрнах').waitFor();
    assert.equal(await m.page.getByLabel('By hand: Кофе в зёрнах').count(), 0, 'a manager has no sales.discount right');
    await m.context.close();

    const { page, context, errors } = await e.page({ login: 'owner' });
    await page.goto(`${e.base}/sales/new?clientId=${clientId}`);
    await hasValue(page.getByRole('textbox', { name: 'Client' }), 'Лебедева Анна');
    await page.getByRole('textbox', { name: 'Department' }).click();
    await page.getByRole('option', { name: 'Салон' }).click();
    await page.getByRole('textbox', { name: 'Add a product' }).fill('зёрн');
    await page.getByRole('option', { name: /Кофе в зёрнах/ }).click();
    // 1250.50 less the client's 5 % = 1187.975; less 10 % by hand (118.7975) = 1069.1775 → 1,069.18
    await page.getByTestId('sale-total').filter({ hasText: '1,187.98' }).waitFor();
    await page.getByLabel('By hand: Кофе в зёрнах').fill('10,5x');
    await page.getByText('a percentage (0–100) or an amount').waitFor();
    await page.getByLabel('By hand: Кофе в зёрнах').fill('10');
    await page.getByTestId('sale-total').filter({ hasText: '1,069.18' }).waitFor();
    await page.getByTestId('line-manual').filter({ hasText: 'by hand −118.7975' }).waitFor();
    // or an amount off the line
    await page.getByLabel('Discount by hand as: Кофе в зёрнах').selectOption('amount');
    await page.getByLabel('By hand: Кофе в зёрнах').fill('87,98');
    await page.getByTestId('sale-total').filter({ hasText: '1,100.00' }).waitFor(); // 1187.975 − 87.98 = 1099.995
    await page.getByLabel('Discount by hand as: Кофе в зёрнах').selectOption('percent');
    await page.getByLabel('By hand: Кофе в зёрнах').fill('10');
    await page.getByTestId('sale-total').filter({ hasText: '1,069.18' }).waitFor();
    await Promise.all([page.waitForURL(/\/sales\/\d+$/), page.getByRole('button', { name: 'Complete the sale' }).click()]);
    const item = page.getByTestId('item-manual');
    await item.filter({ hasText: 'by hand: −10 % −118.7975' }).waitFor();
    const id = Number(page.url().split('/').pop());
    const row = (
      await e.pool.query(
        'SELECT s.total::text, i.manual_bp, i.manual_amount::text, i.amount::text FROM sales s JOIN sale_items i ON i.sale_id = s.id WHERE s.id = $1',
        [id],
      )
    ).rows[0];
    assert.deepEqual(row, { total: '10691800', manual_bp: 1000, manual_amount: '1187975', amount: '10691775' });
    // the receipt: the page printed without the navigation and the buttons, the discount on it
    await page.getByRole('button', { name: 'Print receipt' }).waitFor();
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header').isVisible(), false);
    assert.equal(await page.getByRole('button', { name: 'Print receipt' }).isVisible(), false);
    assert.equal(await item.isVisible(), true);
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
