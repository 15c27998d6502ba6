// Firm-wide settings (time zone, base currency, loyalty and health thresholds, discounts by check
// amount) and currencies with dated rates (C7). Reading is open to every user; changing is for
// administrators.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, Issues } from '../../shared/errors.js';
import { formatRate, parseMoney, parsePercent, parseRate } from '../../shared/money.js';
import type { Actor } from '../access/rights.js';
import { insertAudit } from '../audit/audit.repository.js';

export type CheckDiscount = { from: string; percent: string };
export type Settings = {
  timezone: string;
  baseCurrency: string;
  loyaltyPeriodDays: number;
  health: { lapsingDays: number; lostDays: number; overdueDays: number };
  checkDiscounts: CheckDiscount[];
};

export async function getSettings(db: Kysely<DB>): Promise<Settings> {
  const r = await sql<{ key: string; value: unknown }>`SELECT key, value FROM settings`.execute(db);
  return Object.fromEntries(r.rows.map((x) => [x.key, x.value])) as Settings;
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
        const known = await sql`SELECT 1 FROM currencies WHERE code = ${patch.baseCurrency}`.execute(trx);
        if (!known.rows.length) throw new AppError('VALIDATION_FAILED', 'baseCurrency: unknown currency', [{ field: 'baseCurrency', message: 'unknown currency' }]);
        const used = await sql`SELECT 1 FROM sales LIMIT 1`.execute(trx);
        if (used.rows.length) throw new AppError('IN_USE', 'The base currency cannot change once sales exist', [{ field: 'baseCurrency', message: 'sales exist' }]);
      }
    }
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      await sql`INSERT INTO settings (key, value) VALUES (${key}, ${JSON.stringify(value)}::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value`.execute(trx);
    }
    await insertAudit(trx, { userId: actor.userId, action: 'settings.changed', entity: 'settings', changes: patch, ip });
  });
  return getSettings(db);
}

export async function listCurrencies(db: Kysely<DB>) {
  const r = await sql<{ code: string; name: string; rate: string | null; rateDay: string | null }>`
    SELECT c.code, c.name, r.rate::text AS rate, to_char(r.day, 'YYYY-MM-DD') AS rate_day
    FROM currencies c
    LEFT JOIN LATERAL (SELECT rate, day FROM currency_rates WHERE code = c.code ORDER BY day DESC LIMIT 1) r ON true
    ORDER BY c.code`.execute(db);
  return r.rows.map((x) => ({ ...x, rate: x.rate === null ? null : formatRate(parseRate(x.rate, 'rate')) }));
}

export async function createCurrency(db: Kysely<DB>, actor: Actor, code: string, name: string, ip?: string) {
  if (!actor.isAdmin) throw new AppError('FORBIDDEN', 'Only administrators add currencies');
  const r = await sql`INSERT INTO currencies (code, name) VALUES (${code}, ${name}) ON CONFLICT DO NOTHING RETURNING code`.execute(db);
  if (!r.rows.length) throw new AppError('ALREADY_EXISTS', 'This currency exists', [{ field: 'code', message: 'already exists' }]);
  await insertAudit(db, { userId: actor.userId, action: 'currency.created', entity: 'currency', changes: { code, name }, ip });
}

export async function setRate(db: Kysely<DB>, actor: Actor, code: string, day: string, rate: string, ip?: string) {
  if (!actor.isAdmin) throw new AppError('FORBIDDEN', 'Only administrators set currency rates');
  const value = parseRate(rate, 'rate');
  if (value <= 0n) throw new AppError('VALIDATION_FAILED', 'rate: must be positive', [{ field: 'rate', message: 'must be positive' }]);
  const s = await getSettings(db);
  if (code === s.baseCurrency) throw new AppError('VALIDATION_FAILED', 'code: the base currency has no rate', [{ field: 'code', message: 'the base currency has no rate' }]);
  const known = await sql`SELECT 1 FROM currencies WHERE code = ${code}`.execute(db);
  if (!known.rows.length) throw new AppError('NOT_FOUND', 'No such currency');
  await sql`INSERT INTO currency_rates (code, day, rate) VALUES (${code}, ${day}::date, ${formatRate(value)}::numeric)
    ON CONFLICT (code, day) DO UPDATE SET rate = excluded.rate`.execute(db);
  await insertAudit(db, { userId: actor.userId, action: 'currency.rate', entity: 'currency', changes: { code, day, rate: formatRate(value) }, ip });
}

/** Base-currency units per unit of `code` on `day` (the latest rate on or before it), 1e-8 scaled. */
export async function rateOn(db: Kysely<DB>, code: string, day: string, base: string): Promise<bigint> {
  if (code === base) return 100_000_000n;
  const r = await sql<{ rate: string }>`SELECT rate::text AS rate FROM currency_rates WHERE code = ${code} AND day <= ${day}::date ORDER BY day DESC LIMIT 1`.execute(db);
  if (!r.rows[0]) throw new AppError('VALIDATION_FAILED', `currency: no rate for ${code} on or before ${day}`, [{ field: 'currency', message: `no rate for ${code} on or before ${day}` }]);
  return parseRate(r.rows[0].rate, 'rate');
}
