// The SQL of personal API tokens (only the token's hash is stored).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export async function insertToken(db: Db, userId: number, name: string, tokenHash: string): Promise<number> {
  const row = await db.insertInto('apiTokens').values({ userId, name, tokenHash }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export const listUserTokens = (db: Db, userId: number) =>
  db.selectFrom('apiTokens').select(['id', 'name', 'createdAt', 'lastUsedAt']).where('userId', '=', userId).orderBy('id').execute();

/** Deletes one token of the user; false when the user has no such token. */
export async function deleteUserToken(db: Db, userId: number, id: number): Promise<boolean> {
  const res = await db.deleteFrom('apiTokens').where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
