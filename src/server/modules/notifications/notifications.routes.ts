import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { IdParams } from '../../shared/id.schemas.js';
import { NotificationList, NotificationOut, NotificationsQuery, UnreadCount } from './notifications.schemas.js';
import * as svc from './notifications.service.js';

export async function notificationsRoutes(app: AppInstance) {
  const db = app.deps.db;
  const tags = ['notifications'];
  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, newest first (before: the last id of the previous page), with the unread count',
        querystring: NotificationsQuery,
        response: { 200: NotificationList },
      },
    },
    async (req) => svc.listNotifications(db, req.actor(), req.query),
  );
  app.get(
    '/api/notifications/unread-count',
    { schema: { tags, summary: 'How many of my notifications are unread', response: { 200: UnreadCount } } },
    async (req) => svc.unreadCount(db, req.actor()),
  );
  app.post(
    '/api/notifications/:id/read',
    { schema: { tags, summary: 'Mark one of my notifications read', params: IdParams, response: { 200: NotificationOut } } },
    async (req) => svc.markRead(db, req.actor(), req.params.id),
  );
  app.post(
    '/api/notifications/read-all',
    { schema: { tags, summary: 'Mark all my notifications read', response: { 200: Type.Object({ marked: Type.Integer() }) } } },
    async (req) => svc.markAllRead(db, req.actor()),
  );
}
