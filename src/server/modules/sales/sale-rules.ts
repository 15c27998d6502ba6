// The rules a sale's request is checked and priced by, shared by a new sale
// (sale-record.service.ts) and a draft's changes and payments (sale-lifecycle.service.ts): who
// may sell where and as whom, the lines priced (price lists, automatic and manual discounts), and
// the payments checked. No SQL here beyond the reads of sales.repository.ts.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, Issues } from '../../shared/errors.js';
import { big, formatMoney, formatPercent, lineAmount, parseMoney, parsePercent, parseQuantity, type Money } from '../../shared/money.js';
import { can, type Actor } from '../access/rights.js';
import { autoDiscount, priceLines, withinMax, type LineInput, type Manual, type PricedLine } from './pricing.js';
import { findClientTerms, findProducts, findUserActive, type ClientTerms, type ProductRow } from './sales.repository.js';
import type { PaymentInput, PaymentMethod, SaleItemInput } from './sales.schemas.js';

export function fail(field: string, message: string): never {
  throw new AppError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
}

export function clientNotFound(): never {
  throw new AppError('CLIENT_NOT_FOUND', 'No such client', [{ field: 'clientId', message: 'no such client' }]);
}

/** The products of a sale are checked when its lines are written, not by a foreign key (migration 012). */
export function productGone(): never {
  throw new AppError('VALIDATION_FAILED', 'items: a product of the sale was deleted meanwhile', [{ field: 'items', message: 'no such product' }]);
}

/** A client in the actor's scope with its pricing terms, else 404; `lock`: the sale's writes serialise per client. */
export async function clientTerms(trx: Kysely<DB>, actor: Actor, clientId: number, lock: boolean): Promise<ClientTerms> {
  return (await findClientTerms(trx, actor, clientId, lock)) ?? clientNotFound();
}

/**
 * Where a sale may be recorded: a role with the "all" scope (administrators, read-only, custom
 * roles so made) anywhere; any other (a manager, a senior manager) only in the user's own
 * department, and a user without a department nowhere (fail closed). docs/permissions.md.
 */
export function assertSalesDepartment(actor: Actor, departmentId: number) {
  if (actor.isAdmin || actor.scope === 'all') return;
  if (actor.departmentId === null || actor.departmentId !== departmentId) {
    throw new AppError('FORBIDDEN', 'You may record sales only in your own department', [
      { field: 'departmentId', message: 'only your own department' },
    ]);
  }
}

/**
 * Who made the sale: the user, or (not for own-scope users) another user, active unless the sale is
 * of the past (`history`). Below the "all" scope that other user must be of the actor's own
 * department, as the sale itself must (`assertSalesDepartment`): a senior manager does not book a
 * sale to another department's employee. docs/permissions.md.
 */
export function employeeOf(
  actor: Actor,
  employeeId: number | undefined,
  found: { active: boolean; departmentId: number | null } | null,
  history = false,
): number {
  if (employeeId === undefined || employeeId === actor.userId) {
    if (actor.userId > 0) return actor.userId;
    fail('employeeId', 'say which employee made the sale');
  }
  if (actor.scope === 'own')
    throw new AppError('FORBIDDEN', 'You may record sales only as yourself', [{ field: 'employeeId', message: 'only yourself' }]);
  if (!found || (!found.active && !history)) fail('employeeId', history ? 'no such user' : 'no such active user');
  if (!actor.isAdmin && actor.scope !== 'all' && (actor.departmentId === null || found.departmentId !== actor.departmentId)) {
    throw new AppError('FORBIDDEN', 'You may record sales only for employees of your own department', [
      { field: 'employeeId', message: 'only an employee of your own department' },
    ]);
  }
  return employeeId;
}

export async function resolveEmployee(trx: Kysely<DB>, actor: Actor, employeeId: number | undefined) {
  const u = employeeId === undefined ? undefined : await findUserActive(trx, employeeId);
  return employeeOf(actor, employeeId, u ?? null);
}

/**
 * The payments of a sale checked (amounts, not more than is due, points only in the base
 * currency) before anything is written: parsed, with what the sale has paid afterwards.
 */
export function checkPayments(payments: PaymentInput[], sale: { total: Money; paid: Money; currency: string }, base: string) {
  let paid = sale.paid;
  const out = payments.map((p, i) => {
    const amount = parseMoney(p.amount, `payments.${i}.amount`);
    if (amount <= 0n) fail(`payments.${i}.amount`, 'must be more than 0');
    if (amount % 100n !== 0n) fail(`payments.${i}.amount`, 'whole cents only');
    paid += amount;
    if (paid > sale.total) fail(`payments.${i}.amount`, `more than the amount due (${formatMoney(sale.total - paid + amount)})`);
    if (p.method === 'bonus' && sale.currency !== base) fail(`payments.${i}.method`, 'bonus points pay only for sales in the base currency');
    return { method: p.method as PaymentMethod, amount };
  });
  return { payments: out, paid };
}

/** `actor` null: the lines' manual discounts are already given (a draft's own lines, re-priced), not checked again. */
export async function priceItems(
  trx: Kysely<DB>,
  actor: Actor | null,
  items: SaleItemInput[],
  terms: ClientTerms,
  currency: string,
  rate: bigint,
  base: string,
  checkDiscounts: { from: string; percent: string }[],
  history = false,
) {
  return priceWith(
    actor,
    await findProducts(
      trx,
      items.map((i) => i.productId),
      terms.priceListId,
    ),
    items,
    terms,
    currency,
    rate,
    base,
    checkDiscounts,
    history,
  );
}

/** A line's manual discount from the request: a percentage (default) or an amount; none when absent or blank. */
function parseManual(it: SaleItemInput, i: number): Manual | null {
  if (it.manualDiscount === undefined || it.manualDiscount.trim() === '') return null;
  const field = `items.${i}.manualDiscount`;
  return (it.manualDiscountKind ?? 'percent') === 'percent'
    ? { kind: 'percent', bp: parsePercent(it.manualDiscount, field) }
    : { kind: 'amount', amount: parseMoney(it.manualDiscount, field) };
}

/**
 * Who may sell a line for less than its automatic pricing: the part of a line's
 * discount given by hand — a manual discount, or an explicit `discount` above the automatic one —
 * needs the sales.discount right (else 403 naming the lines) and stays within the role's maximum,
 * a percentage of the line after its automatic discount, compared exactly (else 400 on the line).
 * An amount off is at most the line. A lower explicit discount gives nothing away and needs no right.
 */
function checkManual(actor: Actor, items: SaleItemInput[], lines: PricedLine[], auto: number) {
  const issues = new Issues();
  const denied: { field: string; message: string }[] = [];
  lines.forEach((l, i) => {
    const field = items[i]!.manualDiscount !== undefined && l.manual ? `items.${i}.manualDiscount` : `items.${i}.discount`;
    const beforeManual = l.amount + l.manualAmount;
    if (l.manual?.kind === 'amount' && l.manualAmount > beforeManual)
      return issues.add(field, `at most the line's amount (${formatMoney(beforeManual)})`);
    const afterAuto = lineAmount(l.price, l.quantity, auto);
    const byHand = afterAuto - l.amount;
    if (byHand <= 0n) return;
    if (!can(actor, 'sales', 'discount')) denied.push({ field, message: 'your role may not give discounts by hand' });
    else if (!actor.isAdmin && !withinMax(byHand, afterAuto, actor.maxDiscountBp))
      issues.add(field, `at most ${formatPercent(actor.maxDiscountBp!)} % by hand for your role`);
  });
  if (denied.length) throw new AppError('FORBIDDEN', 'Your role may not give discounts by hand', denied);
  issues.throwIfAny();
}

/** Turns the items of a request into priced lines: explicit price / discount, else price list / automatic. */
export function priceWith(
  actor: Actor | null,
  prods: ProductRow[],
  items: SaleItemInput[],
  terms: ClientTerms,
  currency: string,
  rate: bigint,
  base: string,
  checkDiscounts: { from: string; percent: string }[],
  history = false,
) {
  const issues = new Issues();
  const byId = new Map(prods.map((p) => [p.id, p]));
  const parsed: (LineInput & { explicitDiscount: boolean })[] = [];
  items.forEach((it, i) => {
    const p = byId.get(it.productId);
    if (!p) return issues.add(`items.${i}.productId`, 'no such product');
    // a sale of the past (an imported history) may name a product discontinued since
    if (!p.active && !history) return issues.add(`items.${i}.productId`, 'the product is not sold any more');
    try {
      const quantity = parseQuantity(it.quantity, `items.${i}.quantity`);
      if (quantity <= 0n) return issues.add(`items.${i}.quantity`, 'must be more than 0');
      let price: Money;
      if (it.price !== undefined) price = parseMoney(it.price, `items.${i}.price`);
      else if (p.listPrice !== null && p.listCurrency === currency) price = big(p.listPrice);
      else if (currency === base) price = big(p.price);
      else price = ((big(p.price) * 100_000_000n) / rate / 100n) * 100n; // base price in the sale currency, whole cents
      const discountBp = it.discount !== undefined ? parsePercent(it.discount, `items.${i}.discount`) : 0;
      parsed.push({ productId: it.productId, quantity, price, discountBp, explicitDiscount: it.discount !== undefined, manual: parseManual(it, i) });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      for (const d of (e.details as { field: string; message: string }[]) ?? []) issues.add(d.field, d.message);
    }
  });
  issues.throwIfAny();
  const checkGross = priceLines(
    parsed.map((l) => ({ ...l, discountBp: 0 })),
    100_000_000n,
  ).subtotal;
  const rules = checkDiscounts.map((d) => ({
    from: parseMoney(d.from, 'checkDiscounts.from'),
    bp: parsePercent(d.percent, 'checkDiscounts.percent'),
  }));
  // a sale of the past keeps the discounts its file gives: today's category and check discounts do not apply
  const auto = history ? 0 : autoDiscount(terms.discountBp ?? 0, rules, checkGross);
  const priced = priceLines(
    parsed.map(({ explicitDiscount, ...l }) => ({ ...l, discountBp: explicitDiscount ? l.discountBp : auto })),
    rate,
  );
  // a sale of the past keeps what its file says; no one gives a discount by hand today
  if (!history && actor) checkManual(actor, items, priced.lines, auto);
  return priced;
}
