// The money side of a client card: assigned price list and category, bonus account, health
// (purchases, revenue, debt, favourite groups, recency). The SQL is in sales.repository.ts.
import type { Kysely } from 'kysely';
import { translatePgErrors } from '../../db/pg-errors.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { big, divRound, formatMoney, parseMoney } from '../../shared/money.js';
import { actorUserId, requireRight, type Actor } from '../access/rights.js';
import { insertAudit } from '../../db/audit-log.js';
import { findVisible } from '../clients/clients.service.js';
import { getSettings } from '../settings/settings.service.js';
import { changeBonus } from './loyalty.service.js';
import { bonusBalance, bonusMovements, favouriteGroups, findTerms, purchaseSummary, updateTerms } from './sales.repository.js';
import type { TBonus, THealth, TTerms } from './sales.schemas.js';

async function visible(db: Kysely<DB>, actor: Actor, id: number) {
  requireRight(actor, 'clients', 'read');
  const c = await findVisible(db, actor, id);
  if (!c) throw new AppError('CLIENT_NOT_FOUND', 'No such client');
  return c;
}

export async function getTerms(db: Kysely<DB>, actor: Actor, id: number): Promise<TTerms> {
  await visible(db, actor, id);
  return (await findTerms(db, id))!;
}

/** Only what was sent and differs: a price list set alone is no "category removed" entry (input.categoryId undefined). */
function termsChanges(
  before: { priceListId: number | null; categoryId: number | null },
  input: { priceListId?: number | null; categoryId?: number | null },
) {
  const out: Record<string, [number | null, number | null]> = {};
  for (const k of ['priceListId', 'categoryId'] as const) if (input[k] !== undefined && input[k] !== before[k]) out[k] = [before[k], input[k]];
  return out;
}

/** Assigns a price list (clients.edit) and / or a category (loyalty.edit): the change and its audit row in one transaction. */
export async function setTerms(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  input: { priceListId?: number | null; categoryId?: number | null },
  ip?: string,
): Promise<TTerms> {
  requireRight(actor, 'clients', 'edit');
  if (input.categoryId !== undefined) requireRight(actor, 'loyalty', 'edit');
  await db.transaction().execute(async (trx) => {
    const before = await getTerms(trx, actor, id);
    await translatePgErrors(() => updateTerms(trx, id, input), {
      foreignKey: (constraint) => {
        const field = constraint?.includes('price_list') ? 'priceListId' : 'categoryId';
        return new AppError('VALIDATION_FAILED', `${field}: does not exist`, [{ field, message: 'does not exist' }]);
      },
    });
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'client.terms',
      entity: 'client',
      entityId: id,
      changes: termsChanges(before, input),
      ip,
    });
  });
  return getTerms(db, actor, id);
}

export async function getBonus(db: Kysely<DB>, actor: Actor, id: number, limit: number): Promise<TBonus> {
  requireRight(actor, 'loyalty', 'read');
  await visible(db, actor, id);
  const balance = await bonusBalance(db, id);
  const mv = await bonusMovements(db, id, limit);
  return {
    balance: formatMoney(big(balance)),
    movements: mv.map((m) => ({ ...m, amount: formatMoney(big(m.amount)), balanceAfter: formatMoney(big(m.balanceAfter)), at: m.at.toISOString() })),
  };
}

/** A manual correction of the points (loyalty.edit), never below zero; the change and its audit row in one transaction. */
export async function adjustBonus(db: Kysely<DB>, actor: Actor, id: number, amountText: string, reason: string, ip?: string): Promise<TBonus> {
  requireRight(actor, 'loyalty', 'edit');
  await visible(db, actor, id);
  const amount = parseMoney(amountText, 'amount', { negative: true });
  const userId = actorUserId(actor);
  await db.transaction().execute(async (trx) => {
    await changeBonus(
      trx,
      { clientId: id, saleId: null, kind: 'adjustment', amount, userId },
      { message: 'The balance cannot go below zero', field: 'amount', issue: 'more than the balance' },
    );
    await insertAudit(trx, { userId, action: 'bonus.adjusted', entity: 'client', entityId: id, changes: { amount: amountText, reason }, ip });
  });
  return getBonus(db, actor, id, 50);
}

/** First / last purchase, count, lifetime revenue, average check, debt, favourite groups, recency status. */
export async function getHealth(db: Kysely<DB>, actor: Actor, id: number): Promise<THealth> {
  requireRight(actor, 'sales', 'read');
  await visible(db, actor, id);
  const s = await getSettings(db);
  const h = await purchaseSummary(db, id, s.timezone, s.health.overdueDays);
  const g = await favouriteGroups(db, id);
  const revenue = big(h.revenue);
  const status =
    h.daysSince === null ? 'new' : h.daysSince >= s.health.lostDays ? 'lost' : h.daysSince >= s.health.lapsingDays ? 'lapsing' : 'active';
  return {
    firstPurchase: h.first,
    lastPurchase: h.last,
    purchases: h.purchases,
    revenue: formatMoney(revenue),
    averageCheck: h.purchases ? formatMoney(divRound(revenue, BigInt(h.purchases))) : null,
    debt: formatMoney(big(h.debt)),
    overdueDebt: formatMoney(big(h.overdue)),
    risk: big(h.overdue) > 0n,
    status,
    daysSinceLastPurchase: h.daysSince,
    currency: s.baseCurrency,
    favouriteGroups: g.map((x) => ({ groupId: x.groupId, name: x.name, amount: formatMoney(big(x.amount)) })),
  };
}
