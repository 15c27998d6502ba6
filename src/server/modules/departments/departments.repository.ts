import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** The name of the department a fresh install starts with, in the language of its first administrator (renameable). */
export function defaultDepartmentName(locale: string | undefined): string {
  switch (locale) {
    case 'ru': return 'Основное подразделение';
    case 'uk': return 'Основний відділ';
    case 'ro': return 'Departamentul principal';
    default: return 'Main department';
  }
}

/**
 * Creates the default department when the base has none (first-run setup), so the first sale can
 * name one; a base that already has departments (a restore, an import, the demo) is left alone.
 * Returns the new department's id, or null when there were departments already.
 */
export async function insertDefaultDepartment(trx: Kysely<DB>, name: string): Promise<number | null> {
  const r = await sql<{ id: number }>`INSERT INTO departments (name) SELECT ${name} WHERE NOT EXISTS (SELECT 1 FROM departments) RETURNING id::int`.execute(trx);
  return r.rows[0]?.id ?? null;
}

export async function setUserDepartment(trx: Kysely<DB>, userId: number, departmentId: number): Promise<void> {
  await trx.updateTable('users').set({ departmentId }).where('id', '=', userId).execute();
}
