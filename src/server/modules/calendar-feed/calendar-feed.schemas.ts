// The calendar feeds' API shapes (docs/crm-calendar-feed.md). A feed's token is answered once,
// when it is made; the list never shows it.
import { Type, type Static } from '@sinclair/typebox';
import { IdInt } from '../../shared/id.schemas.js';

const Time = Type.String({ format: 'date-time' });

export const CalendarFeedOut = Type.Object({
  id: IdInt(),
  createdAt: Time,
  lastUsedAt: Type.Union([Time, Type.Null()]),
  revokedAt: Type.Union([Time, Type.Null()]),
});
export type TCalendarFeedOut = Static<typeof CalendarFeedOut>;

export const CalendarFeedCreated = Type.Composite([
  CalendarFeedOut,
  Type.Object({
    token: Type.String({ description: 'The secret token, shown only now' }),
    path: Type.String({ description: 'The feed address on this server: /ical/<token>.ics' }),
    url: Type.String({ description: 'The feed address as this request reached the server' }),
  }),
]);

export const CalendarFeedList = Type.Object({ items: Type.Array(CalendarFeedOut) });

/** `/ical/:file`: `<token>.ics` (the token is checked by the service; anything else is a 404). */
export const FeedFileParams = Type.Object({ file: Type.String({ maxLength: 100 }) });
