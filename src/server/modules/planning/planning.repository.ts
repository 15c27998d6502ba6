// The SQL shared by the CRM records (issue 15): the owner candidate, a client the actor may link
// a record to, a user's time zone.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { scopeSql } from '../access/scope.js';
import type { Actor } from '../access/rights.js';

type Db = Kysely<DB>;

export const findOwnerCandidate = (db: Db, id: number) =>
  db.selectFrom('users').select(['active', 'departmentId']).where('id', '=', id).executeTakeFirst();

/** The client when the actor may see it (its display name), else undefined. */
export async function visibleClientName(db: Db, actor: Actor, clientId: number): Promise<string | undefined> {
  const r = await sql<{ name: string }>`SELECT c.display_name AS name FROM clients c WHERE c.id = ${clientId} AND ${scopeSql(actor)}`.execute(db);
  return r.rows[0]?.name;
}

/** The user's time zone: their own, else the firm's. */
export async function userTimezone(db: Db, userId: number): Promise<string> {
  const r = await sql<{ tz: string }>`
    SELECT coalesce((SELECT timezone FROM users WHERE id = ${userId}), (SELECT value #>> '{}' FROM settings WHERE key = 'timezone'), 'UTC') AS tz`.execute(
    db,
  );
  return r.rows[0]?.tz ?? 'UTC';
}

/** `at` plus whole days on the wall clock of `tz` (a day across a DST change stays 24 wall-clock hours). */
export async function addLocalDays(db: Db, at: Date, days: number, tz: string): Promise<Date> {
  const r = await sql<{
    at: Date;
  }>`SELECT ((${at}::timestamptz AT TIME ZONE ${tz}) + make_interval(days => ${days})) AT TIME ZONE ${tz} AS at`.execute(db);
  return r.rows[0]!.at;
}

/** The user's UI language (names of configured types are shown in it). */
export async function userLocale(db: Db, userId: number): Promise<string> {
  return (await db.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst())?.locale ?? 'en';
}
