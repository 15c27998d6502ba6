import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { runOnce } from '../src/server/modules/reminders/reminders.service.js';
import { assertNoEnglish, SHOTS as shots, startE2E, untilCount, untilEqual, type E2E } from './harness.js';

// Issue 15 (My day and the notification bell) in the browser: a manager with an overdue task, a
// task due today, a task later this week and an event today opens My day (counts per section,
// each item with its client), marks the overdue task done, snoozes today's task for an hour,
// closes the week's task scheduling the next one; a scheduler tick delivers the reminder of a task
// whose time has passed, the bell shows it (unread badge), it is marked read. The Russian page has
// no English; 390 px wide nothing scrolls sideways (the header keeps the bell). A read-only user
// sees their task without the actions; a head (senior, department scope) switches to the
// department's day and sees whose each item is; an overdue promise is marked kept.
let e: E2E;
let clientId: number;
const ids = { mila: 0, overdue: 0, today: 0, week: 0, remind: 0 };
/** the test's own data in Latin letters */
const typed = [
  'Sara',
  'Send the offer',
  'Call back',
  'Prepare the contract',
  'Demo meeting',
  'Remind me',
  'Check the stock',
  'Mila',
  'Rita',
  'Boss',
  /Reminder \d+/,
];

async function api(page: Page, method: 'get' | 'post' | 'patch', url: string, data?: unknown) {
  const r = await page.request[method](`${e.base}${url}`, { data, headers: { origin: e.base } });
  assert.ok(r.ok(), `${url}: ${r.status()} ${await r.text()}`);
  return r.json();
}
const HOUR = 3_600_000;
/** today at hh:mm UTC (the firm's and the browser's zone here), as ISO */
const todayAt = (h: number, m: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), h, m)).toISOString();
};
const task = (id: number) => e.db.selectFrom('tasks').select(['status', 'snoozedUntil', 'doneAt']).where('id', '=', id).executeTakeFirstOrThrow();
const titles = (page: Page, section: string) => page.getByTestId(`day-${section}`).getByTestId('day-item').allTextContents();
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

before(async () => {
  e = await startE2E();
  await e.addUser('boss', 'admin');
  const mila = await e.addUser('mila', 'manager');
  await e.addUser('rita', 'readonly');
  const sara = await e.addUser('sara', 'senior');
  ids.mila = mila;
  const shop = (await e.db.insertInto('departments').values({ name: 'Shop' }).returning('id').executeTakeFirstOrThrow()).id as number;
  await e.db.updateTable('users').set({ departmentId: shop }).where('id', 'in', [mila, sara]).execute();
  await e.db.updateTable('users').set({ timezone: 'UTC' }).execute();
});
after(async () => e.close());

describe('My day and the notification bell', () => {
  it('a manager sees the day, closes, snoozes and chains tasks, and reads a reminder in the bell', async () => {
    const { page, context, errors } = await e.page({ login: 'mila' });
    const { client } = await api(page, 'post', '/api/clients', { kind: 'person', surname: 'Орлова', firstName: 'Вера' });
    clientId = client.id;
    const now = Date.now();
    // today's task at 23:59 (or, after 23:00, a minute from now: still today or just late)
    const todayDue = new Date(now) < new Date(todayAt(23, 0)) ? todayAt(23, 59) : new Date(now + 60_000).toISOString();
    ids.overdue = (await api(page, 'post', '/api/tasks', { title: 'Call back', clientId, dueAt: new Date(now - 26 * HOUR).toISOString() })).id;
    ids.today = (await api(page, 'post', '/api/tasks', { title: 'Send the offer', clientId, dueAt: todayDue })).id;
    ids.week = (
      await api(page, 'post', '/api/tasks', { title: 'Prepare the contract', clientId, dueAt: new Date(now + 72 * HOUR).toISOString() })
    ).id;
    const types: { items: { id: number; key: string }[] } = await api(page, 'get', '/api/event-types');
    await api(page, 'post', '/api/events', {
      typeId: types.items.find((x) => x.key === 'meeting')!.id,
      subject: 'Demo meeting',
      status: 'planned',
      clientId,
      startsAt: todayDue,
    });

    await page.getByRole('link', { name: 'My day', exact: true }).click();
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    await untilEqual(
      async () => [await page.getByTestId('day-overdue-count').textContent(), await page.getByTestId('day-today-count').textContent()],
      ['1', '2'],
      'one overdue, two today',
    );
    assert.equal(await page.getByTestId('day-next7-count').textContent(), '1');
    assert.match((await titles(page, 'overdue'))[0]!, /Task[\s\S]*Call back[\s\S]*Орлова Вера/);
    const today = (await titles(page, 'today')).join('\n');
    assert.match(today, /Send the offer/);
    assert.match(today, /Event[\s\S]*Demo meeting/);
    // an event has no task actions; the client opens from every item
    const event = page.getByTestId('day-today').locator('[data-kind="event"]');
    assert.equal(await event.getByRole('button', { name: 'Done' }).count(), 0);
    assert.equal(await event.getByRole('link', { name: 'Open the client' }).getAttribute('href'), `/clients/${clientId}`);

    // the overdue task done
    await page.getByTestId('day-overdue').getByRole('button', { name: 'Done', exact: true }).click();
    await page.getByTestId('day-notice').getByText('Marked done: Call back').waitFor();
    await page.getByTestId('day-overdue').getByText('Nothing overdue.').waitFor();
    assert.equal((await task(ids.overdue)).status, 'done');

    // today's task snoozed for an hour: it leaves the day until then
    const todayTask = page.getByTestId('day-today').locator(`[data-kind="task"][data-id="${ids.today}"]`);
    await todayTask.getByRole('button', { name: 'Snooze' }).click();
    await page.getByRole('menuitem', { name: 'For 1 hour' }).click();
    await page
      .getByTestId('day-notice')
      .getByText(/^Snoozed until .*: Send the offer$/)
      .waitFor();
    await untilCount(() => todayTask.count(), 0, 'the snoozed task leaves today');
    const snoozed = (await task(ids.today)).snoozedUntil;
    assert.ok(snoozed, 'snoozed_until is set');
    const ahead = new Date(snoozed!).getTime() - Date.now();
    assert.ok(ahead > 50 * 60_000 && ahead <= HOUR, `about an hour ahead: ${ahead} ms`);

    // the week's task done with the next one (title and due time in a small form)
    await page.getByTestId('day-next7').getByRole('button', { name: 'Done + next' }).click();
    const form = page.getByRole('dialog', { name: /^Done, and the next task/ });
    await form.getByRole('textbox', { name: 'Next task' }).fill('Check the stock');
    const inFive = new Date(Date.now() + 5 * 24 * HOUR);
    const day = `${inFive.getFullYear()}-${String(inFive.getMonth() + 1).padStart(2, '0')}-${String(inFive.getDate()).padStart(2, '0')}`;
    await form.getByLabel('Date').fill(day);
    await form.getByLabel('Time').fill('10:30');
    await form.getByRole('button', { name: 'Done + next' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByTestId('day-notice').getByText('Next task created: Check the stock').waitFor();
    assert.equal((await task(ids.week)).status, 'done');
    const next = await e.db.selectFrom('tasks').select(['title', 'clientId', 'status', 'dueAt']).where('title', '=', 'Check the stock').execute();
    assert.deepEqual(
      next.map((x) => ({ ...x, dueAt: new Date(x.dueAt!).toISOString() })),
      [{ title: 'Check the stock', clientId, status: 'open', dueAt: `${day}T10:30:00.000Z` }],
      'the next task, due on the picked day at 10:30 (the browser and the user are on UTC)',
    );
    await untilEqual(async () => (await titles(page, 'next7')).join('\n').includes('Check the stock'), true, 'the next task is in the next 7 days');

    // a reminder fires: a task whose time has passed, one scheduler tick
    ids.remind = (await api(page, 'post', '/api/tasks', { title: 'Remind me', clientId, dueAt: new Date(Date.now() - 60_000).toISOString() })).id;
    const run = await runOnce(e.db, new Date());
    assert.ok(!run.skipped && run.ok && run.delivered >= 1, JSON.stringify(run));
    // the bell learns it on the next poll or when the window gets the focus back
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    const bell = page.getByTestId('bell');
    const unread = await e.db.selectFrom('notifications').select('id').where('readAt', 'is', null).execute();
    await untilEqual(
      async () => bell.getAttribute('aria-label'),
      `${unread.length} unread notification${unread.length === 1 ? '' : 's'}`,
      'the badge',
    );
    await bell.click();
    const list = page.getByTestId('notifications');
    const mine = list.getByTestId('notification').filter({ hasText: 'Remind me' });
    await mine.waitFor();
    assert.equal(await mine.getAttribute('data-unread'), 'true');
    assert.equal(await mine.getByRole('link', { name: 'Remind me' }).getAttribute('href'), `/clients/${clientId}`);
    await mine.getByRole('button', { name: 'Mark read' }).click();
    await untilEqual(async () => mine.getAttribute('data-unread'), 'false', 'read in the list');
    const row = await e.db.selectFrom('notifications').select(['readAt', 'title']).where('title', '=', 'Remind me').executeTakeFirstOrThrow();
    assert.ok(row.readAt, 'read in the database');
    if (unread.length > 1) {
      await list.getByRole('button', { name: 'Mark all read' }).click();
      await untilCount(async () => (await e.db.selectFrom('notifications').select('id').where('readAt', 'is', null).execute()).length, 0, 'all read');
    }
    await untilEqual(async () => bell.getAttribute('aria-label'), 'Notifications', 'no badge once read');
    await page.screenshot({ path: path.join(shots, 'my-day.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('works 390 px wide and in Russian with no English', async () => {
    const ru = await e.page({ login: 'mila', locale: 'ru-RU', width: 390, height: 844 });
    await ru.page.goto(`${e.base}/my-day`);
    await ru.page.getByRole('heading', { name: 'Мой день' }).waitFor();
    await untilCount(() => ru.page.getByTestId('day-item').count(), 3, 'the items in Russian');
    assert.equal(await overflow(ru.page), 0, 'no sideways scrolling of My day');
    const header = await ru.page.evaluate(() => {
      const h = document.querySelector('header')!;
      return h.scrollWidth - h.clientWidth;
    });
    assert.equal(header, 0, 'the header with the bell fits 390 px');
    const bell = (await ru.page.getByTestId('bell').boundingBox())!;
    assert.ok(bell.x >= 0 && bell.x + bell.width <= 390, `the bell is on the screen: ${JSON.stringify(bell)}`);
    await assertNoEnglish(ru.page, 'My day', typed);
    await ru.page.screenshot({ path: path.join(shots, 'my-day-phone-ru.png'), fullPage: true });
    // the snooze menu and the bell's list in Russian
    await ru.page.getByTestId('day-item').filter({ hasText: 'Check the stock' }).getByRole('button', { name: 'Отложить' }).click();
    await ru.page.getByRole('menuitem', { name: 'Выбрать дату…' }).click();
    const dialog = ru.page.getByRole('dialog', { name: /^Отложить: / });
    await dialog.getByLabel('Дата').fill('2020-01-01');
    await dialog.getByRole('button', { name: 'Отложить' }).click();
    await dialog.getByText('должно быть в будущем').waitFor();
    await assertNoEnglish(ru.page, 'the snooze form with the refusal', typed);
    await dialog.getByRole('button', { name: 'Отмена' }).click();
    await ru.page.getByTestId('bell').click();
    await ru.page.getByTestId('notifications').getByText('Remind me').waitFor();
    assert.equal(await overflow(ru.page), 0, 'the list fits the phone');
    await assertNoEnglish(ru.page, 'the notifications', typed);
    assert.deepEqual(ru.errors, []);
    await ru.context.close();
  });

  it('a read-only user sees their task without the actions', async () => {
    const boss = await e.page({ login: 'boss' });
    const rita = await e.db.selectFrom('users').select('id').where('login', '=', 'rita').executeTakeFirstOrThrow();
    await api(boss.page, 'post', '/api/tasks', { title: 'Check the stock', clientId, assigneeId: rita.id, dueAt: todayAt(23, 59) });
    await boss.context.close();
    // on a phone, in English (the longest header: "Log out")
    const { page, context, errors } = await e.page({ login: 'rita', width: 390, height: 844 });
    await page.goto(`${e.base}/my-day`);
    await untilCount(() => page.getByTestId('day-item').count(), 1, "rita's task");
    const item = page.getByTestId('day-item');
    assert.match((await item.textContent())!, /Check the stock/);
    assert.equal(
      await page.evaluate(() => document.querySelector('header')!.scrollWidth - document.querySelector('header')!.clientWidth),
      0,
      'the English header with the bell fits 390 px',
    );
    assert.equal(await overflow(page), 0);
    for (const name of ['Done', 'Done + next', 'Snooze']) assert.equal(await item.getByRole('button', { name, exact: true }).count(), 0, name);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the bell lists 20 notifications and loads the older ones on demand', async () => {
    const rita = await e.db.selectFrom('users').select('id').where('login', '=', 'rita').executeTakeFirstOrThrow();
    await e.db
      .insertInto('notifications')
      .values(
        Array.from({ length: 25 }, (_, i) => ({
          userId: rita.id,
          kind: 'task',
          dedupKey: `bell-page-${i}`,
          title: `Reminder ${i + 1}`,
          link: null,
          clientId: null,
          dueAt: new Date(Date.now() - (30 - i) * 60_000),
        })),
      )
      .execute();
    const { page, context, errors } = await e.page({ login: 'rita' });
    await page.getByTestId('bell').click();
    const items = page.getByTestId('notifications').getByTestId('notification');
    await untilCount(() => items.count(), 20, 'the first page');
    assert.match((await items.first().textContent())!, /Reminder 25/, 'the newest first');
    await page.getByTestId('bell-more').click();
    await untilCount(() => items.count(), 25, 'all after Load more');
    assert.match((await items.last().textContent())!, /Reminder 1(?!\d)/);
    assert.equal(await page.getByTestId('bell-more').count(), 0, 'no more pages');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("a head switches to the department's day and sees whose each item is", async () => {
    const { page, context, errors } = await e.page({ login: 'sara' });
    await page.goto(`${e.base}/my-day`);
    await page.getByRole('heading', { name: 'My day' }).waitFor();
    await untilEqual(async () => page.getByTestId('day-today-count').textContent(), '0', "sara's own day is empty");
    await page.getByText('My department', { exact: true }).click();
    await untilEqual(async () => page.getByTestId('day-next7').getByText('Check the stock').count(), 1, "mila's task in the department's day");
    assert.match((await page.getByTestId('day-next7').getByTestId('day-item').first().textContent())!, /For Mila/);
    assert.deepEqual(errors, []);
    await context.close();
    // a manager (own scope) has no switch
    const mila = await e.page({ login: 'mila' });
    await mila.page.goto(`${e.base}/my-day`);
    await mila.page.getByRole('heading', { name: 'My day' }).waitFor();
    await mila.page.getByTestId('day-today-count').waitFor();
    assert.equal(await mila.page.getByText('My department', { exact: true }).count(), 0);
    // an overdue promise: kept in one click
    const yesterday = new Date(Date.now() - 24 * HOUR).toISOString().slice(0, 10);
    const promise = await api(mila.page, 'post', '/api/promises', { clientId, text: 'Deliver the samples', promisedBy: 'us', dueOn: yesterday });
    await mila.page.getByRole('button', { name: 'Refresh' }).click();
    const row = mila.page.getByTestId('day-overdue').locator(`[data-kind="promise"][data-id="${promise.id}"]`);
    await row.getByText('Deliver the samples').waitFor();
    await row.getByRole('button', { name: 'Kept' }).click();
    await mila.page.getByTestId('day-notice').getByText('Promise closed: Deliver the samples').waitFor();
    await untilCount(() => row.count(), 0, 'the kept promise leaves the day');
    const kept = await e.db.selectFrom('promises').select('status').where('id', '=', promise.id).executeTakeFirstOrThrow();
    assert.equal(kept.status, 'kept');
    assert.deepEqual(mila.errors, []);
    await mila.context.close();
  });
});
