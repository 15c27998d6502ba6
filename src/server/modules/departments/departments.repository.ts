import { sql, type Kysely } from 'kysely';
import type { Row } from '../../db/rows.js';
import type { DB } from '../../db/schema.js';

export const listDepartments = (db: Kysely<DB>) => db.selectFrom('departments').select(['id', 'name', 'version']).orderBy('name').execute();

/** Departments with how many active users each has (the CLI's `department list`). */
export const listDepartmentsWithUsers = (db: Kysely<DB>) =>
  db
    .selectFrom('departments')
    .select(['departments.id', 'departments.name'])
    .select((eb) =>
      eb
        .selectFrom('users')
        .whereRef('users.departmentId', '=', 'departments.id')
        .where('users.active', '=', true)
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('users'),
    )
    .orderBy('departments.name')
    .execute();

/** By name in any letter case (names are unique that way: departments_name_key on lower(name)). */
export const findDepartmentByName = (db: Kysely<DB>, name: string) =>
  db.selectFrom('departments').select(['id', 'name']).where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();

export const findDepartment = (db: Kysely<DB>, id: number) =>
  db.selectFrom('departments').select(['id', 'name', 'version']).where('id', '=', id).executeTakeFirst();

/** The renamed department, or undefined when the id or the version does not match. */
export const renameDepartment = (db: Kysely<DB>, id: number, version: number, name: string) =>
  db
    .updateTable('departments')
    .set((eb) => ({ name, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id', 'name', 'version'])
    .executeTakeFirst();

export const insertDepartment = (db: Kysely<DB>, name: string) =>
  db.insertInto('departments').values({ name }).returning(['id', 'name', 'version']).executeTakeFirstOrThrow();

/** The name of the department a fresh install starts with, in the language of its first administrator (renameable). */
export function defaultDepartmentName(locale: string | undefined): string {
  switch (locale) {
    case 'ru':
      return 'Основное подразделение';
    case 'uk':
      return 'Основний відділ';
    case 'ro':
      return 'Departamentul principal';
    default:
      return 'Main department';
  }
}

/**
 * Creates the default department when the base has none (first-run setup), so the first sale can
 * name one; a base that already has departments (a restore, an import, the demo) is left alone.
 * Returns the new department's id, or null when there were departments already.
 */
export async function insertDefaultDepartment(trx: Kysely<DB>, name: string): Promise<number | null> {
  const r = await sql<
    Pick<Row<'departments'>, 'id'>
  >`INSERT INTO departments (name) SELECT ${name} WHERE NOT EXISTS (SELECT 1 FROM departments) RETURNING id::int`.execute(trx);
  return r.rows[0]?.id ?? null;
}

export async function setUserDepartment(trx: Kysely<DB>, userId: number, departmentId: number): Promise<void> {
  await trx.updateTable('users').set({ departmentId }).where('id', '=', userId).execute();
}
