// Sales (C3) with prices from price lists (C4), automatic discounts (C5), bonus points (C6) and
// currencies (C7). A completed sale is immutable: it changes only through a correcting document
// (a return, or a cancellation that reverses money, points and report facts). Every write is one
// transaction: all or nothing.
import { sql, type Kysely } from 'kysely';
import { PREPARED } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { AppError, Issues } from '../../shared/errors.js';
import { big, formatMoney, formatPercent, formatQuantity, formatRate, lineAmount, numericToScaled, parseMoney, parsePercent, parseQuantity, type Money } from '../../shared/money.js';
import { can, requireRight, type Actor } from '../access/rights.js';
import { insertAudit } from '../audit/audit.repository.js';
import { scopeSql } from '../clients/clients.repository.js';
import { getSettings, rateOn, type Settings } from '../settings/settings.service.js';
import { accrual, accrualShare, autoDiscount, manualShare, priceLines, withinMax, type LineInput, type Manual, type PricedLine } from './pricing.js';
import { getSale, manualOut } from './sales.read.js';

export { getSale, listSales } from './sales.read.js';

export type PaymentMethod = 'cash' | 'card' | 'transfer' | 'bonus';
export type SaleItemInput = { productId: number; quantity: string; price?: string; discount?: string; manualDiscount?: string; manualDiscountKind?: 'percent' | 'amount' };
export type PaymentInput = { method: PaymentMethod; amount: string };
export type SaleInput = {
  clientId: number; departmentId: number; employeeId?: number; soldAt?: string; currency?: string; number?: string | null;
  status?: 'draft' | 'preorder' | 'completed'; notes?: string | null; items: SaleItemInput[]; payments?: PaymentInput[];
};

type Trx = Kysely<DB>;
/** the acting user for created_by columns; the CLI acts as nobody (null) */
const who = (a: Actor) => (a.userId > 0 ? a.userId : null);
type ClientTerms = { id: number; priceListId: number | null; categoryId: number | null; categoryKind: string | null; discountBp: number | null; bonusBp: number | null };

function fail(field: string, message: string): never {
  throw new AppError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
}

async function clientTerms(trx: Trx, actor: Actor, clientId: number, lock: boolean): Promise<ClientTerms> {
  const r = await sql<ClientTerms>`SELECT c.id::int, c.price_list_id::int AS price_list_id, c.category_id::int AS category_id, k.kind AS category_kind, k.discount_bp, k.bonus_bp
    FROM clients c LEFT JOIN client_categories k ON k.id = c.category_id
    WHERE c.id = ${clientId} AND ${scopeSql(actor)} ${lock ? sql`FOR NO KEY UPDATE OF c` : sql``}`.execute(trx);
  if (!r.rows[0]) throw new AppError('CLIENT_NOT_FOUND', 'No such client', [{ field: 'clientId', message: 'no such client' }]);
  return r.rows[0];
}

type ProductRow = { id: number; price: string; active: boolean; listPrice: string | null; listCurrency: string | null; name: string; unit: string };

/** The products of a sale's lines with their price in the client's price list (if any). */
async function loadProducts(trx: Trx, items: SaleItemInput[], priceListId: number | null): Promise<ProductRow[]> {
  const ids = [...new Set(items.map((i) => i.productId))];
  const prods = await sql<ProductRow>`${PREPARED}SELECT p.id::int, p.price::text, p.active, li.price::text AS list_price, pl.currency AS list_currency, p.name, p.unit
    FROM products p
    LEFT JOIN price_list_items li ON li.product_id = p.id AND li.price_list_id = ${priceListId}
    LEFT JOIN price_lists pl ON pl.id = li.price_list_id
    WHERE p.id = ANY(${ids}::bigint[])`.execute(trx);
  return prods.rows;
}

/** `actor` null: the lines' manual discounts are already given (a draft's own lines, re-priced), not checked again. */
async function priceItems(trx: Trx, actor: Actor | null, items: SaleItemInput[], terms: ClientTerms, currency: string, rate: bigint, base: string, checkDiscounts: { from: string; percent: string }[], history = false) {
  return priceWith(actor, await loadProducts(trx, items, terms.priceListId), items, terms, currency, rate, base, checkDiscounts, history);
}

/** A line's manual discount from the request: a percentage (default) or an amount; none when absent or blank. */
function parseManual(it: SaleItemInput, i: number): Manual | null {
  if (it.manualDiscount === undefined || it.manualDiscount.trim() === '') return null;
  const field = `items.${i}.manualDiscount`;
  return (it.manualDiscountKind ?? 'percent') === 'percent' ? { kind: 'percent', bp: parsePercent(it.manualDiscount, field) } : { kind: 'amount', amount: parseMoney(it.manualDiscount, field) };
}

/**
 * Who may sell a line for less than its automatic pricing (issue 13): the part of a line's
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
    if (l.manual?.kind === 'amount' && l.manualAmount > beforeManual) return issues.add(field, `at most the line's amount (${formatMoney(beforeManual)})`);
    const afterAuto = lineAmount(l.price, l.quantity, auto);
    const byHand = afterAuto - l.amount;
    if (byHand <= 0n) return;
    if (!can(actor, 'sales', 'discount')) denied.push({ field, message: 'your role may not give discounts by hand' });
    else if (!actor.isAdmin && !withinMax(byHand, afterAuto, actor.maxDiscountBp)) issues.add(field, `at most ${formatPercent(actor.maxDiscountBp!)} % by hand for your role`);
  });
  if (denied.length) throw new AppError('FORBIDDEN', 'Your role may not give discounts by hand', denied);
  issues.throwIfAny();
}

/** Turns the items of a request into priced lines: explicit price / discount, else price list / automatic. */
function priceWith(actor: Actor | null, prods: ProductRow[], items: SaleItemInput[], terms: ClientTerms, currency: string, rate: bigint, base: string, checkDiscounts: { from: string; percent: string }[], history = false) {
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
  const checkGross = priceLines(parsed.map((l) => ({ ...l, discountBp: 0 })), 100_000_000n).subtotal;
  const rules = checkDiscounts.map((d) => ({ from: parseMoney(d.from, 'checkDiscounts.from'), bp: parsePercent(d.percent, 'checkDiscounts.percent') }));
  // a sale of the past keeps the discounts its file gives: today's category and check discounts do not apply
  const auto = history ? 0 : autoDiscount(terms.discountBp ?? 0, rules, checkGross);
  const priced = priceLines(parsed.map(({ explicitDiscount, ...l }) => ({ ...l, discountBp: explicitDiscount ? l.discountBp : auto })), rate);
  // a sale of the past keeps what its file says; no one gives a discount by hand today
  if (!history && actor) checkManual(actor, items, priced.lines, auto);
  return priced;
}

async function changeBonus(trx: Trx, clientId: number, saleId: number | null, kind: string, amount: Money, userId: number | null) {
  if (amount === 0n) return;
  await sql`INSERT INTO bonus_accounts (client_id) VALUES (${clientId}) ON CONFLICT DO NOTHING`.execute(trx);
  const r = await sql<{ balance: string }>`UPDATE bonus_accounts SET balance = balance + ${amount}, version = version + 1
    WHERE client_id = ${clientId} AND balance + ${amount} >= 0 RETURNING balance::text`.execute(trx);
  if (!r.rows[0]) {
    throw new AppError('BONUS_INSUFFICIENT', 'The client has not enough bonus points for this', [{ field: kind === 'redemption' ? 'payments' : 'bonus', message: 'not enough bonus points' }]);
  }
  await sql`INSERT INTO bonus_movements (client_id, sale_id, kind, amount, balance_after, user_id)
    VALUES (${clientId}, ${saleId}, ${kind}, ${amount}, ${r.rows[0].balance}::bigint, ${userId})`.execute(trx);
}

async function addPayments(trx: Trx, actor: Actor, sale: { id: number; clientId: number; total: Money; paid: Money; currency: string }, payments: PaymentInput[], base: string) {
  let paid = sale.paid;
  for (const [i, p] of payments.entries()) {
    const amount = parseMoney(p.amount, `payments.${i}.amount`);
    if (amount <= 0n) fail(`payments.${i}.amount`, 'must be more than 0');
    if (amount % 100n !== 0n) fail(`payments.${i}.amount`, 'whole cents only');
    paid += amount;
    if (paid > sale.total) fail(`payments.${i}.amount`, `more than the amount due (${formatMoney(sale.total - paid + amount)})`);
    if (p.method === 'bonus') {
      if (sale.currency !== base) fail(`payments.${i}.method`, 'bonus points pay only for sales in the base currency');
      await changeBonus(trx, sale.clientId, sale.id, 'redemption', -amount, who(actor));
    }
    await sql`INSERT INTO sale_payments (sale_id, method, amount, created_by) VALUES (${sale.id}, ${p.method}, ${amount}, ${who(actor)})`.execute(trx);
  }
  await sql`UPDATE sales SET paid = ${paid} WHERE id = ${sale.id}`.execute(trx);
  return paid;
}

/** Sum of completed purchases over the loyalty period -> the cumulative tier (unless a fixed category is set). */
export async function recomputeCategory(trx: Trx, clientId: number, tz: string, periodDays: number, userId: number | null) {
  const r = await sql<{ oldId: number | null; newId: number | null; changed: boolean }>`
    WITH s AS (
      SELECT coalesce(sum(base_total), 0) AS total FROM sales
      WHERE client_id = ${clientId} AND status = 'completed' AND day > (now() AT TIME ZONE ${tz})::date - ${periodDays}::int
    ), tier AS (
      SELECT (SELECT id FROM client_categories WHERE kind = 'cumulative' AND min_purchases <= s.total ORDER BY min_purchases DESC, id LIMIT 1) AS id FROM s
    ), old AS (SELECT category_id FROM clients WHERE id = ${clientId})
    UPDATE clients c SET category_id = tier.id FROM tier, old
    WHERE c.id = ${clientId} AND c.category_id IS DISTINCT FROM tier.id
      AND (c.category_id IS NULL OR c.category_id IN (SELECT id FROM client_categories WHERE kind = 'cumulative'))
    RETURNING old.category_id::int AS old_id, c.category_id::int AS new_id, true AS changed`.execute(trx);
  const ch = r.rows[0];
  if (ch) await insertAudit(trx, { userId, action: 'client.category', entity: 'client', entityId: clientId, changes: { categoryId: [ch.oldId, ch.newId] } });
}

async function addFact(trx: Trx, saleId: number, sign: 1n | -1n) {
  await sql`INSERT INTO sale_facts (sale_id, client_id, department_id, employee_id, day, amount)
    SELECT id, client_id, department_id, employee_id, day, base_total * ${sign} FROM sales WHERE id = ${saleId}`.execute(trx);
}

/** Completion: points accrue, the report sees the sale, the client's tier is recomputed. */
async function completeInTrx(trx: Trx, actor: Actor, saleId: number, terms: ClientTerms, settings: { timezone: string; loyaltyPeriodDays: number }) {
  const s = await sql<{ baseTotal: string; clientId: number }>`SELECT base_total::text, client_id::int AS client_id FROM sales WHERE id = ${saleId}`.execute(trx);
  const redeemed = await sql<{ r: string }>`SELECT coalesce(sum(amount), 0)::text AS r FROM sale_payments WHERE sale_id = ${saleId} AND method = 'bonus'`.execute(trx);
  const accrued = accrual(big(s.rows[0]!.baseTotal), big(redeemed.rows[0]!.r), terms.bonusBp ?? 0);
  await changeBonus(trx, terms.id, saleId, 'accrual', accrued, who(actor));
  await sql`UPDATE sales SET status = 'completed', completed_at = now(), bonus_accrued = ${accrued} WHERE id = ${saleId}`.execute(trx);
  await addFact(trx, saleId, 1n);
  await recomputeCategory(trx, terms.id, settings.timezone, settings.loyaltyPeriodDays, who(actor));
}

/** Who made the sale: the user, or (not for own-scope users) another user, active unless the sale is of the past (`history`). */
/**
 * Where a sale may be recorded: a role with the "all" scope (administrators, read-only, custom
 * roles so made) anywhere; any other (a manager, a senior manager) only in the user's own
 * department, and a user without a department nowhere (fail closed). docs/permissions.md.
 */
export function assertSalesDepartment(actor: Actor, departmentId: number) {
  if (actor.isAdmin || actor.scope === 'all') return;
  if (actor.departmentId === null || actor.departmentId !== departmentId) {
    throw new AppError('FORBIDDEN', 'You may record sales only in your own department', [{ field: 'departmentId', message: 'only your own department' }]);
  }
}

function employeeOf(actor: Actor, employeeId: number | undefined, found: { active: boolean } | null, history = false): number {
  if (employeeId === undefined || employeeId === actor.userId) {
    if (actor.userId > 0) return actor.userId;
    fail('employeeId', 'say which employee made the sale');
  }
  if (actor.scope === 'own') throw new AppError('FORBIDDEN', 'You may record sales only as yourself', [{ field: 'employeeId', message: 'only yourself' }]);
  if (!found || (!found.active && !history)) fail('employeeId', history ? 'no such user' : 'no such active user');
  return employeeId;
}

async function resolveEmployee(trx: Trx, actor: Actor, employeeId: number | undefined) {
  const u = employeeId === undefined ? [] : (await sql<{ active: boolean }>`SELECT active FROM users WHERE id = ${employeeId}`.execute(trx)).rows;
  return employeeOf(actor, employeeId, u[0] ?? null);
}

/**
 * Everything a new sale needs before pricing, in one locked read: the client's terms, the settings,
 * the department, the employee, the day in the firm's time zone, the products with their price-list
 * prices, and the names the answer shows.
 */
type SaleContext = ClientTerms & {
  settings: Settings; clientName: string; departmentName: string | null; employee: { name: string; active: boolean } | null; day: string | null;
  listCurrency: string | null; hasTiers: boolean; products: ProductRow[];
};

async function saleContext(trx: Trx, actor: Actor, input: SaleInput, employeeId: number, soldAt: Date | null, lock: boolean): Promise<SaleContext> {
  const r = await sql<SaleContext>`${PREPARED}SELECT c.id::int, c.price_list_id::int AS price_list_id, c.category_id::int AS category_id, k.kind AS category_kind, k.discount_bp, k.bonus_bp,
      c.display_name AS client_name,
      (SELECT jsonb_object_agg(key, value) FROM settings) AS settings,
      (SELECT name FROM departments WHERE id = ${input.departmentId}) AS department_name,
      (SELECT json_build_object('name', name, 'active', active) FROM users WHERE id = ${employeeId}) AS employee,
      to_char((${soldAt}::timestamptz AT TIME ZONE (SELECT value #>> '{}' FROM settings WHERE key = 'timezone'))::date, 'YYYY-MM-DD') AS day,
      (SELECT currency FROM price_lists WHERE id = c.price_list_id) AS list_currency,
      EXISTS (SELECT 1 FROM client_categories WHERE kind = 'cumulative') AS has_tiers,
      (SELECT coalesce(json_agg(json_build_object('id', p.id::int, 'price', p.price::text, 'active', p.active, 'listPrice', li.price::text,
          'listCurrency', pl.currency, 'name', p.name, 'unit', p.unit)), '[]')
        FROM products p
        LEFT JOIN price_list_items li ON li.product_id = p.id AND li.price_list_id = c.price_list_id
        LEFT JOIN price_lists pl ON pl.id = li.price_list_id
        WHERE p.id = ANY(${[...new Set(input.items.map((i) => i.productId))]}::bigint[])) AS products
    FROM clients c LEFT JOIN client_categories k ON k.id = c.category_id
    WHERE c.id = ${input.clientId} AND ${scopeSql(actor)} ${lock ? sql`FOR NO KEY UPDATE OF c` : sql``}`.execute(trx);
  if (!r.rows[0]) throw new AppError('CLIENT_NOT_FOUND', 'No such client', [{ field: 'clientId', message: 'no such client' }]);
  return r.rows[0];
}

/** The payments of a new sale, checked as addPayments checks them (same messages), without writing. */
function checkNewPayments(payments: PaymentInput[], total: Money, currency: string, base: string) {
  let paid = 0n;
  const out = payments.map((p, i) => {
    const amount = parseMoney(p.amount, `payments.${i}.amount`);
    if (amount <= 0n) fail(`payments.${i}.amount`, 'must be more than 0');
    if (amount % 100n !== 0n) fail(`payments.${i}.amount`, 'whole cents only');
    paid += amount;
    if (paid > total) fail(`payments.${i}.amount`, `more than the amount due (${formatMoney(total - paid + amount)})`);
    if (p.method === 'bonus' && currency !== base) fail(`payments.${i}.method`, 'bonus points pay only for sales in the base currency');
    return { method: p.method, amount };
  });
  return { payments: out, paid };
}

/**
 * Records a sale in two round trips (the sale-write benchmark, docs/performance.md): one read of
 * the client, settings, department, employee, day and products; one statement that writes the sale
 * in its final state with its items, payments, report fact, audit row and bonus accrual, atomic by
 * itself. The answer is built from what was written (the same shape as getSale, which a test
 * checks), not read back. Points paid with (rare) and a cumulative tier (only when tiers exist and
 * the client has no fixed category) take their own statements, so such a sale is recorded in a
 * transaction that begins by locking the client: four round trips and more.
 */
export async function createSale(db: Kysely<DB>, actor: Actor, input: SaleInput, ip?: string) {
  requireRight(actor, 'sales', 'create');
  // the answer is the sale: a role that may record sales but not read them is refused before
  // anything is written, not after
  requireRight(actor, 'sales', 'read');
  // most sales are one statement after the read, so they need no transaction of their own (two
  // round trips instead of four); a sale paid with points or with a tier to recompute takes one
  const seen = (hasTiers: boolean) => tiersSeen.set(db, hasTiers);
  const atOnce = !tiersSeen.get(db) && !(input.payments ?? []).some((p) => p.method === 'bonus');
  const written = (atOnce ? await recordSaleWith(db, actor, input, { ip, seen }, true) : null)
    ?? (await db.transaction().execute((trx) => recordSaleWith(trx, actor, input, { ip, seen }, false)))!;
  return written.view();
}

/**
 * Whether the last sale's read found cumulative tiers, per database (a firm either has them or
 * not): a sale of such a firm may recompute its client's tier after writing, which needs a
 * transaction, so it starts with one instead of reading twice.
 */
const tiersSeen = new WeakMap<Kysely<DB>, boolean>();

/** What recordSale wrote: the sale's id, and the sale as getSale would show it. */
export type RecordedSale = { id: number; view: () => Awaited<ReturnType<typeof getSale>> };

/**
 * A new sale written inside the caller's transaction (createSale; the sales-history import, which
 * records many sales in one batch). `history`: a sale of the past brought in from another program —
 * it may name a product discontinued since, or an employee who has left, gets no automatic
 * discounts (only those its lines give), and earns no bonus points (the points of the past are not
 * known); it still counts in the reports and for a cumulative tier.
 */
export async function recordSale(trx: Trx, actor: Actor, input: SaleInput, opts: RecordOptions = {}): Promise<RecordedSale> {
  return (await recordSaleWith(trx, actor, input, opts, false))!;
}

type RecordOptions = { ip?: string; history?: boolean; importJob?: number; payInFull?: Exclude<PaymentMethod, 'bonus'>; seen?: (hasTiers: boolean) => void };

/**
 * `atOnce`: `db` is not a transaction. The context is read without locking the client and the sale
 * is written by its one statement, which is atomic by itself; null (nothing written) when the sale
 * needs more than that statement (points paid with, a tier to recompute), for the caller to record
 * it in a transaction. What the client's lock gave, the statement keeps: it locks the client
 * first and writes no sale if the client or a product went meanwhile, and the bonus account is
 * added to in place.
 */
async function recordSaleWith(trx: Trx, actor: Actor, input: SaleInput, opts: RecordOptions, atOnce: boolean): Promise<RecordedSale | null> {
  requireRight(actor, 'sales', 'create');
  const ip = opts.ip;
  if (input.items.length === 0) fail('items', 'at least one item');
  const soldAt = input.soldAt ? new Date(input.soldAt) : new Date();
  const valid = !Number.isNaN(soldAt.getTime());
  const ctx = await saleContext(trx, actor, input, input.employeeId ?? (actor.userId > 0 ? actor.userId : 0), valid ? soldAt : null, !atOnce);
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
  const pays = opts.payInFull ? { payments: [{ method: opts.payInFull, amount: priced.total }], paid: priced.total }
    : checkNewPayments(input.payments ?? [], priced.total, currency, settings.baseCurrency);
  const redeemed = pays.payments.filter((p) => p.method === 'bonus').reduce((a, p) => a + p.amount, 0n);
  const accrued = completed && !opts.history ? accrual(priced.baseTotal, redeemed, ctx.bonusBp ?? 0) : 0n;
  // points paid with are taken (with their balance check) before the accrual is added, so the
  // accrual joins the sale's statement only when the sale is not paid with points
  const accrueNow = accrued > 0n && redeemed === 0n;
  const recomputeTier = completed && ctx.hasTiers && (ctx.categoryId === null || ctx.categoryKind === 'cumulative');
  if (atOnce && (redeemed > 0n || recomputeTier)) return null;
  const lines = priced.lines;
  const productIds = [...new Set(lines.map((l) => l.productId))];
  const audit = JSON.stringify({ status, clientId: ctx.id, total: formatMoney(priced.total), currency, ...(opts.importJob ? { importJob: opts.importJob } : {}) });
  // g: the client, locked first (FOR KEY SHARE, as the key from the sale would lock it at the end
  // of the statement; locking it before the bonus account keeps the order of a client's delete,
  // which locks the client and then cascades to the account), still there and in scope; and every
  // product still there. Either missing: no sale at all.
  const sale = await sql<{ clientOk: boolean; productsOk: boolean; id: number | null; itemIds: number[]; paymentIds: number[]; at: Date }>`${PREPARED}WITH g AS (
      SELECT EXISTS (SELECT 1 FROM clients c WHERE c.id = ${ctx.id} AND ${scopeSql(actor)} FOR KEY SHARE OF c) AS client_ok,
        (SELECT count(*) FROM products WHERE id = ANY(${productIds}::bigint[])) = ${productIds.length} AS products_ok
    ), s AS (
      INSERT INTO sales (number, status, sold_at, day, client_id, department_id, employee_id, currency, rate, subtotal, total, base_total, paid, bonus_accrued, notes, created_by, completed_at)
      SELECT ${input.number ?? null}, ${status}, ${soldAt}, ${day}::date, ${ctx.id}, ${input.departmentId}, ${employeeId}, ${currency},
        ${formatRate(rate)}::numeric, ${priced.subtotal}, ${priced.total}, ${priced.baseTotal}, ${pays.paid}, ${accrued}, ${input.notes ?? null}, ${who(actor)},
        ${completed ? sql`now()` : sql`NULL`}
      FROM g WHERE g.client_ok AND g.products_ok
      RETURNING id, client_id, department_id, employee_id, day, base_total
    ), i AS (
      INSERT INTO sale_items (sale_id, line, product_id, quantity, price, discount_bp, amount, base_amount, manual_bp, manual_amount)
      SELECT s.id, t.line, t.product_id, t.quantity, t.price, t.discount_bp, t.amount, t.base_amount, t.manual_bp, t.manual_amount
      FROM s, unnest(${lines.map((_, i) => i + 1)}::int[], ${lines.map((l) => l.productId)}::bigint[], ${lines.map((l) => formatQuantity(l.quantity))}::numeric[],
        ${lines.map((l) => l.price.toString())}::bigint[], ${lines.map((l) => l.discountBp)}::int[], ${lines.map((l) => l.amount.toString())}::bigint[],
        ${lines.map((l) => l.baseAmount.toString())}::bigint[], ${lines.map(manualBpOf)}::int[], ${lines.map((l) => l.manualAmount.toString())}::bigint[])
        WITH ORDINALITY AS t(line, product_id, quantity, price, discount_bp, amount, base_amount, manual_bp, manual_amount, o)
      JOIN products pr ON pr.id = t.product_id -- instead of a foreign key (migration 012): a line of a product deleted since is not written
      ORDER BY t.o
      RETURNING id, line
    ), p AS (
      INSERT INTO sale_payments (sale_id, method, amount, created_by)
      SELECT s.id, t.method, t.amount, ${who(actor)}::bigint
      FROM s, unnest(${pays.payments.map((x) => x.method)}::text[], ${pays.payments.map((x) => x.amount.toString())}::bigint[]) WITH ORDINALITY AS t(method, amount, o)
      ORDER BY t.o
      RETURNING id
    ), f AS (
      INSERT INTO sale_facts (sale_id, client_id, department_id, employee_id, day, amount)
      SELECT id, client_id, department_id, employee_id, day, base_total FROM s WHERE ${completed}
    ), a AS (
      INSERT INTO audit_log (user_id, action, entity, entity_id, changes, ip)
      SELECT ${who(actor)}::bigint, 'sale.created', 'sale', s.id, ${audit}::jsonb, ${ip ?? null}::text FROM s
    ), acc AS (
      INSERT INTO bonus_accounts AS b (client_id, balance, version)
      SELECT s.client_id, ${accrued}::bigint, 2 FROM s WHERE ${accrueNow}::boolean
      ON CONFLICT (client_id) DO UPDATE SET balance = b.balance + excluded.balance, version = b.version + 1
      RETURNING balance
    ), m AS (
      INSERT INTO bonus_movements (client_id, sale_id, kind, amount, balance_after, user_id)
      SELECT s.client_id, s.id, 'accrual', ${accrued}::bigint, acc.balance, ${who(actor)}::bigint FROM s, acc
    )
    SELECT g.client_ok, g.products_ok, s.id::int, ARRAY(SELECT id::int FROM i ORDER BY line) AS item_ids, ARRAY(SELECT id::int FROM p ORDER BY id) AS payment_ids, now() AS at
    FROM g LEFT JOIN s ON true`.execute(trx);
  const row = sale.rows[0]!;
  if (!row.clientOk) throw new AppError('CLIENT_NOT_FOUND', 'No such client', [{ field: 'clientId', message: 'no such client' }]);
  if (!row.productsOk || row.id === null || row.itemIds.length !== lines.length) productGone();
  const w = { ...row, id: row.id }; // the id, known now not to be null, for the answer built below
  for (const p of pays.payments) if (p.method === 'bonus') await changeBonus(trx, ctx.id, w.id, 'redemption', -p.amount, who(actor));
  if (accrued > 0n && !accrueNow) await accrue(trx, ctx.id, w.id, accrued, who(actor));
  if (recomputeTier) {
    await recomputeCategory(trx, ctx.id, settings.timezone, settings.loyaltyPeriodDays, who(actor));
  }
  const products = new Map(ctx.products.map((p) => [p.id, p]));
  // getSale's shape (sales.read.ts), from the values just written
  const view = () => ({
    id: w.id, number: input.number ?? null, kind: 'sale', correctsId: null, status, soldAt: soldAt.toISOString(), day,
    clientId: ctx.id, clientName: ctx.clientName, departmentId: input.departmentId, departmentName: ctx.departmentName!, employeeId,
    employeeName: ctx.employee?.name ?? '',
    currency, rate: formatRate(rate), subtotal: formatMoney(priced.subtotal), total: formatMoney(priced.total), baseTotal: formatMoney(priced.baseTotal),
    paid: formatMoney(pays.paid), debt: formatMoney(priced.total - pays.paid), bonusAccrued: formatMoney(accrued), notes: input.notes ?? null, version: 1,
    items: lines.map((l, i) => ({
      id: w.itemIds[i]!, line: i + 1, productId: l.productId, productName: products.get(l.productId)!.name, unit: products.get(l.productId)!.unit,
      quantity: formatQuantity(l.quantity), price: formatMoney(l.price), discount: formatPercent(l.discountBp), amount: formatMoney(l.amount),
      baseAmount: formatMoney(l.baseAmount), correctsItemId: null, ...manualOut(manualBpOf(l), l.manualAmount),
    })),
    payments: pays.payments.map((p, i) => ({ id: w.paymentIds[i]!, method: p.method, amount: formatMoney(p.amount), paidAt: w.at.toISOString() })),
    returnIds: [] as number[],
  });
  return { id: w.id, view };
}

/** Points added (never below zero, so no balance check): the account and its movement in one statement. */
async function accrue(trx: Trx, clientId: number, saleId: number, amount: Money, userId: number | null) {
  await sql`${PREPARED}WITH b AS (
      INSERT INTO bonus_accounts AS b (client_id, balance, version) VALUES (${clientId}, ${amount}, 2)
      ON CONFLICT (client_id) DO UPDATE SET balance = b.balance + excluded.balance, version = b.version + 1
      RETURNING balance
    )
    INSERT INTO bonus_movements (client_id, sale_id, kind, amount, balance_after, user_id)
    SELECT ${clientId}, ${saleId}, 'accrual', ${amount}, b.balance, ${userId}::bigint FROM b`.execute(trx);
}

/** The products of a sale are checked when its lines are written, not by a foreign key (migration 012). */
function productGone(): never {
  throw new AppError('VALIDATION_FAILED', 'items: a product of the sale was deleted meanwhile', [{ field: 'items', message: 'no such product' }]);
}

/** The manual discount's percentage to store (sale_items.manual_bp), when it was given as one. */
const manualBpOf = (l: LineInput) => (l.manual?.kind === 'percent' ? l.manual.bp : null);

async function insertItems(trx: Trx, saleId: number, lines: (PricedLine & { correctsItemId?: number })[]) {
  const r = await sql`INSERT INTO sale_items (sale_id, line, product_id, corrects_item_id, quantity, price, discount_bp, amount, base_amount, manual_bp, manual_amount)
    SELECT ${saleId}, t.line, t.product_id, t.corrects, t.quantity, t.price, t.discount_bp, t.amount, t.base_amount, t.manual_bp, t.manual_amount
    FROM unnest(${lines.map((_, i) => i + 1)}::int[], ${lines.map((l) => l.productId)}::bigint[], ${lines.map((l) => l.correctsItemId ?? null)}::bigint[],
      ${lines.map((l) => formatQuantity(l.quantity))}::numeric[], ${lines.map((l) => l.price.toString())}::bigint[], ${lines.map((l) => l.discountBp)}::int[],
      ${lines.map((l) => l.amount.toString())}::bigint[], ${lines.map((l) => l.baseAmount.toString())}::bigint[], ${lines.map(manualBpOf)}::int[],
      ${lines.map((l) => l.manualAmount.toString())}::bigint[])
      AS t(line, product_id, corrects, quantity, price, discount_bp, amount, base_amount, manual_bp, manual_amount)
    JOIN products p ON p.id = t.product_id`.execute(trx);
  if (Number(r.numAffectedRows) !== lines.length) productGone();
}

type SaleHead = { id: number; kind: string; status: string; clientId: number; total: string; paid: string; currency: string; version: number; baseTotal: string; bonusAccrued: string; rate: string; departmentId: number };

async function lockSale(trx: Trx, actor: Actor, id: number): Promise<SaleHead> {
  const r = await sql<SaleHead>`SELECT s.id::int, s.kind, s.status, s.client_id::int AS client_id, s.total::text, s.paid::text, s.currency, s.version, s.base_total::text,
      s.bonus_accrued::text, s.rate::text, s.department_id::int AS department_id
    FROM sales s JOIN clients c ON c.id = s.client_id WHERE s.id = ${id} AND ${scopeSql(actor)} FOR UPDATE OF s`.execute(trx);
  if (!r.rows[0]) throw new AppError('SALE_NOT_FOUND', 'No such sale');
  return r.rows[0];
}

function checkVersion(s: SaleHead, version: number) {
  if (s.version !== version) throw new AppError('VERSION_CONFLICT', 'The sale was changed by someone else', { currentVersion: s.version });
}

/** Draft and pre-order only: replaces the items and header fields. */
export async function updateSale(db: Kysely<DB>, actor: Actor, id: number, input: Partial<SaleInput> & { version: number }, ip?: string) {
  requireRight(actor, 'sales', 'edit');
  await db.transaction().execute(async (trx) => {
    const s = await lockSale(trx, actor, id);
    checkVersion(s, input.version);
    if (s.status !== 'draft' && s.status !== 'preorder') throw new AppError('INVALID_STATE', 'A completed or cancelled sale cannot be edited; make a return or cancel it');
    const settings = await getSettings(trx);
    const terms = await clientTerms(trx, actor, input.clientId ?? s.clientId, true);
    if (input.departmentId) {
      const dept = await sql`SELECT 1 FROM departments WHERE id = ${input.departmentId}`.execute(trx);
      if (!dept.rows.length) fail('departmentId', 'no such department');
      assertSalesDepartment(actor, input.departmentId);
    }
    const employeeId = input.employeeId === undefined ? undefined : await resolveEmployee(trx, actor, input.employeeId);
    const rate = numericToScaled(s.rate, 8);
    const items = input.items ?? (await sql<{ productId: number; quantity: string; price: string; discountBp: number; manualBp: number | null; manualAmount: string }>`SELECT product_id::int AS product_id, quantity::text, price::text, discount_bp,
        manual_bp, manual_amount::text FROM sale_items WHERE sale_id = ${id} ORDER BY line`.execute(trx)).rows
      .map((r) => {
        const m = manualOut(r.manualBp, big(r.manualAmount));
        return { productId: r.productId, quantity: r.quantity, price: formatMoney(big(r.price)), discount: formatPercent(r.discountBp), ...(m.manualDiscountKind ? { manualDiscount: m.manualDiscount!, manualDiscountKind: m.manualDiscountKind } : {}) };
      });
    if (items.length === 0) fail('items', 'at least one item');
    // a change that leaves the lines alone keeps their discounts by hand, whoever makes it
    const priced = await priceItems(trx, input.items ? actor : null, items, terms, s.currency, rate, settings.baseCurrency, settings.checkDiscounts);
    if (priced.total < big(s.paid)) fail('items', 'the new total is less than what is already paid');
    await sql`UPDATE sales SET client_id = ${terms.id}, department_id = coalesce(${input.departmentId ?? null}::bigint, department_id),
        employee_id = coalesce(${employeeId ?? null}::bigint, employee_id), status = coalesce(${input.status === 'completed' ? null : (input.status ?? null)}, status),
        number = ${input.number === undefined ? sql`number` : sql`${input.number}`}, notes = ${input.notes === undefined ? sql`notes` : sql`${input.notes}`},
        subtotal = ${priced.subtotal}, total = ${priced.total}, base_total = ${priced.baseTotal}, version = version + 1
      WHERE id = ${id}`.execute(trx);
    await sql`DELETE FROM sale_items WHERE sale_id = ${id}`.execute(trx);
    await insertItems(trx, id, priced.lines);
    if (input.payments?.length) await addPayments(trx, actor, { id, clientId: terms.id, total: priced.total, paid: big(s.paid), currency: s.currency }, input.payments, settings.baseCurrency);
    if (input.status === 'completed') await completeInTrx(trx, actor, id, terms, settings);
    await insertAudit(trx, { userId: who(actor), action: 'sale.changed', entity: 'sale', entityId: id, changes: { ...input, version: undefined }, ip });
  });
  return getSale(db, actor, id);
}

export async function completeSale(db: Kysely<DB>, actor: Actor, id: number, version: number, payments: PaymentInput[], ip?: string) {
  requireRight(actor, 'sales', 'edit');
  await db.transaction().execute(async (trx) => {
    const s = await lockSale(trx, actor, id);
    checkVersion(s, version);
    if (s.status !== 'draft' && s.status !== 'preorder') throw new AppError('INVALID_STATE', `The sale is ${s.status}`);
    const settings = await getSettings(trx);
    const terms = await clientTerms(trx, actor, s.clientId, true);
    if (payments.length) await addPayments(trx, actor, { id, clientId: s.clientId, total: big(s.total), paid: big(s.paid), currency: s.currency }, payments, settings.baseCurrency);
    await completeInTrx(trx, actor, id, terms, settings);
    await sql`UPDATE sales SET version = version + 1 WHERE id = ${id}`.execute(trx);
    await insertAudit(trx, { userId: who(actor), action: 'sale.completed', entity: 'sale', entityId: id, ip });
  });
  return getSale(db, actor, id);
}

/** A payment towards a sale's debt (also after completion: paying a debt does not change the sale). */
export async function paySale(db: Kysely<DB>, actor: Actor, id: number, payments: PaymentInput[], ip?: string) {
  requireRight(actor, 'sales', 'edit');
  await db.transaction().execute(async (trx) => {
    const s = await lockSale(trx, actor, id);
    if (s.status === 'cancelled' || s.kind === 'return') throw new AppError('INVALID_STATE', 'Nothing is due on this document');
    const settings = await getSettings(trx);
    await addPayments(trx, actor, { id, clientId: s.clientId, total: big(s.total), paid: big(s.paid), currency: s.currency }, payments, settings.baseCurrency);
    await sql`UPDATE sales SET version = version + 1 WHERE id = ${id}`.execute(trx);
    await insertAudit(trx, { userId: who(actor), action: 'sale.paid', entity: 'sale', entityId: id, changes: { payments }, ip });
  });
  return getSale(db, actor, id);
}

/** Cancels a draft / pre-order, or a completed sale by reversal: money refunded, points returned and taken back, report facts negated. */
export async function cancelSale(db: Kysely<DB>, actor: Actor, id: number, version: number, reason: string | undefined, ip?: string) {
  requireRight(actor, 'sales', 'edit');
  await db.transaction().execute(async (trx) => {
    const s = await lockSale(trx, actor, id);
    checkVersion(s, version);
    if (s.status === 'cancelled') throw new AppError('INVALID_STATE', 'The sale is already cancelled');
    const settings = await getSettings(trx);
    await clientTerms(trx, actor, s.clientId, true);
    if (s.status === 'completed') {
      if (s.kind === 'sale') {
        const returns = await sql`SELECT 1 FROM sales WHERE corrects_id = ${id} AND status = 'completed' LIMIT 1`.execute(trx);
        if (returns.rows.length) throw new AppError('INVALID_STATE', 'The sale has returns; cancel them first');
      }
      await addFact(trx, id, -1n);
      await changeBonus(trx, s.clientId, id, 'reversal', -big(s.bonusAccrued), who(actor));
    }
    // refund every payment by method (points go back to the account)
    const byMethod = await sql<{ method: PaymentMethod; sum: string }>`SELECT method, sum(amount)::text AS sum FROM sale_payments WHERE sale_id = ${id} GROUP BY method HAVING sum(amount) <> 0`.execute(trx);
    for (const p of byMethod.rows) {
      if (p.method === 'bonus') await changeBonus(trx, s.clientId, id, 'reversal', big(p.sum), who(actor));
      await sql`INSERT INTO sale_payments (sale_id, method, amount, created_by) VALUES (${id}, ${p.method}, ${-big(p.sum)}, ${who(actor)})`.execute(trx);
    }
    await sql`UPDATE sales SET status = 'cancelled', cancelled_at = now(), paid = 0, version = version + 1 WHERE id = ${id}`.execute(trx);
    if (s.status === 'completed') await recomputeCategory(trx, s.clientId, settings.timezone, settings.loyaltyPeriodDays, who(actor));
    await insertAudit(trx, { userId: who(actor), action: 'sale.cancelled', entity: 'sale', entityId: id, changes: { reason: reason ?? null, wasStatus: s.status }, ip });
  });
  return getSale(db, actor, id);
}

/** A return: a new completed document with negative lines at the original prices, linked to the sale. */
export async function returnSale(db: Kysely<DB>, actor: Actor, id: number, input: { items: { itemId: number; quantity: string }[]; refund: Exclude<PaymentMethod, 'bonus'> | 'none' }, ip?: string) {
  requireRight(actor, 'sales', 'edit');
  const returnId = await db.transaction().execute(async (trx) => {
    const s = await lockSale(trx, actor, id);
    if (s.kind !== 'sale' || s.status !== 'completed') throw new AppError('INVALID_STATE', 'Only a completed sale can be returned');
    const settings = await getSettings(trx);
    const terms = await clientTerms(trx, actor, s.clientId, true);
    const orig = await sql<{ id: number; productId: number; quantity: string; price: string; discountBp: number; manualAmount: string; returned: string; manualReturned: string }>`
      SELECT i.id::int, i.product_id::int AS product_id, i.quantity::text, i.price::text, i.discount_bp, i.manual_amount::text, r.returned::text, r.manual_returned::text
      FROM sale_items i, LATERAL (SELECT coalesce(-sum(x.quantity), 0) AS returned, coalesce(-sum(x.manual_amount), 0) AS manual_returned
        FROM sale_items x JOIN sales rs ON rs.id = x.sale_id WHERE x.corrects_item_id = i.id AND rs.status = 'completed') r
      WHERE i.sale_id = ${id}`.execute(trx);
    const byId = new Map(orig.rows.map((r) => [r.id, r]));
    const issues = new Issues();
    const lines: (LineInput & { correctsItemId: number })[] = [];
    input.items.forEach((it, i) => {
      const o = byId.get(it.itemId);
      if (!o) return issues.add(`items.${i}.itemId`, 'not a line of this sale');
      let q: bigint;
      try {
        q = parseQuantity(it.quantity, `items.${i}.quantity`);
      } catch {
        return issues.add(`items.${i}.quantity`, 'a quantity expected');
      }
      const left = numericToScaled(o.quantity, 3) - numericToScaled(o.returned, 3);
      if (q <= 0n || q > left) return issues.add(`items.${i}.quantity`, `between 0 and ${formatQuantity(left)}`);
      // the manual discount goes back in proportion (the last of the line: whatever of it is left)
      const manual = big(o.manualAmount);
      const back = manual === 0n ? 0n : manualShare(manual, numericToScaled(o.quantity, 3), q, manual - big(o.manualReturned), q === left);
      lines.push({ productId: o.productId, quantity: -q, price: big(o.price), discountBp: o.discountBp, correctsItemId: o.id, manual: back === 0n ? null : { kind: 'amount', amount: -back } });
    });
    if (!lines.length) issues.add('items', 'at least one line');
    issues.throwIfAny();
    const rate = numericToScaled(s.rate, 8);
    const priced = priceLines(lines, rate);
    const withRefs = priced.lines.map((l, i) => ({ ...l, correctsItemId: lines[i]!.correctsItemId }));
    const r = await sql<{ id: number }>`INSERT INTO sales (kind, corrects_id, status, sold_at, day, client_id, department_id, employee_id, currency, rate, subtotal, total, base_total, created_by, completed_at)
      VALUES ('return', ${id}, 'completed', now(), (now() AT TIME ZONE ${settings.timezone})::date, ${s.clientId}, ${s.departmentId}, ${who(actor)}, ${s.currency},
        ${s.rate}::numeric, ${priced.subtotal}, ${priced.total}, ${priced.baseTotal}, ${who(actor)}, now()) RETURNING id::int`.execute(trx);
    const rid = r.rows[0]!.id;
    await insertItems(trx, rid, withRefs);
    // refund what was paid in money, up to the returned amount; the rest reduces the debt
    const paidMoney = await sql<{ p: string }>`SELECT coalesce(sum(p.amount), 0)::text AS p FROM sale_payments p JOIN sales x ON x.id = p.sale_id
      WHERE (x.id = ${id} OR (x.corrects_id = ${id} AND x.status = 'completed')) AND p.method <> 'bonus'`.execute(trx);
    const refund = input.refund === 'none' ? 0n : [big(paidMoney.rows[0]!.p), -priced.total].reduce((a, b) => (a < b ? a : b));
    if (refund > 0n) {
      await sql`INSERT INTO sale_payments (sale_id, method, amount, created_by) VALUES (${rid}, ${input.refund}, ${-refund}, ${who(actor)})`.execute(trx);
      await sql`UPDATE sales SET paid = ${-refund} WHERE id = ${rid}`.execute(trx);
    }
    const takeBack = accrualShare(big(s.bonusAccrued), -priced.baseTotal, big(s.baseTotal));
    await changeBonus(trx, s.clientId, rid, 'reversal', -takeBack, who(actor));
    await sql`UPDATE sales SET bonus_accrued = ${-takeBack} WHERE id = ${rid}`.execute(trx);
    await addFact(trx, rid, 1n);
    await sql`UPDATE sales SET version = version + 1 WHERE id = ${id}`.execute(trx);
    await recomputeCategory(trx, terms.id, settings.timezone, settings.loyaltyPeriodDays, who(actor));
    await insertAudit(trx, { userId: who(actor), action: 'sale.returned', entity: 'sale', entityId: id, changes: { returnId: rid, items: input.items, refund: formatMoney(refund) }, ip });
    return rid;
  });
  return getSale(db, actor, returnId);
}

/** Prices a would-be sale without saving it (the sale form shows totals and discounts as you type). */
export async function quoteSale(db: Kysely<DB>, actor: Actor, input: { clientId: number; currency?: string; soldAt?: string; items: SaleItemInput[] }) {
  requireRight(actor, 'sales', 'create');
  const settings = await getSettings(db);
  const terms = await clientTerms(db, actor, input.clientId, false);
  // the rate's day is the sale's day in the firm's time zone, as when the sale is saved
  const at = input.soldAt ? new Date(input.soldAt) : new Date();
  if (Number.isNaN(at.getTime())) fail('soldAt', 'not a date and time');
  const day = (await sql<{ day: string }>`SELECT to_char((${at}::timestamptz AT TIME ZONE ${settings.timezone})::date, 'YYYY-MM-DD') AS day`.execute(db)).rows[0]!.day;
  let currency = input.currency;
  if (!currency && terms.priceListId) currency = (await sql<{ currency: string }>`SELECT currency FROM price_lists WHERE id = ${terms.priceListId}`.execute(db)).rows[0]?.currency;
  currency ??= settings.baseCurrency;
  const rate = await rateOn(db, currency, day, settings.baseCurrency);
  const p = await priceItems(db, actor, input.items, terms, currency, rate, settings.baseCurrency, settings.checkDiscounts);
  const bonus = await sql<{ balance: string }>`SELECT balance::text FROM bonus_accounts WHERE client_id = ${terms.id}`.execute(db);
  return {
    currency, rate: formatRate(rate), subtotal: formatMoney(p.subtotal), total: formatMoney(p.total), baseTotal: formatMoney(p.baseTotal),
    bonusBalance: formatMoney(big(bonus.rows[0]?.balance)),
    items: p.lines.map((l) => ({ productId: l.productId, quantity: formatQuantity(l.quantity), price: formatMoney(l.price), discount: formatPercent(l.discountBp), amount: formatMoney(l.amount), ...manualOut(manualBpOf(l), l.manualAmount) })),
  };
}
