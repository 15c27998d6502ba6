import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertNoEnglish, SHOTS as shots, startE2E, untilCount, untilEqual, type E2E } from './harness.js';

// Issue 15 (calendar) in the browser: a manager chooses her time zone on the Account page, opens
// the calendar with her event and tasks of this month, switches month / week / day, drags the
// event to the next day (the start moves by exactly one day, same local time) and a task changed
// elsewhere meanwhile (a clear refusal, the calendar reloads; the second drag works), opens the
// client from an item; makes a calendar feed link, reads the .ics through it, revokes it (404).
// An administrator sees the manager's calendar through "Whose calendar", adds a reminder rule in
// Settings → Reminders (in the database) and sees the scheduler's health. Russian screens show no
// English; the calendar works 390 px wide. The month view shows a busy day's counts, its first three
// items and "2 more", which opens the day with all five (desktop and phone).
let e: E2E;
let milaId: number;
let clientId: number;
let eventId: number;
let eventUid: string;
let taskId: number;
const KYIV = 'Europe/Kyiv';
/** the test's own data in Latin letters */
const typed = ['Orlova Vera', 'Mila', 'Boss', 'Demo for Orlova', 'Send the offer', 'Pay the invoice', 'Europe/Kyiv', KYIV, 'UTC'];

// this month's days (the 10th, 11th, 12th and 13th are always in it)
const now = new Date();
const ym = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
const day = (d: number) => `${ym}-${String(d).padStart(2, '0')}`;

async function api(page: Page, method: 'get' | 'post' | 'patch', url: string, data?: unknown) {
  const r = await page.request[method](`${e.base}${url}`, { data, headers: { origin: e.base } });
  assert.ok(r.ok(), `${url}: ${r.status()} ${await r.text()}`);
  return r.json();
}
const item = (page: Page, kind: string, id: number) => page.locator(`[data-testid="cal-item"][data-kind="${kind}"][data-id="${id}"]`);
const dayOfItem = async (page: Page, kind: string, id: number) =>
  item(page, kind, id).evaluate((el) => el.closest('[data-day]')?.getAttribute('data-day') ?? null);
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

before(async () => {
  e = await startE2E();
  await e.addUser('boss', 'admin');
  milaId = await e.addUser('mila', 'manager');
});
after(async () => e.close());

describe('the calendar', () => {
  it('a manager sets her time zone, sees her month, week and day, and drags an event to the next day', async () => {
    const { page, context, errors } = await e.page({ login: 'mila' });
    // her time zone on the Account page
    await page.getByTestId('current-user').click();
    await page.getByRole('textbox', { name: 'Your time zone' }).click();
    await page.getByRole('textbox', { name: 'Your time zone' }).fill('Kyiv');
    await page.getByRole('option', { name: KYIV, exact: true }).click();
    await page.getByRole('button', { name: 'Save time zone' }).click();
    await page.getByText('Time zone saved').waitFor();
    await untilEqual(
      async () => (await e.db.selectFrom('users').select('timezone').where('id', '=', milaId).executeTakeFirst())?.timezone,
      KYIV,
      'the zone in the database',
    );

    const { client } = await api(page, 'post', '/api/clients', { kind: 'person', surname: 'Orlova', firstName: 'Vera' });
    clientId = client.id;
    const types: { items: { id: number; key: string }[] } = await api(page, 'get', '/api/event-types');
    const meeting = types.items.find((x) => x.key === 'meeting')!;
    const ev = await api(page, 'post', '/api/events', {
      typeId: meeting.id,
      subject: 'Demo for Orlova',
      status: 'planned',
      clientId,
      startsAt: `${day(10)}T10:30:00+02:00`,
      durationMin: 60,
    });
    eventId = ev.id;
    eventUid = ev.uid;
    const task = await api(page, 'post', '/api/tasks', { title: 'Send the offer', clientId, dueAt: `${day(12)}T15:00:00+02:00` });
    taskId = task.id;
    await api(page, 'post', '/api/tasks', { title: 'Pay the invoice', allDay: true, dueDate: day(13) });

    await page.getByRole('link', { name: 'Calendar', exact: true }).click();
    await page.getByTestId('cal-month').waitFor();
    await untilCount(() => page.getByTestId('cal-item').count(), 3, 'the event and the two tasks of the month');
    assert.equal(await dayOfItem(page, 'event', eventId), day(10));
    assert.match((await item(page, 'event', eventId).textContent())!, /^10:30 AM\s*Demo for Orlova$/, 'the start in her zone (not 08:30 UTC)');
    assert.equal(await dayOfItem(page, 'task', taskId), day(12));
    assert.match((await page.getByTestId('calendar').textContent()) ?? '', /Time zone: Europe\/Kyiv/);

    // week and day views
    await page.getByText('Week', { exact: true }).click();
    await page.getByTestId('cal-week').waitFor();
    assert.equal(await page.getByTestId('cal-column').count(), 7);
    await page.goto(`${e.base}/calendar?view=week&day=${day(10)}`);
    await item(page, 'event', eventId).waitFor();
    assert.equal(await dayOfItem(page, 'event', eventId), day(10), 'in its day column');
    await page.screenshot({ path: path.join(shots, 'calendar-week.png') });
    await page.getByText('Day', { exact: true }).click();
    await page.getByTestId('cal-dayview').waitFor();
    assert.equal(await page.getByTestId('cal-column').count(), 1);
    await item(page, 'event', eventId).waitFor();
    // the day view: dropped on the 14:00 slot, the event starts at 14:00
    await item(page, 'event', eventId).dragTo(page.locator('[data-testid="cal-slot"][data-hour="14"]'));
    await page.getByTestId('cal-notice').waitFor();
    const moved = await e.db.selectFrom('events').select(['startsAt', 'version']).where('id', '=', eventId).executeTakeFirstOrThrow();
    assert.equal(moved.startsAt.toISOString(), `${day(10)}T12:00:00.000Z`, '14:00 in Kyiv');

    // back to the month: drag the event to the next day — same time, one day later
    await page.getByText('Month', { exact: true }).click();
    await page.getByTestId('cal-month').waitFor();
    await untilEqual(() => item(page, 'event', eventId).textContent(), '2:00 PMDemo for Orlova', 'the month shows the new time');
    await item(page, 'event', eventId).dragTo(page.locator(`[data-testid="cal-day"][data-day="${day(11)}"]`));
    await page
      .getByTestId('cal-notice')
      .getByText(/Moved: Demo for Orlova/)
      .waitFor();
    await untilEqual(() => dayOfItem(page, 'event', eventId), day(11), 'the event on the next day');
    const after = await e.db.selectFrom('events').select('startsAt').where('id', '=', eventId).executeTakeFirstOrThrow();
    assert.equal(after.startsAt.getTime() - moved.startsAt.getTime(), 86_400_000, 'exactly one day later, same time');

    // a task changed elsewhere meanwhile: the drag is refused clearly, the calendar reloads; then it moves
    const current = await api(page, 'get', `/api/tasks/${taskId}`);
    await api(page, 'patch', `/api/tasks/${taskId}`, { version: current.version, notes: 'changed elsewhere' });
    await item(page, 'task', taskId).dragTo(page.locator(`[data-testid="cal-day"][data-day="${day(13)}"]`));
    await page
      .getByTestId('cal-conflict')
      .getByText(/Someone changed this item meanwhile/)
      .waitFor();
    const stillDue = await e.db.selectFrom('tasks').select('dueAt').where('id', '=', taskId).executeTakeFirstOrThrow();
    assert.equal(stillDue.dueAt!.toISOString(), `${day(12)}T13:00:00.000Z`, 'not moved');
    await item(page, 'task', taskId).dragTo(page.locator(`[data-testid="cal-day"][data-day="${day(13)}"]`));
    await untilEqual(() => dayOfItem(page, 'task', taskId), day(13), 'the task moved after the reload');
    const due = await e.db.selectFrom('tasks').select('dueAt').where('id', '=', taskId).executeTakeFirstOrThrow();
    assert.equal(due.dueAt!.toISOString(), `${day(13)}T13:00:00.000Z`);

    // a click opens the item; its client's card is one click away
    await item(page, 'event', eventId).click();
    const dialog = page.getByRole('dialog', { name: 'Demo for Orlova' });
    await dialog.getByText('Responsible: Mila').waitFor();
    await dialog.getByRole('button', { name: 'Open the client card' }).click();
    await page.waitForURL(`${e.base}/clients/${clientId}`);
    await page.goto(`${e.base}/calendar?view=month&day=${day(10)}`);
    await item(page, 'event', eventId).waitFor();
    await page.screenshot({ path: path.join(shots, 'calendar-month.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('makes a calendar feed link, reads the .ics through it, and revokes it', async () => {
    const { page, context, errors } = await e.page({ login: 'mila' });
    await page.goto(`${e.base}/calendar`);
    await page.getByRole('link', { name: 'Subscribe in your calendar app' }).click();
    const panel = page.getByTestId('feed-panel');
    await panel.getByText('No feed links yet.').waitFor();
    await panel.getByRole('button', { name: 'Create a feed link' }).click();
    const url = await panel.getByRole('textbox', { name: 'Feed address' }).inputValue();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/ical\/[A-Za-z0-9_-]{43}\.ics$/);
    await untilCount(() => panel.getByTestId('feed-row').count(), 1, 'the feed is listed');
    const ics = await fetch(url);
    assert.equal(ics.status, 200);
    const text = await ics.text();
    assert.match(text, new RegExp(`UID:${eventUid}@clientela`));
    assert.match(text, /SUMMARY:[^\r\n]*Demo for Orlova/);
    assert.match(text, /TZID:Europe\/Kyiv/);
    await panel.getByRole('button', { name: 'Revoke' }).click();
    await panel
      .getByTestId('feed-row')
      .getByText(/^Revoked /)
      .waitFor();
    assert.equal((await fetch(url)).status, 404, 'a revoked feed is gone');
    // a new link replaces an old one in one click
    await panel.getByRole('button', { name: 'Create a feed link' }).click();
    const second = await panel.getByRole('textbox', { name: 'Feed address' }).inputValue();
    await untilCount(() => panel.getByRole('button', { name: 'Replace with a new link' }).count(), 1, 'one active feed');
    await panel.getByRole('button', { name: 'Replace with a new link' }).click();
    await untilEqual(async () => (await panel.getByRole('textbox', { name: 'Feed address' }).inputValue()) !== second, true, 'a new address');
    const third = await panel.getByRole('textbox', { name: 'Feed address' }).inputValue();
    assert.equal((await fetch(second)).status, 404);
    assert.equal((await fetch(third)).status, 200);
    const feeds = await e.db.selectFrom('calendarFeeds').select(['revokedAt']).where('userId', '=', milaId).execute();
    assert.deepEqual(feeds.map((f) => f.revokedAt === null).sort(), [false, false, true]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('an administrator sees the manager’s calendar, adds a reminder rule and sees the scheduler’s health', async () => {
    const { page, context, errors } = await e.page({ login: 'boss' });
    await page.goto(`${e.base}/calendar?view=month&day=${day(10)}`);
    await page.getByTestId('cal-month').waitFor();
    await untilCount(() => page.getByTestId('cal-item').count(), 0, 'nothing of his own');
    await page.getByRole('textbox', { name: 'Whose calendar' }).click();
    await page.getByRole('option', { name: 'Mila', exact: true }).click();
    await page.keyboard.press('Escape');
    await untilCount(() => page.getByTestId('cal-item').count(), 3, 'Mila’s items');
    assert.match((await item(page, 'event', eventId).textContent())!, /Demo for Orlova/);

    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('tab', { name: 'Reminders' }).click();
    const health = page.getByTestId('scheduler-health');
    await health.getByText('Reminder scheduler').waitFor();
    await health.getByText(/^Runs every \d+ s$/).waitFor();
    await health.getByText('Last run:').waitFor();
    await page.getByText('No reminder rules yet.').waitFor();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const form = page.getByRole('dialog', { name: 'New reminder rule' });
    assert.equal(await form.getByRole('textbox', { name: 'Reminds of' }).inputValue(), 'Birthday');
    await form.getByRole('textbox', { name: 'Reminds of' }).click();
    await page.getByRole('option', { name: 'Time after the last purchase' }).click();
    await form.getByRole('textbox', { name: 'Months after the last purchase' }).fill('6');
    await form.getByRole('textbox', { name: 'Days before' }).fill('3');
    await form.getByLabel('At (local time)').fill('10:15');
    await form.getByRole('textbox', { name: 'Who is reminded' }).click();
    await page.getByRole('option', { name: 'A chosen user' }).click();
    await form.getByRole('button', { name: 'Save' }).click();
    // no user chosen: the server's refusal is under the field
    await untilCount(() => form.locator('.mantine-Select-error, .mantine-InputWrapper-error').count(), 1, 'a message under the user');
    assert.equal(
      await e.db
        .selectFrom('reminderRules')
        .select('id')
        .execute()
        .then((r) => r.length),
      0,
    );
    await form.getByRole('textbox', { name: 'User' }).click();
    await page.getByRole('option', { name: 'Mila', exact: true }).click();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await untilCount(() => page.getByTestId('reminder-rule').count(), 1, 'the rule is listed');
    const rules = await e.db
      .selectFrom('reminderRules')
      .select(['kind', 'monthsAfter', 'daysBefore', 'atTime', 'recipient', 'recipientId', 'active'])
      .execute();
    assert.deepEqual(
      rules.map((r) => ({ ...r, atTime: String(r.atTime).slice(0, 5) })),
      [{ kind: 'after_last_purchase', monthsAfter: 6, daysBefore: 3, atTime: '10:15', recipient: 'user', recipientId: milaId, active: true }],
    );
    await page.getByTestId('reminder-rule').getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit reminder rule' });
    await edit.getByRole('switch', { name: 'Active' }).uncheck({ force: true });
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.getByTestId('reminder-rule').getByText('Inactive').waitFor();
    assert.equal((await e.db.selectFrom('reminderRules').select('active').executeTakeFirstOrThrow()).active, false);
    await page.screenshot({ path: path.join(shots, 'settings-reminders.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shows no English on Russian screens', async () => {
    const ru = await e.page({ login: 'mila', locale: 'ru-RU' });
    await ru.page.goto(`${e.base}/calendar?view=month&day=${day(10)}`);
    await untilCount(() => ru.page.getByTestId('cal-item').count(), 3, 'the items in Russian');
    await ru.page.getByText('Неделя', { exact: true }).waitFor();
    await assertNoEnglish(ru.page, 'the calendar', typed);
    await ru.page.screenshot({ path: path.join(shots, 'calendar-ru.png') });
    await item(ru.page, 'event', eventId).click();
    await ru.page.getByRole('dialog').getByText('Открыть карточку клиента').waitFor();
    await assertNoEnglish(ru.page, 'an item opened', typed);
    await ru.page.keyboard.press('Escape');
    await ru.page.goto(`${e.base}/account`);
    await ru.page.getByTestId('feed-panel').getByText('Подписаться в приложении календаря').waitFor();
    await assertNoEnglish(ru.page, 'the account page', [...typed, 'Google', 'Outlook', 'Apple', 'Thunderbird', 'URL']);
    assert.deepEqual(ru.errors, []);
    await ru.context.close();

    const boss = await e.page({ login: 'boss', locale: 'ru-RU' });
    await boss.page.goto(`${e.base}/settings?tab=reminders`);
    await untilCount(() => boss.page.getByTestId('reminder-rule').count(), 1, 'the rule in Russian');
    await boss.page.getByText('Планировщик напоминаний').waitFor();
    await assertNoEnglish(boss.page, 'settings: reminders', typed);
    assert.deepEqual(boss.errors, []);
    await boss.context.close();
  });

  it('works 390 px wide: the month as a list of days, the day view, an item moved by date and time', async () => {
    const { page, context, errors } = await e.page({ login: 'mila', width: 390, height: 844 });
    await page.goto(`${e.base}/calendar?view=month&day=${day(10)}`);
    await page.getByTestId('cal-agenda').waitFor();
    await untilCount(() => page.getByTestId('cal-item').count(), 3, 'the items on a phone');
    assert.equal(await overflow(page), 0, 'no sideways scrolling of the month');
    await page.screenshot({ path: path.join(shots, 'calendar-phone.png') });
    // moved without dragging: open it, choose the day and time
    await item(page, 'event', eventId).click();
    const dialog = page.getByRole('dialog', { name: 'Demo for Orlova' });
    await dialog.getByLabel('Date').fill(day(12));
    await dialog.getByLabel('Time').fill('09:45');
    await dialog.getByRole('button', { name: 'Move' }).click();
    await dialog.waitFor({ state: 'detached' });
    await untilEqual(() => dayOfItem(page, 'event', eventId), day(12), 'the event on the 12th');
    const ev = await e.db.selectFrom('events').select('startsAt').where('id', '=', eventId).executeTakeFirstOrThrow();
    assert.equal(ev.startsAt.toISOString(), `${day(12)}T07:45:00.000Z`, '09:45 in Kyiv');
    await page.goto(`${e.base}/calendar?view=day&day=${day(12)}`);
    await page.getByTestId('cal-dayview').waitFor();
    await item(page, 'event', eventId).waitFor();
    assert.equal(await overflow(page), 0, 'no sideways scrolling of the day');
    await page.screenshot({ path: path.join(shots, 'calendar-day-phone.png') });
    await page.goto(`${e.base}/account`);
    await page.getByTestId('feed-panel').waitFor();
    await untilCount(() => page.getByTestId('feed-row').count(), 3, 'the feeds on a phone');
    assert.equal(await overflow(page), 0, 'no sideways scrolling of the account page');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the month view counts a busy day, shows its first three items and "2 more", which opens the day', async () => {
    const { page, context, errors } = await e.page({ login: 'mila' });
    const types: { items: { id: number; key: string }[] } = await api(page, 'get', '/api/event-types');
    const call = types.items.find((x) => x.key === 'call')!;
    const ids: number[] = [];
    for (const h of [9, 10, 11, 12, 13]) {
      const ev = await api(page, 'post', '/api/events', {
        typeId: call.id,
        subject: `Call ${h}`,
        startsAt: `${day(20)}T${String(h).padStart(2, '0')}:00:00+02:00`,
        durationMin: 15,
      });
      ids.push(ev.id);
    }
    await page.goto(`${e.base}/calendar?view=month&day=${day(10)}`);
    const cell = page.locator(`[data-testid="cal-day"][data-day="${day(20)}"]`);
    await untilEqual(() => cell.getAttribute('data-total'), '5', 'the day counts its five events');
    assert.equal(await cell.getAttribute('data-events'), '5');
    assert.equal(await cell.getAttribute('data-tasks'), '0');
    assert.equal(await cell.getByTestId('cal-item').count(), 3, 'the first three');
    assert.deepEqual(
      await cell.getByTestId('cal-item').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-id')))),
      ids.slice(0, 3),
      'in time order',
    );
    const more = cell.getByTestId('cal-more');
    assert.equal(await more.textContent(), '2 more');
    assert.equal(await more.getAttribute('title'), 'Events: 5, tasks: 0');
    await more.click();
    await page.waitForURL(`${e.base}/calendar?view=day&day=${day(20)}`);
    await page.getByTestId('cal-dayview').waitFor();
    await untilCount(() => page.getByTestId('cal-item').count(), 5, 'the day view: every item of the day');
    assert.deepEqual(errors, []);
    await context.close();

    const phone = await e.page({ login: 'mila', width: 390, height: 844 });
    await phone.page.goto(`${e.base}/calendar?view=month&day=${day(10)}`);
    const list = phone.page.locator(`[data-testid="cal-day"][data-day="${day(20)}"]`);
    await untilEqual(() => list.getByTestId('cal-item').count(), 3, 'the first three on a phone');
    assert.equal(await list.getByTestId('cal-more').textContent(), '2 more');
    await list.getByTestId('cal-more').click();
    await phone.page.getByTestId('cal-dayview').waitFor();
    await untilCount(() => phone.page.getByTestId('cal-item').count(), 5, 'the day on a phone');
    assert.deepEqual(phone.errors, []);
    await phone.context.close();
  });
});
