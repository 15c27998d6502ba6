import { Type, type Static } from '@sinclair/typebox';
import { IdInt } from '../../shared/id.schemas.js';

export const NotificationOut = Type.Object({
  id: Type.Integer(),
  /** task | event | promise | contract | birthday | contract_end | custom_date | after_last_purchase */
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  clientId: Type.Union([Type.Integer(), Type.Null()]),
  dueAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type TNotificationOut = Static<typeof NotificationOut>;

export const NotificationsQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    /** the id of the last notification of the previous page */
    before: Type.Optional(IdInt()),
  },
  { additionalProperties: false },
);
export type TNotificationsQuery = Static<typeof NotificationsQuery>;

export const NotificationList = Type.Object({
  items: Type.Array(NotificationOut),
  unread: Type.Integer(),
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});

export const UnreadCount = Type.Object({ unread: Type.Integer() });
