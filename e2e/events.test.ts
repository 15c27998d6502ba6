import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertNoEnglish, SHOTS as shots, startE2E, untilCount, untilEqual, type E2E } from './harness.js';

// Issue 15 (events) in the browser: a manager records a planned call on a client's card, marks it
// done (the type needs a result: the server's refusal shows under the field, then a result is
// chosen), and schedules the meeting the type suggests in one click; the card and the form work
// 390 px wide; an administrator adds an event type with a Russian name in Settings → Event types,
// and the Russian card offers it by that name with no English on the screen. Marking done an event
// whose type creates the next task says "Next task created" (the task exists).
let e: E2E;
let clientId: number;
/** the test's own data in Latin letters: subjects typed in English, the users' names */
// (and the title of the task the call type created, shown on the card's Tasks tab: the server names it with the type's English name)
const typed = [
  'Meeting: Call from the phone',
  'changed elsewhere',
  'Meeting at the office',
  'Call about the order',
  'Call from the phone',
  'Boss',
  'Mila',
];

async function api(page: Page, method: 'get' | 'post' | 'patch', url: string, data?: unknown) {
  const r = await page.request[method](`${e.base}${url}`, { data, headers: { origin: e.base } });
  assert.ok(r.ok(), `${url}: ${r.status()} ${await r.text()}`);
  return r.json();
}
const rowTexts = (page: Page) => page.getByTestId('event-row').allTextContents();
const tomorrow = () => {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

before(async () => {
  e = await startE2E();
  await e.addUser('boss', 'admin');
  await e.addUser('mila', 'manager');
});
after(async () => e.close());

describe('events on the client card', () => {
  it('a manager plans a call, marks it done with a result and schedules the suggested meeting', async () => {
    const { page, context, errors } = await e.page({ login: 'mila' });
    const { client } = await api(page, 'post', '/api/clients', { kind: 'person', surname: 'Орлова', firstName: 'Вера' });
    clientId = client.id;
    // the administrator's configuration: a call needs a result and suggests a meeting two days later
    const boss = await e.page({ login: 'boss' });
    const types: { items: { id: number; key: string; version: number }[] } = await api(boss.page, 'get', '/api/event-types');
    const call = types.items.find((x) => x.key === 'call')!;
    const meeting = types.items.find((x) => x.key === 'meeting')!;
    await api(boss.page, 'patch', `/api/event-types/${call.id}`, {
      version: call.version,
      resultRequired: true,
      nextMode: 'suggest',
      nextTypeId: meeting.id,
      nextAfterDays: 2,
    });
    await boss.context.close();

    await page.goto(`${e.base}/clients/${clientId}`);
    const events = page.getByTestId('events');
    await events.getByText('No events yet.').waitFor();
    await events.getByRole('button', { name: 'New event' }).click();
    const form = page.getByRole('dialog', { name: 'New event' });
    assert.equal(await form.getByRole('textbox', { name: 'Type' }).inputValue(), 'Call', 'the first type is the default');
    await form.getByRole('textbox', { name: 'Subject' }).fill('Call about the order');
    await form.getByLabel('Date').fill(tomorrow());
    await form.getByLabel('Time').fill('10:30');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await untilCount(() => page.getByTestId('event-row').count(), 1, 'the new event is listed');
    const [row] = await rowTexts(page);
    assert.match(row!, /Call/);
    assert.match(row!, /Call about the order/);
    assert.match(row!, /Planned/);
    assert.match(row!, /10:30/, 'the start in local time');

    // done without a result: the server refuses, under the result field
    await events.getByRole('button', { name: 'Mark done' }).click();
    const done = page.getByRole('dialog', { name: /Mark as done/ });
    await done.getByRole('button', { name: 'Mark done' }).click();
    await done.getByText('This type of event needs a result').waitFor();
    await done.getByRole('textbox', { name: 'Result' }).click();
    await page.getByRole('option', { name: 'Interested', exact: true }).click();
    await done.getByRole('button', { name: 'Mark done' }).click();
    await done.waitFor({ state: 'detached' });
    await untilEqual(async () => /Done[\s\S]*Interested/.test((await rowTexts(page))[0] ?? ''), true, 'the call is done with its result');

    // the type suggests a meeting: one click plans it
    const schedule = events.getByRole('button', { name: /^Schedule next: Meeting on / });
    await schedule.click();
    await events.getByText(/^Scheduled: Meeting on /).waitFor();
    await untilCount(() => page.getByTestId('event-row').count(), 2, 'the meeting is listed');
    const [first, second] = await rowTexts(page);
    assert.match(first!, /Meeting[\s\S]*Planned[\s\S]*Call about the order/, 'the newest first: the meeting');
    assert.match(second!, /Call[\s\S]*Done/);
    const list = await api(page, 'get', `/api/events?clientId=${clientId}`);
    const callDone = new Date(list.items[1].doneAt).getTime();
    const meetingAt = new Date(list.items[0].startsAt).getTime();
    assert.ok(meetingAt - callDone > 36 * 3_600_000 && meetingAt - callDone < 60 * 3_600_000, 'the meeting is about two days after the call');

    // edit: the subject changes with the version
    await page.getByTestId('event-row').first().getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit event' });
    await edit.getByRole('textbox', { name: 'Subject' }).fill('Meeting at the office');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await untilEqual(async () => /Meeting at the office/.test((await rowTexts(page))[0] ?? ''), true, 'the edited subject');
    // changed elsewhere while the form is open: the save is refused, nothing is overwritten; reopened, it saves
    await page.getByTestId('event-row').first().getByRole('button', { name: 'Edit' }).click();
    const stale = page.getByRole('dialog', { name: 'Edit event' });
    const now = await api(page, 'get', `/api/events/${list.items[0].id}`);
    await api(page, 'patch', `/api/events/${now.id}`, { version: now.version, notes: 'changed elsewhere' });
    await stale.getByRole('textbox', { name: 'Subject' }).fill('Meeting, mine');
    await stale.getByRole('button', { name: 'Save' }).click();
    await stale.getByText('Someone else changed this').waitFor();
    await stale.getByRole('button', { name: 'Cancel' }).click();
    await untilEqual(async () => /changed elsewhere/.test((await rowTexts(page))[0] ?? ''), true, 'the change made elsewhere is shown');
    assert.doesNotMatch((await rowTexts(page))[0]!, /Meeting, mine/);
    await page.getByTestId('event-row').first().getByRole('button', { name: 'Edit' }).click();
    assert.equal(await stale.getByRole('textbox', { name: 'Notes' }).inputValue(), 'changed elsewhere');
    await stale.getByRole('button', { name: 'Save' }).click();
    await stale.waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(shots, 'events-card.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('works 390 px wide; a type that creates the next task says so', async () => {
    const { page, context, errors } = await e.page({ login: 'mila', width: 390, height: 844 });
    await page.goto(`${e.base}/clients/${clientId}`);
    await untilCount(() => page.getByTestId('event-row').count(), 2, 'the events on a phone');
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(await overflow(), 0, 'no sideways scrolling of the card');
    await page.getByTestId('events').getByRole('button', { name: 'New event' }).click();
    const form = page.getByRole('dialog', { name: 'New event' });
    await form.getByRole('textbox', { name: 'Subject' }).waitFor();
    const box = (await form.boundingBox())!;
    assert.ok(box.width <= 390 && box.width > 380, `the form takes the whole width: ${box.width}`);
    await form.getByRole('textbox', { name: 'Subject' }).fill('Call from the phone');
    await page.screenshot({ path: path.join(shots, 'events-phone.png') });
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await untilCount(() => page.getByTestId('event-row').count(), 3, 'the event made on a phone');
    assert.equal(await overflow(), 0, 'no sideways scrolling with the notice');
    // a type that creates the next task: marking done says so
    const boss = await e.page({ login: 'boss' });
    const types: { items: { id: number; key: string; version: number }[] } = await api(boss.page, 'get', '/api/event-types');
    const call = types.items.find((x) => x.key === 'call')!;
    await api(boss.page, 'patch', `/api/event-types/${call.id}`, { version: call.version, nextMode: 'create' });
    await boss.context.close();
    await page.getByTestId('event-row').first().getByRole('button', { name: 'Mark done' }).click();
    const done = page.getByRole('dialog', { name: /Mark as done: Call from the phone/ });
    await done.getByRole('textbox', { name: 'Result' }).click();
    await page.getByRole('option', { name: 'Done', exact: true }).click();
    await done.getByRole('button', { name: 'Mark done' }).click();
    await done.waitFor({ state: 'detached' });
    await page.getByTestId('event-notice').getByText('Next task created').waitFor();
    assert.equal(await page.getByRole('button', { name: /^Schedule next/ }).count(), 0, 'nothing to schedule: the task exists');
    const tasks = await e.db.selectFrom('tasks').select(['title', 'clientId']).execute();
    assert.deepEqual(tasks, [{ title: 'Meeting: Call from the phone', clientId }]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('an administrator adds an event type with a Russian name, and the Russian card offers it', async () => {
    const { page, context, errors } = await e.page({ login: 'boss' });
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('tab', { name: 'Event types' }).click();
    await page.getByTestId('event-types').getByText('Negotiation').waitFor();
    await page.getByRole('button', { name: 'Add type' }).click();
    const form = page.getByRole('dialog', { name: 'New event type' });
    await form.getByRole('textbox', { name: 'Name in English' }).fill('Demo');
    await form.getByRole('textbox', { name: 'Name in Russian' }).fill('Демонстрация');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByTestId('event-types').getByText('Demo', { exact: true }).waitFor();
    // a result deactivated is no longer offered
    await page
      .getByTestId('event-results')
      .getByRole('row', { name: /Postponed/ })
      .getByRole('button', { name: 'Deactivate' })
      .click();
    await page
      .getByTestId('event-results')
      .getByRole('row', { name: /Postponed/ })
      .getByText('Inactive')
      .waitFor();
    assert.deepEqual(errors, []);
    await context.close();

    // the tab on a phone: the tables scroll inside themselves, the page does not
    const phone = await e.page({ login: 'boss', width: 390, height: 844 });
    await phone.page.goto(`${e.base}/settings?tab=eventTypes`);
    await phone.page.getByTestId('event-types').getByText('Demo', { exact: true }).waitFor();
    assert.equal(
      await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      0,
      'no sideways scrolling of the settings',
    );
    await phone.page
      .getByTestId('event-results')
      .getByRole('row', { name: /Interested/ })
      .getByRole('button', { name: 'Edit' })
      .click();
    const result = phone.page.getByRole('dialog', { name: 'Edit result' });
    assert.equal(await result.getByRole('textbox', { name: 'Name in Russian' }).inputValue(), 'Заинтересован');
    await phone.page.screenshot({ path: path.join(shots, 'event-result-phone.png') });
    assert.deepEqual(phone.errors, []);
    await phone.context.close();

    const ru = await e.page({ login: 'boss', locale: 'ru-RU' });
    await ru.page.goto(`${e.base}/clients/${clientId}`);
    const events = ru.page.getByTestId('events');
    await untilCount(() => ru.page.getByTestId('event-row').count(), 3, 'the events in Russian');
    assert.match((await ru.page.getByTestId('event-row').nth(1).textContent())!, /Встреча[\s\S]*Запланировано/);
    assert.match((await ru.page.getByTestId('event-row').nth(2).textContent())!, /Звонок[\s\S]*Выполнено[\s\S]*Заинтересован/);
    await assertNoEnglish(ru.page, 'the client card with its events', typed);
    await events.getByRole('button', { name: 'Новое событие' }).click();
    const dialog = ru.page.getByRole('dialog', { name: 'Новое событие' });
    await dialog.getByRole('textbox', { name: 'Тип' }).click();
    await ru.page.getByRole('option', { name: 'Демонстрация', exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Тема' }).fill('Показ');
    await dialog.getByRole('textbox', { name: 'Результат' }).click();
    await untilCount(() => ru.page.getByRole('option', { name: 'Перенесено' }).count(), 0, 'the inactive result is not offered');
    await ru.page.getByRole('option', { name: 'Отказ', exact: true }).waitFor();
    await ru.page.keyboard.press('Escape');
    await assertNoEnglish(ru.page, 'the event form', typed);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'detached' });
    await untilCount(() => ru.page.getByTestId('event-row').count(), 4, 'the demonstration is listed');
    assert.match((await ru.page.getByTestId('event-row').first().textContent())!, /Демонстрация[\s\S]*Показ/);

    await ru.page.goto(`${e.base}/settings?tab=eventTypes`);
    await ru.page.getByTestId('event-types').getByText('Демонстрация').waitFor();
    await assertNoEnglish(ru.page, 'settings: event types', typed);
    assert.deepEqual(ru.errors, []);
    await ru.context.close();
  });
});
