// Personal API tokens: created, listed and revoked by their owner. Each change and its audit row
// are one transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../access/rights.js';
import { insertAudit } from '../../db/audit-log.js';
import { newSecret, sha256 } from './auth.service.js';
import { bumpAuthEpoch } from './actor-cache.js';
import * as repo from './tokens.repository.js';

export async function createToken(db: Kysely<DB>, actor: Actor, name: string, ip?: string) {
  const token = `clt_${newSecret()}`;
  const id = await db.transaction().execute(async (trx) => {
    const id = await repo.insertToken(trx, actor.userId, name, sha256(token));
    await insertAudit(trx, { userId: actor.userId, action: 'token.created', entity: 'api_token', entityId: id, ip });
    return id;
  });
  return { id, name, token };
}

export async function listTokens(db: Kysely<DB>, actor: Actor) {
  const rows = await repo.listUserTokens(db, actor.userId);
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.createdAt.toISOString(), lastUsedAt: r.lastUsedAt?.toISOString() ?? null }));
}

export async function deleteToken(db: Kysely<DB>, actor: Actor, id: number, ip?: string) {
  await db.transaction().execute(async (trx) => {
    if (!(await repo.deleteUserToken(trx, actor.userId, id))) throw new AppError('NOT_FOUND', 'No such token');
    await insertAudit(trx, { userId: actor.userId, action: 'token.revoked', entity: 'api_token', entityId: id, ip });
  });
  // cached actors are dropped once the token is gone for good (after the commit)
  bumpAuthEpoch();
}
