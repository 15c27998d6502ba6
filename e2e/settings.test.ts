import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SHOTS as shots, startE2E, untilCount, type E2E } from './harness.js';

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
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('tab', { name: 'Departments' }).click();
    await page.getByLabel('New department').fill('Салон на Тверской');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    // the demo base already has departments (and "New department" matches a loose name): wait for this one
    const departments = page.getByRole('textbox', { name: 'Department', exact: true });
    await untilCount(
      () => departments.evaluateAll((els) => els.filter((el) => (el as HTMLInputElement).value === 'Салон на Тверской').length),
      1,
      'the new department is listed',
    );
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
    assert.equal(await nina.page.getByRole('link', { name: 'Settings', exact: true }).count(), 0);
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
    // both waits are set up before the click: on a fast machine the answers can come before the click returns
    const hidden = page.waitForResponse((r) => /\/api\/custom-fields\/\d+$/.test(r.url()) && r.request().method() === 'PATCH');
    const listed = page.waitForResponse((r) => r.url().endsWith('/api/custom-fields') && r.request().method() === 'GET');
    await page.getByRole('switch', { name: 'Hidden: Loyalty level' }).click({ force: true });
    assert.equal((await hidden).status(), 200);
    await listed;
    await untilCount(
      async () => Number(await page.getByRole('switch', { name: 'Hidden: Loyalty level' }).isChecked()),
      1,
      'the switch shows the field hidden',
    );
    // The form draws the custom fields once they arrive, after "Surname": count only once the
    // page has the list and has drawn it, or the check passes before anything is there.
    const fresh = page.waitForResponse((r) => r.url().endsWith('/api/custom-fields') && r.request().method() === 'GET');
    await page.goto(`${e.base}/clients/new`);
    await page.getByLabel('Surname').waitFor();
    await (await fresh).finished();
    await page.evaluate(() => new Promise((r) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(r)), 0)));
    assert.equal(await page.getByRole('textbox', { name: 'Loyalty level' }).count(), 0);
    await context.close();
  });
});

describe('invitations, field rights and custom inputs', () => {
  const field = async (key: string, label: string, type: string, options: string[] = []) =>
    e.db
      .insertInto('customFields')
      .values({ key, label, type, options: JSON.stringify(options), position: 100 })
      .execute();

  it('invites a user by a one-time link: the invitee chooses a password and is logged in', async () => {
    const { page, context, errors } = await e.page({ login: 'boss' });
    await page.goto(`${e.base}/settings`);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Ира Приглашённая');
    await page.getByRole('textbox', { name: 'Login', exact: true }).fill('ira');
    await page.getByRole('textbox', { name: 'Role', exact: true }).click();
    await page.getByRole('option', { name: 'Manager', exact: true }).click();
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const link = await page.getByLabel('Invitation link').inputValue();
    assert.match(link, new RegExp(`^${e.base}/invite#[A-Za-z0-9_-]{43}$`));
    await page.getByRole('cell', { name: 'ira', exact: true }).waitFor(); // pending
    assert.deepEqual(errors, []);
    await context.close();

    const ira = await e.page();
    await ira.page.goto(link);
    await ira.page.getByText('Welcome, Ира Приглашённая! Your login is ira.').waitFor();
    await ira.page.getByLabel(/^Password/).fill('password');
    await ira.page.getByRole('button', { name: 'Set password and log in' }).click();
    await ira.page.locator('.mantine-InputWrapper-error').waitFor(); // the password policy, next to the field
    await ira.page.getByLabel(/^Password/).fill('ira-own-password-1');
    await ira.page.getByRole('button', { name: 'Set password and log in' }).click();
    await ira.page.getByTestId('client-count').waitFor();
    assert.equal(await ira.page.getByTestId('current-user').textContent(), 'Ира Приглашённая');
    assert.deepEqual(ira.errors, []);
    await ira.context.close();

    const again = await e.page();
    await again.page.goto(link);
    await again.page.getByRole('alert').filter({ hasText: 'This invitation is not valid' }).waitFor();
    await again.context.close();
  });

  it('edits multi-choice and money fields: options picked from a list, the amount kept exact', async () => {
    await field('interests', 'Interests', 'multichoice', ['golf', 'tennis', 'chess']);
    await field('deposit', 'Deposit', 'money');
    await e.addUser('mila', 'manager');
    const { page, context, errors } = await e.page({ login: 'mila' });
    await page.getByRole('link', { name: 'New client' }).click();
    await page.getByLabel('Surname').fill('Вкладова');
    await page.getByRole('textbox', { name: 'Interests' }).click({ force: true });
    await page.getByRole('option', { name: 'golf' }).click();
    await page.getByRole('option', { name: 'chess' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('textbox', { name: 'Deposit' }).fill('12,345');
    await page.getByText('An amount like 1234.56').waitFor();
    await page.getByRole('textbox', { name: 'Deposit' }).fill('999 999 999 999 999,99');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('client-name').filter({ hasText: 'Вкладова' }).waitFor();
    await page.getByText('golf, chess').waitFor();
    await page.getByText('999,999,999,999,999.99').waitFor(); // money in the UI language's format, exact
    const row = await e.db.selectFrom('clients').select('custom').where('surname', '=', 'Вкладова').executeTakeFirstOrThrow();
    assert.deepEqual(row.custom, { interests: ['golf', 'chess'], deposit: '999999999999999.99' }, 'stored as a string: no float on the way');
    // Editing one value sends only that one; the amount stays as it was.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.locator('.mantine-Pill-root').filter({ hasText: 'golf' }).locator('.mantine-Pill-remove').click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const after = await e.db.selectFrom('clients').select('custom').where('surname', '=', 'Вкладова').executeTakeFirstOrThrow();
    assert.deepEqual(after.custom, { interests: ['chess'], deposit: '999999999999999.99' });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('hides a field from the Manager role: at the next click a manager sees it neither in the card nor in the journal', async () => {
    await field('card_no', 'Card number', 'text');
    await e.addUser('vera', 'manager');
    const vera = await e.page({ login: 'vera' });
    await vera.page.getByRole('link', { name: 'New client' }).click();
    await vera.page.getByLabel('Surname').fill('Карточкина');
    await vera.page.getByRole('textbox', { name: 'Card number' }).fill('CARD-777');
    await vera.page.getByRole('button', { name: 'Save' }).click();
    await vera.page.getByText('CARD-777').waitFor();
    await vera.page.getByRole('link', { name: /Back to clients/ }).click();
    await vera.page.getByRole('button', { name: 'Columns' }).click();
    await vera.page.getByRole('checkbox', { name: 'Card number' }).check();
    await vera.page.keyboard.press('Escape');
    await vera.page.getByRole('cell', { name: 'CARD-777' }).waitFor();

    const boss = await e.page({ login: 'boss' });
    await boss.page.goto(`${e.base}/settings`);
    await boss.page.getByRole('tab', { name: 'Roles and rights' }).click();
    await boss.page.getByRole('button', { name: 'Field rights: Manager' }).click();
    const saved = boss.page.waitForResponse((r) => /\/api\/roles\/\d+$/.test(r.url()) && r.request().method() === 'PATCH');
    await boss.page.getByRole('radiogroup', { name: 'Manager: Card number' }).getByText('hidden').click();
    assert.equal((await saved).status(), 200);
    await boss.page.getByRole('button', { name: 'Field rights: Manager' }).filter({ hasText: '(1)' }).waitFor();
    await boss.page.screenshot({ path: path.join(shots, 'settings-field-rights.png') });
    assert.deepEqual(boss.errors, []);
    await boss.context.close();

    // Vera did not log out: her next clicks show the card and the journal without the field.
    await vera.page
      .getByRole('link', { name: 'Карточкина Test' })
      .or(vera.page.getByRole('link', { name: /^Карточкина/ }))
      .first()
      .click();
    await vera.page.getByTestId('client-name').filter({ hasText: 'Карточкина' }).waitFor();
    await vera.page.getByTestId('history').waitFor();
    // The card may first paint from the cache; the role is read again at the click and, once it
    // changed, the card is fetched again without the field.
    await untilCount(() => vera.page.getByText('CARD-777').count(), 0, 'the card does not show it');
    await untilCount(() => vera.page.getByText('Card number').count(), 0, 'nor its label');
    await vera.page.getByRole('link', { name: /Back to clients/ }).click();
    await vera.page.getByRole('row').filter({ hasText: 'Карточкина' }).waitFor();
    await vera.page.getByRole('columnheader', { name: 'Card number' }).or(vera.page.getByText('Card number')).first().waitFor({ state: 'detached' });
    await untilCount(() => vera.page.getByText('CARD-777').count(), 0, 'the journal does not show it');
    assert.deepEqual(vera.errors, []);
    await vera.context.close();
  });

  it('gives the Manager role the right to discounts by hand with a maximum', async () => {
    const { page, context, errors } = await e.page({ login: 'boss' });
    await page.goto(`${e.base}/settings?tab=roles`);
    const saved = () => page.waitForResponse((r) => /\/api\/roles\/\d+$/.test(r.url()) && r.request().method() === 'PATCH');
    let done = saved();
    await page.getByRole('checkbox', { name: "Manager: May give discounts by hand on a sale's line", exact: true }).click(); // controlled: checked once the role is saved and read again
    assert.equal((await done).status(), 200);
    const max = page.getByRole('textbox', { name: 'Manager: At most, % of the line', exact: true });
    await max.waitFor();
    await max.fill('7,5');
    done = saved();
    await max.blur();
    assert.equal((await done).status(), 200);
    const manager = await e.db.selectFrom('roles').select(['rights', 'maxDiscountBp']).where('key', '=', 'manager').executeTakeFirstOrThrow();
    assert.equal((manager.rights as Record<string, Record<string, boolean>>).sales!.discount, true);
    assert.equal(manager.maxDiscountBp, 750);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
