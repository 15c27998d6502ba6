// bench crm (issue 15): the CRM half at 100,000 clients with 5,000,000 events and 1,000,000 tasks
// (bench/crm-data.ts). event-write: planned events recorded through POST /api/events on 16
// connections, durable, from a separate process (bench/event-load.ts); beside it the statements one
// event sends (captured from the service: BEGIN, the checks, the insert, the audit row, the
// read-back, COMMIT) replayed through pg on 16 connections for the same time — the plain-SQL ceiling.
// Everything written is deleted afterwards.
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { createEvent } from '../src/server/modules/events/events.service.js';
import { print, round2 } from './measure.js';
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
