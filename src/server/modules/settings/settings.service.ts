// Firm-wide settings (time zone, base currency, loyalty and health thresholds, discounts by check
// amount) and currencies with dated rates. Reading is open to every user; changing is for
// administrators. Each change and its audit row are one transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, Issues } from '../../shared/errors.js';
import { formatRate, parseMoney, parsePercent, parseRate } from '../../shared/money.js';
import type { Actor } from '../access/rights.js';
import { insertAudit } from '../../db/audit-log.js';
import * as repo from './settings.repository.js';
import type { Settings } from './settings.schemas.js';

export type { CheckDiscount, Settings } from './settings.schemas.js';

export async function getSettings(db: Kysely<DB>): Promise<Settings> {
  return (await repo.readSettings(db)) as Settings;
}

export function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export async function updateSettings(db: Kysely<DB>, actor: Actor, patch: Partial<Settings>, ip?: string): Promise<Settings> {
  if (!actor.isAdmin) throw new AppError('FORBIDDEN', 'Only administrators change the firm settings');
  const issues = new Issues();
  if (patch.timezone !== undefined && !validTimezone(patch.timezone)) issues.add('timezone', 'unknown time zone');
  if (patch.checkDiscounts) {
    patch.checkDiscounts.forEach((d, i) => {
      try {
        parseMoney(d.from, `checkDiscounts.${i}.from`);
        parsePercent(d.percent, `checkDiscounts.${i}.percent`);
      } catch (e) {
        for (const x of ((e as AppError).details as { field: string; message: string }[]) ?? []) issues.add(x.field, x.message);
      }
    });
  }
  if (patch.health && !(patch.health.lapsingDays < patch.health.lostDays)) issues.add('health.lostDays', 'must be more than lapsingDays');
  issues.throwIfAny();
  await db.transaction().execute(async (trx) => {
    if (patch.baseCurrency !== undefined) {
      const cur = await getSettings(trx);
      if (patch.baseCurrency !== cur.baseCurrency) {
        if (!(await repo.currencyExists(trx, patch.baseCurrency)))
          throw new AppError('VALIDATION_FAILED', 'baseCurrency: unknown currency', [{ field: 'baseCurrency', message: 'unknown currency' }]);
        if (await repo.anySaleExists(trx))
          throw new AppError('IN_USE', 'The base currency cannot change once sales exist', [{ field: 'baseCurrency', message: 'sales exist' }]);
      }
    }
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      await repo.writeSetting(trx, key, value);
    }
    await insertAudit(trx, { userId: actor.userId, action: 'settings.changed', entity: 'settings', changes: patch, ip });
  });
  return getSettings(db);
}

export async function listCurrencies(db: Kysely<DB>) {
  const rows = await repo.listCurrencies(db);
  return rows.map((x) => ({ ...x, rate: x.rate === null ? null : formatRate(parseRate(x.rate, 'rate')) }));
}

export async function createCurrency(db: Kysely<DB>, actor: Actor, code: string, name: string, ip?: string) {
  if (!actor.isAdmin) throw new AppError('FORBIDDEN', 'Only administrators add currencies');
  await db.transaction().execute(async (trx) => {
    if (!(await repo.insertCurrency(trx, code, name)))
      throw new AppError('ALREADY_EXISTS', 'This currency exists', [{ field: 'code', message: 'already exists' }]);
    await insertAudit(trx, { userId: actor.userId, action: 'currency.created', entity: 'currency', changes: { code, name }, ip });
  });
}

export async function setRate(db: Kysely<DB>, actor: Actor, code: string, day: string, rate: string, ip?: string) {
  if (!actor.isAdmin) throw new AppError('FORBIDDEN', 'Only administrators set currency rates');
  const value = parseRate(rate, 'rate');
  if (value <= 0n) throw new AppError('VALIDATION_FAILED', 'rate: must be positive', [{ field: 'rate', message: 'must be positive' }]);
  const s = await getSettings(db);
  if (code === s.baseCurrency)
    throw new AppError('VALIDATION_FAILED', 'code: the base currency has no rate', [{ field: 'code', message: 'the base currency has no rate' }]);
  if (!(await repo.currencyExists(db, code))) throw new AppError('NOT_FOUND', 'No such currency');
  await db.transaction().execute(async (trx) => {
    await repo.upsertRate(trx, code, day, formatRate(value));
    await insertAudit(trx, {
      userId: actor.userId,
      action: 'currency.rate',
      entity: 'currency',
      changes: { code, day, rate: formatRate(value) },
      ip,
    });
  });
}

/** Base-currency units per unit of `code` on `day` (the latest rate on or before it), 1e-8 scaled. */
export async function rateOn(db: Kysely<DB>, code: string, day: string, base: string): Promise<bigint> {
  if (code === base) return 100_000_000n;
  const rate = await repo.latestRate(db, code, day);
  if (rate === undefined)
    throw new AppError('VALIDATION_FAILED', `currency: no rate for ${code} on or before ${day}`, [
      { field: 'currency', message: `no rate for ${code} on or before ${day}` },
    ]);
  return parseRate(rate, 'rate');
}
