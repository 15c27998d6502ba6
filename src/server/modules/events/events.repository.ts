// The SQL of events and of the event types and results (issue 15; docs/interactions.md). Every
// read of events carries the record scope (access/scope.ts recordScopeSql): the actor sees an
// event of a client they see, one they are the employee or a participant of, or (department
// scope) one of their department's employees.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Row } from '../../db/rows.js';
import type { Actor } from '../access/rights.js';
import { eventScopeSql, scopeSql } from '../access/scope.js';

type Db = Kysely<DB>;

export type EventRow = Omit<Row<'events'>, 'createdBy' | 'clientId'> & {
  clientId: number | null;
  clientName: string | null;
  clientVisible: boolean;
  employeeName: string;
  participantIds: number[];
};

/** The actor may see the event (over `e` and the client LEFT JOINed as `c`). */
const eventScope = (actor: Actor) => eventScopeSql(actor, 'e');

const eventColumns = (actor: Actor) => sql`SELECT e.id::int, e.uid::text, e.sequence, e.type_id::int AS type_id, e.status, e.subject,
    e.client_id::int AS client_id, c.display_name AS client_name, coalesce(c.id IS NOT NULL AND ${scopeSql(actor)}, false) AS client_visible,
    e.contact_person, e.employee_id::int AS employee_id, u.name AS employee_name,
    ARRAY(SELECT p.user_id::int FROM event_participants p WHERE p.event_id = e.id ORDER BY p.user_id) AS participant_ids,
    e.starts_at, e.duration_min, e.result_id::int AS result_id, e.notes, e.sale_id::int AS sale_id, e.remind_before_min,
    e.done_at, e.created_at, e.updated_at, e.version`;
const eventFrom = sql`FROM events e LEFT JOIN clients c ON c.id = e.client_id JOIN users u ON u.id = e.employee_id`;

export async function findEvent(db: Db, actor: Actor, id: number, lock = false): Promise<EventRow | undefined> {
  const r =
    await sql<EventRow>`${eventColumns(actor)} ${eventFrom} WHERE e.id = ${id} AND ${eventScope(actor)} ${lock ? sql`FOR UPDATE OF e` : sql``}`.execute(
      db,
    );
  return r.rows[0];
}

export type EventFilter = { clientId?: number; employeeId?: number; status?: string; from?: string; to?: string; beforeId?: number };

/** Up to `limit` events in the actor's scope: by time within a period (from/to), else newest first by id. */
export async function findEvents(db: Db, actor: Actor, q: EventFilter, limit: number): Promise<EventRow[]> {
  const where: RawBuilder<unknown>[] = [eventScope(actor)];
  if (q.clientId) where.push(sql`e.client_id = ${q.clientId}`);
  if (q.employeeId) where.push(sql`e.employee_id = ${q.employeeId}`);
  if (q.status) where.push(sql`e.status = ${q.status}`);
  if (q.from) where.push(sql`e.starts_at >= ${q.from}::timestamptz`);
  if (q.to) where.push(sql`e.starts_at < ${q.to}::timestamptz`);
  if (q.beforeId) where.push(sql`e.id < ${q.beforeId}`);
  return (await sql<EventRow>`${eventColumns(actor)} ${eventFrom} WHERE ${sql.join(where, sql` AND `)} ORDER BY e.id DESC LIMIT ${limit}`.execute(db))
    .rows;
}

export type EventValues = {
  typeId: number;
  status: 'planned' | 'done' | 'cancelled';
  subject: string;
  clientId: number | null;
  contactPerson: string | null;
  employeeId: number;
  startsAt: string;
  durationMin: number;
  resultId: number | null;
  notes: string;
  saleId: number | null;
  remindBeforeMin: number | null;
  doneAt: Date | null;
};

export async function insertEvent(db: Db, v: EventValues, createdBy: number | null): Promise<number> {
  const r = await db
    .insertInto('events')
    .values({ ...v, createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Writes the event when its version matches: false when it does not. SEQUENCE goes up with every change (RFC 5545). */
export async function updateEvent(db: Db, id: number, version: number, v: EventValues): Promise<boolean> {
  const r = await db
    .updateTable('events')
    .set((eb) => ({ ...v, updatedAt: new Date(), version: eb('version', '+', 1), sequence: eb('sequence', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function setParticipants(db: Db, eventId: number, userIds: number[]): Promise<void> {
  await db.deleteFrom('eventParticipants').where('eventId', '=', eventId).execute();
  if (userIds.length > 0)
    await db
      .insertInto('eventParticipants')
      .values(userIds.map((userId) => ({ eventId, userId })))
      .execute();
}

export async function deleteEvent(db: Db, id: number): Promise<void> {
  await db.deleteFrom('events').where('id', '=', id).execute();
}

/** Which of these users exist and are active. */
export async function activeUserIds(db: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('users').select('id').where('id', 'in', ids).where('active', '=', true).execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/** Whether the sale exists in the actor's scope. */
export async function saleVisible(db: Db, actor: Actor, saleId: number): Promise<boolean> {
  const r = await sql<{
    ok: boolean;
  }>`SELECT EXISTS (SELECT 1 FROM sales s JOIN clients c ON c.id = s.client_id WHERE s.id = ${saleId} AND ${scopeSql(actor)}) AS ok`.execute(db);
  return r.rows[0]?.ok === true;
}

// ---------------------------------------------------------------- types and results

const typeColumns = [
  'id',
  'key',
  'names',
  'colour',
  'icon',
  'resultRequired',
  'nextMode',
  'nextTypeId',
  'nextAfterDays',
  'active',
  'position',
  'version',
] as const;
export const listTypes = (db: Db) => db.selectFrom('eventTypes').select(typeColumns).orderBy('position').orderBy('id').execute();
export const findType = (db: Db, id: number) => db.selectFrom('eventTypes').select(typeColumns).where('id', '=', id).executeTakeFirst();
export type TypeValues = Partial<{
  names: string;
  colour: string;
  icon: string;
  resultRequired: boolean;
  nextMode: 'none' | 'suggest' | 'create';
  nextTypeId: number | null;
  nextAfterDays: number;
  active: boolean;
  position: number;
}>;
export const insertType = (db: Db, v: TypeValues & { names: string }) =>
  db.insertInto('eventTypes').values(v).returning(typeColumns).executeTakeFirstOrThrow();
export const updateType = (db: Db, id: number, version: number, v: TypeValues) =>
  db
    .updateTable('eventTypes')
    .set((eb) => ({ ...v, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(typeColumns)
    .executeTakeFirst();
export async function typeInUse(db: Db, id: number): Promise<boolean> {
  const r = await sql<{ used: boolean }>`SELECT EXISTS (SELECT 1 FROM events WHERE type_id = ${id}) AS used`.execute(db);
  return r.rows[0]?.used === true;
}
export async function deleteType(db: Db, id: number): Promise<void> {
  await db.deleteFrom('eventTypes').where('id', '=', id).execute();
}

const resultColumns = ['id', 'key', 'names', 'success', 'active', 'position', 'version'] as const;
export const listResults = (db: Db) => db.selectFrom('eventResults').select(resultColumns).orderBy('position').orderBy('id').execute();
export const findResult = (db: Db, id: number) => db.selectFrom('eventResults').select(resultColumns).where('id', '=', id).executeTakeFirst();
export type ResultValues = Partial<{ names: string; success: boolean; active: boolean; position: number }>;
export const insertResult = (db: Db, v: ResultValues & { names: string }) =>
  db.insertInto('eventResults').values(v).returning(resultColumns).executeTakeFirstOrThrow();
export const updateResult = (db: Db, id: number, version: number, v: ResultValues) =>
  db
    .updateTable('eventResults')
    .set((eb) => ({ ...v, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(resultColumns)
    .executeTakeFirst();
