import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export type AuditEntry = {
  userId: number | null;
  action: string;
  entity?: string | null;
  entityId?: number | null;
  changes?: unknown;
  ip?: string | null;
};

export async function insertAudit(db: Kysely<DB>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({
      userId: e.userId,
      action: e.action,
      entity: e.entity ?? null,
      entityId: e.entityId ?? null,
      changes: e.changes === undefined ? null : JSON.stringify(e.changes),
      ip: e.ip ?? null,
    })
    .execute();
}

/** The same action on many records (a bulk create): one statement, one array parameter of ids. */
export async function insertAuditForEach(db: Kysely<DB>, e: Omit<AuditEntry, 'entityId' | 'changes'>, entityIds: number[]): Promise<void> {
  if (entityIds.length === 0) return;
  await sql`
    INSERT INTO audit_log (user_id, action, entity, entity_id, ip)
    SELECT ${e.userId}::bigint, ${e.action}, ${e.entity ?? null}, id, ${e.ip ?? null} FROM unnest(${entityIds}::bigint[]) WITH ORDINALITY AS t(id, n)
    ORDER BY n`.execute(db);
}

export async function listEntityAudit(db: Kysely<DB>, entity: string, entityId: number, limit: number, beforeId?: number) {
  let q = db
    .selectFrom('auditLog')
    .leftJoin('users', 'users.id', 'auditLog.userId')
    .select(['auditLog.id', 'auditLog.at', 'auditLog.action', 'auditLog.changes', 'auditLog.userId', 'users.name as userName'])
    .where('auditLog.entity', '=', entity)
    .where('auditLog.entityId', '=', entityId)
    .orderBy('auditLog.id', 'desc')
    .limit(limit);
  if (beforeId) q = q.where('auditLog.id', '<', beforeId);
  return q.execute();
}

export async function listAudit(db: Kysely<DB>, f: { action?: string; userId?: number; limit: number; beforeId?: number }) {
  let q = db
    .selectFrom('auditLog')
    .select(['id', 'at', 'userId', 'action', 'entity', 'entityId', 'changes', 'ip'])
    .orderBy('id', 'desc')
    .limit(f.limit);
  if (f.action) q = q.where('action', 'like', `${f.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (f.userId) q = q.where('userId', '=', f.userId);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q.execute();
}
