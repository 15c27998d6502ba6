import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, validationError } from '../../shared/errors.js';
import { requireRight, type Actor } from '../access/rights.js';
import { insertAudit } from '../../db/audit-log.js';
import * as repo from './departments.repository.js';
import { isUniqueViolation } from '../../db/pg-errors.js';

/** What other features use of this one's data access, through its service rather than its repository. */
export { defaultDepartmentName, findDepartmentByName, insertDefaultDepartment, setUserDepartment } from './departments.repository.js';

export async function listDepartments(db: Kysely<DB>, actor: Actor) {
  requireRight(actor, 'departments', 'read');
  return repo.listDepartments(db);
}

/** A department renamed at `version`; the audit row keeps the old and the new name. */
export async function renameDepartment(db: Kysely<DB>, actor: Actor, id: number, input: { name: string; version: number }, ip?: string) {
  requireRight(actor, 'departments', 'edit');
  return db.transaction().execute(async (trx) => {
    const cur = await repo.findDepartment(trx, id);
    if (!cur) throw new AppError('DEPARTMENT_NOT_FOUND', 'No such department');
    const row = await repo.renameDepartment(trx, id, input.version, input.name.trim());
    if (!row) throw new AppError('VERSION_CONFLICT', 'The department was changed by someone else', { currentVersion: cur.version });
    await insertAudit(trx, {
      userId: actor.userId,
      action: 'department.renamed',
      entity: 'department',
      entityId: row.id,
      changes: { name: [cur.name, row.name] },
      ip,
    });
    return row;
  });
}

/** A new department (the API's POST and the CLI's `department add`; actor null: the CLI). Names are unique in any letter case. */
export async function createDepartment(db: Kysely<DB>, actor: Actor | null, rawName: string, ip?: string) {
  if (actor) requireRight(actor, 'departments', 'create');
  const name = rawName.trim();
  if (name.length < 1 || name.length > 200) throw validationError([{ field: 'name', message: 'must be 1 to 200 characters' }]);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await repo.insertDepartment(trx, name);
      await insertAudit(trx, {
        userId: actor?.userId ?? null,
        action: 'department.created',
        entity: 'department',
        entityId: row.id,
        changes: { name: row.name, ...(actor ? {} : { via: 'cli' }) },
        ip,
      });
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError('ALREADY_EXISTS', 'A department with this name exists', [{ field: 'name', message: 'already taken' }]);
    throw e;
  }
}
