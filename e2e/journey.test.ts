import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SHOTS as shots, startE2E, untilCount, type E2E } from './harness.js';

// The journeys of issue 3, in a real Chromium against the real server.
let e: E2E;

before(async () => {
  e = await startE2E();
});
after(async () => e.close());

describe('a new firm in the browser', () => {
  it('sets up the first administrator from the one-time link and lands in an empty journal', async () => {
    const { page, context, errors } = await e.page();
    await page.goto(`${e.base}/setup?token=wrong`);
    await page.getByLabel('Your name').fill('Olga Owner');
    await page.getByLabel('Login').fill('owner');
    await page.getByLabel(/^Password/).fill('owner-password-1');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();

    await page.goto(`${e.base}/setup?token=${await e.setupToken()}`);
    await page.getByLabel('Your name').fill('Olga Owner');
    await page.getByLabel('Login').fill('owner');
    await page.getByLabel(/^Password/).fill('owner-password-1');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByText('No clients yet').waitFor();
    assert.equal(await page.getByTestId('current-user').textContent(), 'Olga Owner');
    // the first sale can name a department: setup made one, and the form picks it
    await page.goto(`${e.base}/sales/new`);
    for (let i = 0; i < 100 && (await page.getByRole('textbox', { name: 'Department' }).inputValue()) !== 'Main department'; i++)
      await page.waitForTimeout(50);
    assert.equal(await page.getByRole('textbox', { name: 'Department' }).inputValue(), 'Main department');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('lets a manager create a client with two phones, find it by four digits, edit it and see the change in the history', async () => {
    await e.addUser('masha', 'manager');
    const { page, context, errors } = await e.page({ login: 'masha' });
    await page.getByRole('link', { name: 'New client' }).click();
    await page.getByLabel('Surname').fill('Воронцова');
    await page.getByLabel('First name').fill('Дарья');
    await page.getByLabel('Phone').first().fill('+7 (916) 555-43-21');
    await page.getByRole('button', { name: 'Add phone' }).click();
    await page.getByLabel('Phone').nth(1).fill('8 495 111 22 33');
    await page.getByLabel('Status').fill('new');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('client-name').filter({ hasText: 'Воронцова Дарья' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'card-desktop.png') });

    await page.getByRole('link', { name: /Back to clients/ }).click();
    await page.getByLabel('Search by name, phone, email or INN').fill('4321');
    await page.getByRole('row').filter({ hasText: 'Воронцова Дарья' }).waitFor();
    await page.getByRole('link', { name: 'Воронцова Дарья' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Status').fill('active');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await page.getByTestId('history').getByText('Status: new → active').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('creates an organization with a tag and a contact person, with the keyboard only', async () => {
    const { page, context, errors } = await e.page({ login: 'masha' });
    const started = Date.now();
    await page.getByRole('link', { name: 'New client' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('radio', { name: 'Person' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByLabel('Legal name').focus();
    await page.keyboard.type('ООО «Ландыш»');
    await page.keyboard.press('Tab');
    await page.keyboard.type('7707083893'); // INN
    await page.getByRole('textbox', { name: 'Tags' }).focus();
    await page.keyboard.type('опт');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Add contact person' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Name', { exact: true }).focus();
    await page.keyboard.type('Кира Белова');
    await page.keyboard.press('Tab');
    await page.keyboard.type('бухгалтер');
    await page.keyboard.press('Tab');
    await page.keyboard.type('+7 495 765-43-21');
    await page.getByRole('button', { name: 'Save' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('client-name').filter({ hasText: 'ООО «Ландыш»' }).waitFor();
    assert.ok(Date.now() - started < 30_000);
    await page.getByText('Кира Белова').waitFor();
    await page.getByText('опт', { exact: true }).waitFor();
    await page.getByRole('link', { name: '+7 495 765-43-21' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shows validation messages next to the field and keeps what was typed', async () => {
    const { page, context } = await e.page({ login: 'masha' });
    await page.getByRole('link', { name: 'New client' }).click();
    await page.getByLabel('Surname').fill('Ошибкин');
    await page.getByLabel('Phone').first().fill('call me');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('is not a phone number').waitFor();
    assert.equal(await page.getByLabel('Surname').inputValue(), 'Ошибкин');
    await context.close();
  });

  it("stops typing at a field's limit and says it; a refused save brings the first invalid field into view, focused, and says so next to Save", async () => {
    const { page, context, errors } = await e.page({ login: 'masha' });
    await page.setViewportSize({ width: 1024, height: 500 });
    await page.getByRole('link', { name: 'New client' }).click();
    await page.getByText('Organization', { exact: true }).click();
    // a 5,000-character name: the input keeps the first 500 (the server's limit) and says so
    await page.getByLabel('Legal name').fill('Ш'.repeat(5000));
    assert.equal((await page.getByLabel('Legal name').inputValue()).length, 500);
    await page.getByText('At most 500 characters').waitFor();
    await page.getByLabel('INN').focus();
    await page.keyboard.type('77070838931234');
    assert.equal(await page.getByLabel('INN').inputValue(), '770708389312');
    // an INN the server refuses (a wrong check digit), Save far below it
    await page.getByLabel('Legal name').fill('ООО «Проверка»');
    await page.getByLabel('INN').fill('7707083894');
    await page.getByLabel('Notes').fill('long\n'.repeat(30));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('save-errors').filter({ hasText: 'Not saved: fix the fields marked in red.' }).waitFor();
    for (let i = 0; i < 50 && !(await page.getByLabel('INN').evaluate((el) => el === document.activeElement)); i++) await page.waitForTimeout(50);
    assert.equal(await page.getByLabel('INN').evaluate((el) => el === document.activeElement), true, 'the INN is focused');
    const box = (await page.getByLabel('INN').boundingBox())!;
    assert.ok(box.y >= 0 && box.y + box.height <= 500, `the INN is in view (${box.y})`);
    assert.equal(await page.getByLabel('INN').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('hides another manager\'s clients from a manager with "own" scope', async () => {
    await e.addUser('petya', 'manager');
    const { page, context } = await e.page({ login: 'petya' });
    await page.getByLabel('Search by name, phone, email or INN').fill('4321');
    await page.getByText('Nothing found').waitFor();
    await page.goto(`${e.base}/clients/1`);
    await page.getByRole('alert').filter({ hasText: 'not visible to you' }).waitFor();
    await context.close();
  });

  it('shows a read-only user no edit controls', async () => {
    await e.addUser('vera', 'readonly');
    const { page, context } = await e.page({ login: 'vera' });
    await page.getByRole('link', { name: 'Воронцова Дарья' }).click();
    await page.getByTestId('client-name').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Edit' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Archive' }).count(), 0);
    await page.goto(e.base);
    await page.getByTestId('client-count').waitFor();
    assert.equal(await page.getByRole('link', { name: 'New client' }).count(), 0);
    await page.screenshot({ path: path.join(shots, 'journal-desktop.png') });
    await context.close();
  });

  it('shows the journal as a list of cards on a phone, in Russian', async () => {
    const { page, context } = await e.page({ login: 'masha', width: 390, height: 844, locale: 'ru-RU' });
    await page.getByText('2 клиента').waitFor();
    await page.getByRole('row').filter({ hasText: 'Воронцова Дарья' }).waitFor();
    // the first render may still be the desktop one (the media query is read in an effect)
    await untilCount(() => page.getByRole('columnheader').count(), 0, 'no table header on a phone');
    await page.getByPlaceholder('Поиск по имени, телефону, эл. почте или ИНН').waitFor();
    await page.screenshot({ path: path.join(shots, 'journal-phone-ru.png') });
    await page.getByRole('row').filter({ hasText: 'Воронцова Дарья' }).click();
    await page.getByRole('button', { name: 'Изменить' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'card-phone-ru.png') });
    await context.close();
  });
});
