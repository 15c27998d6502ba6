// Reading sales: one sale with its lines, payments and returns; the list of sales. Both apply the
// record scope of the client (a manager sees the sales of the clients in their scope).
import { sql, type Kysely } from 'kysely';
import { PREPARED } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { big, formatMoney, formatPercent, formatQuantity, formatRate, numericToScaled } from '../../shared/money.js';
import { requireRight, type Actor } from '../access/rights.js';
import { scopeSql } from '../clients/clients.repository.js';

type SaleRow = {
  id: number; number: string | null; kind: string; correctsId: number | null; status: string; soldAt: Date; day: string; clientId: number; clientName: string;
  departmentId: number; departmentName: string; employeeId: number; employeeName: string; currency: string; rate: string; subtotal: string; total: string;
  baseTotal: string; paid: string; bonusAccrued: string; notes: string | null; version: number; createdAt: Date;
};

const saleColumns = sql`SELECT s.id::int, s.number, s.kind, s.corrects_id::int AS corrects_id, s.status, s.sold_at, to_char(s.day, 'YYYY-MM-DD') AS day,
    s.client_id::int AS client_id, c.display_name AS client_name, s.department_id::int AS department_id, d.name AS department_name,
    s.employee_id::int AS employee_id, u.name AS employee_name, s.currency, s.rate::text, s.subtotal::text, s.total::text, s.base_total::text, s.paid::text,
    s.bonus_accrued::text, s.notes, s.version, s.created_at`;
const saleFrom = sql`FROM sales s JOIN clients c ON c.id = s.client_id JOIN departments d ON d.id = s.department_id JOIN users u ON u.id = s.employee_id`;

function saleOut(r: SaleRow) {
  return {
    id: r.id, number: r.number, kind: r.kind, correctsId: r.correctsId, status: r.status, soldAt: r.soldAt.toISOString(), day: r.day,
    clientId: r.clientId, clientName: r.clientName, departmentId: r.departmentId, departmentName: r.departmentName, employeeId: r.employeeId, employeeName: r.employeeName,
    currency: r.currency, rate: formatRate(numericToScaled(r.rate, 8)), subtotal: formatMoney(big(r.subtotal)), total: formatMoney(big(r.total)),
    baseTotal: formatMoney(big(r.baseTotal)), paid: formatMoney(big(r.paid)),
    debt: formatMoney(r.status === 'cancelled' ? 0n : big(r.total) - big(r.paid)), bonusAccrued: formatMoney(big(r.bonusAccrued)), notes: r.notes, version: r.version,
  };
}

type ItemRow = { id: number; line: number; productId: number; productName: string; unit: string; quantity: string; price: string; discountBp: number; amount: string; baseAmount: string; correctsItemId: number | null; manualBp: number | null; manualAmount: string };

/**
 * A line's manual discount as the API shows it: as given (a percentage, or the amount off) with
 * its kind, and what it took off the line (`manualAmount`, exact); nulls and "0.00" without one.
 */
export function manualOut(manualBp: number | null, manualAmount: bigint) {
  const kind = manualBp !== null ? 'percent' as const : manualAmount !== 0n ? 'amount' as const : null;
  return {
    manualDiscount: kind === 'percent' ? formatPercent(manualBp!) : kind === 'amount' ? formatMoney(manualAmount < 0n ? -manualAmount : manualAmount) : null,
    manualDiscountKind: kind, manualAmount: formatMoney(manualAmount),
  };
}

/** One sale with its lines, payments and returns, in one statement. */
export async function getSale(db: Kysely<DB>, actor: Actor, id: number) {
  requireRight(actor, 'sales', 'read');
  const r = await sql<SaleRow & { lines: ItemRow[]; pays: { id: number; method: string; amount: string; paidAt: string }[]; returnIds: number[] }>`${PREPARED}${saleColumns},
      (SELECT coalesce(json_agg(json_build_object('id', i.id::int, 'line', i.line, 'productId', i.product_id::int, 'productName', p.name, 'unit', p.unit,
          'quantity', i.quantity::text, 'price', i.price::text, 'discountBp', i.discount_bp, 'amount', i.amount::text, 'baseAmount', i.base_amount::text,
          'correctsItemId', i.corrects_item_id::int, 'manualBp', i.manual_bp, 'manualAmount', i.manual_amount::text) ORDER BY i.line), '[]')
        FROM sale_items i JOIN products p ON p.id = i.product_id WHERE i.sale_id = s.id) AS lines,
      (SELECT coalesce(json_agg(json_build_object('id', x.id::int, 'method', x.method, 'amount', x.amount::text, 'paidAt', x.paid_at) ORDER BY x.id), '[]')
        FROM sale_payments x WHERE x.sale_id = s.id) AS pays,
      ARRAY(SELECT r.id::int FROM sales r WHERE r.corrects_id = s.id ORDER BY r.id) AS return_ids
    ${saleFrom} WHERE s.id = ${id} AND ${scopeSql(actor)}`.execute(db);
  const row = r.rows[0];
  if (!row) throw new AppError('SALE_NOT_FOUND', 'No such sale');
  return {
    ...saleOut(row),
    items: row.lines.map((i) => ({
      id: i.id, line: i.line, productId: i.productId, productName: i.productName, unit: i.unit, quantity: formatQuantity(numericToScaled(i.quantity, 3)),
      price: formatMoney(big(i.price)), discount: formatPercent(i.discountBp), amount: formatMoney(big(i.amount)), baseAmount: formatMoney(big(i.baseAmount)), correctsItemId: i.correctsItemId,
      ...manualOut(i.manualBp, big(i.manualAmount)),
    })),
    payments: row.pays.map((p) => ({ id: p.id, method: p.method, amount: formatMoney(big(p.amount)), paidAt: new Date(p.paidAt).toISOString() })),
    returnIds: row.returnIds,
  };
}

export async function listSales(db: Kysely<DB>, actor: Actor, q: { clientId?: number; from?: string; to?: string; status?: string; departmentId?: number; limit: number; beforeId?: number }) {
  requireRight(actor, 'sales', 'read');
  const where = [scopeSql(actor) as ReturnType<typeof sql>];
  if (q.clientId) where.push(sql`s.client_id = ${q.clientId}`);
  if (q.from) where.push(sql`s.day >= ${q.from}::date`);
  if (q.to) where.push(sql`s.day <= ${q.to}::date`);
  if (q.status) where.push(sql`s.status = ${q.status}`);
  if (q.departmentId) where.push(sql`s.department_id = ${q.departmentId}`);
  if (q.beforeId) where.push(sql`s.id < ${q.beforeId}`);
  const r = await sql<SaleRow>`${saleColumns} ${saleFrom} WHERE ${sql.join(where, sql` AND `)} ORDER BY s.id DESC LIMIT ${q.limit + 1}`.execute(db);
  const items = r.rows.slice(0, q.limit).map(saleOut);
  return { items, nextBeforeId: r.rows.length > q.limit ? items.at(-1)!.id : null };
}
