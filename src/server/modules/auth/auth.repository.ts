import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { bumpAuthEpoch } from './actor-cache.js';

export function findUserByLogin(db: Kysely<DB>, login: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['login']), '=', login.toLowerCase()))
    .executeTakeFirst();
}

/** The user behind a session or token, joined with the role: one query per request. */
export function actorRowQuery(db: Kysely<DB>) {
  return db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.roleId')
    .select([
      'users.id as userId',
      'users.login',
      'users.name',
      'users.active',
      'users.departmentId',
      'users.roleId',
      'roles.key as roleKey',
      'roles.isAdmin',
      'roles.scope',
      'roles.rights',
      'roles.fieldRights',
      'roles.maxDiscountBp',
    ]);
}

export async function findSession(db: Kysely<DB>, idHash: string) {
  return actorRowQuery(db)
    .innerJoin('sessions', 'sessions.userId', 'users.id')
    .select(['sessions.idHash', 'sessions.lastSeenAt', 'sessions.expiresAt'])
    .where('sessions.idHash', '=', idHash)
    .executeTakeFirst();
}

export async function findToken(db: Kysely<DB>, tokenHash: string) {
  return actorRowQuery(db)
    .innerJoin('apiTokens', 'apiTokens.userId', 'users.id')
    .select(['apiTokens.id as tokenId'])
    .where('apiTokens.tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

export async function insertSession(db: Kysely<DB>, idHash: string, userId: number, expiresAt: Date) {
  await db.insertInto('sessions').values({ idHash, userId, expiresAt }).execute();
}

export async function touchSession(db: Kysely<DB>, idHash: string) {
  await db.updateTable('sessions').set({ lastSeenAt: new Date() }).where('idHash', '=', idHash).execute();
}

export async function deleteSession(db: Kysely<DB>, idHash: string) {
  await db.deleteFrom('sessions').where('idHash', '=', idHash).execute();
}

export async function deleteUserSessions(db: Kysely<DB>, userId: number) {
  await db.deleteFrom('sessions').where('userId', '=', userId).execute();
  bumpAuthEpoch();
}

/** Revokes every API token of a user; returns how many there were. */
export async function deleteUserTokens(db: Kysely<DB>, userId: number): Promise<number> {
  const r = await db.deleteFrom('apiTokens').where('userId', '=', userId).executeTakeFirst();
  bumpAuthEpoch();
  return Number(r.numDeletedRows);
}
