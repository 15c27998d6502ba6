// Invitations: a user manager invites someone by login, name, role and department and
// gets a one-time link; the invitee sets their own password through it and is logged in. The
// token is 256 random bits, stored only as its SHA-256 (like the setup token), valid for 72 h,
// deleted when used. The link is built by the browser from its own address, never from the
// Host header, which a client can forge.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { type Actor, requireRight } from '../access/rights.js';
import { insertAudit } from '../../db/audit-log.js';
import { newSecret, sha256 } from '../auth/auth.service.js';
import { checkPasswordPolicy, hashPassword } from '../auth/password.js';
import { checkNewUser, manages } from '../users/users.service.js';
import { insertUser } from '../users/users.service.js';
import * as repo from './invites.repository.js';
import type { TInviteCreate, TInviteOut } from './invites.schemas.js';
import { isUniqueViolation } from '../../db/pg-errors.js';

export const INVITE_HOURS = 72;

const notValid = () => new AppError('INVITE_NOT_VALID', 'This invitation is not valid: it was used, revoked or has expired', { field: 'token' });

function toOut(r: repo.InviteRow): TInviteOut {
  return {
    id: r.id,
    login: r.login,
    name: r.name,
    email: r.email,
    roleId: r.roleId,
    departmentId: r.departmentId,
    invitedBy: r.invitedBy,
    expiresAt: r.expiresAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Pending invitations are for those who may invite (the `users` create right), and below
 * administrator only those of the departments they manage: a pending login, role and e-mail
 * are not for every reader of the user list.
 */
export async function listInvites(db: Kysely<DB>, actor: Actor) {
  requireRight(actor, 'users', 'create');
  return (await repo.listPending(db)).filter((r) => manages(actor, r.departmentId)).map(toOut);
}

export async function createInvite(db: Kysely<DB>, actor: Actor, input: TInviteCreate, ip?: string) {
  // The same checks as creating the user directly: right, role within the actor's, department.
  const { role, departmentId } = await checkNewUser(db, actor, input);
  if (await repo.loginTaken(db, input.login))
    throw new AppError('ALREADY_EXISTS', 'A user with this login already exists', [{ field: 'login', message: 'already taken' }]);
  await repo.deleteExpired(db);
  const token = newSecret();
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await repo.insertInvite(trx, {
        tokenHash: sha256(token),
        login: input.login,
        name: input.name,
        email: input.email ?? null,
        roleId: role.id,
        departmentId,
        locale: input.locale ?? 'en',
        invitedBy: actor.userId,
        expiresAt: new Date(Date.now() + INVITE_HOURS * 3600_000),
      });
      await insertAudit(trx, {
        userId: actor.userId,
        action: 'user.invited',
        entity: 'invite',
        entityId: row.id,
        changes: { login: input.login, role: role.key, departmentId },
        ip,
      });
      return { ...toOut(row), token };
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError('ALREADY_EXISTS', 'An invitation for this login is already pending', [{ field: 'login', message: 'already invited' }]);
    throw e;
  }
}

export async function revokeInvite(db: Kysely<DB>, actor: Actor, id: number, ip?: string) {
  requireRight(actor, 'users', 'create');
  const inv = await repo.findInvite(db, id);
  if (!inv) throw new AppError('INVITE_NOT_FOUND', 'No such invitation');
  if (!manages(actor, inv.departmentId)) throw new AppError('FORBIDDEN', 'You may manage only users of your own department');
  await db.transaction().execute(async (trx) => {
    await repo.deleteInvite(trx, id);
    await insertAudit(trx, { userId: actor.userId, action: 'invite.revoked', entity: 'invite', entityId: id, changes: { login: inv.login }, ip });
  });
}

/** What the invitation page shows before the password is set. */
export async function checkInvite(db: Kysely<DB>, token: string) {
  const inv = await repo.findByToken(db, sha256(token));
  if (!inv) throw notValid();
  return { login: inv.login, name: inv.name, locale: inv.locale };
}

/**
 * Creates the invited user with their own password. The inviter must still be active and still
 * allowed to grant that role in that department: a deactivated inviter or a narrowed role voids
 * the invitation. Returns the login, for the caller to open a session.
 */
export async function acceptInvite(
  db: Kysely<DB>,
  token: string,
  password: string,
  inviterActor: (id: number) => Promise<Actor | undefined>,
  ip?: string,
) {
  checkPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const inv = await repo.takeByToken(trx, sha256(token));
    if (!inv || inv.expiresAt.getTime() <= Date.now()) throw notValid();
    const inviter = await inviterActor(inv.invitedBy);
    if (!inviter) throw notValid();
    try {
      await checkNewUser(trx, inviter, { roleId: inv.roleId, departmentId: inv.departmentId });
    } catch (e) {
      if (e instanceof AppError && e.code === 'FORBIDDEN') throw notValid();
      throw e;
    }
    try {
      const userId = await insertUser(trx, {
        login: inv.login,
        name: inv.name,
        email: inv.email,
        passwordHash,
        roleId: inv.roleId,
        departmentId: inv.departmentId,
        locale: inv.locale,
      });
      await insertAudit(trx, {
        userId,
        action: 'invite.accepted',
        entity: 'user',
        entityId: userId,
        changes: { login: inv.login, invitedBy: inv.invitedBy },
        ip,
      });
      return { userId, login: inv.login };
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AppError('ALREADY_EXISTS', 'A user with this login was created meanwhile; ask for a new invitation', [
          { field: 'login', message: 'already taken' },
        ]);
      throw e;
    }
  });
}
