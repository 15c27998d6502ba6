// bench reminders (issue 15: "10,000 reminders due in the same minute: all delivered within 60 s,
// each exactly once, with two server processes"). On the bench base (bench/crm-data.ts), 10,000
// open tasks of the managers get a reminder at the same instant T (the start of a minute about a
// minute ahead). Two real `clientela serve` processes share the database, each with its reminder
// worker (graphile-worker, default interval 30 s unless CLIENTELA_SCHEDULER_INTERVAL_MS is set),
// as two servers of a firm would. From T the bench polls the notifications of those tasks every
// 200 ms and prints when the last one became visible (committed), how many there are per task
// (exactly one each), and what each process said it delivered. Everything written is deleted.
import { spawn, type ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import type { BenchDb } from './data.js';
import { print, round2 } from './measure.js';

const N = 10_000;
const PREFIX = 'bench-reminder ';

function startProcess(b: BenchDb, port: number, log: { at: number; line: string }[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: b.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      CLIENTELA_BACKUP_INTERVAL_HOURS: '0',
      CLIENTELA_DATA_DIR: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d: Buffer) => {
    for (const line of d.toString().split('\n')) {
      if (/reminders/i.test(line)) log.push({ at: Date.now(), line: line.slice(0, 300) });
      if (/error/i.test(line)) console.error(`[serve ${port}] ${line.slice(0, 500)}`);
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return child;
}

async function waitUp(port: number) {
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/auth/me`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server on ${port} did not start`);
}

export async function remindersBench(b: BenchDb, data: string) {
  const { db } = b;
  await sql`DELETE FROM notifications WHERE kind = 'task' AND title LIKE ${`${PREFIX}%`}`.execute(db);
  await sql`DELETE FROM tasks WHERE title LIKE ${`${PREFIX}%`}`.execute(db);
  const logs: { at: number; line: string }[][] = [[], []];
  const procs = [startProcess(b, 39101, logs[0]!), startProcess(b, 39102, logs[1]!)];
  try {
    await Promise.all([waitUp(39101), waitUp(39102)]);
    // T: the start of the minute after the next one, so both workers are running well before it
    const t = new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000);
    const maxClient = Number((await sql<{ m: string }>`SELECT max(id) AS m FROM clients`.execute(db)).rows[0]!.m);
    await sql`
      INSERT INTO tasks (title, assignee_id, client_id, due_at, remind_before_min, priority, status)
      SELECT ${PREFIX} || g, coalesce(c.manager_id, 1), c.id, ${t.toISOString()}::timestamptz + interval '30 minutes', 30, 'normal', 'open'
      FROM (SELECT g, 1 + (g * 7919) % ${maxClient}::bigint AS cid FROM generate_series(1, ${N}) g) x JOIN clients c ON c.id = x.cid`.execute(db);
    const count = async () =>
      (
        await sql<{ n: number; keys: number }>`SELECT count(*)::int AS n, count(DISTINCT split_part(n.dedup_key, ':', 2))::int AS keys
          FROM notifications n WHERE n.kind = 'task' AND n.title LIKE ${`${PREFIX}%`}`.execute(db)
      ).rows[0]!;
    const early = await count();
    await new Promise((r) => setTimeout(r, Math.max(0, t.getTime() - Date.now())));
    let seen = 0;
    let firstAt: number | null = null;
    let lastAt: number | null = null;
    const deadline = t.getTime() + 180_000;
    while (Date.now() < deadline) {
      const c = await count();
      if (c.n > 0 && firstAt === null) firstAt = Date.now();
      if (c.n >= N) {
        lastAt = Date.now();
        seen = c.n;
        break;
      }
      seen = c.n;
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 2000)); // a late duplicate would show now
    const final = await count();
    // what each process said it delivered from T on (before T: the base's own backlog, caught up on start)
    const perProcess = logs.map((l) =>
      l.filter((x) => x.at >= t.getTime()).reduce((a, x) => a + Number(/delivered (\d+)/.exec(x.line)?.[1] ?? 0), 0),
    );
    print({
      bench: 'reminders.same-minute',
      reminders: N,
      processes: 2,
      interval_ms: Number(process.env.CLIENTELA_SCHEDULER_INTERVAL_MS ?? 30_000),
      delivered_before_due: early.n,
      first_visible_after_due_s: firstAt === null ? null : round2((firstAt - t.getTime()) / 1000),
      all_visible_after_due_s: lastAt === null ? null : round2((lastAt - t.getTime()) / 1000),
      notifications: final.n,
      distinct_tasks: final.keys,
      seen_at_deadline: seen,
      delivered_by_process: perProcess,
      goal: 'all 10,000 within 60 s of T, each exactly once',
      data,
    });
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await sql`DELETE FROM notifications WHERE kind = 'task' AND title LIKE ${`${PREFIX}%`}`.execute(db);
    await sql`DELETE FROM tasks WHERE title LIKE ${`${PREFIX}%`}`.execute(db);
  }
}
