// Who may be the owner of a CRM record (an event's employee, a task's assignee, a promise's or a
// contract's responsible user; issue 15, docs/interactions.md): the actor themselves; below the
// "all" scope an own-scope user only themselves and a department-scope user an active employee of
// their own department; with the "all" scope any active user. The same rule as a sale's employee
// (sales/sale-rules.ts), so nobody parks records with a colleague they may not see.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, validationError } from '../../shared/errors.js';
import type { Actor } from '../access/rights.js';
import { findOwnerCandidate } from './planning.repository.js';

export async function resolveOwner(db: Kysely<DB>, actor: Actor, field: string, id: number | undefined): Promise<number> {
  if (id === undefined || id === actor.userId) {
    if (actor.userId > 0) return actor.userId;
    throw validationError([{ field, message: 'say which employee' }]);
  }
  if (actor.scope === 'own' && !actor.isAdmin)
    throw new AppError('FORBIDDEN', 'You may give records only to yourself', [{ field, message: 'only yourself' }]);
  const u = await findOwnerCandidate(db, id);
  if (!u?.active) throw validationError([{ field, message: 'no such active user' }]);
  if (!actor.isAdmin && actor.scope !== 'all' && (actor.departmentId === null || u.departmentId !== actor.departmentId)) {
    throw new AppError('FORBIDDEN', 'You may give records only to employees of your own department', [
      { field, message: 'only an employee of your own department' },
    ]);
  }
  return id;
}
