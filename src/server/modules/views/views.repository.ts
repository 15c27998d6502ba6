// The SQL of saved journal views (config is stored as jsonb).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;
const columns = ['id', 'ownerId', 'shared', 'name', 'config', 'version'] as const;

/** The user's own views and the shared ones, shared last, by name. */
export const listVisibleViews = (db: Db, userId: number) =>
  db
    .selectFrom('savedViews')
    .select(columns)
    .where((eb) => eb.or([eb('ownerId', '=', userId), eb('shared', '=', true)]))
    .orderBy('shared')
    .orderBy('name')
    .execute();

export const insertView = (db: Db, v: { ownerId: number; shared: boolean; name: string; config: unknown }) =>
  db
    .insertInto('savedViews')
    .values({ ownerId: v.ownerId, shared: v.shared, name: v.name, config: JSON.stringify(v.config) })
    .returning(columns)
    .executeTakeFirstOrThrow();

export const findView = (db: Db, id: number) => db.selectFrom('savedViews').selectAll().where('id', '=', id).executeTakeFirst();

/** The changed view, or undefined when the id or the version does not match. */
export const updateView = (db: Db, id: number, version: number, patch: { name?: string; config?: unknown }) =>
  db
    .updateTable('savedViews')
    .set((eb) => ({
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.config !== undefined && { config: JSON.stringify(patch.config) }),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(columns)
    .executeTakeFirst();

export async function deleteView(db: Db, id: number): Promise<void> {
  await db.deleteFrom('savedViews').where('id', '=', id).execute();
}
