// The SQL of custom field definitions (default value and options are stored as jsonb).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export const listFieldRows = (db: Db, entity: string) =>
  db.selectFrom('customFields').selectAll().where('entity', '=', entity).orderBy('position').orderBy('id').execute();

export type FieldValues = {
  key: string;
  label: string;
  type: string;
  required: boolean;
  defaultValue: unknown;
  options: string[];
  position: number;
  hidden: boolean;
};

export async function insertField(db: Db, def: FieldValues): Promise<number> {
  const r = await db
    .insertInto('customFields')
    .values({ ...def, defaultValue: JSON.stringify(def.defaultValue), options: JSON.stringify(def.options) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** False when the id or the version does not match. */
export async function updateField(
  db: Db,
  id: number,
  version: number,
  next: { label: string; required: boolean; position: number; hidden: boolean; defaultValue: unknown; options: string[] },
): Promise<boolean> {
  const r = await db
    .updateTable('customFields')
    .set((eb) => ({
      label: next.label,
      required: next.required,
      position: next.position,
      hidden: next.hidden,
      defaultValue: JSON.stringify(next.defaultValue ?? null),
      options: JSON.stringify(next.options),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}
