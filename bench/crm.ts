// bench crm (issue 15): the CRM half at 100,000 clients with 5,000,000 events and 1,000,000 tasks
// (bench/crm-data.ts). event-write: planned events recorded through POST /api/events on 16
// connections, durable, from a separate process (bench/event-load.ts); beside it the statements one
// event sends (captured from the service: BEGIN, the checks, the insert, the audit row, the
// read-back, COMMIT) replayed through pg on 16 connections for the same time — the plain-SQL ceiling.
// Everything written is deleted afterwards.
// crm-read: a client's timeline (first page), a manager's "my day" and a month of a manager's
// calendar through the HTTP API as that manager, each beside the same statements replayed (pairs):
// the month as the web's month view reads it (GET /api/calendar/month: per-day counts and the first
// 3 items of each day) and, for comparison, every item of 30 days (GET /api/calendar, capped at 5,000).
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { createEvent } from '../src/server/modules/events/events.service.js';
import { calendar, calendarMonth, myDay } from '../src/server/modules/planning/agenda.service.js';
import { clientTimeline } from '../src/server/modules/planning/timeline.service.js';
import { createToken } from '../src/server/modules/auth/tokens.service.js';
import { prng } from '../src/server/modules/demo/demo-data.js';
import { type Pair, pairFigure, print, round2, samplePairs } from './measure.js';
import type { BenchContext } from './server.js';
import { capture, replay } from './sql-capture.js';

const SECONDS = 10;
const CONNECTIONS = 16;

type LoadResult = {
  events: number;
  per_s: number;
  median_ms: number;
  p95_ms: number;
  max_ms: number;
  errors: number;
  first_error?: string;
  load_cpu_ms_per_event: number;
};

function runLoad(ctx: BenchContext, env: Record<string, string>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/event-load.ts'], {
      env: { ...process.env, BASE: ctx.base, TOKEN: ctx.token, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult) : reject(new Error(`bench/event-load.ts exited with ${code}`)),
    );
  });
}

export async function eventWriteBench(ctx: BenchContext) {
  const { db, pool } = ctx.b;
  const clients = (await sql<{ id: number }>`SELECT id::int FROM clients WHERE archived_at IS NULL ORDER BY id LIMIT 1000`.execute(db)).rows.map(
    (x) => x.id,
  );
  const types = (await sql<{ id: number }>`SELECT id::int FROM event_types WHERE active ORDER BY id`.execute(db)).rows.map((x) => x.id);
  const marks = (
    await sql<{
      events: number;
      audit: number;
    }>`SELECT (SELECT coalesce(max(id), 0) FROM events)::int AS events, (SELECT coalesce(max(id), 0) FROM audit_log)::int AS audit`.execute(db)
  ).rows[0]!;
  try {
    const env = { CLIENTS: clients.join(','), TYPES: types.join(','), CONNECTIONS: String(CONNECTIONS), SECONDS: String(SECONDS) };
    await runLoad(ctx, { ...env, SECONDS: '2' }); // warm-up
    const r = await runLoad(ctx, env);
    // the same statements, replayed through pg on as many connections for as long
    const input = {
      typeId: types[0]!,
      subject: 'Bench call',
      clientId: clients[0]!,
      startsAt: new Date(Date.now() + 86400_000).toISOString(),
      durationMin: 30,
    };
    const statements = await capture(pool, (kdb) => createEvent(kdb, ctx.actor, input));
    let replayed = 0;
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (Date.now() < until) {
          await replay(pool, statements);
          replayed++;
        }
      }),
    );
    const sqlPerS = Math.round(replayed / SECONDS);
    print({
      bench: 'event-write',
      connections: CONNECTIONS,
      seconds: SECONDS,
      events_per_s: r.per_s,
      recorded: r.events,
      median_ms: r.median_ms,
      p95_ms: r.p95_ms,
      max_ms: r.max_ms,
      errors: r.errors,
      first_error: r.first_error,
      load_cpu_ms_per_event: r.load_cpu_ms_per_event,
      statements: statements.length,
      sql_events_per_s: sqlPerS,
      ratio_api_sql: round2(r.per_s / Math.max(1, sqlPerS)),
      goal: '>= 1000 events/s durable (16 connections)',
      note: 'POST /api/events (planned call on a client, audit row in the transaction); sql: the captured statements of one event replayed on 16 connections',
      ...ctx.data,
    });
  } finally {
    await sql`DELETE FROM events WHERE id > ${marks.events}`.execute(db);
    await sql`DELETE FROM audit_log WHERE id > ${marks.audit}`.execute(db);
    await sql`VACUUM ANALYZE events`.execute(db);
  }
}

export async function crmReadBench(ctx: BenchContext) {
  const { db, pool } = ctx.b;
  const r = prng(11);
  const maxClient = Number((await sql<{ m: string }>`SELECT max(id) AS m FROM clients`.execute(db)).rows[0]!.m);
  const clientIds = Array.from({ length: 200 }, () => 1 + Math.floor(r() * maxClient));
  const admin = ctx.actor;
  const timeline: Pair[] = [];
  for (const id of clientIds) {
    const statements = await capture(pool, (kdb) => clientTimeline(kdb, admin, id, { limit: 50 }));
    timeline.push({ key: String(id), api: () => ctx.get(`/api/clients/${id}/timeline?limit=50`), sql: () => replay(pool, statements) });
  }
  print({
    bench: 'crm.timeline',
    clients: clientIds.length,
    ...pairFigure(await samplePairs(timeline, Math.max(1, Math.round(ctx.rounds / 20)))),
    goal: 'p95 <= 20 ms',
    note: 'first page (50) of a random client, as an administrator',
    ...ctx.data,
  });

  // the managers of the base, each with their own token: "my day" and a month of their calendar
  const managers = (await sql<{ id: number }>`SELECT id::int FROM users WHERE login LIKE 'manager%' ORDER BY id LIMIT 20`.execute(db)).rows.map(
    (x) => x.id,
  );
  const month = { from: new Date(Date.now() - 15 * 86400_000).toISOString(), to: new Date(Date.now() + 15 * 86400_000).toISOString() };
  const now = new Date();
  const monthKey = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const day: Pair[] = [];
  const cal: Pair[] = [];
  const monthView: Pair[] = [];
  for (const m of managers) {
    const actor = (await ctx.app.auth.actorForUser(m, 'token'))!;
    const { token } = await createToken(db, actor, 'bench');
    const headers = { authorization: `Bearer ${token}` };
    const get = async (path: string) => {
      const res = await fetch(ctx.base + path, { headers });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
      return res.json();
    };
    const dayStatements = await capture(pool, (kdb) => myDay(kdb, actor, { limit: 100 }));
    day.push({ key: String(m), api: () => get('/api/my-day'), sql: () => replay(pool, dayStatements) });
    const calStatements = await capture(pool, (kdb) => calendar(kdb, actor, month));
    cal.push({
      key: String(m),
      api: () => get(`/api/calendar?from=${encodeURIComponent(month.from)}&to=${encodeURIComponent(month.to)}`),
      sql: () => replay(pool, calStatements),
    });
    const monthStatements = await capture(pool, (kdb) => calendarMonth(kdb, actor, { month: monthKey, perDay: 3 }));
    monthView.push({ key: String(m), api: () => get(`/api/calendar/month?month=${monthKey}`), sql: () => replay(pool, monthStatements) });
  }
  const firstManager = (await ctx.app.auth.actorForUser(managers[0]!, 'token'))!;
  const view = await calendarMonth(db, firstManager, { month: monthKey, perDay: 3 });
  const items = (await calendar(db, await ctx.app.auth.actorForUser(managers[0]!, 'token').then((a) => a!), month)) as { items?: unknown[] };
  const rounds = Math.max(2, Math.round(ctx.rounds / 10));
  print({
    bench: 'crm.my-day',
    managers: managers.length,
    ...pairFigure(await samplePairs(day, rounds)),
    goal: 'p95 <= 20 ms',
    note: "a manager's own day (overdue, today, next 7 days), each list capped at 100",
    ...ctx.data,
  });
  print({
    bench: 'crm.calendar-month-view',
    managers: managers.length,
    month: monthKey,
    days_first_manager: view.days.length,
    items_counted_first_manager: view.days.reduce((a, d) => a + d.total, 0),
    ...pairFigure(await samplePairs(monthView, rounds)),
    goal: 'p95 <= 30 ms',
    note: "the web's month view of a manager's calendar: per-day counts of events and tasks and the first 3 items of each day (GET /api/calendar/month)",
    ...ctx.data,
  });
  print({
    bench: 'crm.calendar-month',
    managers: managers.length,
    items_first_manager: items.items?.length ?? null,
    ...pairFigure(await samplePairs(cal, rounds)),
    goal: 'none now: the month view reads crm.calendar-month-view; the week and the day read this endpoint',
    note: "every item of 30 days of a manager's events and tasks (the answer is capped at 5,000 items)",
    ...ctx.data,
  });
}
