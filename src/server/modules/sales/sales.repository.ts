// Every SQL statement of the sales feature: sales, their lines and payments, bonus accounts,
// report facts, a client's terms, bonus history and health. The services (sale-record.service.ts,
// sale-lifecycle.service.ts, loyalty.service.ts, client-commerce.service.ts, sales.read.ts) hold
// the rules. Money columns are read as text (bigint beyond 2^53 stays exact) and parsed with
// big(); rows of simple reads come typed from the generated schema (src/server/db/schema.ts).
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { PREPARED } from '../../db/database.js';
import type { Row } from '../../db/rows.js';
import type { DB, SalesTable } from '../../db/schema.js';
import { formatQuantity, formatRate, type Money } from '../../shared/money.js';
import type { Actor } from '../access/rights.js';
import { scopeSql } from '../access/scope.js';
import type { Settings } from '../settings/settings.service.js';
import type { PricedLine } from './pricing.js';
import type { PaymentMethod, SaleInput } from './sales.schemas.js';

type Db = Kysely<DB>;
/** A points balance read as text (bigint stays exact). */
type BalanceRow = { balance: string };

/** What the pricing of a client's sale depends on. */
export type ClientTerms = {
  id: number;
  priceListId: number | null;
  categoryId: number | null;
  categoryKind: string | null;
  discountBp: number | null;
  bonusBp: number | null;
};
export type ProductRow = {
  id: number;
  price: string;
  active: boolean;
  listPrice: string | null;
  listCurrency: string | null;
  name: string;
  unit: string;
};

/** A client in the actor's scope with its price list and category; `lock`: FOR NO KEY UPDATE (a sale's writes serialise per client). */
export async function findClientTerms(db: Db, actor: Actor, clientId: number, lock: boolean): Promise<ClientTerms | undefined> {
  const r =
    await sql<ClientTerms>`SELECT c.id::int, c.price_list_id::int AS price_list_id, c.category_id::int AS category_id, k.kind AS category_kind, k.discount_bp, k.bonus_bp
    FROM clients c LEFT JOIN client_categories k ON k.id = c.category_id
    WHERE c.id = ${clientId} AND ${scopeSql(actor)} ${lock ? sql`FOR NO KEY UPDATE OF c` : sql``}`.execute(db);
  return r.rows[0];
}

/** The products of a sale's lines with their price in the client's price list (if any). */
export async function findProducts(db: Db, productIds: number[], priceListId: number | null): Promise<ProductRow[]> {
  const ids = [...new Set(productIds)];
  const prods =
    await sql<ProductRow>`${PREPARED}SELECT p.id::int, p.price::text, p.active, li.price::text AS list_price, pl.currency AS list_currency, p.name, p.unit
    FROM products p
    LEFT JOIN price_list_items li ON li.product_id = p.id AND li.price_list_id = ${priceListId}
    LEFT JOIN price_lists pl ON pl.id = li.price_list_id
    WHERE p.id = ANY(${ids}::bigint[])`.execute(db);
  return prods.rows;
}

export async function departmentExists(db: Db, id: number): Promise<boolean> {
  return (await db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function findUserActive(db: Db, id: number): Promise<{ active: boolean; departmentId: number | null } | undefined> {
  return db.selectFrom('users').select(['active', 'departmentId']).where('id', '=', id).executeTakeFirst();
}

export async function priceListCurrency(db: Db, id: number): Promise<string | undefined> {
  return (await db.selectFrom('priceLists').select('currency').where('id', '=', id).executeTakeFirst())?.currency;
}

/** A moment's day in the firm's time zone, YYYY-MM-DD. */
export async function dayIn(db: Db, at: Date, timezone: string): Promise<string> {
  return (await sql<{ day: string }>`SELECT to_char((${at}::timestamptz AT TIME ZONE ${timezone})::date, 'YYYY-MM-DD') AS day`.execute(db)).rows[0]!
    .day;
}

// ---------------------------------------------------------------- bonus points

/** A client's points (text: exact), undefined without an account. */
export async function bonusBalance(db: Db, clientId: number): Promise<string | undefined> {
  return (await sql<BalanceRow>`SELECT balance::text FROM bonus_accounts WHERE client_id = ${clientId}`.execute(db)).rows[0]?.balance;
}

export type BonusChange = {
  clientId: number;
  saleId: number | null;
  kind: 'accrual' | 'redemption' | 'reversal' | 'adjustment';
  amount: Money;
  userId: number | null;
};

/**
 * The one way a client's points change (loyalty.service.ts says when; the one-statement sale of
 * insertSale adds its accrual the same way inside its own statement): adds `amount` to the
 * client's points and records the movement, in one statement. Points added (or 0) need no balance
 * check: the account is created or added to in place. Points taken come off an existing account
 * only while its balance stays at or above zero. The new balance, or undefined when there were
 * not enough points (nothing written).
 */
export async function addBonus(db: Db, c: BonusChange): Promise<string | undefined> {
  const r =
    c.amount >= 0n
      ? await sql<BalanceRow>`${PREPARED}WITH b AS (
        INSERT INTO bonus_accounts AS b (client_id, balance, version) VALUES (${c.clientId}, ${c.amount}, 2)
        ON CONFLICT (client_id) DO UPDATE SET balance = b.balance + excluded.balance, version = b.version + 1
        RETURNING balance
      )
      INSERT INTO bonus_movements (client_id, sale_id, kind, amount, balance_after, user_id)
      SELECT ${c.clientId}, ${c.saleId}::bigint, ${c.kind}, ${c.amount}, b.balance, ${c.userId}::bigint FROM b
      RETURNING balance_after::text AS balance`.execute(db)
      : await sql<BalanceRow>`${PREPARED}WITH b AS (
        UPDATE bonus_accounts SET balance = balance + ${c.amount}, version = version + 1
        WHERE client_id = ${c.clientId} AND balance + ${c.amount} >= 0 RETURNING balance
      )
      INSERT INTO bonus_movements (client_id, sale_id, kind, amount, balance_after, user_id)
      SELECT ${c.clientId}, ${c.saleId}::bigint, ${c.kind}, ${c.amount}, b.balance, ${c.userId}::bigint FROM b
      RETURNING balance_after::text AS balance`.execute(db);
  return r.rows[0]?.balance;
}

export async function bonusMovements(db: Db, clientId: number, limit: number) {
  return (
    await sql<Pick<Row<'bonusMovements'>, 'id' | 'saleId' | 'kind' | 'at'> & { amount: string; balanceAfter: string }>`
    SELECT id::int, sale_id::int AS sale_id, kind, amount::text, balance_after::text, at FROM bonus_movements WHERE client_id = ${clientId} ORDER BY id DESC LIMIT ${limit}`.execute(
      db,
    )
  ).rows;
}

/**
 * Sum of completed purchases over the loyalty period -> the cumulative tier (unless a fixed
 * category is set). The change made, if any.
 */
export async function updateCumulativeTier(db: Db, clientId: number, tz: string, periodDays: number) {
  const r = await sql<{ oldId: Row<'clients'>['categoryId']; newId: Row<'clients'>['categoryId'] }>`
    WITH s AS (
      SELECT coalesce(sum(base_total), 0) AS total FROM sales
      WHERE client_id = ${clientId} AND status = 'completed' AND day > (now() AT TIME ZONE ${tz})::date - ${periodDays}::int
    ), tier AS (
      SELECT (SELECT id FROM client_categories WHERE kind = 'cumulative' AND min_purchases <= s.total ORDER BY min_purchases DESC, id LIMIT 1) AS id FROM s
    ), old AS (SELECT category_id FROM clients WHERE id = ${clientId})
    UPDATE clients c SET category_id = tier.id FROM tier, old
    WHERE c.id = ${clientId} AND c.category_id IS DISTINCT FROM tier.id
      AND (c.category_id IS NULL OR c.category_id IN (SELECT id FROM client_categories WHERE kind = 'cumulative'))
    RETURNING old.category_id::int AS old_id, c.category_id::int AS new_id`.execute(db);
  return r.rows[0];
}

// ---------------------------------------------------------------- a new sale

/**
 * Everything a new sale needs before pricing, in one read: the client's terms, the settings, the
 * department, the employee, the day in the firm's time zone, the products with their price-list
 * prices, and the names the answer shows.
 */
export type SaleContext = ClientTerms & {
  settings: Settings;
  clientName: string;
  departmentName: string | null;
  employee: { name: string; active: boolean; departmentId: number | null } | null;
  day: string | null;
  listCurrency: string | null;
  hasTiers: boolean;
  products: ProductRow[];
};

export async function readSaleContext(
  db: Db,
  actor: Actor,
  input: SaleInput,
  employeeId: number,
  soldAt: Date | null,
  lock: boolean,
): Promise<SaleContext | undefined> {
  const r =
    await sql<SaleContext>`${PREPARED}SELECT c.id::int, c.price_list_id::int AS price_list_id, c.category_id::int AS category_id, k.kind AS category_kind, k.discount_bp, k.bonus_bp,
      c.display_name AS client_name,
      (SELECT jsonb_object_agg(key, value) FROM settings) AS settings,
      (SELECT name FROM departments WHERE id = ${input.departmentId}) AS department_name,
      (SELECT json_build_object('name', name, 'active', active, 'departmentId', department_id) FROM users WHERE id = ${employeeId}) AS employee,
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
    WHERE c.id = ${input.clientId} AND ${scopeSql(actor)} ${lock ? sql`FOR NO KEY UPDATE OF c` : sql``}`.execute(db);
  return r.rows[0];
}

/** The manual discount's percentage to store (sale_items.manual_bp), when it was given as one. */
export const manualBpOf = (l: Pick<PricedLine, 'manual'>) => (l.manual?.kind === 'percent' ? l.manual.bp : null);

type LineRow = PricedLine & { correctsItemId?: number };

/**
 * A sale's lines as rows `t(line, product_id, corrects, quantity, price, discount_bp, amount,
 * base_amount, manual_bp, manual_amount, o)`, for INSERT INTO sale_items … SELECT. Joined with
 * products by the caller instead of a foreign key (migration 012): a line of a product deleted
 * since is not written, and the caller counts the lines written.
 */
function lineRows(lines: LineRow[]): RawBuilder<unknown> {
  return sql`unnest(${lines.map((_, i) => i + 1)}::int[], ${lines.map((l) => l.productId)}::bigint[], ${lines.map((l) => l.correctsItemId ?? null)}::bigint[],
      ${lines.map((l) => formatQuantity(l.quantity))}::numeric[], ${lines.map((l) => l.price.toString())}::bigint[], ${lines.map((l) => l.discountBp)}::int[],
      ${lines.map((l) => l.amount.toString())}::bigint[], ${lines.map((l) => l.baseAmount.toString())}::bigint[], ${lines.map(manualBpOf)}::int[],
      ${lines.map((l) => l.manualAmount.toString())}::bigint[])
    WITH ORDINALITY AS t(line, product_id, corrects, quantity, price, discount_bp, amount, base_amount, manual_bp, manual_amount, o)`;
}
const lineColumns = sql`sale_id, line, product_id, corrects_item_id, quantity, price, discount_bp, amount, base_amount, manual_bp, manual_amount`;
const lineValues = sql`t.line, t.product_id, t.corrects, t.quantity, t.price, t.discount_bp, t.amount, t.base_amount, t.manual_bp, t.manual_amount`;

/** Writes a document's lines; the number written (fewer than given: a product was deleted meanwhile). */
export async function insertItems(db: Db, saleId: number, lines: LineRow[]): Promise<number> {
  const r = await sql`INSERT INTO sale_items (${lineColumns})
    SELECT ${saleId}, ${lineValues} FROM ${lineRows(lines)}
    JOIN products p ON p.id = t.product_id`.execute(db);
  return Number(r.numAffectedRows);
}

export type NewSale = {
  actor: Actor;
  userId: number | null;
  clientId: number;
  input: SaleInput;
  status: string;
  soldAt: Date;
  day: string;
  employeeId: number;
  currency: string;
  rate: bigint;
  subtotal: Money;
  total: Money;
  baseTotal: Money;
  lines: PricedLine[];
  payments: { method: PaymentMethod; amount: Money }[];
  paid: Money;
  accrued: Money;
  accrueNow: boolean;
  audit: string;
  ip: string | null;
};

/**
 * The one statement that writes a new sale in its final state (docs/performance.md, "Recording a
 * sale"): raw SQL, as the query builder cannot say data-modifying CTEs over unnest. g: the client,
 * locked first (FOR KEY SHARE, as the key from the sale would lock it at the end of the statement;
 * locking it before the bonus account keeps the order of a client's delete, which locks the client
 * and then cascades to the account), still there and in scope; and every product still there.
 * Either missing: no sale at all. With `accrueNow`, the bonus accrual is added to the account in
 * place and recorded as a movement: the same upsert as addBonus's for points added, repeated here
 * (acc, m) and not called, because the sale must stay one statement — atomic without a
 * transaction of its own, two round trips in all (the sale-write benchmark, docs/performance.md).
 */
export async function insertSale(db: Db, n: NewSale) {
  return (await insertSaleSql(n).execute(db)).rows[0]!;
}

/** insertSale's statement, built without running it (also compiled into src/server/queries/sale-insert.sql). */
export function insertSaleSql(n: NewSale) {
  const { input, lines } = n;
  const productIds = [...new Set(lines.map((l) => l.productId))];
  const completed = n.status === 'completed';
  return sql<{ clientOk: boolean; productsOk: boolean; id: number | null; itemIds: number[]; paymentIds: number[]; at: Date }>`${PREPARED}WITH g AS (
      SELECT EXISTS (SELECT 1 FROM clients c WHERE c.id = ${n.clientId} AND ${scopeSql(n.actor)} FOR KEY SHARE OF c) AS client_ok,
        (SELECT count(*) FROM products WHERE id = ANY(${productIds}::bigint[])) = ${productIds.length} AS products_ok
    ), s AS (
      INSERT INTO sales (number, status, sold_at, day, client_id, department_id, employee_id, currency, rate, subtotal, total, base_total, paid, bonus_accrued, notes, created_by, completed_at)
      SELECT ${input.number ?? null}, ${n.status}, ${n.soldAt}, ${n.day}::date, ${n.clientId}, ${input.departmentId}, ${n.employeeId}, ${n.currency},
        ${formatRate(n.rate)}::numeric, ${n.subtotal}, ${n.total}, ${n.baseTotal}, ${n.paid}, ${n.accrued}, ${input.notes ?? null}, ${n.userId},
        ${completed ? sql`now()` : sql`NULL`}
      FROM g WHERE g.client_ok AND g.products_ok
      RETURNING id, client_id, department_id, employee_id, day, base_total
    ), i AS (
      INSERT INTO sale_items (${lineColumns})
      SELECT s.id, ${lineValues}
      FROM s, ${lineRows(lines)}
      JOIN products pr ON pr.id = t.product_id
      ORDER BY t.o
      RETURNING id, line
    ), p AS (
      INSERT INTO sale_payments (sale_id, method, amount, created_by)
      SELECT s.id, t.method, t.amount, ${n.userId}::bigint
      FROM s, unnest(${n.payments.map((x) => x.method)}::text[], ${n.payments.map((x) => x.amount.toString())}::bigint[]) WITH ORDINALITY AS t(method, amount, o)
      ORDER BY t.o
      RETURNING id
    ), f AS (
      INSERT INTO sale_facts (sale_id, client_id, department_id, employee_id, day, amount)
      SELECT id, client_id, department_id, employee_id, day, base_total FROM s WHERE ${completed}
    ), a AS (
      INSERT INTO audit_log (user_id, action, entity, entity_id, changes, ip)
      SELECT ${n.userId}::bigint, 'sale.created', 'sale', s.id, ${n.audit}::jsonb, ${n.ip}::text FROM s
    ), acc AS ( -- addBonus's upsert for points added, inside this one statement (see above)
      INSERT INTO bonus_accounts AS b (client_id, balance, version)
      SELECT s.client_id, ${n.accrued}::bigint, 2 FROM s WHERE ${n.accrueNow}::boolean
      ON CONFLICT (client_id) DO UPDATE SET balance = b.balance + excluded.balance, version = b.version + 1
      RETURNING balance
    ), m AS (
      INSERT INTO bonus_movements (client_id, sale_id, kind, amount, balance_after, user_id)
      SELECT s.client_id, s.id, 'accrual', ${n.accrued}::bigint, acc.balance, ${n.userId}::bigint FROM s, acc
    )
    SELECT g.client_ok, g.products_ok, s.id::int, ARRAY(SELECT id::int FROM i ORDER BY line) AS item_ids, ARRAY(SELECT id::int FROM p ORDER BY id) AS payment_ids, now() AS at
    FROM g LEFT JOIN s ON true`;
}

// ---------------------------------------------------------------- the lifecycle of a sale

export type SaleHead = Pick<Selectable<SalesTable>, 'kind' | 'status' | 'currency' | 'version' | 'rate'> & {
  id: number;
  clientId: number;
  total: string;
  paid: string;
  baseTotal: string;
  bonusAccrued: string;
  departmentId: number;
};

/** A sale in the actor's scope, locked FOR UPDATE. */
export async function lockSale(db: Db, actor: Actor, id: number): Promise<SaleHead | undefined> {
  const r =
    await sql<SaleHead>`SELECT s.id::int, s.kind, s.status, s.client_id::int AS client_id, s.total::text, s.paid::text, s.currency, s.version, s.base_total::text,
      s.bonus_accrued::text, s.rate::text, s.department_id::int AS department_id
    FROM sales s JOIN clients c ON c.id = s.client_id WHERE s.id = ${id} AND ${scopeSql(actor)} FOR UPDATE OF s`.execute(db);
  return r.rows[0];
}

/** A draft's lines as stored, in order. */
export async function draftLines(db: Db, saleId: number) {
  return (
    await sql<
      Pick<Row<'saleItems'>, 'productId' | 'quantity' | 'discountBp' | 'manualBp'> & { price: string; manualAmount: string }
    >`SELECT product_id::int AS product_id, quantity::text, price::text, discount_bp,
      manual_bp, manual_amount::text FROM sale_items WHERE sale_id = ${saleId} ORDER BY line`.execute(db)
  ).rows;
}

export type DraftChange = {
  clientId: number;
  departmentId: number | null;
  employeeId: number | null;
  status: string | null;
  number: string | null | undefined;
  notes: string | null | undefined;
  subtotal: Money;
  total: Money;
  baseTotal: Money;
};

/** A draft's new header and totals (undefined number / notes: kept); its lines are replaced by the caller. */
export async function updateDraft(db: Db, id: number, c: DraftChange) {
  await sql`UPDATE sales SET client_id = ${c.clientId}, department_id = coalesce(${c.departmentId}::bigint, department_id),
      employee_id = coalesce(${c.employeeId}::bigint, employee_id), status = coalesce(${c.status}, status),
      number = ${c.number === undefined ? sql`number` : sql`${c.number}`}, notes = ${c.notes === undefined ? sql`notes` : sql`${c.notes}`},
      subtotal = ${c.subtotal}, total = ${c.total}, base_total = ${c.baseTotal}, version = version + 1
    WHERE id = ${id}`.execute(db);
}

export async function deleteItems(db: Db, saleId: number) {
  await sql`DELETE FROM sale_items WHERE sale_id = ${saleId}`.execute(db);
}

export async function insertPayment(db: Db, saleId: number, method: PaymentMethod, amount: Money, userId: number | null) {
  await sql`INSERT INTO sale_payments (sale_id, method, amount, created_by) VALUES (${saleId}, ${method}, ${amount}, ${userId})`.execute(db);
}

export async function setPaid(db: Db, saleId: number, paid: Money) {
  await sql`UPDATE sales SET paid = ${paid} WHERE id = ${saleId}`.execute(db);
}

export async function setBonusAccrued(db: Db, saleId: number, amount: Money) {
  await sql`UPDATE sales SET bonus_accrued = ${amount} WHERE id = ${saleId}`.execute(db);
}

export async function bumpVersion(db: Db, saleId: number) {
  await sql`UPDATE sales SET version = version + 1 WHERE id = ${saleId}`.execute(db);
}

/** What completion needs: the sale's base total and the points paid towards it. */
export async function completionBasis(db: Db, saleId: number) {
  const s = await sql<{ baseTotal: string }>`SELECT base_total::text FROM sales WHERE id = ${saleId}`.execute(db);
  const redeemed = await sql<{
    r: string;
  }>`SELECT coalesce(sum(amount), 0)::text AS r FROM sale_payments WHERE sale_id = ${saleId} AND method = 'bonus'`.execute(db);
  return { baseTotal: s.rows[0]!.baseTotal, redeemed: redeemed.rows[0]!.r };
}

export async function markCompleted(db: Db, saleId: number, accrued: Money) {
  await sql`UPDATE sales SET status = 'completed', completed_at = now(), bonus_accrued = ${accrued} WHERE id = ${saleId}`.execute(db);
}

/** A report fact of the document: its base total, negated (`-1n`) when it is cancelled. */
export async function insertFact(db: Db, saleId: number, sign: 1n | -1n) {
  await sql`INSERT INTO sale_facts (sale_id, client_id, department_id, employee_id, day, amount)
    SELECT id, client_id, department_id, employee_id, day, base_total * ${sign} FROM sales WHERE id = ${saleId}`.execute(db);
}

export async function hasCompletedReturns(db: Db, saleId: number): Promise<boolean> {
  return (await sql`SELECT 1 FROM sales WHERE corrects_id = ${saleId} AND status = 'completed' LIMIT 1`.execute(db)).rows.length > 0;
}

/** A document's payments summed by method (those not summing to zero). */
export async function paymentsByMethod(db: Db, saleId: number) {
  return (
    await sql<{
      method: PaymentMethod;
      sum: string;
    }>`SELECT method, sum(amount)::text AS sum FROM sale_payments WHERE sale_id = ${saleId} GROUP BY method HAVING sum(amount) <> 0`.execute(db)
  ).rows;
}

export async function markCancelled(db: Db, saleId: number) {
  await sql`UPDATE sales SET status = 'cancelled', cancelled_at = now(), paid = 0, version = version + 1 WHERE id = ${saleId}`.execute(db);
}

/** A sale's lines with what completed returns took back of each (quantity, manual discount). */
export async function returnableLines(db: Db, saleId: number) {
  return (
    await sql<
      Pick<Row<'saleItems'>, 'id' | 'productId' | 'quantity' | 'discountBp'> & {
        price: string;
        manualAmount: string;
        returned: string;
        manualReturned: string;
      }
    >`
    SELECT i.id::int, i.product_id::int AS product_id, i.quantity::text, i.price::text, i.discount_bp, i.manual_amount::text, r.returned::text, r.manual_returned::text
    FROM sale_items i, LATERAL (SELECT coalesce(-sum(x.quantity), 0) AS returned, coalesce(-sum(x.manual_amount), 0) AS manual_returned
      FROM sale_items x JOIN sales rs ON rs.id = x.sale_id WHERE x.corrects_item_id = i.id AND rs.status = 'completed') r
    WHERE i.sale_id = ${saleId}`.execute(db)
  ).rows;
}

/** A completed return document of a sale, made now; its id. */
export async function insertReturn(
  db: Db,
  s: SaleHead,
  r: { timezone: string; userId: number | null; subtotal: Money; total: Money; baseTotal: Money },
): Promise<number> {
  const row = await sql<
    Pick<Row<'sales'>, 'id'>
  >`INSERT INTO sales (kind, corrects_id, status, sold_at, day, client_id, department_id, employee_id, currency, rate, subtotal, total, base_total, created_by, completed_at)
    VALUES ('return', ${s.id}, 'completed', now(), (now() AT TIME ZONE ${r.timezone})::date, ${s.clientId}, ${s.departmentId}, ${r.userId}, ${s.currency},
      ${s.rate}::numeric, ${r.subtotal}, ${r.total}, ${r.baseTotal}, ${r.userId}, now()) RETURNING id::int`.execute(db);
  return row.rows[0]!.id;
}

/** What was paid in money (not points) for a sale and its completed returns. */
export async function paidInMoney(db: Db, saleId: number): Promise<string> {
  return (
    await sql<{ p: string }>`SELECT coalesce(sum(p.amount), 0)::text AS p FROM sale_payments p JOIN sales x ON x.id = p.sale_id
    WHERE (x.id = ${saleId} OR (x.corrects_id = ${saleId} AND x.status = 'completed')) AND p.method <> 'bonus'`.execute(db)
  ).rows[0]!.p;
}

// ---------------------------------------------------------------- reading sales

export type SaleRow = {
  id: number;
  number: string | null;
  kind: string;
  correctsId: number | null;
  status: string;
  soldAt: Date;
  day: string;
  clientId: number;
  clientName: string;
  departmentId: number;
  departmentName: string;
  employeeId: number;
  employeeName: string;
  currency: string;
  rate: string;
  subtotal: string;
  total: string;
  baseTotal: string;
  paid: string;
  bonusAccrued: string;
  notes: string | null;
  version: number;
  createdAt: Date;
};
export type ItemRow = {
  id: number;
  line: number;
  productId: number;
  productName: string;
  unit: string;
  quantity: string;
  price: string;
  discountBp: number;
  amount: string;
  baseAmount: string;
  correctsItemId: number | null;
  manualBp: number | null;
  manualAmount: string;
};
export type PaymentRow = { id: number; method: string; amount: string; paidAt: string };

const saleColumns = sql`SELECT s.id::int, s.number, s.kind, s.corrects_id::int AS corrects_id, s.status, s.sold_at, to_char(s.day, 'YYYY-MM-DD') AS day,
    s.client_id::int AS client_id, c.display_name AS client_name, s.department_id::int AS department_id, d.name AS department_name,
    s.employee_id::int AS employee_id, u.name AS employee_name, s.currency, s.rate::text, s.subtotal::text, s.total::text, s.base_total::text, s.paid::text,
    s.bonus_accrued::text, s.notes, s.version, s.created_at`;
const saleFrom = sql`FROM sales s JOIN clients c ON c.id = s.client_id JOIN departments d ON d.id = s.department_id JOIN users u ON u.id = s.employee_id`;

/** One sale in the actor's scope with its lines, payments and returns, in one statement. */
export async function findSale(db: Db, actor: Actor, id: number) {
  const r = await sql<SaleRow & { lines: ItemRow[]; pays: PaymentRow[]; returnIds: number[] }>`${PREPARED}${saleColumns},
      (SELECT coalesce(json_agg(json_build_object('id', i.id::int, 'line', i.line, 'productId', i.product_id::int, 'productName', p.name, 'unit', p.unit,
          'quantity', i.quantity::text, 'price', i.price::text, 'discountBp', i.discount_bp, 'amount', i.amount::text, 'baseAmount', i.base_amount::text,
          'correctsItemId', i.corrects_item_id::int, 'manualBp', i.manual_bp, 'manualAmount', i.manual_amount::text) ORDER BY i.line), '[]')
        FROM sale_items i JOIN products p ON p.id = i.product_id WHERE i.sale_id = s.id) AS lines,
      (SELECT coalesce(json_agg(json_build_object('id', x.id::int, 'method', x.method, 'amount', x.amount::text, 'paidAt', x.paid_at) ORDER BY x.id), '[]')
        FROM sale_payments x WHERE x.sale_id = s.id) AS pays,
      ARRAY(SELECT r.id::int FROM sales r WHERE r.corrects_id = s.id ORDER BY r.id) AS return_ids
    ${saleFrom} WHERE s.id = ${id} AND ${scopeSql(actor)}`.execute(db);
  return r.rows[0];
}

export type SaleFilter = { clientId?: number; from?: string; to?: string; status?: string; departmentId?: number; beforeId?: number };

/** Up to `limit` sales in the actor's scope, newest first. */
export async function findSales(db: Db, actor: Actor, q: SaleFilter, limit: number): Promise<SaleRow[]> {
  const where = [scopeSql(actor) as ReturnType<typeof sql>];
  if (q.clientId) where.push(sql`s.client_id = ${q.clientId}`);
  if (q.from) where.push(sql`s.day >= ${q.from}::date`);
  if (q.to) where.push(sql`s.day <= ${q.to}::date`);
  if (q.status) where.push(sql`s.status = ${q.status}`);
  if (q.departmentId) where.push(sql`s.department_id = ${q.departmentId}`);
  if (q.beforeId) where.push(sql`s.id < ${q.beforeId}`);
  return (await sql<SaleRow>`${saleColumns} ${saleFrom} WHERE ${sql.join(where, sql` AND `)} ORDER BY s.id DESC LIMIT ${limit}`.execute(db)).rows;
}

// ---------------------------------------------------------------- a client's terms and health

export async function findTerms(db: Db, clientId: number) {
  const r = await sql<
    Pick<Row<'clients'>, 'priceListId' | 'categoryId'> & {
      // LEFT JOINs: null without a price list / category
      priceListName: Row<'priceLists'>['name'] | null;
      categoryName: Row<'clientCategories'>['name'] | null;
      categoryKind: Row<'clientCategories'>['kind'] | null;
    }
  >`
    SELECT c.price_list_id::int AS price_list_id, l.name AS price_list_name, c.category_id::int AS category_id, k.name AS category_name, k.kind AS category_kind
    FROM clients c LEFT JOIN price_lists l ON l.id = c.price_list_id LEFT JOIN client_categories k ON k.id = c.category_id WHERE c.id = ${clientId}`.execute(
    db,
  );
  return r.rows[0];
}

/** Sets a client's price list and / or category (undefined: kept). */
export async function updateTerms(db: Db, clientId: number, input: { priceListId?: number | null; categoryId?: number | null }) {
  await sql`UPDATE clients SET
      price_list_id = ${input.priceListId === undefined ? sql`price_list_id` : sql`${input.priceListId}`},
      category_id = ${input.categoryId === undefined ? sql`category_id` : sql`${input.categoryId}`}
    WHERE id = ${clientId}`.execute(db);
}

/** A client's completed sales summed up: first / last purchase, count, revenue, debt, overdue debt, days since the last. */
export async function purchaseSummary(db: Db, clientId: number, timezone: string, overdueDays: number) {
  const r = await sql<{
    first: string | null;
    last: string | null;
    purchases: number;
    revenue: string;
    debt: string;
    overdue: string;
    daysSince: number | null;
  }>`
    SELECT to_char(min(day) FILTER (WHERE kind = 'sale'), 'YYYY-MM-DD') AS first, to_char(max(day) FILTER (WHERE kind = 'sale'), 'YYYY-MM-DD') AS last,
      count(*) FILTER (WHERE kind = 'sale')::int AS purchases, coalesce(sum(base_total), 0)::text AS revenue,
      coalesce(sum(total - paid), 0)::text AS debt,
      coalesce(sum(total - paid) FILTER (WHERE kind = 'sale' AND day < (now() AT TIME ZONE ${timezone})::date - ${overdueDays}::int), 0)::text AS overdue,
      ((now() AT TIME ZONE ${timezone})::date - max(day) FILTER (WHERE kind = 'sale'))::int AS days_since
    FROM sales WHERE client_id = ${clientId} AND status = 'completed'`.execute(db);
  return r.rows[0]!;
}

/** The three product groups a client bought most of (base amount). */
export async function favouriteGroups(db: Db, clientId: number) {
  return (
    await sql<{ groupId: Row<'products'>['groupId']; name: Row<'productGroups'>['name'] | null; amount: string }>`
    SELECT p.group_id::int AS group_id, pg.name, sum(i.base_amount)::text AS amount
    FROM sales s JOIN sale_items i ON i.sale_id = s.id JOIN products p ON p.id = i.product_id LEFT JOIN product_groups pg ON pg.id = p.group_id
    WHERE s.client_id = ${clientId} AND s.status = 'completed' GROUP BY 1, 2 HAVING sum(i.base_amount) > 0 ORDER BY sum(i.base_amount) DESC LIMIT 3`.execute(
      db,
    )
  ).rows;
}
