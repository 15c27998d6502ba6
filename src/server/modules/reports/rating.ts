// The client rating: clients by money spent in a period, with a cross-tab per department.
// The sums come from the in-memory fact copy (facts.ts); who may be counted comes from SQL
// (the actor's scope and any client filter), as a mask over client ids.
import type { Kysely } from 'kysely';
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
import * as repo from './reports.repository.js';
import type { TEmployeeRow, TRatingReport } from './reports.schemas.js';

export type { RatingCore };

export type RatingQuery = {
  from: string;
  to: string;
  top: number;
  departmentIds?: number[];
  employeeId?: number;
  managerId?: number;
  filters?: TFilter[];
};

type Mask = Uint8Array | null;

const epochDay = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

/**
 * The scan itself runs in a worker thread (rating-scan.ts, on the fact copy's shared memory), so a
 * long scan never holds up the requests this process serves meanwhile (card p95 during the report,
 * docs/performance.md); if the worker cannot start, it runs here.
 */
export async function computeRating(
  f: SaleFacts,
  from: number,
  to: number,
  top: number,
  mask: Mask,
  deptOk: Uint8Array | null,
  employeeId: number | undefined,
): Promise<RatingCore> {
  const [lo, hi] = f.sortedRange(from, to);
  const { day, client, dept, employee, amount } = f.cols;
  return runScan({
    day,
    client,
    dept,
    employee,
    amount,
    n: f.n,
    sorted: f.sorted,
    lo,
    hi,
    maxClient: f.maxClient,
    maxDept: f.maxDept,
    from,
    to,
    top,
    mask,
    deptOk,
    employeeId,
  });
}

/** The clients this actor may count (and that pass the filters), as a byte mask; null = everyone. */
async function clientMask(db: Kysely<DB>, actor: Actor, q: RatingQuery, size: number): Promise<Mask> {
  // scopeSql (access/scope.ts) compares c.manager_id with `=`, which the manager indexes serve
  const r = await repo.clientMask(db, {
    scope: actor.scope === 'all' ? null : scopeSql(actor),
    managerId: q.managerId,
    filters: q.filters?.length ? filterSql(q.filters, await listFields(db), actor) : [],
  });
  if (!r) return null;
  const mask = new Uint8Array(size);
  const buf = r.ids;
  if (buf)
    for (let i = 0; i < r.n; i++) {
      const id = buf.readInt32BE(i * 4);
      if (id < size) mask[id] = 1;
    }
  return mask;
}

/** The rating's answer (reports.schemas.ts), under the name the bench uses. */
export type { TRatingReport as RatingReport } from './reports.schemas.js';

export async function ratingReport(db: Kysely<DB>, facts: SaleFacts, actor: Actor, q: RatingQuery): Promise<TRatingReport> {
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
  const names = await repo.ratingNames(db, ids);
  const byId = new Map(names.map((r) => [r.id, r]));
  // every department is a column (the table widens when one is added), also those without sales
  const depts = (await repo.departmentsByName(db)).filter((d) => deptOk === null || deptOk[d.id] === 1);
  const k = new Map(core.depts.map((d, i) => [d, i]));
  const money = (v: number) => formatCents(BigInt(v));
  const pick = (arr: Float64Array) => depts.map((d) => money(k.has(d.id) ? arr[k.get(d.id)!]! : 0));
  const settings = await getSettings(db);
  return {
    from: q.from,
    to: q.to,
    top: q.top,
    currency: settings.baseCurrency,
    departments: depts,
    rows: core.rows.map((r, i) => ({
      rank: i + 1,
      clientId: r.clientId,
      name: byId.get(r.clientId)?.name ?? `#${r.clientId}`,
      priceList: byId.get(r.clientId)?.priceList ?? null,
      archived: byId.get(r.clientId)?.archived ?? false,
      cells: pick(r.cells),
      total: money(r.total),
    })),
    totals: { cells: pick(core.shownTotals), total: money(core.shownTotal) },
    allClients: { clients: core.clients, cells: pick(core.allTotals), total: money(core.allTotal) },
    timing: { maskMs: +(t1 - t0).toFixed(2), scanMs: +(t2 - t1).toFixed(2), facts: facts.n, scanThread: scanThread() },
  };
}

/** Per employee (who made the sales): clients served, orders (documents by number), revenue. */
export async function employeesReport(db: Kysely<DB>, actor: Actor, q: { from?: string; to?: string }): Promise<TEmployeeRow[]> {
  requireRight(actor, 'reports', 'read');
  requireRight(actor, 'sales', 'read');
  const rows = await repo.employeeTotals(db, scopeSql(actor), { from: q.from, to: q.to, everyone: actor.scope === 'all' });
  return rows.map((x) => ({ ...x, revenue: formatCents(BigInt(x.revenue)) }));
}
