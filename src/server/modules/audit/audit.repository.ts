import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/rights.js';

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

/** The newest entry about a record: who changed it last, and when. */
export async function lastEntityChange(db: Kysely<DB>, entity: string, entityId: number) {
  return (await listEntityAudit(db, entity, entityId, 1))[0];
}

export type AuditRow = {
  id: number;
  at: Date;
  userId: number | null;
  userName: string | null;
  action: string;
  entity: string | null;
  entityId: number | null;
  clientId: number | null;
  clientName: string | null;
  changes: unknown;
  ip: string | null;
};

/**
 * Which entries the actor may read (docs/security.md §2): an entry about a client, or about one of its
 * sales, exists for them only while that client is inside their scope (`clientScope`, the same
 * condition as the card's, over the alias `c`); an entry about anything else (logins, users,
 * roles, settings, catalog, imports, exports) only when its author is inside their scope — the
 * actor themselves (own), a user of their department (department), anybody (all).
 */
function visibleSql(actor: Actor, clientScope: RawBuilder<boolean>): RawBuilder<boolean> {
  if (actor.scope === 'all') return sql<boolean>`true`;
  const byAuthor =
    actor.scope === 'department' && actor.departmentId !== null
      ? sql`(a.user_id = ${actor.userId} OR a.user_id IN (SELECT du.id FROM users du WHERE du.department_id = ${actor.departmentId}))`
      : sql`a.user_id = ${actor.userId}`;
  return sql<boolean>`CASE
    WHEN a.entity = 'client' AND a.entity_id IS NOT NULL THEN EXISTS (SELECT 1 FROM clients c WHERE c.id = a.entity_id AND ${clientScope})
    WHEN a.entity = 'client' THEN a.user_id = ${actor.userId}
    WHEN a.entity = 'sale' THEN EXISTS (SELECT 1 FROM sales s JOIN clients c ON c.id = s.client_id WHERE s.id = a.entity_id AND ${clientScope})
    ELSE coalesce(${byAuthor}, false) END`;
}

/** The audit trail, newest first, filtered; only the entries the actor may read (see visibleSql). */
export async function listAudit(
  db: Kysely<DB>,
  actor: Actor,
  clientScope: RawBuilder<boolean>,
  f: { action?: string; userId?: number; clientId?: number; from?: string; to?: string; limit: number; beforeId?: number },
): Promise<AuditRow[]> {
  const where: RawBuilder<unknown>[] = [visibleSql(actor, clientScope)];
  if (f.action) where.push(sql`a.action LIKE ${`${f.action.replace(/[%_\\]/g, '\\$&')}%`}`);
  if (f.userId) where.push(sql`a.user_id = ${f.userId}`);
  if (f.clientId) {
    where.push(sql`((a.entity = 'client' AND a.entity_id = ${f.clientId})
      OR (a.entity = 'sale' AND a.entity_id IN (SELECT s.id FROM sales s WHERE s.client_id = ${f.clientId})))`);
  }
  if (f.from) where.push(sql`a.at >= ${f.from}::timestamptz`);
  if (f.to) where.push(sql`a.at < ${f.to}::timestamptz`);
  if (f.beforeId) where.push(sql`a.id < ${f.beforeId}`);
  const r = await sql<AuditRow>`
    SELECT a.id::int AS id, a.at, a.user_id::int AS user_id, u.name AS user_name, a.action, a.entity, a.entity_id::int AS entity_id,
      x.client_id::int AS client_id, cl.display_name AS client_name, a.changes, a.ip
    FROM audit_log a
    LEFT JOIN users u ON u.id = a.user_id
    LEFT JOIN LATERAL (SELECT CASE WHEN a.entity = 'client' THEN a.entity_id
      WHEN a.entity = 'sale' THEN (SELECT s.client_id FROM sales s WHERE s.id = a.entity_id) END AS client_id) x ON true
    LEFT JOIN clients cl ON cl.id = x.client_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY a.id DESC
    LIMIT ${f.limit}`.execute(db);
  return r.rows;
}

/** The names of the users, categories, price lists and departments with these ids, and every custom field's label. */
export async function referenceNames(db: Kysely<DB>, ids: { users: number[]; categories: number[]; priceLists: number[]; departments: number[] }) {
  const r = await sql<{ kind: string; id: string; name: string }>`
    SELECT 'users' AS kind, id::text, name FROM users WHERE id = ANY(${ids.users}::bigint[])
    UNION ALL SELECT 'categories', id::text, name FROM client_categories WHERE id = ANY(${ids.categories}::bigint[])
    UNION ALL SELECT 'priceLists', id::text, name FROM price_lists WHERE id = ANY(${ids.priceLists}::bigint[])
    UNION ALL SELECT 'departments', id::text, name FROM departments WHERE id = ANY(${ids.departments}::bigint[])
    UNION ALL SELECT 'fields', 'custom.' || key, label FROM custom_fields`.execute(db);
  return r.rows;
}
