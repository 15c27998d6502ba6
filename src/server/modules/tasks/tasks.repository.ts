// The SQL of tasks (issue 15; docs/crm-tasks.md). Every read carries the record scope
// (access/scope.ts recordScopeSql over the assignee): the actor sees a task of a client they see,
// one assigned to them, or (department scope) one of their department's employees.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/rights.js';
import { recordScopeSql, scopeSql } from '../access/scope.js';

type Db = Kysely<DB>;

export type TaskValues = {
  title: string;
  notes: string;
  assigneeId: number;
  clientId: number | null;
  contactPerson: string | null;
  saleId: number | null;
  contractId: number | null;
  typeId: number | null;
  dueAt: string | Date | null;
  allDay: boolean;
  priority: 'low' | 'normal' | 'high';
  rrule: string | null;
  remindBeforeMin: number | null;
};

/** A new open task: the first of its series when it repeats (series_id = its own id). */
export async function insertTask(
  db: Db,
  v: TaskValues,
  createdBy: number | null,
  series?: { seriesId: number; occurrence: number },
): Promise<number> {
  const r = await db
    .insertInto('tasks')
    .values({ ...v, createdBy, seriesId: series?.seriesId ?? null, occurrence: series?.occurrence ?? 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(r.id);
  if (!series && v.rrule) await db.updateTable('tasks').set({ seriesId: id }).where('id', '=', id).execute();
  return id;
}

export type TaskRow = TaskValues & {
  id: number;
  uid: string;
  sequence: number;
  dueAt: Date | null;
  assigneeName: string;
  assigneeTz: string;
  clientName: string | null;
  clientVisible: boolean;
  status: 'open' | 'done' | 'cancelled';
  doneAt: Date | null;
  seriesId: number | null;
  occurrence: number;
  snoozedUntil: Date | null;
  overdue: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
};

const firmTz = sql`coalesce((SELECT s.value #>> '{}' FROM settings s WHERE s.key = 'timezone'), 'UTC')`;
const assigneeTz = sql`coalesce(u.timezone, ${firmTz})`;
/** Open and past its due time; an all-day task is past when its whole day (in the assignee's zone) is. */
const overdueSql = sql<boolean>`(t.status = 'open' AND t.due_at IS NOT NULL AND CASE WHEN t.all_day
    THEN ((t.due_at AT TIME ZONE ${assigneeTz}) + interval '1 day') AT TIME ZONE ${assigneeTz} ELSE t.due_at END <= now())`;

const taskColumns = (actor: Actor) => sql`SELECT t.id::int, t.uid::text, t.sequence, t.title, t.notes, t.assignee_id::int AS assignee_id,
    u.name AS assignee_name, ${assigneeTz} AS assignee_tz, t.client_id::int AS client_id, c.display_name AS client_name,
    coalesce(c.id IS NOT NULL AND ${scopeSql(actor)}, false) AS client_visible, t.contact_person, t.sale_id::int AS sale_id,
    t.contract_id::int AS contract_id, t.type_id::int AS type_id, t.due_at, t.all_day, t.priority, t.status, t.done_at, t.rrule,
    t.series_id::int AS series_id, t.occurrence, t.snoozed_until, t.remind_before_min, ${overdueSql} AS overdue,
    t.created_at, t.updated_at, t.version`;
const taskFrom = sql`FROM tasks t LEFT JOIN clients c ON c.id = t.client_id JOIN users u ON u.id = t.assignee_id`;
const taskScope = (actor: Actor) => recordScopeSql(actor, sql`t.assignee_id`);

export async function findTask(db: Db, actor: Actor, id: number, lock = false): Promise<TaskRow | undefined> {
  const r =
    await sql<TaskRow>`${taskColumns(actor)} ${taskFrom} WHERE t.id = ${id} AND ${taskScope(actor)} ${lock ? sql`FOR UPDATE OF t` : sql``}`.execute(
      db,
    );
  return r.rows[0];
}

export type TaskFilter = {
  assigneeId?: number;
  clientId?: number;
  status?: string;
  dueFrom?: string;
  dueTo?: string;
  overdue?: boolean;
  /** keyset: after this due time (null = among the tasks without one) and id */
  after?: { dueAt: Date | null; id: number };
};

/** Up to `limit` tasks in the actor's scope by due time (tasks without one last), then id. */
export async function findTasks(db: Db, actor: Actor, q: TaskFilter, limit: number): Promise<TaskRow[]> {
  const where: RawBuilder<unknown>[] = [taskScope(actor)];
  if (q.assigneeId) where.push(sql`t.assignee_id = ${q.assigneeId}`);
  if (q.clientId) where.push(sql`t.client_id = ${q.clientId}`);
  if (q.status === 'closed') where.push(sql`t.status IN ('done', 'cancelled')`);
  else if (q.status) where.push(sql`t.status = ${q.status}`);
  if (q.dueFrom) where.push(sql`t.due_at >= ${q.dueFrom}::timestamptz`);
  if (q.dueTo) where.push(sql`t.due_at < ${q.dueTo}::timestamptz`);
  if (q.overdue === true) where.push(overdueSql);
  if (q.overdue === false) where.push(sql`NOT ${overdueSql}`);
  if (q.after) {
    const a = q.after;
    where.push(
      a.dueAt === null
        ? sql`(t.due_at IS NULL AND t.id > ${a.id})`
        : sql`(t.due_at > ${a.dueAt} OR (t.due_at = ${a.dueAt} AND t.id > ${a.id}) OR t.due_at IS NULL)`,
    );
  }
  return (
    await sql<TaskRow>`${taskColumns(actor)} ${taskFrom} WHERE ${sql.join(where, sql` AND `)} ORDER BY t.due_at ASC NULLS LAST, t.id ASC LIMIT ${limit}`.execute(
      db,
    )
  ).rows;
}

export type TaskState = {
  status: 'open' | 'done' | 'cancelled';
  doneAt: Date | null;
  seriesId: number | null;
  occurrence: number;
  snoozedUntil: Date | null;
};

/** Writes the task when its version matches: false when it does not. SEQUENCE goes up with every change (RFC 5545). */
export async function updateTask(db: Db, id: number, version: number, v: Partial<TaskValues & TaskState>): Promise<boolean> {
  const r = await db
    .updateTable('tasks')
    .set((eb) => ({ ...v, updatedAt: new Date(), version: eb('version', '+', 1), sequence: eb('sequence', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function deleteTask(db: Db, id: number): Promise<void> {
  await db.deleteFrom('tasks').where('id', '=', id).execute();
}

/** The first due time of a series (its first task's), when that task still exists. */
export async function seriesStart(db: Db, seriesId: number): Promise<{ dueAt: Date | null; occurrence: number } | undefined> {
  return db.selectFrom('tasks').select(['dueAt', 'occurrence']).where('id', '=', seriesId).executeTakeFirst();
}

/** Whether the next occurrence of a series already exists (a reopened and closed again task makes none twice). */
export async function occurrenceExists(db: Db, seriesId: number, occurrence: number): Promise<boolean> {
  const r = await sql<{
    ok: boolean;
  }>`SELECT EXISTS (SELECT 1 FROM tasks WHERE series_id = ${seriesId} AND occurrence = ${occurrence}) AS ok`.execute(db);
  return r.rows[0]?.ok === true;
}

/** Whether the sale exists in the actor's scope. */
export async function saleVisible(db: Db, actor: Actor, saleId: number): Promise<boolean> {
  const r = await sql<{
    ok: boolean;
  }>`SELECT EXISTS (SELECT 1 FROM sales s JOIN clients c ON c.id = s.client_id WHERE s.id = ${saleId} AND ${scopeSql(actor)}) AS ok`.execute(db);
  return r.rows[0]?.ok === true;
}

/** Whether the contract exists and its client is in the actor's scope. */
export async function contractVisible(db: Db, actor: Actor, contractId: number): Promise<boolean> {
  const r = await sql<{
    ok: boolean;
  }>`SELECT EXISTS (SELECT 1 FROM contracts k JOIN clients c ON c.id = k.client_id WHERE k.id = ${contractId} AND ${scopeSql(actor)}) AS ok`.execute(
    db,
  );
  return r.rows[0]?.ok === true;
}

/** The event type's state, when it exists. */
export const findEventType = (db: Db, id: number) => db.selectFrom('eventTypes').select(['id', 'active']).where('id', '=', id).executeTakeFirst();
