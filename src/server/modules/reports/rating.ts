// D1, the client rating: clients by money spent in a period, with a cross-tab per department.
// The sums come from the in-memory fact copy (facts.ts); who may be counted comes from SQL
// (the actor's scope and any client filter), as a mask over client ids.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { formatCents } from '../../shared/money.js';
import { requireRight, type Actor } from '../access/rights.js';
import { scopeSql } from '../clients/clients.repository.js';
import { filterSql } from '../clients/client-query.js';
import type { TFilter } from '../clients/clients.schemas.js';
import { listFields } from '../custom-fields/custom-fields.service.js';
import { getSettings } from '../settings/settings.service.js';
import type { SaleFacts } from './facts.js';

export type RatingQuery = {
  from: string; to: string; top: number;
  departmentIds?: number[]; employeeId?: number; managerId?: number; filters?: TFilter[];
};

type Mask = Uint8Array | null;

export type RatingCore = {
  rows: { clientId: number; total: number; cells: Float64Array }[];
  depts: number[];
  shownTotals: Float64Array; shownTotal: number;
  allTotals: Float64Array; allTotal: number; clients: number;
};

const epochDay = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

/** Rows scanned between two yields to the event loop (~1-3 ms of work), so other requests are served during a long scan. */
const CHUNK = 1 << 16;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The scan: pure arithmetic on the fact columns (amounts are e4 integers held exactly in float64).
 * It works on a snapshot of the copy taken at the start (the arrays, the row count, the sorted
 * part): a refresh during a yield only appends past the snapshot or builds new arrays, so the
 * answer is the copy as it was when the scan began.
 */
export async function computeRating(f: SaleFacts, from: number, to: number, top: number, mask: Mask, deptOk: Uint8Array | null, employeeId: number | undefined): Promise<RatingCore> {
  const { day, client, dept, employee, amount } = f.cols;
  const n = f.n, sorted = f.sorted, maxClient = f.maxClient, maxDept = f.maxDept;
  const acc = new Float64Array(maxClient + 1);
  const allDept = new Float64Array(maxDept + 1);
  const [lo, hi] = f.sortedRange(from, to);
  const filtered = mask !== null || deptOk !== null || employeeId !== undefined;
  const ok = (i: number) =>
    (mask === null || mask[client[i]!] === 1) && (deptOk === null || deptOk[dept[i]!] === 1) && (employeeId === undefined || employee[i] === employeeId);
  /** calls body(i) for every row of the period: the sorted range, then the unsorted tail, yielding between chunks */
  const eachRow = async (body: (a: number, b: number, tail: boolean) => void) => {
    for (let a = lo; a < hi; a += CHUNK) {
      body(a, Math.min(hi, a + CHUNK), false);
      await yieldToLoop();
    }
    for (let a = sorted; a < n; a += CHUNK) body(a, Math.min(n, a + CHUNK), true);
  };
  await eachRow((a, b, tail) => {
    if (!filtered && !tail) {
      for (let i = a; i < b; i++) {
        const v = amount[i]!;
        acc[client[i]!]! += v;
        allDept[dept[i]!]! += v;
      }
      return;
    }
    for (let i = a; i < b; i++) {
      if (tail && (day[i]! < from || day[i]! > to)) continue;
      if (filtered && !ok(i)) continue;
      const v = amount[i]!;
      acc[client[i]!]! += v;
      allDept[dept[i]!]! += v;
    }
  });

  // top N by total (descending, then by id), with a small sorted buffer; clients whose sum is 0 are left out
  const best: number[] = [];
  let clients = 0;
  let allTotal = 0;
  const better = (a: number, b: number) => acc[a]! > acc[b]! || (acc[a] === acc[b] && a < b);
  for (let c0 = 0; c0 <= maxClient; c0 += CHUNK * 4) {
    const c1 = Math.min(maxClient + 1, c0 + CHUNK * 4);
    for (let c = c0; c < c1; c++) {
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
    if (c1 <= maxClient) await yieldToLoop();
  }

  // the cross-tab for the shown clients only: a second pass over the same range
  const depts: number[] = [];
  for (let d = 0; d <= maxDept; d++) if (allDept[d] !== 0 && (deptOk === null || deptOk[d] === 1)) depts.push(d);
  const col = new Int32Array(maxDept + 1).fill(-1);
  depts.forEach((d, i) => (col[d] = i));
  const rank = new Int32Array(maxClient + 1).fill(-1);
  best.forEach((c, i) => (rank[c] = i));
  const cells = best.map(() => new Float64Array(depts.length));
  await eachRow((a, b, tail) => {
    for (let i = a; i < b; i++) {
      const r = rank[client[i]!]!;
      if (r < 0) continue;
      if (tail && (day[i]! < from || day[i]! > to)) continue;
      if (filtered && !ok(i)) continue;
      const k = col[dept[i]!]!;
      if (k >= 0) cells[r]![k]! += amount[i]!;
    }
  });

  const shownTotals = new Float64Array(depts.length);
  for (const row of cells) row.forEach((v, k) => (shownTotals[k]! += v));
  return {
    rows: best.map((c, i) => ({ clientId: c, total: acc[c]!, cells: cells[i]! })),
    depts,
    shownTotals, shownTotal: best.reduce((a, c) => a + acc[c]!, 0),
    allTotals: Float64Array.from(depts, (d) => allDept[d]!), allTotal, clients,
  };
}

/** The clients this actor may count (and that pass the filters), as a byte mask; null = everyone. */
async function clientMask(db: Kysely<DB>, actor: Actor, q: RatingQuery, size: number): Promise<Mask> {
  const where = [];
  // "own": c.manager_id = me, which the index on manager_id serves (scopeSql's IS NOT DISTINCT FROM
  // cannot use an index: a sequential scan of every client on each report)
  if (actor.scope === 'own' || (actor.scope === 'department' && actor.departmentId === null)) where.push(sql<boolean>`c.manager_id = ${actor.userId}`);
  else if (actor.scope !== 'all') where.push(scopeSql(actor));
  if (q.managerId !== undefined) where.push(sql<boolean>`c.manager_id = ${q.managerId}`);
  if (q.filters?.length) where.push(...filterSql(q.filters, await listFields(db), actor));
  if (!where.length) return null;
  const r = await sql<{ ids: Buffer | null; n: number }>`SELECT count(*)::int AS n, string_agg(int4send(c.id::int), ''::bytea) AS ids FROM clients c WHERE ${sql.join(where, sql` AND `)}`.execute(db);
  const mask = new Uint8Array(size);
  const buf = r.rows[0]!.ids;
  if (buf) for (let i = 0; i < r.rows[0]!.n; i++) {
    const id = buf.readInt32BE(i * 4);
    if (id < size) mask[id] = 1;
  }
  return mask;
}

export type RatingReport = Awaited<ReturnType<typeof ratingReport>>;

export async function ratingReport(db: Kysely<DB>, facts: SaleFacts, actor: Actor, q: RatingQuery) {
  requireRight(actor, 'reports', 'read');
  requireRight(actor, 'sales', 'read');
  const from = epochDay(q.from);
  const to = epochDay(q.to);
  if (!(to >= from)) throw new AppError('VALIDATION_FAILED', 'to: must not be before from', [{ field: 'to', message: 'must not be before from' }]);
  const t0 = performance.now();
  await facts.ready();
  const mask = await clientMask(db, actor, q, facts.maxClient + 1);
  let deptOk: Uint8Array | null = null;
  if (q.departmentIds?.length) {
    deptOk = new Uint8Array(facts.maxDept + 1);
    for (const d of q.departmentIds) if (d <= facts.maxDept) deptOk[d] = 1;
  }
  const t1 = performance.now();
  const core = await computeRating(facts, from, to, q.top, mask, deptOk, q.employeeId);
  const t2 = performance.now();
  const ids = core.rows.map((r) => r.clientId);
  const names = await sql<{ id: number; name: string; priceList: string | null; archived: boolean }>`
    SELECT c.id::int, c.display_name AS name, l.name AS price_list, c.archived_at IS NOT NULL AS archived
    FROM clients c LEFT JOIN price_lists l ON l.id = c.price_list_id WHERE c.id = ANY(${ids}::bigint[])`.execute(db);
  const byId = new Map(names.rows.map((r) => [r.id, r]));
  // every department is a column (the table widens when one is added), also those without sales
  const deptRows = await sql<{ id: number; name: string }>`SELECT id::int, name FROM departments ORDER BY lower(name), id`.execute(db);
  const depts = deptRows.rows.filter((d) => deptOk === null || deptOk[d.id] === 1);
  const k = new Map(core.depts.map((d, i) => [d, i]));
  const money = (v: number) => formatCents(BigInt(v));
  const pick = (arr: Float64Array) => depts.map((d) => money(k.has(d.id) ? arr[k.get(d.id)!]! : 0));
  const settings = await getSettings(db);
  return {
    from: q.from, to: q.to, top: q.top, currency: settings.baseCurrency,
    departments: depts,
    rows: core.rows.map((r, i) => ({
      rank: i + 1, clientId: r.clientId, name: byId.get(r.clientId)?.name ?? `#${r.clientId}`, priceList: byId.get(r.clientId)?.priceList ?? null,
      archived: byId.get(r.clientId)?.archived ?? false, cells: pick(r.cells), total: money(r.total),
    })),
    totals: { cells: pick(core.shownTotals), total: money(core.shownTotal) },
    allClients: { clients: core.clients, cells: pick(core.allTotals), total: money(core.allTotal) },
    timing: { maskMs: +(t1 - t0).toFixed(2), scanMs: +(t2 - t1).toFixed(2), facts: facts.n },
  };
}

/** Per employee (who made the sales): clients served, orders (documents by number), revenue. */
export async function employeesReport(db: Kysely<DB>, actor: Actor, q: { from?: string; to?: string }) {
  requireRight(actor, 'reports', 'read');
  requireRight(actor, 'sales', 'read');
  const r = await sql<{ employeeId: number; name: string; customers: number; orders: number; revenue: string }>`
    SELECT u.id::int AS employee_id, u.name,
      count(DISTINCT s.client_id)::int AS customers,
      count(DISTINCT coalesce(s.number, 'id:' || s.id)) FILTER (WHERE s.kind = 'sale')::int AS orders,
      coalesce(sum(s.base_total), 0)::text AS revenue
    FROM users u
    LEFT JOIN (sales s JOIN clients c ON c.id = s.client_id AND ${scopeSql(actor)})
      ON s.employee_id = u.id AND s.status = 'completed'
        AND s.day >= ${q.from ?? '0001-01-01'}::date AND s.day <= ${q.to ?? '9999-12-31'}::date
    GROUP BY u.id, u.name
    HAVING count(s.id) > 0 OR ${actor.scope === 'all'}
    ORDER BY coalesce(sum(s.base_total), 0) DESC, u.id`.execute(db);
  return r.rows.map((x) => ({ ...x, revenue: formatCents(BigInt(x.revenue)) }));
}
