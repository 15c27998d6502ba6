// D1, the client rating: clients by money spent in a period, with a cross-tab per department.
// The sums come from the in-memory fact copy (facts.ts); who may be counted comes from SQL
// (the actor's scope and any client filter), as a mask over client ids.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { formatCents } from '../../shared/money.js';
import { requireRight, type Actor } from '../access/rights.js';
import { scopeSql } from '../access/scope.js';
import { filterSql } from '../clients/client-query.js';
import type { TFilter } from '../clients/clients.schemas.js';
import { listFields } from '../custom-fields/custom-fields.service.js';
import { getSettings } from '../settings/settings.service.js';
import type { SaleFacts } from './facts.js';
import { runScan, scanThread, type RatingCore } from './rating-scan.js';

export type { RatingCore };

export type RatingQuery = {
  from: string; to: string; top: number;
  departmentIds?: number[]; employeeId?: number; managerId?: number; filters?: TFilter[];
};

type Mask = Uint8Array | null;

const epochDay = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

/**
 * The scan itself runs in a worker thread (rating-scan.ts, on the fact copy's shared memory), so a
 * long scan never holds up the requests this process serves meanwhile (card p95 during the report,
 * docs/performance.md); if the worker cannot start, it runs here.
 */
export async function computeRating(f: SaleFacts, from: number, to: number, top: number, mask: Mask, deptOk: Uint8Array | null, employeeId: number | undefined): Promise<RatingCore> {
  const [lo, hi] = f.sortedRange(from, to);
  const { day, client, dept, employee, amount } = f.cols;
  return runScan({ day, client, dept, employee, amount, n: f.n, sorted: f.sorted, lo, hi, maxClient: f.maxClient, maxDept: f.maxDept, from, to, top, mask, deptOk, employeeId });
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
  // live and archived clients apart: each half is served by its own partial index (index-only for the live ones)
  const cond = sql.join(where, sql` AND `);
  const r = await sql<{ ids: Buffer | null; n: number }>`SELECT count(*)::int AS n, string_agg(int4send(m.id::int), ''::bytea) AS ids FROM (
      SELECT c.id FROM clients c WHERE c.archived_at IS NULL AND ${cond}
      UNION ALL SELECT c.id FROM clients c WHERE c.archived_at IS NOT NULL AND ${cond}) m`.execute(db);
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
    timing: { maskMs: +(t1 - t0).toFixed(2), scanMs: +(t2 - t1).toFixed(2), facts: facts.n, scanThread: scanThread() },
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
