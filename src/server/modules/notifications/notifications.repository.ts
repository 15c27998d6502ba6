// The notification centre's SQL: a user's own rows only (every statement is keyed by user_id).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

const cols = ['id', 'kind', 'title', 'body', 'link', 'clientId', 'dueAt', 'createdAt', 'readAt'] as const;

export function listMine(db: Db, userId: number, limit: number, before?: number) {
  let q = db.selectFrom('notifications').select(cols).where('userId', '=', userId);
  if (before !== undefined) q = q.where('id', '<', before);
  return q.orderBy('id', 'desc').limit(limit).execute();
}
export type NotificationRow = Awaited<ReturnType<typeof listMine>>[number];

export async function unreadCount(db: Db, userId: number): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks one of the user's notifications read (kept read if it was); false when it is not theirs. */
export async function markRead(db: Db, userId: number, id: number): Promise<NotificationRow | undefined> {
  await db
    .updateTable('notifications')
    .set({ readAt: new Date() })
    .where('id', '=', id)
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .execute();
  return db.selectFrom('notifications').select(cols).where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
}

export async function markAllRead(db: Db, userId: number): Promise<number> {
  const r = await db
    .updateTable('notifications')
    .set({ readAt: new Date() })
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
