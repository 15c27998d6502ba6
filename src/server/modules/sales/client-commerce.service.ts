// The money side of a client card: assigned price list and category, bonus account, health (A6).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { big, divRound, formatMoney, parseMoney } from '../../shared/money.js';
import { requireRight, type Actor } from '../access/rights.js';
import { insertAudit } from '../audit/audit.repository.js';
import { findVisible } from '../clients/clients.repository.js';
import { getSettings } from '../settings/settings.service.js';

async function visible(db: Kysely<DB>, actor: Actor, id: number) {
  requireRight(actor, 'clients', 'read');
  const c = await findVisible(db, actor, id);
  if (!c) throw new AppError('CLIENT_NOT_FOUND', 'No such client');
  return c;
}

export async function getTerms(db: Kysely<DB>, actor: Actor, id: number) {
  await visible(db, actor, id);
  const r = await sql<{ priceListId: number | null; priceListName: string | null; categoryId: number | null; categoryName: string | null; categoryKind: string | null }>`
    SELECT c.price_list_id::int AS price_list_id, l.name AS price_list_name, c.category_id::int AS category_id, k.name AS category_name, k.kind AS category_kind
    FROM clients c LEFT JOIN price_lists l ON l.id = c.price_list_id LEFT JOIN client_categories k ON k.id = c.category_id WHERE c.id = ${id}`.execute(db);
  return r.rows[0]!;
}

/** Only what was sent and differs: a price list set alone is no "category removed" entry (input.categoryId undefined). */
function termsChanges(before: { priceListId: number | null; categoryId: number | null }, input: { priceListId?: number | null; categoryId?: number | null }) {
  const out: Record<string, [number | null, number | null]> = {};
  for (const k of ['priceListId', 'categoryId'] as const) if (input[k] !== undefined && input[k] !== before[k]) out[k] = [before[k], input[k]];
  return out;
}

/** Assigns a price list (clients.edit) and / or a category (loyalty.edit). */
export async function setTerms(db: Kysely<DB>, actor: Actor, id: number, input: { priceListId?: number | null; categoryId?: number | null }, ip?: string) {
  requireRight(actor, 'clients', 'edit');
  if (input.categoryId !== undefined) requireRight(actor, 'loyalty', 'edit');
  const before = await getTerms(db, actor, id);
  try {
    await sql`UPDATE clients SET
        price_list_id = ${input.priceListId === undefined ? sql`price_list_id` : sql`${input.priceListId}`},
        category_id = ${input.categoryId === undefined ? sql`category_id` : sql`${input.categoryId}`}
      WHERE id = ${id}`.execute(db);
  } catch (e) {
    if ((e as { code?: string }).code === '23503') {
      const field = (e as { constraint?: string }).constraint?.includes('price_list') ? 'priceListId' : 'categoryId';
      throw new AppError('VALIDATION_FAILED', `${field}: does not exist`, [{ field, message: 'does not exist' }]);
    }
    throw e;
  }
  await insertAudit(db, { userId: actor.userId, action: 'client.terms', entity: 'client', entityId: id, changes: termsChanges(before, input), ip });
  return getTerms(db, actor, id);
}

export async function getBonus(db: Kysely<DB>, actor: Actor, id: number, limit: number) {
  requireRight(actor, 'loyalty', 'read');
  await visible(db, actor, id);
  const bal = await sql<{ balance: string }>`SELECT balance::text FROM bonus_accounts WHERE client_id = ${id}`.execute(db);
  const mv = await sql<{ id: number; saleId: number | null; kind: string; amount: string; balanceAfter: string; at: Date }>`
    SELECT id::int, sale_id::int AS sale_id, kind, amount::text, balance_after::text, at FROM bonus_movements WHERE client_id = ${id} ORDER BY id DESC LIMIT ${limit}`.execute(db);
  return {
    balance: formatMoney(big(bal.rows[0]?.balance)),
    movements: mv.rows.map((m) => ({ ...m, amount: formatMoney(big(m.amount)), balanceAfter: formatMoney(big(m.balanceAfter)), at: m.at.toISOString() })),
  };
}

/** A manual correction of the points (loyalty.edit), never below zero. */
export async function adjustBonus(db: Kysely<DB>, actor: Actor, id: number, amountText: string, reason: string, ip?: string) {
  requireRight(actor, 'loyalty', 'edit');
  await visible(db, actor, id);
  const amount = parseMoney(amountText, 'amount', { negative: true });
  await db.transaction().execute(async (trx) => {
    await sql`INSERT INTO bonus_accounts (client_id) VALUES (${id}) ON CONFLICT DO NOTHING`.execute(trx);
    const r = await sql<{ balance: string }>`UPDATE bonus_accounts SET balance = balance + ${amount}, version = version + 1
      WHERE client_id = ${id} AND balance + ${amount} >= 0 RETURNING balance::text`.execute(trx);
    if (!r.rows[0]) throw new AppError('BONUS_INSUFFICIENT', 'The balance cannot go below zero', [{ field: 'amount', message: 'more than the balance' }]);
    await sql`INSERT INTO bonus_movements (client_id, kind, amount, balance_after, user_id) VALUES (${id}, 'adjustment', ${amount}, ${r.rows[0].balance}::bigint, ${actor.userId})`.execute(trx);
    await insertAudit(trx, { userId: actor.userId, action: 'bonus.adjusted', entity: 'client', entityId: id, changes: { amount: amountText, reason }, ip });
  });
  return getBonus(db, actor, id, 50);
}

/** A6: first / last purchase, count, lifetime revenue, average check, debt, favourite groups, recency status. */
export async function getHealth(db: Kysely<DB>, actor: Actor, id: number) {
  requireRight(actor, 'sales', 'read');
  await visible(db, actor, id);
  const s = await getSettings(db);
  const r = await sql<{ first: string | null; last: string | null; purchases: number; revenue: string; debt: string; overdue: string; daysSince: number | null }>`
    SELECT to_char(min(day) FILTER (WHERE kind = 'sale'), 'YYYY-MM-DD') AS first, to_char(max(day) FILTER (WHERE kind = 'sale'), 'YYYY-MM-DD') AS last,
      count(*) FILTER (WHERE kind = 'sale')::int AS purchases, coalesce(sum(base_total), 0)::text AS revenue,
      coalesce(sum(total - paid), 0)::text AS debt,
      coalesce(sum(total - paid) FILTER (WHERE kind = 'sale' AND day < (now() AT TIME ZONE ${s.timezone})::date - ${s.health.overdueDays}::int), 0)::text AS overdue,
      ((now() AT TIME ZONE ${s.timezone})::date - max(day) FILTER (WHERE kind = 'sale'))::int AS days_since
    FROM sales WHERE client_id = ${id} AND status = 'completed'`.execute(db);
  const g = await sql<{ groupId: number | null; name: string | null; amount: string }>`
    SELECT p.group_id::int AS group_id, pg.name, sum(i.base_amount)::text AS amount
    FROM sales s JOIN sale_items i ON i.sale_id = s.id JOIN products p ON p.id = i.product_id LEFT JOIN product_groups pg ON pg.id = p.group_id
    WHERE s.client_id = ${id} AND s.status = 'completed' GROUP BY 1, 2 HAVING sum(i.base_amount) > 0 ORDER BY sum(i.base_amount) DESC LIMIT 3`.execute(db);
  const h = r.rows[0]!;
  const revenue = big(h.revenue);
  const status = h.daysSince === null ? 'new' : h.daysSince >= s.health.lostDays ? 'lost' : h.daysSince >= s.health.lapsingDays ? 'lapsing' : 'active';
  return {
    firstPurchase: h.first, lastPurchase: h.last, purchases: h.purchases, revenue: formatMoney(revenue),
    averageCheck: h.purchases ? formatMoney(divRound(revenue, BigInt(h.purchases))) : null,
    debt: formatMoney(big(h.debt)), overdueDebt: formatMoney(big(h.overdue)), risk: big(h.overdue) > 0n,
    status, daysSinceLastPurchase: h.daysSince, currency: s.baseCurrency,
    favouriteGroups: g.rows.map((x) => ({ groupId: x.groupId, name: x.name, amount: formatMoney(big(x.amount)) })),
  };
}
