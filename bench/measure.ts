// Timing helpers: medians and p95 over many runs after a warm-up, printed as JSON lines.
export type Stats = { n: number; median_ms: number; p95_ms: number; max_ms: number };

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, median_ms: r(at(0.5)), p95_ms: r(at(0.95)), max_ms: r(s.at(-1)!) };
}

export async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Runs every task `rounds` times (after one warm-up round), interleaved, and returns the samples. */
export async function sample(tasks: (() => Promise<unknown>)[], rounds: number): Promise<number[]> {
  for (const t of tasks) await t();
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) for (const t of tasks) out.push(await time(t));
  return out;
}

export function print(line: Record<string, unknown>) {
  console.log(JSON.stringify(line));
}
