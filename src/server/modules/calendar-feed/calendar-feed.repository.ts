// The SQL of the calendar feeds (docs/crm-calendar-feed.md): the feeds a user made (only the
// SHA-256 of a feed's token is stored), and what a feed shows — the user's events and tasks in a
// window, read in the user's record scope (the same rules as /api/events), with the client's
// display name only when the user may see the client.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/rights.js';
import { recordScopeSql, scopeSql } from '../access/scope.js';

type Db = Kysely<DB>;

export type FeedRow = { id: number; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

export async function insertFeed(db: Db, userId: number, tokenHash: string): Promise<FeedRow> {
  const r = await db
    .insertInto('calendarFeeds')
    .values({ userId, tokenHash })
    .returning(['id', 'createdAt', 'lastUsedAt', 'revokedAt'])
    .executeTakeFirstOrThrow();
  return { ...r, id: Number(r.id) };
}

export async function countActiveFeeds(db: Db, userId: number): Promise<number> {
  const r = await db
    .selectFrom('calendarFeeds')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listFeeds(db: Db, userId: number): Promise<FeedRow[]> {
  const rows = await db
    .selectFrom('calendarFeeds')
    .select(['id', 'createdAt', 'lastUsedAt', 'revokedAt'])
    .where('userId', '=', userId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** The user's feed (locked), or undefined when it is not theirs. */
export async function findUserFeed(db: Db, userId: number, id: number): Promise<FeedRow | undefined> {
  const r = await db
    .selectFrom('calendarFeeds')
    .select(['id', 'createdAt', 'lastUsedAt', 'revokedAt'])
    .where('id', '=', id)
    .where('userId', '=', userId)
    .forUpdate()
    .executeTakeFirst();
  return r && { ...r, id: Number(r.id) };
}

export async function revokeFeed(db: Db, id: number): Promise<void> {
  await db.updateTable('calendarFeeds').set({ revokedAt: new Date() }).where('id', '=', id).where('revokedAt', 'is', null).execute();
}

/** The feed whose token has this hash (revoked or not). */
export async function findFeedByHash(db: Db, tokenHash: string) {
  const r = await db
    .selectFrom('calendarFeeds')
    .select(['id', 'userId', 'tokenHash', 'lastUsedAt', 'revokedAt'])
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirst();
  return r && { ...r, id: Number(r.id), userId: Number(r.userId) };
}

export async function touchFeed(db: Db, id: number): Promise<void> {
  await db.updateTable('calendarFeeds').set({ lastUsedAt: new Date() }).where('id', '=', id).execute();
}

export type FeedEventRow = {
  uid: string;
  sequence: number;
  status: string;
  subject: string;
  typeNames: Record<string, string>;
  clientName: string | null;
  contactPerson: string | null;
  startsAt: Date;
  durationMin: number;
  notes: string;
  createdAt: Date;
  updatedAt: Date;
};

/**
 * The events of `actor` (as the employee or a participant) starting in [from, to), that the actor's
 * record scope lets them see; the client's name only when the client is in their scope. The ids
 * come from the employee index and the participants' index (an OR would scan the events).
 */
export async function feedEvents(db: Db, actor: Actor, from: Date, to: Date): Promise<FeedEventRow[]> {
  const scope =
    actor.scope === 'all'
      ? sql`true`
      : sql`(${recordScopeSql(actor, sql`e.employee_id`)} OR EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id AND p.user_id = ${actor.userId}))`;
  const r = await sql<FeedEventRow>`
    SELECT e.uid::text AS uid, e.sequence, e.status, e.subject, t.names AS type_names,
      CASE WHEN c.id IS NOT NULL AND ${scopeSql(actor)} THEN c.display_name END AS client_name,
      e.contact_person, e.starts_at, e.duration_min, e.notes, e.created_at, e.updated_at
    FROM events e JOIN event_types t ON t.id = e.type_id LEFT JOIN clients c ON c.id = e.client_id
    WHERE e.id IN (
        SELECT x.id FROM events x WHERE x.employee_id = ${actor.userId} AND x.starts_at >= ${from} AND x.starts_at < ${to}
        UNION ALL SELECT p.event_id FROM event_participants p WHERE p.user_id = ${actor.userId})
      AND e.starts_at >= ${from} AND e.starts_at < ${to} AND ${scope}
    ORDER BY e.starts_at, e.id
    LIMIT 20000`.execute(db);
  return r.rows;
}

export type FeedTaskRow = {
  uid: string;
  sequence: number;
  status: string;
  title: string;
  notes: string;
  clientName: string | null;
  contactPerson: string | null;
  dueAt: Date;
  allDay: boolean;
  createdAt: Date;
  updatedAt: Date;
};

/** The open and done tasks assigned to `actor` due in [from, to), in their record scope. */
export async function feedTasks(db: Db, actor: Actor, from: Date, to: Date): Promise<FeedTaskRow[]> {
  const r = await sql<FeedTaskRow>`
    SELECT k.uid::text AS uid, k.sequence, k.status, k.title, k.notes,
      CASE WHEN c.id IS NOT NULL AND ${scopeSql(actor)} THEN c.display_name END AS client_name,
      k.contact_person, k.due_at, k.all_day, k.created_at, k.updated_at
    FROM tasks k LEFT JOIN clients c ON c.id = k.client_id
    WHERE k.assignee_id = ${actor.userId} AND k.status IN ('open', 'done') AND k.due_at >= ${from} AND k.due_at < ${to}
      AND ${recordScopeSql(actor, sql`k.assignee_id`)}
    ORDER BY k.due_at, k.id
    LIMIT 20000`.execute(db);
  return r.rows;
}

/** The user's name and UI language (the calendar's name, the event types' names). */
export async function feedUser(db: Db, userId: number) {
  return db.selectFrom('users').select(['name', 'locale']).where('id', '=', userId).executeTakeFirst();
}
