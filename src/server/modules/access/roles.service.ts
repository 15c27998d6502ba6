import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, Issues } from '../../shared/errors.js';
import { formatPercent, parsePercent } from '../../shared/money.js';
import { checkFieldRights } from './field-rights.js';
import { insertAudit } from '../../db/audit-log.js';
import { bumpAuthEpoch } from '../auth/actor-cache.js';
import * as repo from './roles.repository.js';
import {
  type Actor,
  builtinRoles,
  fieldRightsOut,
  fieldRightsWithin,
  maxDiscountWithin,
  requireRight,
  rightsOut,
  rightsWithin,
  scopeRank,
  type FieldRights,
  type Rights,
} from './rights.js';
import { isUniqueViolation } from '../../db/pg-errors.js';

export async function ensureBuiltinRoles(db: Kysely<DB>): Promise<void> {
  for (const r of builtinRoles) await repo.insertBuiltinRole(db, r);
}

type RoleRow = Awaited<ReturnType<typeof repo.listRoles>>[number];
/** A role as the API shows it (RoleOut): rights as rightsOut() reads them, the maximum manual discount as a percentage ("10"), or null. */
const roleOut = ({ maxDiscountBp, ...r }: RoleRow) => ({
  ...r,
  rights: rightsOut(r.rights),
  fieldRights: fieldRightsOut(r.fieldRights),
  maxDiscount: maxDiscountBp === null ? null : formatPercent(maxDiscountBp),
});
export const listRoles = async (db: Kysely<DB>) => (await repo.listRoles(db)).map(roleOut);

export type RoleInput = {
  key?: string;
  name?: string;
  scope?: 'own' | 'department' | 'all';
  rights?: Rights;
  fieldRights?: Record<string, 'hidden' | 'readonly'>;
  maxDiscount?: string | null;
  version?: number;
};

/** "10" -> 1000 bp; null stays null (no maximum); undefined: not given. 400 on maxDiscount when not a percentage. */
const maxDiscountBp = (input: RoleInput) =>
  input.maxDiscount === undefined || input.maxDiscount === null ? input.maxDiscount : parsePercent(input.maxDiscount, 'maxDiscount');

function assertValidFieldRights(input: RoleInput) {
  if (!input.fieldRights) return;
  const issues = new Issues();
  checkFieldRights(input.fieldRights, issues);
  issues.throwIfAny();
}

function assertWithinActor(actor: Actor, input: RoleInput, maxBp?: number | null) {
  if (actor.isAdmin) return;
  const wider =
    (input.scope && scopeRank[input.scope] > scopeRank[actor.scope]) ||
    (input.rights && !rightsWithin(input.rights, actor)) ||
    (maxBp !== undefined && !maxDiscountWithin(maxBp, actor));
  if (wider || (input.fieldRights && !fieldRightsWithin(input.fieldRights, actor))) {
    throw new AppError('FORBIDDEN', 'You may not grant more rights than your own role has');
  }
}

export async function createRole(
  db: Kysely<DB>,
  actor: Actor,
  input: Required<Pick<RoleInput, 'key' | 'name' | 'scope' | 'rights'>> & RoleInput,
  ip?: string,
) {
  requireRight(actor, 'roles', 'create');
  const maxBp = maxDiscountBp(input) ?? null;
  assertWithinActor(actor, { ...input, fieldRights: input.fieldRights ?? {} }, maxBp);
  assertValidFieldRights(input);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await repo.insertRole(trx, {
        key: input.key,
        name: input.name,
        scope: input.scope,
        rights: input.rights,
        fieldRights: input.fieldRights ?? {},
        maxDiscountBp: maxBp,
      });
      await insertAudit(trx, { userId: actor.userId, action: 'role.created', entity: 'role', entityId: row.id, changes: input, ip });
      return roleOut(row);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('ALREADY_EXISTS', 'A role with this key exists', [{ field: 'key', message: 'already taken' }]);
    throw e;
  }
}

export async function updateRole(db: Kysely<DB>, actor: Actor, id: number, input: RoleInput & { version: number }, ip?: string) {
  requireRight(actor, 'roles', 'edit');
  const role = await repo.findRole(db, id);
  if (!role) throw new AppError('ROLE_NOT_FOUND', 'No such role');
  // Nobody edits their own role; the built-in administrator role is fixed.
  if (role.id === actor.roleId) throw new AppError('FORBIDDEN', 'You may not edit your own role');
  if (role.isAdmin) throw new AppError('FORBIDDEN', 'The Administrator role cannot be changed');
  // A role above the actor's own is not theirs to change either.
  assertWithinActor(actor, { scope: role.scope, rights: role.rights as Rights, fieldRights: role.fieldRights as FieldRights }, role.maxDiscountBp);
  const maxBp = maxDiscountBp(input);
  assertWithinActor(actor, input, maxBp);
  assertValidFieldRights(input);
  bumpAuthEpoch();
  return db
    .transaction()
    .execute(async (trx) => {
      const row = await repo.updateRole(trx, id, input.version, {
        name: input.name,
        scope: input.scope,
        rights: input.rights,
        fieldRights: input.fieldRights,
        maxDiscountBp: maxBp,
      });
      if (!row) throw new AppError('VERSION_CONFLICT', 'The role was changed by someone else', { currentVersion: role.version });
      await insertAudit(trx, {
        userId: actor.userId,
        action: 'role.changed',
        entity: 'role',
        entityId: id,
        changes: {
          before: { scope: role.scope, rights: role.rights, fieldRights: role.fieldRights, maxDiscount: roleOut(role).maxDiscount },
          after: input,
        },
        ip,
      });
      return roleOut(row);
    })
    .finally(bumpAuthEpoch);
}
