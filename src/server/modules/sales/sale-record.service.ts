// A new sale (record, create) and the price of a would-be one (quote): prices from price lists,
// automatic and manual discounts, bonus points and currencies. A new sale is written by one
// statement after one read (docs/performance.md, "Recording a sale"); what does not fit that
// statement (points paid with, a cumulative tier to recompute) runs in the same transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { big, formatMoney, formatPercent, formatQuantity, formatRate, type Money } from '../../shared/money.js';
import { actorUserId, requireRight, type Actor } from '../access/rights.js';
import { getSettings, rateOn } from '../settings/settings.service.js';
import { changeBonus, recomputeCategory } from './loyalty.service.js';
import { accrual } from './pricing.js';
import {
  assertSalesDepartment,
  checkPayments,
  clientNotFound,
  clientTerms,
  employeeOf,
  fail,
  priceItems,
  priceWith,
  productGone,
} from './sale-rules.js';
import { manualOut, saleOut } from './sales.read.js';
import { bonusBalance, dayIn, insertSale, manualBpOf, priceListCurrency, readSaleContext } from './sales.repository.js';
import type { PaymentMethod, QuoteInput, SaleInput, TQuote, TSale } from './sales.schemas.js';

/**
 * Whether the firm has cumulative tiers, as the last sale's read found (a firm either has them or
 * not). A sale of such a firm may recompute its client's tier after writing, which needs a
 * transaction, so createSale starts with one instead of reading twice. Only a hint: a wrong guess
 * costs a round trip, never a wrong sale (recordSaleWith checks again after its read). The caller
 * keeps it for as long as it writes to the same database (sales.routes.ts: one per app); this
 * module keeps no state.
 */
export type TierHint = { hasTiers: boolean };
export const newTierHint = (): TierHint => ({ hasTiers: false });

/**
 * Records a sale in two round trips (the sale-write benchmark, docs/performance.md): one read of
 * the client, settings, department, employee, day and products; one statement that writes the sale
 * in its final state with its items, payments, report fact, audit row and bonus accrual, atomic by
 * itself. The answer is built from what was written (the same shape as getSale, which a test
 * checks), not read back. Points paid with (rare) and a cumulative tier (only when tiers exist and
 * the client has no fixed category) take their own statements, so such a sale is recorded in a
 * transaction that begins by locking the client: four round trips and more.
 */
export async function createSale(db: Kysely<DB>, actor: Actor, input: SaleInput, ip?: string, tiers: TierHint = newTierHint()): Promise<TSale> {
  requireRight(actor, 'sales', 'create');
  // the answer is the sale: a role that may record sales but not read them is refused before
  // anything is written, not after
  requireRight(actor, 'sales', 'read');
  // most sales are one statement after the read, so they need no transaction of their own (two
  // round trips instead of four); a sale paid with points or with a tier to recompute takes one
  const seen = (hasTiers: boolean) => {
    tiers.hasTiers = hasTiers;
  };
  const atOnce = !tiers.hasTiers && !(input.payments ?? []).some((p) => p.method === 'bonus');
  const written =
    (atOnce ? await recordSaleWith(db, actor, input, { ip, seen }, true) : null) ??
    (await db.transaction().execute((trx) => recordSaleWith(trx, actor, input, { ip, seen }, false)))!;
  return written.view();
}

/** What recordSale wrote: the sale's id, and the sale as getSale would show it. */
export type RecordedSale = { id: number; view: () => TSale };

/**
 * A new sale written inside the caller's transaction (createSale; the sales-history import, which
 * records many sales in one batch). `history`: a sale of the past brought in from another program —
 * it may name a product discontinued since, or an employee who has left, gets no automatic
 * discounts (only those its lines give), and earns no bonus points (the points of the past are not
 * known); it still counts in the reports and for a cumulative tier.
 */
export async function recordSale(trx: Kysely<DB>, actor: Actor, input: SaleInput, opts: RecordOptions = {}): Promise<RecordedSale> {
  return (await recordSaleWith(trx, actor, input, opts, false))!;
}

type RecordOptions = {
  ip?: string;
  history?: boolean;
  importJob?: number;
  payInFull?: Exclude<PaymentMethod, 'bonus'>;
  seen?: (hasTiers: boolean) => void;
};

/**
 * `atOnce`: `db` is not a transaction. The context is read without locking the client and the sale
 * is written by its one statement, which is atomic by itself; null (nothing written) when the sale
 * needs more than that statement (points paid with, a tier to recompute), for the caller to record
 * it in a transaction. What the client's lock gave, the statement keeps: it locks the client
 * first and writes no sale if the client or a product went meanwhile, and the bonus account is
 * added to in place.
 */
async function recordSaleWith(trx: Kysely<DB>, actor: Actor, input: SaleInput, opts: RecordOptions, atOnce: boolean): Promise<RecordedSale | null> {
  requireRight(actor, 'sales', 'create');
  const userId = actorUserId(actor);
  if (input.items.length === 0) fail('items', 'at least one item');
  const soldAt = input.soldAt ? new Date(input.soldAt) : new Date();
  const valid = !Number.isNaN(soldAt.getTime());
  const ctx =
    (await readSaleContext(trx, actor, input, input.employeeId ?? (actor.userId > 0 ? actor.userId : 0), valid ? soldAt : null, !atOnce)) ??
    clientNotFound();
  opts.seen?.(ctx.hasTiers);
  const settings = ctx.settings;
  if (ctx.departmentName === null) fail('departmentId', 'no such department');
  assertSalesDepartment(actor, input.departmentId); // before anything is written
  const employeeId = employeeOf(actor, input.employeeId, ctx.employee, opts.history);
  if (!valid) fail('soldAt', 'not a date and time');
  const day = ctx.day!;
  let currency = input.currency;
  if (!currency && ctx.priceListId) currency = ctx.listCurrency ?? undefined;
  currency ??= settings.baseCurrency;
  const rate = await rateOn(trx, currency, day, settings.baseCurrency);
  const priced = priceWith(actor, ctx.products, input.items, ctx, currency, rate, settings.baseCurrency, settings.checkDiscounts, opts.history);
  const status = input.status ?? 'completed';
  const completed = status === 'completed';
  // a sale of the past paid in full: its exact total, also when a discount left a fraction of a cent
  const pays = opts.payInFull
    ? { payments: [{ method: opts.payInFull as PaymentMethod, amount: priced.total }], paid: priced.total }
    : checkPayments(input.payments ?? [], { total: priced.total, paid: 0n, currency }, settings.baseCurrency);
  const redeemed = pays.payments.filter((p) => p.method === 'bonus').reduce((a, p) => a + p.amount, 0n);
  const accrued = completed && !opts.history ? accrual(priced.baseTotal, redeemed, ctx.bonusBp ?? 0) : 0n;
  // points paid with are taken (with their balance check) before the accrual is added, so the
  // accrual joins the sale's statement only when the sale is not paid with points
  const accrueNow = accrued > 0n && redeemed === 0n;
  const recomputeTier = completed && ctx.hasTiers && (ctx.categoryId === null || ctx.categoryKind === 'cumulative');
  if (atOnce && (redeemed > 0n || recomputeTier)) return null;
  const lines = priced.lines;
  const audit = JSON.stringify({
    status,
    clientId: ctx.id,
    total: formatMoney(priced.total),
    currency,
    ...(opts.importJob ? { importJob: opts.importJob } : {}),
  });
  const row = await insertSale(trx, {
    actor,
    userId,
    clientId: ctx.id,
    input,
    status,
    soldAt,
    day,
    employeeId,
    currency,
    rate,
    subtotal: priced.subtotal,
    total: priced.total,
    baseTotal: priced.baseTotal,
    lines,
    payments: pays.payments,
    paid: pays.paid,
    accrued,
    accrueNow,
    audit,
    ip: opts.ip ?? null,
  });
  if (!row.clientOk) clientNotFound();
  if (!row.productsOk || row.id === null || row.itemIds.length !== lines.length) productGone();
  const w = { ...row, id: row.id }; // the id, known now not to be null, for the answer built below
  for (const p of pays.payments)
    if (p.method === 'bonus') await changeBonus(trx, { clientId: ctx.id, saleId: w.id, kind: 'redemption', amount: -p.amount, userId });
  if (accrued > 0n && !accrueNow) await changeBonus(trx, { clientId: ctx.id, saleId: w.id, kind: 'accrual', amount: accrued, userId });
  if (recomputeTier) {
    await recomputeCategory(trx, ctx.id, settings.timezone, settings.loyaltyPeriodDays, userId);
  }
  const products = new Map(ctx.products.map((p) => [p.id, p]));
  // getSale's answer, from the values just written
  const view = () =>
    saleOut(
      {
        id: w.id,
        number: input.number ?? null,
        kind: 'sale',
        correctsId: null,
        status,
        soldAt,
        day,
        clientId: ctx.id,
        clientName: ctx.clientName,
        departmentId: input.departmentId,
        departmentName: ctx.departmentName!,
        employeeId,
        employeeName: ctx.employee?.name ?? '',
        currency,
        rate,
        subtotal: priced.subtotal,
        total: priced.total,
        baseTotal: priced.baseTotal,
        paid: pays.paid,
        bonusAccrued: accrued,
        notes: input.notes ?? null,
        version: 1,
      },
      lines.map((l, i) => ({
        id: w.itemIds[i]!,
        line: i + 1,
        productId: l.productId,
        productName: products.get(l.productId)!.name,
        unit: products.get(l.productId)!.unit,
        quantity: l.quantity,
        price: l.price,
        discountBp: l.discountBp,
        amount: l.amount,
        baseAmount: l.baseAmount,
        correctsItemId: null,
        manualBp: manualBpOf(l),
        manualAmount: l.manualAmount,
      })),
      pays.payments.map((p, i) => ({ id: w.paymentIds[i]!, method: p.method, amount: p.amount as Money, paidAt: w.at })),
      [],
    );
  return { id: w.id, view };
}

/** Prices a would-be sale without saving it (the sale form shows totals and discounts as you type). */
export async function quoteSale(db: Kysely<DB>, actor: Actor, input: QuoteInput): Promise<TQuote> {
  requireRight(actor, 'sales', 'create');
  const settings = await getSettings(db);
  const terms = await clientTerms(db, actor, input.clientId, false);
  // the rate's day is the sale's day in the firm's time zone, as when the sale is saved
  const at = input.soldAt ? new Date(input.soldAt) : new Date();
  if (Number.isNaN(at.getTime())) fail('soldAt', 'not a date and time');
  const day = await dayIn(db, at, settings.timezone);
  let currency = input.currency;
  if (!currency && terms.priceListId) currency = await priceListCurrency(db, terms.priceListId);
  currency ??= settings.baseCurrency;
  const rate = await rateOn(db, currency, day, settings.baseCurrency);
  const p = await priceItems(db, actor, input.items, terms, currency, rate, settings.baseCurrency, settings.checkDiscounts);
  const bonus = await bonusBalance(db, terms.id);
  return {
    currency,
    rate: formatRate(rate),
    subtotal: formatMoney(p.subtotal),
    total: formatMoney(p.total),
    baseTotal: formatMoney(p.baseTotal),
    bonusBalance: formatMoney(big(bonus)),
    items: p.lines.map((l) => ({
      productId: l.productId,
      quantity: formatQuantity(l.quantity),
      price: formatMoney(l.price),
      discount: formatPercent(l.discountBp),
      amount: formatMoney(l.amount),
      ...manualOut(manualBpOf(l), l.manualAmount),
    })),
  };
}
