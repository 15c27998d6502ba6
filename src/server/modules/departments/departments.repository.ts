import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export const listDepartments = (db: Kysely<DB>) => db.selectFrom('departments').select(['id', 'name', 'version']).orderBy('name').execute();

/** Departments with how many active users each has (the CLI's `department list`). */
export const listDepartmentsWithUsers = (db: Kysely<DB>) =>
  db.selectFrom('departments')
    .select(['departments.id', 'departments.name'])
    .select((eb) => eb.selectFrom('users').whereRef('users.departmentId', '=', 'departments.id').where('users.active', '=', true)
      .select((e) => e.fn.countAll<number>().as('n')).as('users'))
    .orderBy('departments.name').execute();

/** By name in any letter case (names are unique that way: departments_name_key on lower(name)). */
export const findDepartmentByName = (db: Kysely<DB>, name: string) =>
  db.selectFrom('departments').select(['id', 'name']).where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();

export const insertDepartment = (db: Kysely<DB>, name: string) =>
  db.insertInto('departments').values({ name }).returning(['id', 'name', 'version']).executeTakeFirstOrThrow();
