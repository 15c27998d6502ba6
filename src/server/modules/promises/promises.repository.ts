// The SQL of promises (issue 15; docs/crm-records.md). Every read carries the record scope
// (access/scope.ts recordScopeSql over p.responsible_id and the client joined as `c`). Whether a
// promise is overdue is computed here, per row, on the responsible user's calendar: their time
// zone, else the firm's (settings.timezone), as planning's userTimezone says.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Row } from '../../db/rows.js';
import type { Actor } from '../access/rights.js';
import { recordScopeSql, scopeSql } from '../access/scope.js';

type Db = Kysely<DB>;

export type PromiseRow = Omit<Row<'promises'>, 'createdBy'> & {
  clientName: string;
  clientVisible: boolean;
  responsibleName: string;
  overdue: boolean;
};

/** Today on the responsible user's (`u`) wall clock. */
const localToday = sql`(now() AT TIME ZONE coalesce(u.timezone, (SELECT s.value #>> '{}' FROM settings s WHERE s.key = 'timezone'), 'UTC'))::date`;
const overdueSql = sql<boolean>`(p.status = 'open' AND p.due_on < ${localToday})`;

const columns = (actor: Actor) => sql`SELECT p.id::int, p.client_id::int AS client_id, c.display_name AS client_name,
    coalesce(${scopeSql(actor)}, false) AS client_visible, p.text, p.promised_by, p.responsible_id::int AS responsible_id,
    u.name AS responsible_name, p.due_on, p.status, ${overdueSql} AS overdue, p.closed_at, p.event_id::int AS event_id,
    p.created_at, p.updated_at, p.version`;
const from = sql`FROM promises p JOIN clients c ON c.id = p.client_id JOIN users u ON u.id = p.responsible_id`;

export async function findPromise(db: Db, actor: Actor, id: number, lock = false): Promise<PromiseRow | undefined> {
  const r = await sql<PromiseRow>`${columns(actor)} ${from} WHERE p.id = ${id} AND ${recordScopeSql(actor, sql`p.responsible_id`)}
    ${lock ? sql`FOR UPDATE OF p` : sql``}`.execute(db);
  return r.rows[0];
}

export type PromiseFilter = { clientId?: number; responsibleId?: number; status?: string; overdue?: boolean; beforeId?: number };

/** Up to `limit` promises in the actor's scope, newest first. */
export async function findPromises(db: Db, actor: Actor, q: PromiseFilter, limit: number): Promise<PromiseRow[]> {
  const where: RawBuilder<unknown>[] = [recordScopeSql(actor, sql`p.responsible_id`)];
  if (q.clientId) where.push(sql`p.client_id = ${q.clientId}`);
  if (q.responsibleId) where.push(sql`p.responsible_id = ${q.responsibleId}`);
  if (q.status) where.push(sql`p.status = ${q.status}`);
  if (q.overdue === true) where.push(overdueSql);
  if (q.overdue === false) where.push(sql`NOT ${overdueSql}`);
  if (q.beforeId !== undefined) where.push(sql`p.id < ${q.beforeId}`);
  return (await sql<PromiseRow>`${columns(actor)} ${from} WHERE ${sql.join(where, sql` AND `)} ORDER BY p.id DESC LIMIT ${limit}`.execute(db)).rows;
}

/**
 * The managers whose promises the actor answers for as a head: all users with the "all" scope,
 * the department's employees (and oneself) with the department scope, else oneself.
 */
const headScopeSql = (actor: Actor): RawBuilder<boolean> => {
  if (actor.scope === 'all') return sql<boolean>`true`;
  if (actor.scope === 'department' && actor.departmentId !== null)
    return sql<boolean>`(p.responsible_id = ${actor.userId} OR u.department_id = ${actor.departmentId})`;
  return sql<boolean>`p.responsible_id = ${actor.userId}`;
};

export type OverdueRow = PromiseRow & { groupCount: number };

/** The overdue promises per responsible user (by name), up to `perUser` each, with each user's full count. */
export async function findOverdue(db: Db, actor: Actor, perUser: number): Promise<OverdueRow[]> {
  const r = await sql<OverdueRow>`SELECT * FROM (
      ${columns(actor)}, (count(*) OVER w)::int AS group_count, row_number() OVER (w ORDER BY p.due_on, p.id) AS n
      ${from} WHERE p.status = 'open' AND ${overdueSql} AND ${headScopeSql(actor)}
      WINDOW w AS (PARTITION BY p.responsible_id)
    ) x WHERE x.n <= ${perUser} ORDER BY x.responsible_name, x.responsible_id, x.due_on, x.id`.execute(db);
  return r.rows;
}

export type PromiseValues = {
  clientId: number;
  text: string;
  promisedBy: 'us' | 'client';
  responsibleId: number;
  dueOn: string;
  status: 'open' | 'kept' | 'broken';
  closedAt: Date | null;
  eventId: number | null;
};

export async function insertPromise(db: Db, v: PromiseValues, createdBy: number | null): Promise<number> {
  const r = await db
    .insertInto('promises')
    .values({ ...v, createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Writes the promise when its version matches: false when it does not. */
export async function updatePromise(db: Db, id: number, version: number, v: PromiseValues): Promise<boolean> {
  const r = await db
    .updateTable('promises')
    .set((eb) => ({ ...v, updatedAt: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function deletePromise(db: Db, id: number): Promise<void> {
  await db.deleteFrom('promises').where('id', '=', id).execute();
}

/** Whether the event exists and is about this client. */
export async function eventOfClient(db: Db, eventId: number, clientId: number): Promise<boolean> {
  const r = await db.selectFrom('events').select('id').where('id', '=', eventId).where('clientId', '=', clientId).executeTakeFirst();
  return r !== undefined;
}
