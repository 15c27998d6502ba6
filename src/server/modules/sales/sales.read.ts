// Reading sales: one sale with its lines, payments and returns; the list of sales. Both apply the
// record scope of the client (a manager sees the sales of the clients in their scope). The
// answer's shape is built here only, from exact values: from the rows read (getSale, listSales)
// and from the values just written (a new sale's answer, sale-record.service.ts).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { big, formatMoney, formatPercent, formatQuantity, formatRate, numericToScaled, type Money } from '../../shared/money.js';
import { requireRight, type Actor } from '../access/rights.js';
import { findSale, findSales, type SaleFilter, type SaleRow } from './sales.repository.js';
import type { TSale, TSaleSummary } from './sales.schemas.js';

/** A sale's header as exact values. */
export type SaleValues = Omit<SaleRow, 'soldAt' | 'rate' | 'subtotal' | 'total' | 'baseTotal' | 'paid' | 'bonusAccrued' | 'createdAt'> & {
  soldAt: Date;
  rate: bigint;
  subtotal: Money;
  total: Money;
  baseTotal: Money;
  paid: Money;
  bonusAccrued: Money;
};
export type ItemValues = {
  id: number;
  line: number;
  productId: number;
  productName: string;
  unit: string;
  quantity: bigint;
  price: Money;
  discountBp: number;
  amount: Money;
  baseAmount: Money;
  correctsItemId: number | null;
  manualBp: number | null;
  manualAmount: Money;
};
export type PaymentValues = { id: number; method: string; amount: Money; paidAt: Date };

export function saleSummaryOut(v: SaleValues): TSaleSummary {
  return {
    id: v.id,
    number: v.number,
    kind: v.kind,
    correctsId: v.correctsId,
    status: v.status,
    soldAt: v.soldAt.toISOString(),
    day: v.day,
    clientId: v.clientId,
    clientName: v.clientName,
    departmentId: v.departmentId,
    departmentName: v.departmentName,
    employeeId: v.employeeId,
    employeeName: v.employeeName,
    currency: v.currency,
    rate: formatRate(v.rate),
    subtotal: formatMoney(v.subtotal),
    total: formatMoney(v.total),
    baseTotal: formatMoney(v.baseTotal),
    paid: formatMoney(v.paid),
    debt: formatMoney(v.status === 'cancelled' ? 0n : v.total - v.paid),
    bonusAccrued: formatMoney(v.bonusAccrued),
    notes: v.notes,
    version: v.version,
  };
}

/** A sale as the API shows it (SaleOut in sales.schemas.ts). */
export function saleOut(v: SaleValues, items: ItemValues[], payments: PaymentValues[], returnIds: number[]): TSale {
  return {
    ...saleSummaryOut(v),
    items: items.map((i) => ({
      id: i.id,
      line: i.line,
      productId: i.productId,
      productName: i.productName,
      unit: i.unit,
      quantity: formatQuantity(i.quantity),
      price: formatMoney(i.price),
      discount: formatPercent(i.discountBp),
      amount: formatMoney(i.amount),
      baseAmount: formatMoney(i.baseAmount),
      correctsItemId: i.correctsItemId,
      ...manualOut(i.manualBp, i.manualAmount),
    })),
    payments: payments.map((p) => ({ id: p.id, method: p.method, amount: formatMoney(p.amount), paidAt: p.paidAt.toISOString() })),
    returnIds,
  };
}

function valuesOf(r: SaleRow): SaleValues {
  return {
    ...r,
    rate: numericToScaled(r.rate, 8),
    subtotal: big(r.subtotal),
    total: big(r.total),
    baseTotal: big(r.baseTotal),
    paid: big(r.paid),
    bonusAccrued: big(r.bonusAccrued),
  };
}

/**
 * A line's manual discount as the API shows it: as given (a percentage, or the amount off) with
 * its kind, and what it took off the line (`manualAmount`, exact); nulls and "0.00" without one.
 */
export function manualOut(manualBp: number | null, manualAmount: bigint) {
  const kind = manualBp !== null ? ('percent' as const) : manualAmount !== 0n ? ('amount' as const) : null;
  return {
    manualDiscount:
      kind === 'percent' ? formatPercent(manualBp!) : kind === 'amount' ? formatMoney(manualAmount < 0n ? -manualAmount : manualAmount) : null,
    manualDiscountKind: kind,
    manualAmount: formatMoney(manualAmount),
  };
}

/** One sale with its lines, payments and returns. */
export async function getSale(db: Kysely<DB>, actor: Actor, id: number): Promise<TSale> {
  requireRight(actor, 'sales', 'read');
  const row = await findSale(db, actor, id);
  if (!row) throw new AppError('SALE_NOT_FOUND', 'No such sale');
  return saleOut(
    valuesOf(row),
    row.lines.map((i) => ({
      ...i,
      quantity: numericToScaled(i.quantity, 3),
      price: big(i.price),
      amount: big(i.amount),
      baseAmount: big(i.baseAmount),
      manualAmount: big(i.manualAmount),
    })),
    row.pays.map((p) => ({ id: p.id, method: p.method, amount: big(p.amount), paidAt: new Date(p.paidAt) })),
    row.returnIds,
  );
}

export async function listSales(db: Kysely<DB>, actor: Actor, q: SaleFilter & { limit: number }) {
  requireRight(actor, 'sales', 'read');
  const rows = await findSales(db, actor, q, q.limit + 1);
  const items = rows.slice(0, q.limit).map((r) => saleSummaryOut(valuesOf(r)));
  return { items, nextBeforeId: rows.length > q.limit ? items.at(-1)!.id : null };
}
