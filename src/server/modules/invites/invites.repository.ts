import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export type InviteRow = Awaited<ReturnType<typeof listPending>>[number];

export const loginTaken = async (db: Kysely<DB>, login: string) =>
  !!(await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['login']), '=', login.toLowerCase()))
    .executeTakeFirst());

export const deleteExpired = (db: Kysely<DB>) => db.deleteFrom('userInvites').where('expiresAt', '<=', new Date()).execute();

export const listPending = (db: Kysely<DB>) => db.selectFrom('userInvites').selectAll().where('expiresAt', '>', new Date()).orderBy('id').execute();

export const findInvite = (db: Kysely<DB>, id: number) => db.selectFrom('userInvites').selectAll().where('id', '=', id).executeTakeFirst();

export const findByToken = (db: Kysely<DB>, tokenHash: string) =>
  db.selectFrom('userInvites').selectAll().where('tokenHash', '=', tokenHash).where('expiresAt', '>', new Date()).executeTakeFirst();

/** Takes the invitation out (single use): of two concurrent accepts only one gets the row. */
export const takeByToken = (db: Kysely<DB>, tokenHash: string) =>
  db.deleteFrom('userInvites').where('tokenHash', '=', tokenHash).returningAll().executeTakeFirst();

export const deleteInvite = (db: Kysely<DB>, id: number) => db.deleteFrom('userInvites').where('id', '=', id).executeTakeFirst();

export type NewInvite = {
  tokenHash: string;
  login: string;
  name: string;
  email: string | null;
  roleId: number;
  departmentId: number | null;
  locale: string;
  invitedBy: number;
  expiresAt: Date;
};

export const insertInvite = (db: Kysely<DB>, v: NewInvite) => db.insertInto('userInvites').values(v).returningAll().executeTakeFirstOrThrow();
