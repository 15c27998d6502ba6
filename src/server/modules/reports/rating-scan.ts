// The rating's scan over the fact columns (the client rating), and where it runs: a worker thread reading the fact
// copy's shared memory (facts.ts allocates the columns on SharedArrayBuffers, so handing them to the
// worker copies nothing), or, if the worker cannot start, this thread.
import { Worker } from 'node:worker_threads';

export type RatingCore = {
  rows: { clientId: number; total: number; cells: Float64Array }[];
  depts: number[];
  shownTotals: Float64Array;
  shownTotal: number;
  allTotals: Float64Array;
  allTotal: number;
  clients: number;
};

/**
 * A snapshot of the copy (its arrays, row count and sorted part, taken when the report starts:
 * a refresh meanwhile only appends past `n` or builds new arrays) and the question.
 */
export type ScanInput = {
  day: Int32Array;
  client: Int32Array;
  dept: Int32Array;
  employee: Int32Array;
  amount: Float64Array;
  n: number;
  sorted: number;
  lo: number;
  hi: number;
  maxClient: number;
  maxDept: number;
  from: number;
  to: number;
  top: number;
  mask: Uint8Array | null;
  deptOk: Uint8Array | null;
  employeeId: number | undefined;
};

/** Pure arithmetic on the fact columns (amounts are e4 integers held exactly in float64). */
export function scanRating(x: ScanInput): RatingCore {
  const { day, client, dept, employee, amount, n, sorted, lo, hi, maxClient, maxDept, from, to, top, mask, deptOk, employeeId } = x;
  const acc = new Float64Array(maxClient + 1);
  const allDept = new Float64Array(maxDept + 1);
  const filtered = mask !== null || deptOk !== null || employeeId !== undefined;
  const ok = (i: number) =>
    (mask === null || mask[client[i]!] === 1) &&
    (deptOk === null || deptOk[dept[i]!] === 1) &&
    (employeeId === undefined || employee[i] === employeeId);
  // the sorted part's rows of the period [lo, hi), then the unsorted tail [sorted, n) checked by day
  if (!filtered) {
    for (let i = lo; i < hi; i++) {
      const v = amount[i]!;
      acc[client[i]!]! += v;
      allDept[dept[i]!]! += v;
    }
  } else if (mask !== null && deptOk === null && employeeId === undefined) {
    // the usual filtered case: a manager's own clients
    for (let i = lo; i < hi; i++) {
      const c = client[i]!;
      if (mask[c] !== 1) continue;
      const v = amount[i]!;
      acc[c]! += v;
      allDept[dept[i]!]! += v;
    }
  } else {
    for (let i = lo; i < hi; i++) {
      if (!ok(i)) continue;
      const v = amount[i]!;
      acc[client[i]!]! += v;
      allDept[dept[i]!]! += v;
    }
  }
  for (let i = sorted; i < n; i++) {
    if (day[i]! < from || day[i]! > to || (filtered && !ok(i))) continue;
    acc[client[i]!]! += amount[i]!;
    allDept[dept[i]!]! += amount[i]!;
  }

  // top N by total (descending, then by id), with a small sorted buffer; clients whose sum is 0 are left out
  const best: number[] = [];
  let clients = 0;
  let allTotal = 0;
  const better = (a: number, b: number) => acc[a]! > acc[b]! || (acc[a] === acc[b] && a < b);
  for (let c = 0; c <= maxClient; c++) {
    if (acc[c] === 0) continue;
    clients++;
    allTotal += acc[c]!;
    if (best.length < top || better(c, best[best.length - 1]!)) {
      let k = best.length < top ? best.length : best.length - 1;
      while (k > 0 && better(c, best[k - 1]!)) {
        if (k < top) best[k] = best[k - 1]!;
        k--;
      }
      best[k] = c;
      if (best.length > top) best.length = top;
    }
  }

  // the cross-tab for the shown clients only: a second pass over the same rows
  const depts: number[] = [];
  for (let d = 0; d <= maxDept; d++) if (allDept[d] !== 0 && (deptOk === null || deptOk[d] === 1)) depts.push(d);
  const col = new Int32Array(maxDept + 1).fill(-1);
  depts.forEach((d, i) => (col[d] = i));
  // a byte per client (1 byte: 4 times less memory to walk at random than an Int32 rank per client)
  const shown = new Uint8Array(maxClient + 1);
  const rank = new Map<number, number>();
  best.forEach((c, i) => ((shown[c] = 1), rank.set(c, i)));
  const cells = best.map(() => new Float64Array(depts.length));
  const cross = (i: number) => {
    const c = client[i]!;
    if (shown[c] !== 1 || (filtered && !ok(i))) return;
    const k = col[dept[i]!]!;
    if (k >= 0) cells[rank.get(c)!]![k]! += amount[i]!;
  };
  for (let i = lo; i < hi; i++) cross(i);
  for (let i = sorted; i < n; i++) if (day[i]! >= from && day[i]! <= to) cross(i);

  const shownTotals = new Float64Array(depts.length);
  for (const row of cells) row.forEach((v, k) => (shownTotals[k]! += v));
  return {
    rows: best.map((c, i) => ({ clientId: c, total: acc[c]!, cells: cells[i]! })),
    depts,
    shownTotals,
    shownTotal: best.reduce((a, c) => a + acc[c]!, 0),
    allTotals: Float64Array.from(depts, (d) => allDept[d]!),
    allTotal,
    clients,
  };
}

// One worker for the process, started on the first report; requests queue in it one by one.
let worker: Worker | null | undefined;

/** A one-shot process (the CLI's report) scans in its own thread: a worker would only add its start-up. */
export function scanInThisThread() {
  worker ??= null;
}
const pending = new Map<number, { resolve: (c: RatingCore) => void; reject: (e: Error) => void }>();
let nextId = 1;

function failAll(e: Error) {
  for (const p of pending.values()) p.reject(e);
  pending.clear();
}

function scanWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    // The worker is TypeScript like the rest of the server: it registers tsx, then loads rating-worker.ts.
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./rating-worker.ts', import.meta.url).href;
    const w = new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
    w.unref(); // an idle worker does not keep the process alive
    w.on('message', (m: { id: number; core?: RatingCore; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.core!);
    });
    w.on('error', (e) => {
      worker = null; // from now on, scans run in this thread
      failAll(e instanceof Error ? e : new Error(String(e)));
    });
    w.on('exit', () => {
      worker = null;
      failAll(new Error('the rating worker exited'));
    });
    worker = w;
  } catch {
    worker = null;
  }
  return worker;
}

/** Where the last scans ran: 'worker', or 'main' when the worker could not start (reported in the rating's timing). */
export const scanThread = () => (worker ? 'worker' : 'main');

/** Runs the scan in the worker (this thread stays free for other requests), or here if there is none. */
export async function runScan(input: ScanInput): Promise<RatingCore> {
  const w = scanWorker();
  if (!w || !(input.day.buffer instanceof SharedArrayBuffer)) return scanRating(input);
  try {
    return await new Promise<RatingCore>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      w.ref(); // keep the process alive until the answer comes
      w.postMessage({ id, input });
    });
  } catch {
    return scanRating(input); // the worker failed (it is not used again): the same scan, here
  }
}
