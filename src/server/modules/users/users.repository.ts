import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { TUserUpdate } from './users.schemas.js';

export function userQuery(db: Kysely<DB>) {
  return db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.roleId')
    .select([
      'users.id',
      'users.login',
      'users.name',
      'users.email',
      'users.roleId',
      'roles.key as roleKey',
      'users.departmentId',
      'users.active',
      'users.locale',
      'users.timezone',
      'users.version',
    ]);
}

export const findUser = (db: Kysely<DB>, id: number) => userQuery(db).where('users.id', '=', id).executeTakeFirst();
export const listUsers = (db: Kysely<DB>) => userQuery(db).orderBy('users.name').orderBy('users.id').execute();
export const findRole = (db: Kysely<DB>, id: number) => db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
export const findRoleByKey = (db: Kysely<DB>, key: string) => db.selectFrom('roles').selectAll().where('key', '=', key).executeTakeFirst();
export const findUserByLogin = (db: Kysely<DB>, login: string) =>
  userQuery(db).where(sql`lower(users.login)`, '=', login.toLowerCase()).executeTakeFirst();
/** Which of these logins (any letter case) are taken by users. */
export const takenLogins = async (db: Kysely<DB>, logins: string[]): Promise<string[]> =>
  logins.length === 0
    ? []
    : (
        await db
          .selectFrom('users')
          .select('login')
          .where(
            sql`lower(login)`,
            'in',
            logins.map((l) => l.toLowerCase()),
          )
          .execute()
      ).map((r) => r.login);

export const departmentExists = async (db: Kysely<DB>, id: number) =>
  (await db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

export type NewUser = {
  login: string;
  name: string;
  email: string | null;
  passwordHash: string;
  roleId: number;
  departmentId: number | null;
  locale: string;
};

export async function insertUser(db: Kysely<DB>, u: NewUser): Promise<number> {
  return (await db.insertInto('users').values(u).returning('id').executeTakeFirstOrThrow()).id;
}

export type UserPatch = Omit<TUserUpdate, 'version'>;

/** Changes a user at `version`; false when the id or the version does not match. */
export async function updateUser(db: Kysely<DB>, id: number, version: number, patch: UserPatch): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** False when there is no such user. */
export async function setPasswordHash(db: Kysely<DB>, id: number, passwordHash: string): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set((eb) => ({ passwordHash, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** A new role without a version check (the CLI's `user set-role`). */
export async function setRole(db: Kysely<DB>, id: number, roleId: number): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ roleId, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Deletes the user's API tokens and the invitations they sent, without touching the actor cache (a deactivation, in its transaction). */
export async function deleteTokensAndInvites(trx: Kysely<DB>, id: number): Promise<void> {
  await trx.deleteFrom('apiTokens').where('userId', '=', id).execute();
  await trx.deleteFrom('userInvites').where('invitedBy', '=', id).execute();
}
