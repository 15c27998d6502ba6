import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, Issues, type FieldIssue } from '../../shared/errors.js';
import { type Actor, fieldRightsWithin, requireRight, rightsWithin, scopeRank } from '../access/rights.js';
import { insertAudit } from '../../db/audit-log.js';
import { deleteUserSessions, deleteUserTokens } from '../auth/auth.service.js';
import { checkPasswordPolicy, hashPassword } from '../auth/password.js';
import { bumpAuthEpoch } from '../auth/actor-cache.js';
import { validEmail } from '../clients/client-validation.js';
import { findDepartmentByName } from '../departments/departments.service.js';
import { validTimezone } from '../settings/settings.service.js';
import * as repo from './users.repository.js';
import { UserCreate, type TUserCreate, type TUserUpdate } from './users.schemas.js';
import { isUniqueViolation } from '../../db/pg-errors.js';

/** What other features use of this one's data access, through its service rather than its repository. */
export { findRoleByKey, findUser, insertUser } from './users.repository.js';

type Role = NonNullable<Awaited<ReturnType<typeof repo.findRole>>>;

function above(actor: Actor, role: Role): boolean {
  if (actor.isAdmin) return false;
  return (
    role.isAdmin || scopeRank[role.scope] > scopeRank[actor.scope] || !rightsWithin(role.rights, actor) || !fieldRightsWithin(role.fieldRights, actor)
  );
}

/** Nobody grants a role above their own. */
function assertMayGrant(actor: Actor, role: Role) {
  if (above(actor, role)) throw new AppError('FORBIDDEN', 'You may not grant a role with more rights than your own', { field: 'roleId' });
}

/** ...nor changes, deactivates or sets the password of a user whose role is above their own. */
async function assertMayManage(db: Kysely<DB>, actor: Actor, roleId: number) {
  const role = await repo.findRole(db, roleId);
  if (!role || above(actor, role)) throw new AppError('FORBIDDEN', 'You may not change a user whose role is above your own');
}

/**
 * A user manager below administrator manages only the users of their own department: new users
 * go there, and nobody else's account is theirs to change. Without a department they manage
 * nobody (fail closed). Reading the user list is not limited: managers' names appear on clients.
 */
export function manages(actor: Actor, departmentId: number | null | undefined): boolean {
  return actor.isAdmin || (actor.departmentId !== null && departmentId === actor.departmentId);
}

function assertOwnDepartment(actor: Actor, departmentId: number | null | undefined, field?: string) {
  if (!manages(actor, departmentId)) {
    throw new AppError('FORBIDDEN', 'You may manage only users of your own department', field ? { field } : undefined);
  }
}

/** The checks of a new account, shared by "create" and "invite"; returns the role and the department it gets. */
export async function checkNewUser(db: Kysely<DB>, actor: Actor | null, input: { roleId: number; departmentId?: number | null }) {
  if (actor) requireRight(actor, 'users', 'create');
  const role = await repo.findRole(db, input.roleId);
  if (!role) throw new AppError('VALIDATION_FAILED', 'roleId: no such role', [{ field: 'roleId', message: 'no such role' }]);
  if (actor) assertMayGrant(actor, role);
  // Left out by a department's user manager, the department is their own.
  const departmentId = input.departmentId === undefined && actor && !actor.isAdmin ? actor.departmentId : (input.departmentId ?? null);
  if (actor) assertOwnDepartment(actor, departmentId, 'departmentId');
  if (departmentId) await assertDepartment(db, departmentId);
  return { role, departmentId };
}

function uniqueViolation(e: unknown): boolean {
  return isUniqueViolation(e);
}

export async function createUser(db: Kysely<DB>, actor: Actor | null, input: TUserCreate, ip?: string) {
  const { role, departmentId } = await checkNewUser(db, actor, input);
  checkPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  try {
    const userId = await db.transaction().execute(async (trx) => {
      const id = await repo.insertUser(trx, {
        login: input.login,
        name: input.name,
        email: input.email ?? null,
        passwordHash,
        roleId: role.id,
        departmentId,
        locale: input.locale ?? 'en',
      });
      await insertAudit(trx, {
        userId: actor?.userId ?? null,
        action: 'user.created',
        entity: 'user',
        entityId: id,
        changes: { login: input.login, role: role.key },
        ip,
      });
      return id;
    });
    return (await repo.findUser(db, userId))!;
  } catch (e) {
    if (uniqueViolation(e))
      throw new AppError('ALREADY_EXISTS', 'A user with this login already exists', [{ field: 'login', message: 'already taken' }]);
    throw e;
  }
}

async function assertDepartment(db: Kysely<DB>, id: number) {
  if (!(await repo.departmentExists(db, id)))
    throw new AppError('VALIDATION_FAILED', 'departmentId: no such department', [{ field: 'departmentId', message: 'no such department' }]);
}

/** What every user may change of their own account without the right to edit users: their time zone and language. */
const ownSettings = new Set(['version', 'timezone', 'locale']);

export async function updateUser(db: Kysely<DB>, actor: Actor, id: number, input: TUserUpdate, ip?: string) {
  const ownOnly = id === actor.userId && Object.keys(input).every((k) => ownSettings.has(k));
  if (!ownOnly) requireRight(actor, 'users', 'edit');
  const current = await repo.findUser(db, id);
  if (!current) throw new AppError('USER_NOT_FOUND', 'No such user');
  if (!ownOnly) {
    await assertMayManage(db, actor, current.roleId);
    assertOwnDepartment(actor, current.departmentId);
  }
  if (input.departmentId !== undefined) assertOwnDepartment(actor, input.departmentId, 'departmentId');
  if (input.roleId !== undefined && input.roleId !== current.roleId) {
    if (id === actor.userId) throw new AppError('FORBIDDEN', 'You may not change your own role', { field: 'roleId' });
    const role = await repo.findRole(db, input.roleId);
    if (!role) throw new AppError('VALIDATION_FAILED', 'roleId: no such role', [{ field: 'roleId', message: 'no such role' }]);
    assertMayGrant(actor, role);
  }
  if (input.active === false && id === actor.userId) throw new AppError('FORBIDDEN', 'You may not deactivate yourself');
  if (input.departmentId) await assertDepartment(db, input.departmentId);
  if (input.timezone !== undefined && input.timezone !== null && !validTimezone(input.timezone)) {
    throw new AppError('VALIDATION_FAILED', 'timezone: unknown time zone', [{ field: 'timezone', message: 'unknown time zone' }]);
  }
  const { version, ...patch } = input;
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateUser(trx, id, version, patch))) {
      throw new AppError('VERSION_CONFLICT', 'The user was changed by someone else', { currentVersion: current.version });
    }
    // Deactivation cuts the user off at once and for good: sessions, API tokens and the
    // invitations they sent are deleted, so reactivating the account revives none of them.
    if (patch.active === false) {
      await deleteUserSessions(trx, id);
      await repo.deleteTokensAndInvites(trx, id);
    }
    const changes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch)) changes[k] = [current[k as keyof typeof current], v];
    const action = patch.roleId !== undefined && patch.roleId !== current.roleId ? 'user.role_changed' : 'user.updated';
    await insertAudit(trx, { userId: actor.userId, action, entity: 'user', entityId: id, changes, ip });
  });
  bumpAuthEpoch();
  return (await repo.findUser(db, id))!;
}

export async function setPassword(db: Kysely<DB>, actor: Actor | null, id: number, password: string, ip?: string) {
  if (actor && actor.userId !== id) {
    requireRight(actor, 'users', 'edit');
    const target = await repo.findUser(db, id);
    if (!target) throw new AppError('USER_NOT_FOUND', 'No such user');
    await assertMayManage(db, actor, target.roleId);
    assertOwnDepartment(actor, target.departmentId);
  }
  checkPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.setPasswordHash(trx, id, passwordHash))) throw new AppError('USER_NOT_FOUND', 'No such user');
    // A new password ends every session of that user (the caller logs in again) and revokes
    // every API token: whoever knew the old password may have made one. Scripts
    // need a new token, made after the change.
    await deleteUserSessions(trx, id);
    const tokensRevoked = await deleteUserTokens(trx, id);
    await insertAudit(trx, {
      userId: actor?.userId ?? null,
      action: 'user.password_changed',
      entity: 'user',
      entityId: id,
      changes: { tokensRevoked },
      ip,
    });
  });
  // after the commit too: a request that read the session or token while the transaction was
  // open must not keep its actor in the cache
  bumpAuthEpoch();
}

/** The CLI's `user set-role`: a user's role by the role's key, no version check, audited as done from the command line. */
export async function setRoleFromCli(db: Kysely<DB>, login: string, roleKey: string): Promise<void> {
  const user = await repo.findUserByLogin(db, login);
  if (!user) throw new Error(`no user with login "${login}"`);
  const role = await repo.findRoleByKey(db, roleKey);
  if (!role) throw new Error(`no role "${roleKey}" (built-in: admin, senior, manager, readonly)`);
  await db.transaction().execute(async (trx) => {
    await repo.setRole(trx, user.id, role.id);
    await insertAudit(trx, { userId: null, action: 'user.role_changed', entity: 'user', entityId: user.id, changes: { role: roleKey, via: 'cli' } });
  });
}

/** One row of a user import: the role by key, the department by name ('' for none). */
export type UserImportRow = { login: string; name: string; email: string; role: string; department: string; password: string };

/** The rules of the API's UserCreate schema for the text fields (the HTTP layer checks them there; here for the CLI). */
export function newUserFieldIssues(
  row: { login: string; name: string; email?: string | null },
  issues: Issues,
  at: (field: string) => string = (f) => f,
) {
  const login = UserCreate.properties.login;
  if (row.login.length < login.minLength! || row.login.length > login.maxLength!)
    issues.add(at('login'), `must be ${login.minLength} to ${login.maxLength} characters`);
  else if (!new RegExp(login.pattern!, 'u').test(row.login)) issues.add(at('login'), 'may hold only letters, digits and . _ @ -');
  const name = UserCreate.properties.name;
  if (row.name.length < name.minLength! || row.name.length > name.maxLength!)
    issues.add(at('name'), `must be ${name.minLength} to ${name.maxLength} characters`);
  if (row.email && !validEmail(row.email)) issues.add(at('email'), 'is not an email address');
}

/**
 * Several accounts at once, all or none (the CLI's `user import`). Every row gets the checks a new
 * account gets through the API — the UserCreate schema's login, name and email rules, the role
 * (by key) and department (by name) existing and grantable by the actor (null: the CLI), the
 * password policy, a login free in the base and not repeated in the rows. Any issue in any row:
 * nothing is written, and all issues are thrown together (VALIDATION_FAILED, fields `rows.N.column`
 * with N counted from 0). Otherwise every user and its audit row is created in one transaction.
 */
export async function importUsers(
  db: Kysely<DB>,
  actor: Actor | null,
  rows: UserImportRow[],
  opts: { dryRun?: boolean; ip?: string; rowName?: (i: number) => string } = {},
) {
  const rowName = opts.rowName ?? ((i: number) => `row ${i + 1}`);
  if (actor) requireRight(actor, 'users', 'create');
  const issues = new Issues();
  const ready: { row: UserImportRow; roleId: number; roleKey: string; departmentId: number | null }[] = [];
  const first = new Map<string, number>();
  const roles = new Map<string, Role | undefined>();
  const departments = new Map<string, { id: number } | undefined>();
  for (const [i, row] of rows.entries()) {
    const at = (field: string) => `rows.${i}.${field}`;
    const before = issues.list.length;
    newUserFieldIssues(row, issues, at);
    const key = row.login.toLowerCase();
    if (first.has(key)) issues.add(at('login'), `repeats the login of ${rowName(first.get(key)!)}`);
    else first.set(key, i);
    try {
      checkPasswordPolicy(row.password, at('password'));
    } catch (e) {
      issues.list.push(...((e as AppError).details as FieldIssue[]));
    }
    if (!roles.has(row.role)) roles.set(row.role, await repo.findRoleByKey(db, row.role));
    const role = roles.get(row.role);
    if (!role) issues.add(at('role'), `no role "${row.role}"`);
    let departmentId: number | null = null;
    if (row.department) {
      const k = row.department.toLowerCase();
      if (!departments.has(k)) departments.set(k, await findDepartmentByName(db, row.department));
      const d = departments.get(k);
      if (!d) issues.add(at('department'), `no department "${row.department}"`);
      else departmentId = d.id;
    }
    if (role && actor) {
      if (above(actor, role)) issues.add(at('role'), 'you may not grant a role with more rights than your own');
      if (!manages(actor, departmentId)) issues.add(at('department'), 'you may manage only users of your own department');
    }
    if (issues.list.length === before && role) ready.push({ row, roleId: role.id, roleKey: role.key, departmentId });
  }
  for (const taken of await repo.takenLogins(db, [...first.keys()])) {
    issues.add(`rows.${first.get(taken.toLowerCase())!}.login`, 'already taken');
  }
  issues.list.sort((a, b) => Number(a.field.split('.')[1]) - Number(b.field.split('.')[1]));
  issues.throwIfAny();
  if (opts.dryRun) return ready.map((r) => ({ login: r.row.login, roleKey: r.roleKey }));
  const hashes: string[] = [];
  for (const r of ready) hashes.push(await hashPassword(r.row.password));
  try {
    await db.transaction().execute(async (trx) => {
      for (const [i, { row, roleId, roleKey, departmentId }] of ready.entries()) {
        const id = await repo.insertUser(trx, {
          login: row.login,
          name: row.name,
          email: row.email || null,
          passwordHash: hashes[i]!,
          roleId,
          departmentId,
          locale: 'en',
        });
        await insertAudit(trx, {
          userId: actor?.userId ?? null,
          action: 'user.created',
          entity: 'user',
          entityId: id,
          changes: { login: row.login, role: roleKey, via: actor ? 'import' : 'cli import' },
          ip: opts.ip,
        });
      }
    });
  } catch (e) {
    if (uniqueViolation(e))
      throw new AppError('ALREADY_EXISTS', 'A login was taken while the import ran; nothing was imported', [
        { field: 'login', message: 'already taken' },
      ]);
    throw e;
  }
  return ready.map((r) => ({ login: r.row.login, roleKey: r.roleKey }));
}
