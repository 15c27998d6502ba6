// A client card in Chromium after every kind of change (issue 13): a form edit, a custom field,
// the terms, an import's update, a second import merging in a channel, the undo of that import —
// the card and its history render each time, with labels and names. The edit form leaves the
// client out of its own duplicates; two tabs editing at once get the conflict shown, with
// "Reload" and "Keep mine". The Audit page with its filters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startE2E, untilCount, type E2E } from './harness.js';

let e: E2E;
before(async () => {
  e = await startE2E();
  await e.addUser('ada', 'admin');
  await e.addUser('bob', 'admin');
});
after(async () => e.close());

/** An API call from the page's session (same origin, like the app's own requests). */
async function call<T = any>(page: Page, method: string, url: string, data?: unknown, contentType?: string): Promise<T> {
  const r = await page.request.fetch(`${e.base}${url}`, {
    method,
    headers: { origin: e.base, ...(contentType ? { 'content-type': contentType } : {}) },
    ...(data !== undefined ? { data: data as string } : {}),
  });
  assert.ok(r.ok(), `${method} ${url}: ${r.status()} ${await r.text()}`);
  return r.json() as Promise<T>;
}

async function runImport(page: Page, name: string, csv: string, mapping: { column: number; target: string }[]) {
  const up = await call(page, 'POST', `/api/imports?name=${name}`, Buffer.from(csv), 'text/csv');
  const id = up.job.id as number;
  await call(page, 'POST', `/api/imports/${id}/run`, { mapping, options: { matchBy: ['phone'], onMatch: 'update' } });
  for (let i = 0; i < 200; i++) {
    const j = await call(page, 'GET', `/api/imports/${id}`);
    if (j.status === 'done') return id;
    assert.ok(!['failed', 'interrupted'].includes(j.status), JSON.stringify(j));
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the import did not finish');
}

const history = (page: Page) => page.getByTestId('history');
/** Opens the card afresh and waits for the history entry `text`. */
async function openCard(page: Page, id: number, text: string | RegExp) {
  await page.goto(`${e.base}/clients/${id}`);
  await page.getByTestId('client-name').waitFor();
  await history(page).getByText(text).first().waitFor();
}

describe('the client card after every kind of change', () => {
  it('renders the card and a readable history after an edit, a custom field, terms, an import, a merge and an undo', async () => {
    const { page, context, errors } = await e.page({ login: 'ada' });
    await call(page, 'POST', '/api/custom-fields', { key: 'birthday_gift', label: 'Birthday gift', type: 'text' });
    const list = await call(page, 'POST', '/api/price-lists', { name: 'Wholesale', currency: 'RUB' });
    const created = await call(page, 'POST', '/api/clients', {
      kind: 'person',
      surname: 'Журавлёва',
      firstName: 'Ирина',
      channels: [{ type: 'phone', value: '+7 900 111-22-33' }],
    });
    const id = created.client.id as number;
    await openCard(page, id, /created/);

    // a form edit and a custom field, in the form
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Status').fill('vip');
    await page.getByLabel('Birthday gift').fill('flowers');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await history(page).getByText('Status: — → vip').waitFor();
    await history(page).getByText('Birthday gift: — → flowers').waitFor();

    // the terms: a price list by name, no "category" line for a category nobody touched
    await call(page, 'PATCH', `/api/clients/${id}/terms`, { priceListId: list.id });
    await openCard(page, id, 'Price list: — → Wholesale');
    assert.equal(
      await history(page)
        .getByText(/Category|categoryId|priceListId|client\.terms/)
        .count(),
      0,
    );

    // an import updates the client: the card opened blank here ("number 1 is not iterable")
    const first = await runImport(page, 'notes.csv', 'Phone,Notes\n+7 900 111-22-33,from the import\n', [
      { column: 0, target: 'phone' },
      { column: 1, target: 'notes' },
    ]);
    await openCard(page, id, `changed by import #${first}`);
    await page.getByText('from the import').waitFor();

    // a second import merges an email into the client's channels
    const second = await runImport(page, 'mail.csv', 'Phone,Email\n+7 900 111-22-33,ira@example.com\n', [
      { column: 0, target: 'phone' },
      { column: 1, target: 'email' },
    ]);
    await openCard(page, id, `changed by import #${second}`);
    await page.getByRole('link', { name: 'ira@example.com' }).waitFor();

    // its undo gives the values back and says so in the history
    await call(page, 'POST', `/api/imports/${second}/undo`);
    await openCard(page, id, `import undone: values restored by import #${second}`);
    await untilCount(() => page.getByRole('link', { name: 'ira@example.com' }).count(), 0, 'the merged email is gone after the undo');

    const actions = await page.getByTestId('history-entry').evaluateAll((els) => els.map((el) => el.getAttribute('data-action')));
    assert.deepEqual(actions, ['client.import_undone', 'client.updated', 'client.updated', 'client.terms', 'client.updated', 'client.created']);
    assert.equal(
      await history(page)
        .getByText(/custom\.|importJob|\[object|priceListId/)
        .count(),
      0,
      'no internal names',
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('does not list the client being edited as its own duplicate', async () => {
    const { page, context, errors } = await e.page({ login: 'ada' });
    const phone = { type: 'phone', value: '+7 900 555-66-77' };
    const self = (await call(page, 'POST', '/api/clients', { kind: 'person', surname: 'Самойлова', firstName: 'Вера', channels: [phone] })).client;
    await page.goto(`${e.base}/clients/${self.id}`);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Status').fill('checked');
    // the draft's phone and name are the client's own: nothing to warn about
    await page.waitForResponse((r) => r.url().endsWith('/api/clients/duplicates'));
    await page.waitForTimeout(300);
    assert.equal(await page.getByText('Possible duplicates').count(), 0);
    // another client with the same phone is a duplicate, and the only one listed
    const twin = (await call(page, 'POST', '/api/clients', { kind: 'person', surname: 'Двойникова', channels: [phone] })).client;
    await page.getByLabel('Status').fill('checked again');
    const alert = page.getByRole('status').filter({ hasText: 'Possible duplicates' });
    await alert.getByRole('link', { name: twin.displayName }).waitFor();
    assert.equal(await alert.getByRole('link').count(), 1);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('two tabs editing one client', () => {
  it('shows the conflict with who changed what; "Keep mine" saves over the new version, "Reload" takes theirs', async () => {
    const a = await e.page({ login: 'ada' });
    const b = await e.page({ login: 'bob' });
    const c = (await call(a.page, 'POST', '/api/clients', { kind: 'person', surname: 'Конфликтова', status: 'new' })).client;
    for (const p of [a.page, b.page]) {
      await p.goto(`${e.base}/clients/${c.id}`);
      await p.getByRole('button', { name: 'Edit' }).click();
    }
    await a.page.getByLabel('Status').fill('from A');
    await a.page.getByRole('button', { name: 'Save' }).click();
    await a.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    await b.page.getByLabel('Status').fill('from B');
    await b.page.getByLabel('Region').fill('Kazan');
    await b.page.getByRole('button', { name: 'Save' }).click();
    const conflict = b.page.getByTestId('conflict');
    await conflict.waitFor();
    await conflict.getByText(/^Ada changed it at /).waitFor();
    const status = conflict.locator('tr[data-field="status"]');
    assert.deepEqual(await status.locator('td').allTextContents(), ['Status', 'from A', 'from B']);
    assert.equal(await conflict.locator('tr[data-field]').count(), 1, 'only the field they changed');
    // the form keeps what B typed
    assert.equal(await b.page.getByLabel('Status').inputValue(), 'from B');

    await conflict.getByRole('button', { name: 'Keep mine' }).click();
    await b.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    let now = await call(b.page, 'GET', `/api/clients/${c.id}`);
    assert.equal(now.status, 'from B');
    assert.equal(now.region, 'Kazan');
    assert.equal(now.version, 3);

    // again, and this time B takes A's version
    for (const p of [a.page, b.page]) {
      await p.goto(`${e.base}/clients/${c.id}`);
      await p.getByRole('button', { name: 'Edit' }).click();
    }
    await a.page.getByLabel('Source').fill('fair');
    await a.page.getByRole('button', { name: 'Save' }).click();
    await a.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await b.page.getByLabel('Source').fill('website');
    await b.page.getByRole('button', { name: 'Save' }).click();
    await conflict.waitFor();
    await conflict.getByRole('button', { name: 'Reload (take theirs)' }).click();
    await untilCount(() => conflict.count(), 0, 'the conflict is gone after Reload');
    assert.equal(await b.page.getByLabel('Source').inputValue(), 'fair');
    await b.page.getByLabel('Importance').fill('high');
    await b.page.getByRole('button', { name: 'Save' }).click();
    await b.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    now = await call(b.page, 'GET', `/api/clients/${c.id}`);
    assert.deepEqual([now.source, now.importance, now.status], ['fair', 'high', 'from B']);
    assert.deepEqual([...a.errors, ...b.errors], []);
    await a.context.close();
    await b.context.close();
  });
});

describe('the Audit page', () => {
  it('is in the menu of roles with the audit right only, and filters by client, action and period', async () => {
    await e.addUser('mia', 'manager');
    const m = await e.page({ login: 'mia' });
    assert.equal(await m.page.getByRole('navigation').getByRole('link', { name: 'Audit' }).count(), 0);
    await m.page.goto(`${e.base}/audit`);
    await m.page.getByText('Your role does not include the audit trail.').waitFor();
    await m.context.close();

    const { page, context, errors } = await e.page({ login: 'ada' });
    await page.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await page.getByTestId('audit-row').first().waitFor();
    assert.ok(
      (await page
        .getByTestId('audit-row')
        .filter({ hasText: 'Logged in' })
        .or(page.getByTestId('audit-row').filter({ hasText: 'login.succeeded' }))
        .count()) > 0,
    );

    await page.getByPlaceholder('Type a client name').fill('Конфликтова');
    await page.getByRole('option', { name: 'Конфликтова' }).click();
    await untilCount(
      async () => {
        const about = await page.getByTestId('audit-row').locator('td:nth-child(4)').allTextContents();
        return about.length > 0 && about.every((x) => x === 'Конфликтова') ? about.length : -1;
      },
      5,
      'the entries of that client only (created + four edits)',
    );
    await page.getByTestId('audit-row').filter({ hasText: 'Status: from A → from B' }).waitFor();

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByPlaceholder('Any action').click();
    await page.getByRole('option', { name: 'Clients' }).click();
    await untilCount(
      async () => {
        const acts = await page.getByTestId('audit-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-action') ?? ''));
        return acts.length > 0 && acts.every((x) => x.startsWith('client.')) ? 1 : 0;
      },
      1,
      'client entries only',
    );

    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    await page.getByLabel('From').fill(day);
    await page.getByText('No entries for these filters.').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
});
