import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export function userQuery(db: Kysely<DB>) {
  return db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.roleId')
    .select([
      'users.id', 'users.login', 'users.name', 'users.email', 'users.roleId', 'roles.key as roleKey',
      'users.departmentId', 'users.active', 'users.locale', 'users.version',
    ]);
}

export const findUser = (db: Kysely<DB>, id: number) => userQuery(db).where('users.id', '=', id).executeTakeFirst();
export const listUsers = (db: Kysely<DB>) => userQuery(db).orderBy('users.name').orderBy('users.id').execute();
export const findRole = (db: Kysely<DB>, id: number) => db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
export const findRoleByKey = (db: Kysely<DB>, key: string) => db.selectFrom('roles').selectAll().where('key', '=', key).executeTakeFirst();
export const findUserByLogin = (db: Kysely<DB>, login: string) => userQuery(db).where(sql`lower(users.login)`, '=', login.toLowerCase()).executeTakeFirst();
/** Which of these logins (any letter case) are taken by users. */
export const takenLogins = async (db: Kysely<DB>, logins: string[]): Promise<string[]> =>
  logins.length === 0 ? [] : (await db.selectFrom('users').select('login').where(sql`lower(login)`, 'in', logins.map((l) => l.toLowerCase())).execute()).map((r) => r.login);
