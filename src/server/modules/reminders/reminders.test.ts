// Reminders on a real database (docs/crm-reminders.md): each kind fires once at the right local
// time (DST days in Europe/Kyiv included), two schedulers on one database deliver exactly once,
// catch-up after downtime, closed/deleted targets never fire, snooze postpones, a failing run is
// recorded and the next one delivers, and the notification centre is per user.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../db/database.js';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';
import { ReminderScheduler, runOnce } from './reminders.service.js';
import { GraphileReminderScheduler } from './reminders.worker.js';
import { backupTo, restoreFrom } from '../backup/backup.service.js';

let t: TestApp;
let admin: ApiClient;

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
});
after(async () => t.close());

/** A fresh scheduler history (each test runs its own clock from its own start). */
const fresh = () => sql`DELETE FROM scheduler_state`.execute(t.db);
const run = async (at: string) => {
  const r = await runOnce(t.db, new Date(at));
  assert.ok(!r.skipped && r.ok, JSON.stringify(r));
  return r;
};
const keys = async (userId: number) =>
  (await sql<{ k: string }>`SELECT dedup_key AS k FROM notifications WHERE user_id = ${userId} ORDER BY id`.execute(t.db)).rows.map((r) => r.k);

async function manager(tz: string | null): Promise<ApiClient> {
  const u = await t.user('manager');
  const cur = (await admin.get(`/api/users/${u.userId}`)).body;
  const r = await admin.patch(`/api/users/${u.userId}`, { version: cur.version, timezone: tz });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.timezone, tz);
  return u;
}

async function task(assignee: number, v: { dueAt: string; remindBeforeMin?: number | null; status?: string; snoozedUntil?: string }) {
  const r = await sql<{ id: number }>`
    INSERT INTO tasks (title, assignee_id, due_at, remind_before_min, status, snoozed_until, updated_at, created_at)
    VALUES ('Call back', ${assignee}, ${v.dueAt}, ${v.remindBeforeMin ?? null}, ${v.status ?? 'open'}, ${v.snoozedUntil ?? null}, '2026-01-01Z', '2026-01-01Z')
    RETURNING id`.execute(t.db);
  return Number(r.rows[0]!.id);
}

describe('reminders', () => {
  it('a task fires once at due_at minus remind_before_min; closed, cancelled and deleted tasks never; a snooze postpones', async () => {
    await fresh();
    const u = await manager('Europe/Kyiv');
    const a = await task(u.userId, { dueAt: '2027-02-10T10:00:00Z', remindBeforeMin: 30 });
    const b = await task(u.userId, { dueAt: '2027-02-10T10:00:00Z' }); // no remind_before: at due_at
    const snoozed = await task(u.userId, { dueAt: '2027-02-10T09:00:00Z', snoozedUntil: '2027-02-10T11:00:00Z' });
    await task(u.userId, { dueAt: '2027-02-10T09:45:00Z', status: 'done' });
    await task(u.userId, { dueAt: '2027-02-10T09:45:00Z', status: 'cancelled' });
    const deleted = await task(u.userId, { dueAt: '2027-02-10T09:45:00Z' });
    await sql`DELETE FROM tasks WHERE id = ${deleted}`.execute(t.db);
    await run('2027-02-10T08:00:00Z');
    await run('2027-02-10T09:29:00Z');
    assert.deepEqual(await keys(u.userId), []);
    await run('2027-02-10T09:31:00Z');
    assert.deepEqual(await keys(u.userId), [`task:${a}:2027-02-10T09:30:00Z`]);
    await run('2027-02-10T10:00:00Z');
    await run('2027-02-10T10:30:00Z');
    assert.deepEqual(await keys(u.userId), [`task:${a}:2027-02-10T09:30:00Z`, `task:${b}:2027-02-10T10:00:00Z`]);
    await run('2027-02-10T11:00:00Z');
    assert.equal((await keys(u.userId)).length, 3);
    assert.equal((await keys(u.userId))[2], `task:${snoozed}:2027-02-10T11:00:00Z`);
    // snoozing again after it fired postpones to a new moment: one more reminder, then no more
    await sql`UPDATE tasks SET snoozed_until = '2027-02-10T12:00:00Z' WHERE id = ${snoozed}`.execute(t.db);
    await run('2027-02-10T11:59:00Z');
    await run('2027-02-10T12:01:00Z');
    await run('2027-02-10T12:02:00Z');
    assert.deepEqual((await keys(u.userId)).slice(3), [`task:${snoozed}:2027-02-10T12:00:00Z`]);
  });

  it('a planned event fires remind_before_min before it starts; a cancelled one never', async () => {
    await fresh();
    const u = await manager(null);
    const call = (await admin.get('/api/event-types')).body.items.find((x: { key: string }) => x.key === 'call').id;
    const e = await u.post('/api/events', { typeId: call, subject: 'Call Ivanov', startsAt: '2027-02-11T10:00:00+02:00', remindBeforeMin: 15 });
    assert.equal(e.status, 201, JSON.stringify(e.body));
    const c = await u.post('/api/events', { typeId: call, subject: 'Cancelled', startsAt: '2027-02-11T10:00:00+02:00', remindBeforeMin: 15 });
    await sql`UPDATE events SET status = 'cancelled' WHERE id = ${c.body.id}`.execute(t.db);
    await sql`UPDATE events SET updated_at = '2026-01-01Z'`.execute(t.db);
    await run('2027-02-11T07:44:00Z');
    assert.deepEqual(await keys(u.userId), []);
    await run('2027-02-11T07:46:00Z');
    await run('2027-02-11T08:30:00Z');
    assert.deepEqual(await keys(u.userId), [`event:${e.body.id}:2027-02-11T07:45:00Z`]);
  });

  it('a promise fires at 09:00 of its day in the responsible user’s zone, on the DST day in Kyiv too', async () => {
    await fresh();
    const u = await manager('Europe/Kyiv');
    const client = (await u.post('/api/clients', person('Promisee'))).body.client.id;
    // 2027-03-28: Kyiv moves from UTC+2 to UTC+3 at 03:00, so 09:00 local is 06:00Z (not 07:00Z)
    const p = await sql<{ id: number }>`
      INSERT INTO promises (client_id, text, promised_by, responsible_id, due_on, updated_at)
      VALUES (${client}, 'Send the price list', 'us', ${u.userId}, '2027-03-28', '2026-01-01Z') RETURNING id`.execute(t.db);
    await sql`INSERT INTO promises (client_id, text, promised_by, responsible_id, due_on, status, updated_at)
      VALUES (${client}, 'Kept already', 'us', ${u.userId}, '2027-03-28', 'kept', '2026-01-01Z')`.execute(t.db);
    await run('2027-03-28T05:59:00Z');
    assert.deepEqual(await keys(u.userId), []);
    await run('2027-03-28T06:01:00Z');
    assert.deepEqual(await keys(u.userId), [`promise:${p.rows[0]!.id}:2027-03-28T06:00:00Z`]);
    const n = (await u.get('/api/notifications')).body;
    assert.equal(n.items[0].kind, 'promise');
    assert.equal(n.items[0].title, 'Send the price list');
    assert.equal(n.items[0].dueAt, '2027-03-28T06:00:00.000Z');
    assert.equal(n.items[0].clientId, client);
  });

  it('an active contract fires remind_days_before days before its end at 09:00 local (the autumn DST day); a draft never', async () => {
    await fresh();
    const u = await manager('Europe/Kyiv');
    const client = (await u.post('/api/clients', person('Contractee'))).body.client.id;
    // 2027-10-31: Kyiv moves back to UTC+2 at 04:00, so 09:00 local is 07:00Z; the day before it is 06:00Z
    const k = await sql<{ id: number }>`
      INSERT INTO contracts (number, client_id, responsible_id, status, ends_on, remind_days_before, updated_at)
      VALUES ('K-1', ${client}, ${u.userId}, 'active', '2027-10-31', 0, '2026-01-01Z') RETURNING id`.execute(t.db);
    const k2 = await sql<{ id: number }>`
      INSERT INTO contracts (number, client_id, responsible_id, status, ends_on, remind_days_before, updated_at)
      VALUES ('K-2', ${client}, ${u.userId}, 'active', '2027-11-01', 2, '2026-01-01Z') RETURNING id`.execute(t.db);
    await sql`INSERT INTO contracts (number, client_id, responsible_id, status, ends_on, remind_days_before, updated_at)
      VALUES ('K-3', ${client}, ${u.userId}, 'draft', '2027-10-31', 0, '2026-01-01Z')`.execute(t.db);
    await run('2027-10-30T05:59:00Z');
    assert.deepEqual(await keys(u.userId), []);
    await run('2027-10-30T06:01:00Z');
    assert.deepEqual(await keys(u.userId), [`contract:${k2.rows[0]!.id}:2027-11-01:2:2027-10-30T06:00:00Z`]);
    await run('2027-10-31T06:59:00Z');
    assert.equal((await keys(u.userId)).length, 1);
    await run('2027-10-31T07:01:00Z');
    assert.deepEqual((await keys(u.userId)).slice(1), [`contract:${k.rows[0]!.id}:2027-10-31:0:2027-10-31T07:00:00Z`]);
  });

  it('rules: a Feb 29 birthday fires on Feb 28 in a non-leap year; contract end to a named user; a custom date field', async () => {
    await fresh();
    const u = await manager('UTC');
    const boss = await manager('Europe/Kyiv');
    const born = (await u.post('/api/clients', person('Leapling', { birthDate: '2000-02-29' }))).body.client.id;
    const plain = (await u.post('/api/clients', person('Plainbirth', { birthDate: '1990-03-02' }))).body.client.id;
    const bd = await admin.post('/api/reminder-rules', { kind: 'birthday', daysBefore: 1, atTime: '10:00' });
    assert.equal(bd.status, 201, JSON.stringify(bd.body));
    assert.equal(bd.body.atTime, '10:00');
    // 2027 is not a leap year: the birthday is Feb 28, the reminder a day before at 10:00 UTC
    await run('2027-02-27T09:59:00Z');
    assert.deepEqual(await keys(u.userId), []);
    await run('2027-02-27T10:01:00Z');
    assert.deepEqual(await keys(u.userId), [`rule:${bd.body.id}:client:${born}:2027:2027-02-27T10:00:00Z`]);
    await run('2027-03-01T10:01:00Z');
    assert.deepEqual((await keys(u.userId)).slice(1), [`rule:${bd.body.id}:client:${plain}:2027:2027-03-01T10:00:00Z`]);
    await run('2027-03-02T10:01:00Z');
    assert.equal((await keys(u.userId)).length, 2);

    // contract end, 30 days before, to a named user in Kyiv
    const k = await sql<{ id: number }>`
      INSERT INTO contracts (number, client_id, status, ends_on) VALUES ('R-1', ${plain}, 'active', '2027-05-01') RETURNING id`.execute(t.db);
    const ce = await admin.post('/api/reminder-rules', { kind: 'contract_end', daysBefore: 30, recipient: 'user', recipientId: boss.userId });
    assert.equal(ce.status, 201, JSON.stringify(ce.body));
    await run('2027-04-01T05:59:00Z');
    assert.deepEqual(await keys(boss.userId), []);
    await run('2027-04-01T06:01:00Z'); // 09:00 in Kyiv (UTC+3) on April 1
    assert.deepEqual(await keys(boss.userId), [`rule:${ce.body.id}:contract:${k.rows[0]!.id}:2027-05-01:2027-04-01T06:00:00Z`]);

    // a custom date field: the field must exist and be of type date (the field is named in the 400)
    assert.equal((await admin.post('/api/custom-fields', { key: 'visa_until', label: 'Visa until', type: 'date' })).status, 201);
    assert.equal((await admin.post('/api/custom-fields', { key: 'nickname', label: 'Nickname', type: 'text' })).status, 201);
    for (const field of ['nickname', 'no_such_field', undefined]) {
      const bad = await admin.post('/api/reminder-rules', { kind: 'custom_date', field });
      assert.equal(bad.status, 400, JSON.stringify(bad.body));
      assert.equal(bad.body.error.details[0].field, 'field');
    }
    const visa = (await u.post('/api/clients', person('Visaholder', { custom: { visa_until: '2027-06-15' } }))).body.client.id;
    const cd = await admin.post('/api/reminder-rules', { kind: 'custom_date', field: 'visa_until', daysBefore: 14, atTime: '08:30' });
    assert.equal(cd.status, 201, JSON.stringify(cd.body));
    await run('2027-06-01T08:29:00Z');
    assert.equal((await keys(u.userId)).filter((x) => x.startsWith(`rule:${cd.body.id}:`)).length, 0);
    await run('2027-06-01T08:31:00Z');
    assert.deepEqual(
      (await keys(u.userId)).filter((x) => x.startsWith(`rule:${cd.body.id}:`)),
      [`rule:${cd.body.id}:client:${visa}:2027-06-15:2027-06-01T08:30:00Z`],
    );
    // an inactive rule and a deleted rule fire nothing
    assert.equal((await admin.patch(`/api/reminder-rules/${bd.body.id}`, { version: bd.body.version, active: false })).status, 200);
    assert.equal((await admin.del(`/api/reminder-rules/${ce.body.id}`)).status, 200);
    assert.equal((await admin.get('/api/reminder-rules')).body.items.length, 2);
    await sql`DELETE FROM scheduler_state`.execute(t.db);
    await run('2028-02-28T10:01:00Z'); // 2028 is leap: Feb 28 would be the reminder day, but the rule is off
    assert.equal((await keys(u.userId)).filter((x) => x.startsWith(`rule:${bd.body.id}:`)).length, 2);
    // rules are administrators' business
    assert.equal((await u.get('/api/reminder-rules')).status, 403);
    assert.equal((await u.post('/api/reminder-rules', { kind: 'birthday' })).status, 403);
  });

  it('after the last purchase: months_after the client’s last completed sale', async () => {
    await fresh();
    const u = await manager('UTC');
    const client = (await u.post('/api/clients', person('Buyer'))).body.client.id;
    const dep = await t.department('Shop');
    await sql`INSERT INTO sales (status, sold_at, day, client_id, department_id, employee_id, currency, rate, subtotal, total, base_total)
      VALUES ('completed', '2027-01-15T10:00:00Z', '2027-01-15', ${client}, ${dep}, ${u.userId}, 'RUB', '1', 10000, 10000, 10000),
             ('cancelled', '2027-02-15T10:00:00Z', '2027-02-15', ${client}, ${dep}, ${u.userId}, 'RUB', '1', 10000, 10000, 10000)`.execute(t.db);
    const r = await admin.post('/api/reminder-rules', { kind: 'after_last_purchase', monthsAfter: 3 });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const noMonths = await admin.post('/api/reminder-rules', { kind: 'after_last_purchase' });
    assert.equal(noMonths.status, 400);
    assert.equal(noMonths.body.error.details[0].field, 'monthsAfter');
    await run('2027-04-15T08:59:00Z');
    assert.deepEqual(await keys(u.userId), []);
    await run('2027-04-15T09:01:00Z');
    assert.deepEqual(await keys(u.userId), [`rule:${r.body.id}:client:${client}:2027-04-15:2027-04-15T09:00:00Z`]);
    // a deleted client takes its pending reminders and notifications with it
    await sql`DELETE FROM sales WHERE client_id = ${client}`.execute(t.db);
    await sql`DELETE FROM clients WHERE id = ${client}`.execute(t.db);
    assert.deepEqual(await keys(u.userId), []);
    await admin.del(`/api/reminder-rules/${r.body.id}`);
  });

  it('catches up after downtime: reminders due while the server was down fire once on start', async () => {
    await fresh();
    const u = await manager(null);
    await run('2027-05-01T00:00:00Z');
    const a = await task(u.userId, { dueAt: '2027-05-02T10:00:00Z' });
    const b = await task(u.userId, { dueAt: '2027-05-03T10:00:00Z' });
    const c = await task(u.userId, { dueAt: '2027-05-05T10:00:00Z' }); // still in the future
    const r = await run('2027-05-04T12:00:00Z'); // the server was down for three days
    assert.ok(!r.skipped && r.ok && r.from.toISOString() === '2027-05-01T00:00:00.000Z');
    assert.deepEqual(await keys(u.userId), [`task:${a}:2027-05-02T10:00:00Z`, `task:${b}:2027-05-03T10:00:00Z`]);
    await run('2027-05-04T12:01:00Z');
    assert.equal((await keys(u.userId)).length, 2);
    // the look-back is bounded: after a month down, only the last 7 days are delivered
    await task(u.userId, { dueAt: '2027-05-20T10:00:00Z' });
    const late = await task(u.userId, { dueAt: '2027-06-01T10:00:00Z' });
    await run('2027-06-04T12:00:00Z');
    assert.deepEqual((await keys(u.userId)).slice(2), [`task:${late}:2027-06-01T10:00:00Z`]);
    assert.ok(!(await keys(u.userId)).some((k) => k.startsWith(`task:${c}:`)), 'a reminder older than the look-back is not delivered');
  });

  it('two schedulers on one database deliver each of 10,000 due reminders exactly once', async () => {
    await fresh();
    const u = await manager(null);
    await sql`
      INSERT INTO tasks (title, assignee_id, due_at, updated_at, created_at)
      SELECT 'Bulk ' || g, ${u.userId}, '2027-07-01T10:00:00Z'::timestamptz + make_interval(secs => g % 600), '2026-01-01Z', '2026-01-01Z'
      FROM generate_series(1, 10000) AS g`.execute(t.db);
    const other = openDatabase({ url: t.url });
    try {
      await runOnce(t.db, new Date('2027-07-01T09:00:00Z'));
      // without the advisory lock both processes insert the same rows at once: the dedup_key decides
      const results = await Promise.all([
        runOnce(t.db, new Date('2027-07-01T10:15:00Z'), { lock: false }),
        runOnce(other.db, new Date('2027-07-01T10:15:00Z'), { lock: false }),
        runOnce(other.db, new Date('2027-07-01T10:15:00Z')),
        runOnce(t.db, new Date('2027-07-01T10:15:00Z')),
      ]);
      for (const r of results) assert.ok(r.skipped || r.ok, JSON.stringify(r));
      const delivered = results.reduce((s, r) => s + (!r.skipped && r.ok ? r.delivered : 0), 0);
      assert.equal(delivered, 10000);
      const n = await sql<{ n: number; d: number }>`
        SELECT count(*) AS n, count(DISTINCT dedup_key) AS d FROM notifications WHERE user_id = ${u.userId}`.execute(t.db);
      assert.deepEqual(n.rows[0], { n: 10000, d: 10000 });
    } finally {
      await other.db.destroy();
    }
  });

  it('a failing run is recorded in scheduler_state (and the health API), and the next run delivers', async () => {
    await fresh();
    const u = await manager(null);
    await run('2027-08-01T09:00:00Z');
    const a = await task(u.userId, { dueAt: '2027-08-01T10:00:00Z' });
    await sql`ALTER TABLE notifications RENAME TO notifications_away`.execute(t.db);
    let failed: Awaited<ReturnType<typeof runOnce>>;
    try {
      failed = await runOnce(t.db, new Date('2027-08-01T10:01:00Z'));
    } finally {
      await sql`ALTER TABLE notifications_away RENAME TO notifications`.execute(t.db);
    }
    assert.ok(!failed.skipped && !failed.ok);
    let h = await admin.get('/api/scheduler');
    assert.equal(h.status, 200);
    assert.equal(h.body.failing, true);
    assert.equal(h.body.failures, 1);
    assert.match(h.body.lastError, /notifications/);
    assert.equal(h.body.lastOkAt, '2027-08-01T09:00:00.000Z');
    await run('2027-08-01T10:02:00Z');
    assert.deepEqual(await keys(u.userId), [`task:${a}:2027-08-01T10:00:00Z`]);
    h = await admin.get('/api/scheduler');
    assert.equal(h.body.failing, false);
    assert.equal(h.body.runs, 3);
    assert.equal(h.body.delivered, 1);
    assert.equal((await u.get('/api/scheduler')).status, 403);
  });

  it('an unknown time zone in a user row falls back to the firm’s instead of failing every run', async () => {
    await fresh();
    const u = await manager(null);
    const bad = await admin.patch(`/api/users/${u.userId}`, {
      version: (await admin.get(`/api/users/${u.userId}`)).body.version,
      timezone: 'Mars/Olympus',
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'timezone');
    await sql`UPDATE users SET timezone = 'Mars/Olympus' WHERE id = ${u.userId}`.execute(t.db);
    const client = (await u.post('/api/clients', person('Zoneless'))).body.client.id;
    await sql`INSERT INTO promises (client_id, text, promised_by, responsible_id, due_on, updated_at)
      VALUES (${client}, 'x', 'us', ${u.userId}, '2027-09-01', '2026-01-01Z')`.execute(t.db);
    await run('2027-09-01T08:59:00Z');
    await run('2027-09-01T09:01:00Z'); // the firm's zone is UTC
    assert.equal((await keys(u.userId)).length, 1);
  });

  it('the notification centre is per user: list, unread count, read, read all; another user’s id is 404', async () => {
    const anna = await manager(null);
    const boris = await manager(null);
    await sql`INSERT INTO notifications (user_id, kind, dedup_key, title, due_at)
      SELECT ${anna.userId}, 'task', 'test:' || ${anna.userId} || ':' || g, 'N' || g, now() FROM generate_series(1, 5) AS g`.execute(t.db);
    const list = await anna.get('/api/notifications?limit=3');
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((n: { title: string }) => n.title),
      ['N5', 'N4', 'N3'],
    );
    assert.equal(list.body.unread, 5);
    const next = await anna.get(`/api/notifications?limit=3&before=${list.body.nextBefore}`);
    assert.deepEqual(
      next.body.items.map((n: { title: string }) => n.title),
      ['N2', 'N1'],
    );
    assert.equal(next.body.nextBefore, null);
    const id = list.body.items[0].id;
    assert.deepEqual((await boris.get('/api/notifications')).body.items, []);
    assert.equal((await boris.post(`/api/notifications/${id}/read`)).status, 404);
    assert.equal((await anna.get('/api/notifications/unread-count')).body.unread, 5);
    const read = await anna.post(`/api/notifications/${id}/read`);
    assert.equal(read.status, 200);
    assert.ok(read.body.readAt);
    assert.equal((await anna.get('/api/notifications/unread-count')).body.unread, 4);
    assert.equal((await boris.post('/api/notifications/read-all')).body.marked, 0);
    assert.equal((await anna.get('/api/notifications/unread-count')).body.unread, 4);
    assert.equal((await anna.post('/api/notifications/read-all')).body.marked, 4);
    assert.equal((await anna.get('/api/notifications/unread-count')).body.unread, 0);
    assert.equal((await anna.post('/api/notifications/999999999/read')).status, 404);
  });

  it('the scheduler started with the server runs by itself and stops on close', async () => {
    await fresh();
    const s = new ReminderScheduler(t.db, 50, { clock: () => new Date('2027-10-01T00:00:00Z') });
    s.start();
    assert.equal(s.started, true);
    for (let i = 0; i < 100; i++) {
      const st = await sql<{ runs: string }>`SELECT runs FROM scheduler_state`.execute(t.db);
      if (Number(st.rows[0]?.runs ?? 0) >= 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await s.stop();
    const runs = Number((await sql<{ runs: string }>`SELECT runs FROM scheduler_state`.execute(t.db)).rows[0]!.runs);
    assert.ok(runs >= 2, `runs ${runs}`);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(Number((await sql<{ runs: string }>`SELECT runs FROM scheduler_state`.execute(t.db)).rows[0]!.runs), runs);
  });

  it('on graphile-worker: two server processes share one queued job; reminders run and are delivered once', async () => {
    await fresh();
    const u = await manager(null);
    const a = await task(u.userId, { dueAt: '2027-11-01T10:00:00Z' });
    const clock = () => new Date('2027-11-01T10:01:00Z');
    const other = openDatabase({ url: t.url });
    const one = new GraphileReminderScheduler(t.db, t.pool, 150, { clock });
    const two = new GraphileReminderScheduler(other.db, other.pool, 150, { clock });
    try {
      await Promise.all([one.start(), two.start()]);
      assert.equal(one.started && two.started, true);
      const runs = async () => Number((await sql<{ runs: string }>`SELECT runs FROM scheduler_state`.execute(t.db)).rows[0]?.runs ?? 0);
      for (let i = 0; i < 100 && (await runs()) < 3; i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok((await runs()) >= 3, `runs ${await runs()}`);
      // one job row at most is pending for the whole database (the job key)
      const pending = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks k ON k.id = j.task_id
        WHERE k.identifier = 'clientela.reminders' AND j.locked_at IS NULL`.execute(t.db);
      assert.ok(pending.rows[0]!.n <= 1, `pending ${pending.rows[0]!.n}`);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
      await other.db.destroy();
    }
    assert.deepEqual(await keys(u.userId), [`task:${a}:2027-11-01T10:00:00Z`]);
    // the worker's own schema stays out of backups: a backup and its restore still work beside it
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clientela-rem-'));
    try {
      const file = path.join(dir, 'b.backup.gz');
      const b = await backupTo(t.pool, file);
      const r = await restoreFrom(t.pool, file);
      assert.equal(r.tables, b.tables);
      assert.equal(r.rows, b.rows);
      const tables = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'graphile_worker'`.execute(t.db);
      assert.ok(tables.rows[0]!.n > 0);
      assert.deepEqual(await keys(u.userId), [`task:${a}:2027-11-01T10:00:00Z`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
