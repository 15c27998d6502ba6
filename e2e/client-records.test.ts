import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertNoEnglish, SHOTS as shots, startE2E, untilCount, untilEqual, type E2E } from './harness.js';

// Issue 15 (the CRM sections of the client card) in the browser: a manager creates a task from the
// card (it is in the database with its due time, reminder and repeat), marks an overdue one done
// and another done with the next task, reopens one; adds a promise and marks it kept, a contract
// with an exact amount (a taken number is refused under its field), a note; uploads a real file
// and downloads the same bytes, sees the size limit refused in words, deletes a file; sees it all
// on the timeline, filters it by kind and loads more. A role without notes rights has no notes
// or files tabs; the card works 390 px wide; the Russian card has no English.
let e: E2E;
let clientId: number;
/** the test's own data in Latin letters */
const typed = [
  'Call back about the offer',
  'Send the contract',
  'Monthly report',
  'Old overdue call',
  'Discount for the next order',
  'Supply',
  'K-7',
  'Mila',
  'Boss',
  'Olga',
  'report 2026.txt',
  /note \d+/,
  'First meeting went well',
  'old.txt',
  'Call Vera',
  /Old \d+/,
];

async function api(page: Page, method: 'get' | 'post' | 'patch', url: string, data?: unknown) {
  const r = await page.request[method](`${e.base}${url}`, { data, headers: { origin: e.base } });
  assert.ok(r.ok(), `${url}: ${r.status()} ${await r.text()}`);
  return r.json();
}
const day = (offsetDays: number) => {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const choose = async (page: Page, field: ReturnType<Page['getByRole']>, option: string) => {
  await field.click();
  await page.getByRole('option', { name: option, exact: true }).click();
};

before(async () => {
  const files = mkdtempSync(path.join(os.tmpdir(), 'clientela-e2e-files-'));
  e = await startE2E({ CLIENTELA_FILES_DIR: files, CLIENTELA_FILE_LIMIT_MB: '1' });
  await e.addUser('boss', 'admin');
  await e.addUser('mila', 'manager');
});
after(async () => e.close());

describe('the CRM sections of the client card', () => {
  it('a manager works with tasks, promises, contracts, notes and files, and sees them on the timeline', async () => {
    const { page, context, errors } = await e.page({ login: 'mila' });
    const { client } = await api(page, 'post', '/api/clients', { kind: 'person', surname: 'Соколова', firstName: 'Анна' });
    clientId = client.id;
    const mila = (await e.db.selectFrom('users').select('id').where('login', '=', 'mila').executeTakeFirstOrThrow()).id;
    // an overdue task made earlier
    await api(page, 'post', '/api/tasks', { title: 'Old overdue call', clientId, dueAt: `${day(-2)}T09:00:00+00:00` });

    await page.goto(`${e.base}/clients/${clientId}`);
    const records = page.getByTestId('records');
    const rows = page.getByTestId('task-row');
    await untilCount(() => rows.count(), 1, 'the overdue task');
    assert.match((await rows.first().textContent())!, /Overdue[\s\S]*Old overdue call/);

    // a new task from the card: due tomorrow 11:00, a reminder 15 minutes before
    await records.getByRole('button', { name: 'New task' }).click();
    let form = page.getByRole('dialog', { name: 'New task' });
    await form.getByRole('textbox', { name: 'Title' }).fill('Call back about the offer');
    await form.getByRole('textbox', { name: 'Date' }).fill(day(1));
    await form.getByRole('textbox', { name: 'Time' }).fill('11:00');
    await form.getByRole('textbox', { name: 'Remind before, min' }).fill('15');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await untilCount(() => rows.count(), 2, 'the new task is listed');
    const made = await e.db.selectFrom('tasks').selectAll().where('title', '=', 'Call back about the offer').executeTakeFirstOrThrow();
    assert.equal(made.clientId, clientId);
    assert.equal(made.assigneeId, mila);
    assert.equal(made.status, 'open');
    assert.equal(made.remindBeforeMin, 15);
    assert.equal(made.rrule, null);
    const due = new Date(made.dueAt!);
    assert.equal(`${due.getHours()}:${due.getMinutes()}`, '11:0', 'the due time in the browser’s (and this process’s) local time');
    assert.match((await rows.nth(0).textContent())!, /Old overdue call/, 'open tasks by due time: the overdue one first');

    // an all-day task repeating every month
    await records.getByRole('button', { name: 'New task' }).click();
    form = page.getByRole('dialog', { name: 'New task' });
    await form.getByRole('textbox', { name: 'Title' }).fill('Monthly report');
    await form.getByText('All day', { exact: true }).click();
    await form.getByRole('textbox', { name: 'Date' }).fill(day(3));
    await choose(page, form.getByRole('textbox', { name: 'Repeat' }), 'Every month');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await untilCount(() => rows.count(), 3, 'the monthly task is listed');
    const monthly = await e.db.selectFrom('tasks').selectAll().where('title', '=', 'Monthly report').executeTakeFirstOrThrow();
    assert.equal(monthly.rrule, 'FREQ=MONTHLY');
    assert.equal(monthly.allDay, true);
    assert.match((await rows.filter({ hasText: 'Monthly report' }).textContent())!, /Every month[\s\S]*all day/);

    // the overdue one: done
    await rows.filter({ hasText: 'Old overdue call' }).getByRole('button', { name: 'Done', exact: true }).click();
    await page.getByTestId('task-notice').getByText('Task done').waitFor();
    await untilCount(() => rows.count(), 2, 'the done task leaves the open list');
    // done + the next task
    await rows.filter({ hasText: 'Call back about the offer' }).getByRole('button', { name: 'Done + next' }).click();
    const next = page.getByRole('dialog', { name: /^Done, and the next task/ });
    await next.getByRole('textbox', { name: 'Next task' }).fill('Send the contract');
    await next.getByRole('textbox', { name: 'Date' }).fill(day(5));
    await next.getByRole('textbox', { name: 'Time' }).fill('10:00');
    await next.getByRole('button', { name: 'Done + next' }).click();
    await next.waitFor({ state: 'detached' });
    await page
      .getByTestId('task-notice')
      .getByText(/^Task done\. Next task: Send the contract/)
      .waitFor();
    await untilEqual(async () => (await rows.allTextContents()).some((r) => r.includes('Send the contract')), true, 'the next task is listed');
    const tasks = await e.db.selectFrom('tasks').select(['title', 'status', 'clientId', 'remindBeforeMin']).orderBy('id').execute();
    assert.deepEqual(
      tasks.map((x) => [x.title, x.status]),
      [
        ['Old overdue call', 'done'],
        ['Call back about the offer', 'done'],
        ['Monthly report', 'open'],
        ['Send the contract', 'open'],
      ],
    );
    assert.equal(tasks[3]!.clientId, clientId);
    assert.equal(tasks[3]!.remindBeforeMin, 15, 'the next task copies the reminder');
    // the closed ones on demand; one reopened
    await records.getByRole('button', { name: 'Show done and cancelled' }).click();
    const closed = page.getByTestId('closed-tasks').getByTestId('task-row');
    await untilCount(() => closed.count(), 2, 'the done tasks');
    await closed.filter({ hasText: 'Old overdue call' }).getByRole('button', { name: 'Reopen' }).click();
    await untilCount(() => closed.count(), 1, 'the reopened task leaves the closed list');
    await untilCount(() => rows.filter({ hasText: 'Old overdue call' }).count(), 1, 'the reopened task is open again');
    assert.equal((await e.db.selectFrom('tasks').select('status').where('title', '=', 'Old overdue call').executeTakeFirstOrThrow()).status, 'open');

    // a promise, then kept
    await records.getByRole('tab', { name: 'Promises' }).click();
    await records.getByRole('button', { name: 'New promise' }).click();
    const promise = page.getByRole('dialog', { name: 'New promise' });
    await promise.getByRole('textbox', { name: 'What was promised' }).fill('Discount for the next order');
    await choose(page, promise.getByRole('textbox', { name: 'Who promised' }), 'The client promised');
    await promise.getByLabel('Due on').fill(day(2));
    await promise.getByRole('button', { name: 'Save' }).click();
    await promise.waitFor({ state: 'detached' });
    const promiseRow = page.getByTestId('promise-row');
    await untilCount(() => promiseRow.count(), 1, 'the promise is listed');
    assert.match((await promiseRow.textContent())!, /Open[\s\S]*The client promised[\s\S]*Discount for the next order/);
    await promiseRow.getByRole('button', { name: 'Kept' }).click();
    await untilEqual(async () => (await promiseRow.getAttribute('data-status')) ?? '', 'kept', 'the promise is kept');
    const p = await e.db.selectFrom('promises').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual([p.text, p.promisedBy, p.status, p.clientId], ['Discount for the next order', 'client', 'kept', clientId]);

    // a contract with an exact amount; a taken number is refused under its field
    await records.getByRole('tab', { name: 'Contracts' }).click();
    await records.getByRole('button', { name: 'New contract' }).click();
    let contract = page.getByRole('dialog', { name: 'New contract' });
    await contract.getByRole('textbox', { name: 'Number' }).fill('K-7');
    await contract.getByRole('textbox', { name: 'Subject of the contract' }).fill('Supply');
    await choose(page, contract.getByRole('textbox', { name: 'Status' }), 'Active');
    await contract.getByLabel('Starts on').fill(day(0));
    await contract.getByLabel('Ends on').fill(day(365));
    await contract.getByRole('textbox', { name: 'Amount' }).fill('1 500,05');
    await contract.getByRole('button', { name: 'Save' }).click();
    await contract.waitFor({ state: 'detached' });
    const contractRow = page.getByTestId('contract-row');
    await untilCount(() => contractRow.count(), 1, 'the contract is listed');
    assert.match((await contractRow.textContent())!, /Active[\s\S]*No\. K-7 · Supply/);
    const k = await api(page, 'get', `/api/contracts?clientId=${clientId}`);
    assert.equal(k.items[0].amount, '1500.05', 'the amount is exact');
    assert.equal(k.items[0].status, 'active');
    await records.getByRole('button', { name: 'New contract' }).click();
    contract = page.getByRole('dialog', { name: 'New contract' });
    await contract.getByRole('textbox', { name: 'Number' }).fill('k-7');
    await contract.getByRole('button', { name: 'Save' }).click();
    await contract.getByText('a contract with this number exists').waitFor();
    await contract.getByRole('button', { name: 'Cancel' }).click();

    // a note
    await records.getByRole('tab', { name: 'Notes' }).click();
    await records.getByRole('textbox', { name: 'New note' }).fill('First meeting went well');
    await records.getByRole('button', { name: 'Add note' }).click();
    await untilCount(() => page.getByTestId('note-row').count(), 1, 'the note is listed');
    assert.equal((await e.db.selectFrom('notes').select('body').executeTakeFirstOrThrow()).body, 'First meeting went well');

    // files: a real one uploaded and downloaded back, the size limit in words, a delete
    await records.getByRole('tab', { name: 'Files' }).click();
    await records.getByText('No files yet.').waitFor();
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));
    const input = records.locator('input[type=file]');
    await input.setInputFiles({ name: 'report 2026.txt', mimeType: 'text/plain', buffer: bytes });
    await page.getByTestId('file-message').getByText('File uploaded: report 2026.txt').waitFor();
    const fileRow = page.getByTestId('file-row');
    await untilCount(() => fileRow.count(), 1, 'the file is listed');
    assert.match((await fileRow.textContent())!, /report 2026\.txt[\s\S]*4\.9 KB/);
    const [download] = await Promise.all([page.waitForEvent('download'), fileRow.getByRole('link', { name: 'report 2026.txt' }).click()]);
    assert.equal(download.suggestedFilename(), 'report 2026.txt');
    assert.ok(readFileSync((await download.path())!).equals(bytes), 'the same bytes come back');
    await input.setInputFiles({ name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(1536 * 1024, 1) });
    await page.getByTestId('file-message').getByText('The file is too large: at most 1 MB can be uploaded.').waitFor();
    await input.setInputFiles({ name: 'old.txt', mimeType: 'text/plain', buffer: Buffer.from('old') });
    await untilCount(() => fileRow.count(), 2, 'the second file is listed');
    await fileRow.filter({ hasText: 'old.txt' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete?' }).getByRole('button', { name: 'Delete' }).click();
    await untilCount(() => fileRow.count(), 1, 'the deleted file leaves the list');
    assert.deepEqual(await e.db.selectFrom('attachments').select('name').execute(), [{ name: 'report 2026.txt' }]);

    // the timeline: all of it, newest first
    await records.getByRole('tab', { name: 'Timeline' }).click();
    const line = page.getByTestId('timeline-row');
    await untilEqual(
      async () => {
        const kinds = new Set(await line.evaluateAll((els) => els.map((x) => x.getAttribute('data-kind'))));
        return ['task', 'promise', 'contract', 'note', 'file', 'change'].every((x) => kinds.has(x));
      },
      true,
      'every kind on the timeline',
    );
    const text = (await line.allTextContents()).join('\n');
    for (const s of [
      'Send the contract',
      'Call back about the offer',
      'Discount for the next order',
      'K-7 Supply',
      'First meeting went well',
      'report 2026.txt',
    ])
      assert.ok(text.includes(s), `${s} on the timeline`);
    assert.match((await line.first().textContent())!, /^File/, 'the newest first: the file');
    // by kind, and page by page
    for (let i = 1; i <= 31; i++) await api(page, 'post', `/api/clients/${clientId}/notes`, { body: `note ${i}` });
    await records.getByRole('tab', { name: 'Tasks' }).click();
    await records.getByRole('tab', { name: 'Timeline' }).click();
    await records.getByLabel('Show only').getByText('Note', { exact: true }).click();
    await untilCount(() => line.count(), 30, 'the first page of notes');
    assert.deepEqual(new Set(await line.evaluateAll((els) => els.map((x) => x.getAttribute('data-kind')))), new Set(['note']));
    assert.match((await line.first().textContent())!, /note 31/);
    await records.getByRole('button', { name: 'Load more' }).click();
    await untilCount(() => line.count(), 32, 'the next page');
    assert.match((await line.last().textContent())!, /First meeting went well/);
    assert.equal(await records.getByRole('button', { name: 'Load more' }).count(), 0, 'the end of the list');
    await page.screenshot({ path: path.join(shots, 'client-records.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('snoozes a task from the card, and pages the closed tasks past the first 50', async () => {
    const { page, context, errors } = await e.page({ login: 'mila' });
    const { client } = await api(page, 'post', '/api/clients', { kind: 'person', surname: 'Orlova', firstName: 'Vera' });
    const task = await api(page, 'post', '/api/tasks', { title: 'Call Vera', clientId: client.id, dueAt: `${day(1)}T09:00:00+00:00` });
    for (let i = 1; i <= 52; i++) {
      const old = await api(page, 'post', '/api/tasks', { title: `Old ${i}`, clientId: client.id, dueAt: `${day(-60)}T09:00:00+00:00` });
      await api(page, 'post', `/api/tasks/${old.id}/done`, { version: old.version });
    }
    await page.goto(`${e.base}/clients/${client.id}`);
    const records = page.getByTestId('records');
    const row = page.getByTestId('task-row').filter({ hasText: 'Call Vera' });
    await row.getByTestId('task-snooze').click();
    await page.getByRole('menuitem', { name: 'For 1 hour' }).click();
    await page
      .getByTestId('task-notice')
      .getByText(/^Snoozed until .*: Call Vera$/)
      .waitFor();
    await row.getByTestId('snoozed-until').waitFor();
    const stored = await e.db.selectFrom('tasks').select('snoozedUntil').where('id', '=', task.id).executeTakeFirstOrThrow();
    const ahead = new Date(stored.snoozedUntil!).getTime() - Date.now();
    assert.ok(ahead > 50 * 60_000 && ahead <= 60 * 60_000, `snoozed for an hour (${ahead} ms ahead)`);

    await records.getByRole('button', { name: 'Show done and cancelled' }).click();
    const closed = page.getByTestId('closed-tasks').getByTestId('task-row');
    await untilCount(() => closed.count(), 50, 'the first page of closed tasks');
    await page.getByTestId('closed-more').click();
    await untilCount(() => closed.count(), 52, 'all closed tasks after "Load more"');
    assert.equal(await page.getByTestId('closed-more').count(), 0, 'no more pages');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('works 390 px wide', async () => {
    const { page, context, errors } = await e.page({ login: 'mila', width: 390, height: 844 });
    await page.goto(`${e.base}/clients/${clientId}`);
    await untilCount(() => page.getByTestId('task-row').count(), 3, 'the tasks on a phone');
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(await overflow(), 0, 'no sideways scrolling of the card');
    await page.getByTestId('records').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'client-records-phone.png') });
    for (const tab of ['Promises', 'Contracts', 'Notes', 'Files', 'Timeline']) {
      await page.getByTestId('records').getByRole('tab', { name: tab }).click();
      await page.waitForTimeout(100);
      assert.equal(await overflow(), 0, `no sideways scrolling on ${tab}`);
    }
    await page.getByTestId('records').getByRole('tab', { name: 'Tasks' }).click();
    await page.getByTestId('records').getByRole('button', { name: 'New task' }).click();
    const form = page.getByRole('dialog', { name: 'New task' });
    await form.getByRole('textbox', { name: 'Title' }).waitFor();
    const box = (await form.boundingBox())!;
    assert.ok(box.width <= 390 && box.width > 380, `the form takes the whole width: ${box.width}`);
    await page.screenshot({ path: path.join(shots, 'client-task-form-phone.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a role without notes rights has no notes or files', async () => {
    const boss = await e.page({ login: 'boss' });
    await api(boss.page, 'post', '/api/roles', {
      key: 'caller',
      name: 'Caller',
      scope: 'all',
      rights: { clients: { read: true }, users: { read: true }, tasks: { read: true, create: true, edit: true }, promises: { read: true } },
    });
    await boss.context.close();
    await e.addUser('olga', 'caller');
    const { page, context, errors } = await e.page({ login: 'olga' });
    await page.goto(`${e.base}/clients/${clientId}`);
    const records = page.getByTestId('records');
    await untilCount(() => page.getByTestId('task-row').count(), 3, 'the tasks');
    assert.deepEqual(await records.getByRole('tab').allTextContents(), ['Tasks', 'Promises', 'Timeline']);
    assert.equal(await records.getByRole('button', { name: 'Delete' }).count(), 0, 'no delete without the right');
    await records.getByRole('tab', { name: 'Promises' }).click();
    await untilCount(() => page.getByTestId('promise-row').count(), 1, 'the promise');
    assert.equal(await records.getByRole('button', { name: 'New promise' }).count(), 0, 'no new promise without the right');
    await records.getByRole('tab', { name: 'Timeline' }).click();
    await untilEqual(async () => (await page.getByTestId('timeline-row').count()) > 0, true, 'the timeline');
    const kinds = new Set(await page.getByTestId('timeline-row').evaluateAll((els) => els.map((x) => x.getAttribute('data-kind'))));
    assert.ok(!kinds.has('note') && !kinds.has('file') && !kinds.has('contract'), `no notes, files or contracts: ${[...kinds]}`);
    assert.equal(await records.getByLabel('Show only').getByText('Note', { exact: true }).count(), 0, 'no notes filter');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the Russian card has no English', async () => {
    const { page, context, errors } = await e.page({ login: 'boss', locale: 'ru-RU' });
    await page.goto(`${e.base}/clients/${clientId}`);
    const records = page.getByTestId('records');
    await untilCount(() => page.getByTestId('task-row').count(), 3, 'the tasks in Russian');
    assert.match(
      (await page.getByTestId('task-row').filter({ hasText: 'Monthly report' }).textContent())!,
      /Открыта[\s\S]*Каждый месяц[\s\S]*весь день/,
    );
    await assertNoEnglish(page, 'the card with its tasks', typed);
    await records.getByRole('button', { name: 'Новая задача' }).click();
    await page.getByRole('dialog', { name: 'Новая задача' }).getByRole('textbox', { name: 'Название' }).waitFor();
    await assertNoEnglish(page, 'the task form', typed);
    await page.keyboard.press('Escape');
    for (const [tab, row] of [
      ['Обещания', 'promise-row'],
      ['Договоры', 'contract-row'],
      ['Заметки', 'note-row'],
      ['Файлы', 'file-row'],
      ['Хронология', 'timeline-row'],
    ] as const) {
      await records.getByRole('tab', { name: tab }).click();
      await untilEqual(async () => (await page.getByTestId(row).count()) > 0, true, tab);
      await assertNoEnglish(page, tab, typed);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
});
