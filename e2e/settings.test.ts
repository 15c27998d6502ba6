import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SHOTS as shots, startE2E, type E2E } from './harness.js';

let e: E2E;
before(async () => {
  e = await startE2E();
  await e.addUser('boss', 'admin');
});
after(async () => e.close());

describe('settings for administrators', () => {
  it('loads the demo base from the empty journal', async () => {
    const { page, context } = await e.page({ login: 'boss' });
    await page.getByRole('button', { name: 'Load a demo base' }).click();
    await page.getByText('200 clients').waitFor();
    await context.close();
  });

  it('adds a department and a user, and the new user can log in', async () => {
    const { page, context } = await e.page({ login: 'boss' });
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'Departments' }).click();
    await page.getByLabel('New department').fill('Салон на Тверской');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('textbox', { name: 'Department' }).last().waitFor();
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Нина Новикова');
    await page.getByRole('textbox', { name: 'Login', exact: true }).fill('nina');
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('nina-strong-pass');
    await page.getByRole('textbox', { name: 'Role', exact: true }).click();
    await page.getByRole('option', { name: 'Manager', exact: true }).click();
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('cell', { name: 'nina', exact: true }).waitFor();
    await page.screenshot({ path: path.join(shots, 'settings-users.png') });
    await context.close();

    const nina = await e.page();
    await nina.page.goto(e.base);
    await nina.page.getByLabel('Login').fill('nina');
    await nina.page.getByLabel('Password').fill('nina-strong-pass');
    await nina.page.getByRole('button', { name: 'Log in' }).click();
    await nina.page.getByText('No clients yet').waitFor();
    assert.equal(await nina.page.getByRole('link', { name: 'Settings' }).count(), 0);
    await nina.context.close();
  });

  it('adds a choice field that appears in the client form at once, and hides it again', async () => {
    const { page, context } = await e.page({ login: 'boss' });
    await page.goto(`${e.base}/settings`);
    await page.getByRole('tab', { name: 'Client fields' }).click();
    await page.getByLabel('Label').last().fill('Loyalty level');
    await page.getByRole('textbox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'Choice', exact: true }).click();
    await page.getByLabel('Options (comma-separated)').fill('bronze, silver, gold');
    await page.getByRole('button', { name: 'Add field' }).click();
    await page.getByRole('switch', { name: 'Hidden: Loyalty level' }).waitFor();
    await page.goto(`${e.base}/clients/new`);
    await page.getByRole('textbox', { name: 'Loyalty level' }).waitFor();
    await page.goto(`${e.base}/settings`);
    await page.getByRole('tab', { name: 'Client fields' }).click();
    await page.getByRole('switch', { name: 'Hidden: Loyalty level' }).click({ force: true });
    await page.waitForResponse((r) => r.url().endsWith('/api/custom-fields') && r.request().method() === 'GET');
    await page.goto(`${e.base}/clients/new`);
    await page.getByLabel('Surname').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Loyalty level' }).count(), 0);
    await context.close();
  });
});
