import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../access/rights.js';
import { insertAudit } from '../audit/audit.repository.js';
import { newSecret, sha256 } from './auth.service.js';
import { bumpAuthEpoch } from './actor-cache.js';

export async function createToken(db: Kysely<DB>, actor: Actor, name: string, ip?: string) {
  const token = `clt_${newSecret()}`;
  const row = await db.insertInto('apiTokens').values({ userId: actor.userId, name, tokenHash: sha256(token) }).returning('id').executeTakeFirstOrThrow();
  await insertAudit(db, { userId: actor.userId, action: 'token.created', entity: 'api_token', entityId: row.id, ip });
  return { id: row.id, name, token };
}

export async function listTokens(db: Kysely<DB>, actor: Actor) {
  const rows = await db.selectFrom('apiTokens').select(['id', 'name', 'createdAt', 'lastUsedAt']).where('userId', '=', actor.userId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.createdAt.toISOString(), lastUsedAt: r.lastUsedAt?.toISOString() ?? null }));
}

export async function deleteToken(db: Kysely<DB>, actor: Actor, id: number, ip?: string) {
  const res = await db.deleteFrom('apiTokens').where('id', '=', id).where('userId', '=', actor.userId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new AppError('NOT_FOUND', 'No such token');
  bumpAuthEpoch();
  await insertAudit(db, { userId: actor.userId, action: 'token.revoked', entity: 'api_token', entityId: id, ip });
}
