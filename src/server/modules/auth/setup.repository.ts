// The SQL of first-run setup: the one-time setup token and the first administrator.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export const anyUserExists = async (db: Db) => (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;

/** The only setup token from now on (stored as its hash). */
export async function replaceSetupToken(db: Db, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.deleteFrom('setupTokens').execute();
  await db.insertInto('setupTokens').values({ tokenHash, expiresAt }).execute();
}

/** One setup at a time in this schema: the transaction holds the lock until it ends. */
export async function lockSetup(trx: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':clientela-setup'))`.execute(trx);
}

/** Takes the token out (single use); its expiry, or undefined when there is no such token. */
export const takeSetupToken = async (trx: Db, tokenHash: string) =>
  (await trx.deleteFrom('setupTokens').where('tokenHash', '=', tokenHash).returning('expiresAt').executeTakeFirst())?.expiresAt;

export const adminRoleId = async (trx: Db) => (await trx.selectFrom('roles').select('id').where('key', '=', 'admin').executeTakeFirstOrThrow()).id;

export async function insertFirstUser(
  trx: Db,
  u: { login: string; name: string; passwordHash: string; roleId: number; locale: string },
): Promise<number> {
  return (await trx.insertInto('users').values(u).returning('id').executeTakeFirstOrThrow()).id;
}
