// The SQL of the firm settings (one jsonb value per key) and of currencies with dated rates.
import { sql, type Kysely } from 'kysely';
import type { Row } from '../../db/rows.js';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export async function readSettings(db: Db): Promise<Record<string, unknown>> {
  const r = await sql<Pick<Row<'settings'>, 'key' | 'value'>>`SELECT key, value FROM settings`.execute(db);
  return Object.fromEntries(r.rows.map((x) => [x.key, x.value]));
}

export async function writeSetting(trx: Db, key: string, value: unknown): Promise<void> {
  await sql`INSERT INTO settings (key, value) VALUES (${key}, ${JSON.stringify(value)}::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value`.execute(
    trx,
  );
}

export async function currencyExists(db: Db, code: string): Promise<boolean> {
  const r = await sql`SELECT 1 FROM currencies WHERE code = ${code}`.execute(db);
  return r.rows.length > 0;
}

export async function anySaleExists(db: Db): Promise<boolean> {
  const r = await sql`SELECT 1 FROM sales LIMIT 1`.execute(db);
  return r.rows.length > 0;
}

/** Currencies by code, each with its latest rate (text, as stored) and that rate's day. */
export async function listCurrencies(db: Db) {
  const r = await sql<Pick<Row<'currencies'>, 'code' | 'name'> & { rate: Row<'currencyRates'>['rate'] | null; rateDay: string | null }>`
    SELECT c.code, c.name, r.rate::text AS rate, to_char(r.day, 'YYYY-MM-DD') AS rate_day
    FROM currencies c
    LEFT JOIN LATERAL (SELECT rate, day FROM currency_rates WHERE code = c.code ORDER BY day DESC LIMIT 1) r ON true
    ORDER BY c.code`.execute(db);
  return r.rows;
}

/** False when the currency exists already. */
export async function insertCurrency(db: Db, code: string, name: string): Promise<boolean> {
  const r = await sql`INSERT INTO currencies (code, name) VALUES (${code}, ${name}) ON CONFLICT DO NOTHING RETURNING code`.execute(db);
  return r.rows.length > 0;
}

/** `rate` is the exact decimal text of the rate. */
export async function upsertRate(db: Db, code: string, day: string, rate: string): Promise<void> {
  await sql`INSERT INTO currency_rates (code, day, rate) VALUES (${code}, ${day}::date, ${rate}::numeric)
    ON CONFLICT (code, day) DO UPDATE SET rate = excluded.rate`.execute(db);
}

/** The latest rate of `code` on or before `day` (text, as stored), or undefined. */
export async function latestRate(db: Db, code: string, day: string): Promise<string | undefined> {
  const r = await sql<
    Pick<Row<'currencyRates'>, 'rate'>
  >`SELECT rate::text AS rate FROM currency_rates WHERE code = ${code} AND day <= ${day}::date ORDER BY day DESC LIMIT 1`.execute(db);
  return r.rows[0]?.rate;
}
