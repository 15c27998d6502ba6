// The notification centre (docs/crm-reminders.md): each user reads and marks their own
// notifications only; another user's id answers 404, as if it did not exist.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../access/rights.js';
import type { TNotificationOut, TNotificationsQuery } from './notifications.schemas.js';
import * as repo from './notifications.repository.js';

export { type DeliveredNotification, type NotificationChannel, EmailChannel, InAppChannel, defaultChannels } from './channels.js';

type Db = Kysely<DB>;
const iso = (d: Date | string) => new Date(d).toISOString();

function out(r: repo.NotificationRow): TNotificationOut {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    clientId: r.clientId,
    dueAt: iso(r.dueAt),
    createdAt: iso(r.createdAt),
    readAt: r.readAt === null ? null : iso(r.readAt),
  };
}

export async function listNotifications(db: Db, actor: Actor, q: TNotificationsQuery) {
  const rows = await repo.listMine(db, actor.userId, q.limit + 1, q.before);
  const items = rows.slice(0, q.limit).map(out);
  return {
    items,
    unread: await repo.unreadCount(db, actor.userId),
    nextBefore: rows.length > q.limit ? items[items.length - 1]!.id : null,
  };
}

export async function unreadCount(db: Db, actor: Actor) {
  return { unread: await repo.unreadCount(db, actor.userId) };
}

export async function markRead(db: Db, actor: Actor, id: number): Promise<TNotificationOut> {
  const r = await repo.markRead(db, actor.userId, id);
  if (!r) throw new AppError('NOT_FOUND', 'No such notification');
  return out(r);
}

export async function markAllRead(db: Db, actor: Actor) {
  return { marked: await repo.markAllRead(db, actor.userId) };
}
