// The in-memory columnar copy of the sale facts that the rating report scans (issue 4).
//
// Why: at 10M sales the best single SQL statement spends most of its time hash-aggregating
// ~1M client groups; a typed-array scan does the same in tens of milliseconds. The source of
// truth stays PostgreSQL: `sale_facts` is append-only (a completed sale or return adds a row,
// a cancellation adds the negated row), so this copy only ever appends.
//
// Consistency with committed sales: before every report the copy reads the rows past its high
// watermark (`seq`). A sequence number is taken when a row is inserted but becomes visible when
// its transaction commits, so a lower number can appear after a higher one: every number skipped
// below the watermark is kept as a "gap" and asked for again on each refresh, until it arrives
// or is 10 minutes old (a rolled-back transaction leaves a gap for ever). A report therefore
// sees every sale committed before it started, also when another process (the CLI, a second
// server on the same database) wrote it.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { factSeqs, factsChunk, factsFile, factsHead, factsSince } from './reports.repository.js';

const GAP_TTL_MS = 10 * 60_000;
const CHUNK = 1_000_000;

function int32s(buf: Buffer | null, n: number): Int32Array {
  const out = new Int32Array(n);
  if (!buf) return out;
  const own = Buffer.allocUnsafeSlow(buf.length);
  buf.copy(own);
  own.swap32();
  out.set(new Int32Array(own.buffer, own.byteOffset, n));
  return out;
}

function float64s(buf: Buffer | null, n: number): Float64Array {
  const out = new Float64Array(n);
  if (!buf) return out;
  const own = Buffer.allocUnsafeSlow(buf.length);
  buf.copy(own);
  own.swap64();
  out.set(new Float64Array(own.buffer, own.byteOffset, n));
  return out;
}

export type FactColumns = { day: Int32Array; client: Int32Array; dept: Int32Array; employee: Int32Array; amount: Float64Array };

/** Columns on shared memory: the rating scan's worker thread reads them without a copy (rating-scan.ts). */
function sharedColumns(cap: number): FactColumns {
  const i32 = () => new Int32Array(new SharedArrayBuffer(cap * 4));
  return { day: i32(), client: i32(), dept: i32(), employee: i32(), amount: new Float64Array(new SharedArrayBuffer(cap * 8)) };
}

export class SaleFacts {
  /** rows [0, sorted) are ordered by day; rows [sorted, n) arrived later, in any order */
  cols: FactColumns = sharedColumns(0);
  n = 0;
  sorted = 0;
  maxClient = 0;
  maxDept = 0;
  private watermark = 0;
  /** the table's file: a TRUNCATE (a restore from a backup) gives it a new one, and the copy is then read again */
  private file = '';
  private gaps = new Map<number, number>();
  private loading: Promise<void> | null = null;
  private refreshing: Promise<void> | null = null;
  loadMs = 0;

  constructor(private readonly db: Kysely<DB>) {}

  /** Loads once (concurrent callers share the load), then brings the copy up to date. */
  async ready(): Promise<void> {
    this.loading ??= this.load().catch((e) => {
      this.loading = null;
      throw e;
    });
    await this.loading;
    await this.refresh();
  }

  private async load() {
    const t0 = performance.now();
    const top = await factsHead(this.db);
    const max = Number(top?.max ?? 0);
    this.file = top!.file;
    this.gaps.clear();
    // at most `max` rows: read straight into columns of that size (then one counting sort into the final ones)
    const all: FactColumns = {
      day: new Int32Array(max),
      client: new Int32Array(max),
      dept: new Int32Array(max),
      employee: new Int32Array(max),
      amount: new Float64Array(max),
    };
    let n = 0;
    for (let from = 0; from < max; from += CHUNK) {
      const x = await factsChunk(this.db, from, Math.min(from + CHUNK, max));
      all.day.set(int32s(x.d, x.n), n);
      all.client.set(int32s(x.c, x.n), n);
      all.dept.set(int32s(x.p, x.n), n);
      all.employee.set(int32s(x.e, x.n), n);
      all.amount.set(float64s(x.a, x.n), n);
      n += x.n;
    }
    await this.setSorted(all, n);
    this.watermark = max;
    // numbers just below the watermark may belong to transactions still in flight
    const seen = new Set(await factSeqs(this.db, Math.max(0, max - 10_000), max));
    const now = Date.now();
    for (let s = Math.max(1, max - 10_000 + 1); s <= max; s++) if (!seen.has(s)) this.gaps.set(s, now);
    this.loadMs = performance.now() - t0;
  }

  /**
   * Counting sort by day: O(n), days are a small range. Yields to the event loop between chunks
   * (a re-sort of 10M rows takes a few hundred ms); the copy in use is replaced only at the end,
   * and nothing appends meanwhile (appends happen in doRefresh, which this runs inside or before).
   */
  private async setSorted(src: FactColumns, n: number) {
    const STEP = 1 << 20;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const d = src.day[i]!;
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
    const cap = Math.max(16, Math.ceil(n * 1.1));
    const out = sharedColumns(cap);
    let maxClient = 0;
    let maxDept = 0;
    if (n > 0) {
      const counts = new Int32Array(hi - lo + 2);
      for (let i = 0; i < n; i++) counts[src.day[i]! - lo + 1]!++;
      for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
      for (let a = 0; a < n; a += STEP) {
        const b = Math.min(n, a + STEP);
        for (let i = a; i < b; i++) {
          const j = counts[src.day[i]! - lo]!++;
          const c = src.client[i]!;
          const d = src.dept[i]!;
          out.day[j] = src.day[i]!;
          out.client[j] = c;
          out.dept[j] = d;
          out.employee[j] = src.employee[i]!;
          out.amount[j] = src.amount[i]!;
          if (c > maxClient) maxClient = c;
          if (d > maxDept) maxDept = d;
        }
        if (b < n) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    this.cols = out;
    this.n = n;
    this.sorted = n;
    this.maxClient = maxClient;
    this.maxDept = maxDept;
  }

  private append(day: number, client: number, dept: number, employee: number, amount: number) {
    if (this.n === this.cols.day.length) {
      const cap = Math.max(16, this.n * 2);
      const next = sharedColumns(cap);
      for (const k of ['day', 'client', 'dept', 'employee', 'amount'] as const) (next[k] as Int32Array).set(this.cols[k] as Int32Array);
      this.cols = next;
    }
    const i = this.n++;
    this.cols.day[i] = day;
    this.cols.client[i] = client;
    this.cols.dept[i] = dept;
    this.cols.employee[i] = employee;
    this.cols.amount[i] = amount;
    if (client > this.maxClient) this.maxClient = client;
    if (dept > this.maxDept) this.maxDept = dept;
  }

  /** Reads what was committed since the last look (one indexed query); concurrent callers share it. */
  async refresh(): Promise<void> {
    while (this.refreshing) await this.refreshing.catch(() => {});
    this.refreshing = this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    await this.refreshing;
  }

  private async doRefresh() {
    // A restore (backup.service.ts) truncates and refills the table, and its numbers start again
    // below the watermark: read the whole copy again instead of skipping the new rows.
    if ((await factsFile(this.db)) !== this.file) return this.load();
    const gaps = [...this.gaps.keys()];
    const rows = await factsSince(this.db, this.watermark, gaps);
    let top = this.watermark;
    const got = new Set<number>();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq <= this.watermark && !this.gaps.has(seq)) continue;
      this.gaps.delete(seq);
      got.add(seq);
      this.append(row.day, row.clientId, row.departmentId, row.employeeId, Number(row.amount));
      if (seq > top) top = seq;
    }
    const now = Date.now();
    for (let s = this.watermark + 1; s < top; s++) if (!got.has(s)) this.gaps.set(s, now);
    this.watermark = top;
    for (const [s, at] of this.gaps) if (now - at > GAP_TTL_MS) this.gaps.delete(s);
    // keep the unsorted tail short: re-sort when it grows past 1/8 of the copy
    if (this.n - this.sorted > Math.max(100_000, this.sorted / 8)) await this.setSorted(this.cols, this.n);
  }

  /** [lo, hi) of the sorted part whose days fall in [from, to] */
  sortedRange(from: number, to: number): [number, number] {
    const lower = (v: number) => {
      let a = 0;
      let b = this.sorted;
      while (a < b) {
        const m = (a + b) >>> 1;
        if (this.cols.day[m]! < v) a = m + 1;
        else b = m;
      }
      return a;
    };
    return [lower(from), lower(to + 1)];
  }
}
