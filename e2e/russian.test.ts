import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertNoEnglish, SHOTS as shots, startE2E, type E2E } from './harness.js';
import { uk } from '../src/web/i18n/uk.js';
import { ro } from '../src/web/i18n/ro.js';
import type { Messages } from '../src/web/i18n/en.js';

// Issue 13 (languages) in the browser: the main screens in Russian — the journal, a client card
// with its history and purchases, the sale form (and its server-side refusals), a sale, the
// settings, the catalog, the reports and the import wizard with a rejected row and its file —
// show no English word (assertNoEnglish), and dates and money are written the Russian way. Then
// the journal, a client card, a sale, the sale form and the settings in Ukrainian and in Romanian
// (the browser's language uk-UA, ro-RO), with their dates and money.
let e: E2E;
let clientId: number;
let saleId: number;
/** the test's own data in Latin letters: the users' names and logins */
const data = ['Owner', 'Masha', 'owner', 'masha'];

async function api(page: Page, method: 'post' | 'patch', url: string, data: unknown) {
  const r = await page.request[method](`${e.base}${url}`, { data, headers: { origin: e.base } });
  assert.ok(r.ok(), `${url}: ${r.status()} ${await r.text()}`);
  return r.json();
}

before(async () => {
  e = await startE2E();
  await e.addUser('owner', 'admin');
  const masha = await e.addUser('masha', 'manager');
  const salon = (await e.db.insertInto('departments').values({ name: 'Салон' }).returning('id').executeTakeFirstOrThrow()).id as number;
  await e.db.updateTable('users').set({ departmentId: salon }).where('id', '=', masha).execute();
});
after(async () => e.close());

describe('the main screens in Russian', () => {
  it('show no English, and dates and money the Russian way', async () => {
    const { page, context, errors } = await e.page({ login: 'owner', locale: 'ru-RU' });
    // data made through the API: a custom yes/no and date field, a client changed twice, a product and a sale with a debt
    await api(page, 'post', '/api/custom-fields', { key: 'vip', label: 'Важный', type: 'boolean' });
    await api(page, 'post', '/api/custom-fields', { key: 'since', label: 'Клиент с', type: 'date' });
    const { client: c } = await api(page, 'post', '/api/clients', {
      kind: 'person',
      surname: 'Лебедева',
      firstName: 'Анна',
      birthDate: '1990-03-12',
      channels: [
        { type: 'phone', label: 'mobile', value: '+7 912 000-11-22' },
        { type: 'email', value: 'anna@example.ru' },
      ],
      custom: { vip: true, since: '2020-05-01' },
    });
    clientId = c.id;
    await api(page, 'patch', `/api/clients/${clientId}`, { version: c.version, patronymic: 'Сергеевна', custom: { vip: false } });
    const product = await api(page, 'post', '/api/products', { name: 'Кофе в зёрнах', price: '1125.00', unit: 'кг' });
    const me = await (await page.request.get(`${e.base}/api/auth/me`)).json();
    const departments = await (await page.request.get(`${e.base}/api/departments`)).json();
    const sale = await api(page, 'post', '/api/sales', {
      clientId,
      departmentId: departments.items[0].id,
      employeeId: me.user.id,
      status: 'completed',
      items: [{ productId: product.id, quantity: '2' }],
      payments: [{ method: 'cash', amount: '250.00' }],
    });
    saleId = sale.id;

    await page.goto(e.base);
    await page.getByText('1 клиент', { exact: true }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Лебедева Анна' }).waitFor();
    await assertNoEnglish(page, 'the journal', data);

    await page.goto(`${e.base}/clients/${clientId}`);
    await page.getByTestId('client-name').filter({ hasText: 'Лебедева Анна Сергеевна' }).waitFor();
    await page.getByText('12.03.1990').waitFor(); // the birth date
    await page.getByText('мобильный:').waitFor(); // the channel's label
    await page.getByTestId('history').getByText('Отчество: — → Сергеевна').waitFor();
    await page.getByTestId('history').getByText('Важный: Да → Нет').waitFor();
    await page.getByText('2 000,00 ₽').first().waitFor(); // the debt: 2 × 1125 − 250
    await assertNoEnglish(page, 'the client card', data);
    await page.screenshot({ path: path.join(shots, 'card-ru.png'), fullPage: true });

    await page.goto(`${e.base}/sales/${saleId}`);
    await page.getByText('2\u00a0250,00\u00a0₽').first().waitFor();
    assert.match(
      (await page
        .getByText(/^\d\d\.\d\d\.\d{4}, \d\d:\d\d$/)
        .first()
        .textContent())!,
      /^\d\d\.\d\d\.20\d\d, \d\d:\d\d$/,
      "the sale's date and time",
    );
    await assertNoEnglish(page, 'a sale', data);

    await page.goto(`${e.base}/sales/new`);
    await page.getByRole('heading', { name: 'Новая продажа' }).waitFor();
    await assertNoEnglish(page, 'the sale form', data);

    for (const tab of ['Пользователи', 'Отделы', 'Поля клиентов', 'Роли и права']) {
      await page.goto(`${e.base}/settings`);
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('tabpanel').waitFor();
      if (tab === 'Роли и права') await page.getByText('Старший менеджер').first().waitFor();
      await assertNoEnglish(page, `settings: ${tab}`, data);
    }
    // a refusal of the server, in Russian next to the field
    await page.goto(`${e.base}/settings`);
    await page.getByRole('tab', { name: 'Отделы' }).click();
    await page.getByLabel('Новый отдел').fill('Салон');
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    await page
      .getByText(/Отдел с таким названием уже есть|уже занято/)
      .first()
      .waitFor();
    await assertNoEnglish(page, 'a refused department', data);

    for (const tab of ['Товары', 'Группы', 'Прайс-листы', 'Категории клиентов', 'Валюты и настройки']) {
      await page.goto(`${e.base}/catalog`);
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('tabpanel').waitFor();
      await assertNoEnglish(page, `catalog: ${tab}`, [...data, /[A-Z][a-z]+\/[A-Za-z_]+/]);
    }

    await page.goto(`${e.base}/reports`);
    await page.getByRole('row').filter({ hasText: 'Лебедева Анна' }).waitFor();
    await assertNoEnglish(page, 'the rating report', data);

    // the import wizard: a file with a bad e-mail; the preview's reason and the downloaded file in Russian
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clientela-ru-'));
    const file = path.join(dir, 'клиенты.csv');
    writeFileSync(file, 'Фамилия,Имя,Эл. почта\nПетров,Иван,petrov@example.ru\nСидоров,Пётр,не-почта\n');
    await page.goto(`${e.base}/import`);
    await page.getByRole('heading', { name: 'Импорт клиентов' }).waitFor();
    await assertNoEnglish(page, 'import: the file step', data);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Выберите файл' }).click()]);
    await chooser.setFiles(file);
    await page.getByRole('heading', { name: 'Сопоставьте колонки' }).waitFor();
    await assertNoEnglish(page, 'import: the columns step', [...data, 'клиенты.csv', 'petrov@example.ru']);
    await page.getByRole('button', { name: 'Проверить импорт' }).click();
    const rejected = page.getByRole('table', { name: 'Отклонённые строки' });
    await rejected.getByText(/не адрес электронной почты/).waitFor();
    await assertNoEnglish(page, 'import: the preview step', [...data, 'клиенты.csv']);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Скачать отклонённые строки (CSV)' }).click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    assert.match(text, /^Фамилия,Имя,Эл. почта,Причина\r?\n/);
    assert.match(text, /Сидоров,Пётр,не-почта,.*не адрес электронной почты/);

    assert.deepEqual(errors, []);
    await context.close();
  });
});

/** Every word of a dictionary's texts: Romanian is written in Latin letters, so on a Romanian screen
 * a Latin word is English only when no Romanian text holds it. */
function wordsOf(messages: Messages): RegExp {
  const texts = (o: unknown): string[] => (typeof o === 'string' ? [o] : Object.values(o as object).flatMap(texts));
  const words = new Set(texts(messages).flatMap((t) => t.replace(/\{\{[^}]*\}\}/g, ' ').match(/\p{L}+/gu) ?? []));
  return new RegExp(`(?<!\\p{L})(?:${[...words].sort((a, b) => b.length - a.length).join('|')})(?!\\p{L})`, 'u');
}

describe('the main screens in Ukrainian and in Romanian', () => {
  // the firm's currency is RUB: Intl has no sign for it in uk and ro, so its code follows the amount
  const cases = [
    {
      lng: 'uk',
      locale: 'uk-UA',
      m: uk,
      person: { surname: 'Коваленко', firstName: 'Олена', patronymic: 'Петрівна' },
      product: { name: 'Кава в зернах', unit: 'кг' },
      debt: '2\u00a0000,00\u00a0RUB',
      total: '2\u00a0250,00\u00a0RUB',
      allow: [] as (string | RegExp)[],
    },
    {
      lng: 'ro',
      locale: 'ro-RO',
      m: ro,
      person: { surname: 'Popescu', firstName: 'Ioana', patronymic: 'Mihai' },
      product: { name: 'Cafea boabe', unit: 'kg' },
      debt: '2.000,00\u00a0RUB',
      total: '2.250,00\u00a0RUB',
      allow: ['Popescu', 'Ioana', 'Mihai', 'Cafea boabe', 'kg', wordsOf(ro)],
    },
  ];
  for (const { lng, locale, m, person, product, debt, total, allow } of cases) {
    it(`${lng}: show no English, and dates and money the ${lng} way`, async () => {
      const { page, context, errors } = await e.page({ login: 'owner', locale });
      const mine = [...data, ...allow];
      const { client: c } = await api(page, 'post', '/api/clients', {
        kind: 'person',
        surname: person.surname,
        firstName: person.firstName,
        birthDate: '1985-07-04',
        channels: [{ type: 'phone', label: 'mobile', value: '+373 69 000 111' }],
      });
      await api(page, 'patch', `/api/clients/${c.id}`, { version: c.version, patronymic: person.patronymic });
      const p = await api(page, 'post', '/api/products', { name: product.name, price: '1125.00', unit: product.unit });
      const me = await (await page.request.get(`${e.base}/api/auth/me`)).json();
      const departments = await (await page.request.get(`${e.base}/api/departments`)).json();
      const sale = await api(page, 'post', '/api/sales', {
        clientId: c.id,
        departmentId: departments.items[0].id,
        employeeId: me.user.id,
        status: 'completed',
        items: [{ productId: p.id, quantity: '2' }],
        payments: [{ method: 'cash', amount: '250.00' }],
      });

      await page.goto(e.base);
      await page
        .getByRole('row')
        .filter({ hasText: `${person.surname} ${person.firstName}` })
        .waitFor();
      await page.getByPlaceholder(m.journal.search).waitFor();
      await assertNoEnglish(page, `${lng}: the journal`, mine);

      await page.goto(`${e.base}/clients/${c.id}`);
      await page
        .getByTestId('client-name')
        .filter({ hasText: `${person.surname} ${person.firstName} ${person.patronymic}` })
        .waitFor();
      await page.getByText('04.07.1985').waitFor(); // the birth date
      await page.getByTestId('history').getByText(`${m.client.patronymic}: — → ${person.patronymic}`).waitFor();
      await page.getByText(debt).first().waitFor(); // the debt: 2 × 1125 − 250
      await assertNoEnglish(page, `${lng}: the client card`, mine);

      await page.goto(`${e.base}/sales/${sale.id}`);
      await page.getByText(total).first().waitFor();
      assert.match(
        (await page
          .getByText(/^\d\d\.\d\d\.\d{4}, \d\d:\d\d$/)
          .first()
          .textContent())!,
        /^\d\d\.\d\d\.20\d\d, \d\d:\d\d$/,
        `${lng}: the sale's date and time`,
      );
      await assertNoEnglish(page, `${lng}: a sale`, mine);

      await page.goto(`${e.base}/sales/new`);
      await page.getByRole('heading', { name: m.sales.new }).waitFor();
      await assertNoEnglish(page, `${lng}: the sale form`, mine);

      for (const tab of [m.settings.users, m.settings.departments, m.settings.fields, m.settings.roles, m.backups.tab]) {
        await page.goto(`${e.base}/settings`);
        await page.getByRole('tab', { name: tab }).click();
        await page.getByRole('tabpanel').waitFor();
        if (tab === m.settings.roles) await page.getByText(m.roles.senior).first().waitFor();
        if (tab === m.backups.tab) await page.getByRole('button', { name: m.backups.now }).waitFor();
        // the backups tab names the server's folder and command: a path and "clientela restore" (first:
        // Romanian's words would cut the path into pieces)
        await assertNoEnglish(page, `${lng}: settings: ${tab}`, [/\/\S+/, 'clientela restore', ...mine]);
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});
