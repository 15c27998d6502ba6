// The audit trail's writer, shared by every feature: each change writes its rows with the `db` it
// was given, which is the change's own transaction (ARCHITECTURE.md, "Audit"). It sits in db/, not in
// the audit feature, because every feature writes the trail while only the audit feature reads it
// (audit/audit.repository.ts, audit/audit.service.ts).
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

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

/** The same action (and the same changes) on many records (a bulk create): one statement, one array parameter of ids. */
export async function insertAuditForEach(db: Kysely<DB>, e: Omit<AuditEntry, 'entityId'>, entityIds: number[]): Promise<void> {
  if (entityIds.length === 0) return;
  const changes = e.changes === undefined ? null : JSON.stringify(e.changes);
  await sql`
    INSERT INTO audit_log (user_id, action, entity, entity_id, changes, ip)
    SELECT ${e.userId}::bigint, ${e.action}, ${e.entity ?? null}, id, ${changes}::jsonb, ${e.ip ?? null} FROM unnest(${entityIds}::bigint[]) WITH ORDINALITY AS t(id, n)
    ORDER BY n`.execute(db);
}
