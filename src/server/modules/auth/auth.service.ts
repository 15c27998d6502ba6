import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../access/rights.js';
import { insertAudit } from '../../db/audit-log.js';
import * as repo from './auth.repository.js';
import { dummyPasswordHash, verifyPassword } from './password.js';
import { FailureLimiter } from './rate-limit.js';
import { bumpAuthEpoch, cacheActor, cachedActor } from './actor-cache.js';

/** What other features use of this one's data access, through its service rather than its repository. */
export { deleteUserSessions, deleteUserTokens } from './auth.repository.js';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** 256 random bits, base64url (docs/security.md §9; at least 128). */
export const newSecret = () => randomBytes(32).toString('base64url');

type ActorRow = Omit<NonNullable<Awaited<ReturnType<typeof repo.findToken>>>, 'tokenId'>;

function toActor(row: ActorRow, via: Actor['via']): Actor {
  return {
    userId: row.userId,
    login: row.login,
    name: row.name,
    roleId: row.roleId,
    roleKey: row.roleKey,
    isAdmin: row.isAdmin,
    scope: row.scope,
    rights: row.rights,
    fieldRights: row.fieldRights,
    maxDiscountBp: row.maxDiscountBp,
    departmentId: row.departmentId,
    via,
  };
}

export type AuthOptions = { sessionIdleSeconds: number; sessionMaxSeconds: number };

export class AuthService {
  private perAccount = new FailureLimiter(10, 15 * 60_000);
  private perAddress = new FailureLimiter(50, 15 * 60_000);

  constructor(
    private readonly db: Kysely<DB>,
    private readonly opts: AuthOptions,
  ) {}

  async login(login: string, password: string, ip: string, previousSessionId?: string) {
    const accountKey = login.toLowerCase();
    if (this.perAccount.blocked(accountKey) || this.perAddress.blocked(ip)) {
      await insertAudit(this.db, { userId: null, action: 'login.rate_limited', changes: { login }, ip });
      throw new AppError('TOO_MANY_REQUESTS', 'Too many failed logins; try again later');
    }
    const user = await repo.findUserByLogin(this.db, login);
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok || !user.active) {
      this.perAccount.fail(accountKey);
      this.perAddress.fail(ip);
      await insertAudit(this.db, { userId: user?.id ?? null, action: 'login.failed', changes: { login }, ip });
      // Generic on purpose: never tell which of login, password or "deactivated" was wrong.
      throw new AppError('LOGIN_FAILED', 'Wrong login or password');
    }
    this.perAccount.clear(accountKey);
    // Rotation (docs/security.md §9): a login always gets a new session id; any old one dies.
    if (previousSessionId) {
      await repo.deleteSession(this.db, sha256(previousSessionId));
      bumpAuthEpoch();
    }
    const sessionId = newSecret();
    await repo.insertSession(this.db, sha256(sessionId), user.id, new Date(Date.now() + this.opts.sessionMaxSeconds * 1000));
    await insertAudit(this.db, { userId: user.id, action: 'login.succeeded', ip });
    return { sessionId, userId: user.id };
  }

  async logout(sessionId: string, userId: number, ip: string) {
    await repo.deleteSession(this.db, sha256(sessionId));
    bumpAuthEpoch();
    await insertAudit(this.db, { userId, action: 'logout', ip });
  }

  /** The actor for a session cookie, or undefined when it is unknown, expired or its user deactivated. */
  async actorForSession(sessionId: string): Promise<Actor | undefined> {
    const idHash = sha256(sessionId);
    const hit = cachedActor(`s:${idHash}`);
    if (hit) return hit;
    const row = await repo.findSession(this.db, idHash);
    if (!row || !row.active) return undefined;
    const now = Date.now();
    if (row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + this.opts.sessionIdleSeconds * 1000 <= now) {
      await repo.deleteSession(this.db, idHash);
      return undefined;
    }
    // Write at most once a minute: the idle timeout does not need more precision.
    let lastSeen = row.lastSeenAt.getTime();
    if (now - lastSeen > 60_000) {
      await repo.touchSession(this.db, idHash);
      lastSeen = now;
    }
    const actor = { ...toActor(row, 'session'), sessionHash: idHash };
    // The cached actor never outlives the session's idle or absolute timeout.
    cacheActor(`s:${idHash}`, actor, now, Math.min(row.expiresAt.getTime(), lastSeen + this.opts.sessionIdleSeconds * 1000));
    return actor;
  }

  async actorForToken(token: string): Promise<Actor | undefined> {
    const hash = sha256(token);
    const hit = cachedActor(`t:${hash}`);
    if (hit) return hit;
    const row = await repo.findToken(this.db, hash);
    if (!row || !row.active) return undefined;
    const actor = toActor(row, 'token');
    cacheActor(`t:${hash}`, actor);
    return actor;
  }

  async actorForUser(userId: number, via: Actor['via']): Promise<Actor | undefined> {
    const row = await repo.actorRowQuery(this.db).where('users.id', '=', userId).executeTakeFirst();
    return row && row.active ? toActor(row, via) : undefined;
  }
}
