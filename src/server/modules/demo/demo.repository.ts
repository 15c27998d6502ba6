// SQL of the demo bases: whether the base already has clients, the departments and users a demo
// firm reuses by name or login, and the products a sample marks as no longer sold.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Does the base hold any client (a demo goes only into an empty base)? */
export async function hasClients(db: Kysely<DB>): Promise<boolean> {
  return !!(await db.selectFrom('clients').select('id').limit(1).executeTakeFirst());
}

/** The department of exactly this name, if the base has one. */
export async function departmentIdByName(db: Kysely<DB>, name: string): Promise<number | undefined> {
  return (await db.selectFrom('departments').select('id').where('name', '=', name).executeTakeFirst())?.id;
}

export async function insertDepartment(db: Kysely<DB>, name: string): Promise<number> {
  return (await db.insertInto('departments').values({ name }).returning('id').executeTakeFirstOrThrow()).id;
}

/** The user of exactly this login, if there is one. */
export async function userIdByLogin(db: Kysely<DB>, login: string): Promise<number | undefined> {
  return (await db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirst())?.id;
}

/** Products that stay in the sales history but are no longer sold. */
export async function deactivateProducts(db: Kysely<DB>, ids: number[]): Promise<void> {
  await sql`UPDATE products SET active = false, version = version + 1 WHERE id = ANY(${ids}::bigint[])`.execute(db);
}
