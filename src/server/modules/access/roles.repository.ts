// The SQL of roles (rights and field rights are stored as jsonb).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

/** Adds a built-in role unless a role with its key exists. */
export async function insertBuiltinRole(
  db: Db,
  r: { key: string; name: string; isAdmin: boolean; scope: 'own' | 'department' | 'all'; rights: unknown },
): Promise<void> {
  await db
    .insertInto('roles')
    .values({ key: r.key, name: r.name, isAdmin: r.isAdmin, builtin: true, scope: r.scope, rights: JSON.stringify(r.rights), fieldRights: '{}' })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

export const listRoles = (db: Db) => db.selectFrom('roles').selectAll().orderBy('id').execute();

export const findRole = (db: Db, id: number) => db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();

export const insertRole = (
  db: Db,
  r: { key: string; name: string; scope: 'own' | 'department' | 'all'; rights: unknown; fieldRights: unknown; maxDiscountBp: number | null },
) =>
  db
    .insertInto('roles')
    .values({
      key: r.key,
      name: r.name,
      scope: r.scope,
      rights: JSON.stringify(r.rights),
      fieldRights: JSON.stringify(r.fieldRights),
      maxDiscountBp: r.maxDiscountBp,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

/** The changed role (fields left undefined keep their value), or undefined when the id or the version does not match. */
export const updateRole = (
  db: Db,
  id: number,
  version: number,
  p: { name?: string; scope?: 'own' | 'department' | 'all'; rights?: unknown; fieldRights?: unknown; maxDiscountBp?: number | null },
) =>
  db
    .updateTable('roles')
    .set((eb) => ({
      ...(p.name !== undefined && { name: p.name }),
      ...(p.scope !== undefined && { scope: p.scope }),
      ...(p.rights !== undefined && { rights: JSON.stringify(p.rights) }),
      ...(p.fieldRights !== undefined && { fieldRights: JSON.stringify(p.fieldRights) }),
      ...(p.maxDiscountBp !== undefined && { maxDiscountBp: p.maxDiscountBp }),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
