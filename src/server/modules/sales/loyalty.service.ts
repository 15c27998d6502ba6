// Bonus points and cumulative tiers: the one way a client's points change (a sale's accrual, points
// paid with, a return or cancellation giving them back or taking them back, a manual adjustment),
// and the recomputation of a client's tier. Both run inside the caller's transaction, with the
// caller's audit row.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { insertAudit } from '../../db/audit-log.js';
import { addBonus, updateCumulativeTier, type BonusChange } from './sales.repository.js';

/** How a change that would take the points below zero is refused (400 BONUS_INSUFFICIENT). */
export type BonusRefusal = { message: string; field: string; issue: string };

/**
 * Adds `amount` (either sign) to the client's points with its movement. Never below zero: refused
 * as `refusal` says, by default on `payments` for points paid with and on `bonus` otherwise. A
 * sale's change of 0 points writes nothing; a manual adjustment of 0 is still recorded (the
 * account, a movement), as a person's correction.
 */
export async function changeBonus(trx: Kysely<DB>, change: BonusChange, refusal?: BonusRefusal): Promise<void> {
  if (change.amount === 0n && change.kind !== 'adjustment') return;
  const balance = await addBonus(trx, change);
  if (balance === undefined) {
    const r = refusal ?? {
      message: 'The client has not enough bonus points for this',
      field: change.kind === 'redemption' ? 'payments' : 'bonus',
      issue: 'not enough bonus points',
    };
    throw new AppError('BONUS_INSUFFICIENT', r.message, [{ field: r.field, message: r.issue }]);
  }
}

/** Sum of completed purchases over the loyalty period -> the cumulative tier (unless a fixed category is set); a change is audited. */
export async function recomputeCategory(trx: Kysely<DB>, clientId: number, tz: string, periodDays: number, userId: number | null) {
  const ch = await updateCumulativeTier(trx, clientId, tz, periodDays);
  if (ch)
    await insertAudit(trx, {
      userId,
      action: 'client.category',
      entity: 'client',
      entityId: clientId,
      changes: { categoryId: [ch.oldId, ch.newId] },
    });
}
