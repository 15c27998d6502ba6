// Timing helpers: medians and p95 over many runs after a warm-up, printed as JSON lines.
import { readFileSync, readdirSync } from 'node:fs';

export type Stats = { n: number; median_ms: number; p95_ms: number; max_ms: number };

const round2 = (x: number) => Math.round(x * 100) / 100;

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { n: s.length, median_ms: round2(at(0.5)), p95_ms: round2(at(0.95)), max_ms: round2(s.at(-1)!) };
}

export async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/**
 * A task measured two ways: through the API and as the same SQL replayed through pg.
 * `key` groups samples (e.g. per search term).
 */
export type Pair = { key: string; api: () => Promise<unknown>; sql: () => Promise<unknown> };
export type PairSamples = { key: string; api: number; sql: number }[];

/** One warm-up round, then `rounds` rounds; API and SQL alternate task by task, so both see the same machine noise. */
export async function samplePairs(tasks: Pair[], rounds: number): Promise<PairSamples> {
  for (const t of tasks) await t.api(), await t.sql();
  const out: PairSamples = [];
  for (let i = 0; i < rounds; i++) for (const t of tasks) out.push({ key: t.key, api: await time(t.api), sql: await time(t.sql) });
  return out;
}

/** The usual figure: API stats, SQL stats, and their ratio (medians). */
export function pairFigure(samples: PairSamples) {
  const a = stats(samples.map((s) => s.api));
  const d = stats(samples.map((s) => s.sql));
  return { ...a, sql_median_ms: d.median_ms, sql_p95_ms: d.p95_ms, ratio_api_sql: round2(a.median_ms / d.median_ms) };
}

export function print(line: Record<string, unknown>) {
  console.log(JSON.stringify(line));
}

export { round2 };

/**
 * CPU time (ms) used so far by the PostgreSQL server of a bench base: the postmaster and its
 * children (backends, WAL writer, checkpointer...), from /proc. Linux only; 0 elsewhere.
 */
export function postgresCpuMs(pgData: string): number {
  try {
    const pm = Number(readFileSync(`${pgData}/postmaster.pid`, 'utf8').split('\n')[0]);
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    let total = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pid) === pm || Number(f[1]) === pm) total += (Number(f[11]) + Number(f[12])) * tick; // utime + stime
      if (Number(pid) === pm) total += (Number(f[13]) + Number(f[14])) * tick; // children that have exited
    }
    return total;
  } catch {
    return 0;
  }
}
