// The read side of planning (issue 15; docs/crm-planning.md): a client's timeline, "My day", the
// calendar and the managers' effectiveness report. Imported by the web.
import { Type, type Static } from '@sinclair/typebox';
import { IdInt } from '../../shared/id.schemas.js';

const When = Type.String({ format: 'date-time', description: 'ISO 8601 with an offset, e.g. 2026-12-04T10:00:00+02:00' });

/** A client as a planning item shows it: its name, and whether the user may open its card. */
export const PlanClientRef = Type.Object({ id: Type.Integer(), name: Type.String(), visible: Type.Boolean() });

// ---- the timeline ----

export const timelineKinds = ['event', 'task', 'promise', 'contract', 'note', 'file', 'mail', 'sale', 'change'] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export const TimelineQuery = Type.Object(
  {
    kinds: Type.Optional(
      Type.String({
        maxLength: 200,
        pattern: '^\\s*[a-z]+(\\s*,\\s*[a-z]+)*\\s*$',
        description: `a comma-separated subset of ${timelineKinds.join(', ')}; all of them when left out`,
      }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(Type.String({ maxLength: 200, description: 'the nextBefore of the previous page' })),
  },
  { additionalProperties: false },
);
export type TTimelineQuery = Static<typeof TimelineQuery>;

export const TimelineItem = Type.Object({
  kind: Type.Union(timelineKinds.map((k) => Type.Literal(k))),
  id: Type.Integer(),
  at: Type.String({ description: 'when it happened (an event: its start; a sale: when sold; others: when recorded)' }),
  title: Type.String(),
  summary: Type.String(),
  status: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  link: Type.Optional(Type.String()),
  due: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'a task: due at; a promise: due on' })),
  changes: Type.Optional(Type.Unknown({ description: 'a change: the fields changed, [before, after], as the role may see them' })),
});
export type TTimelineItem = Static<typeof TimelineItem>;

export const TimelineAnswer = Type.Object({
  items: Type.Array(TimelineItem),
  nextBefore: Type.Union([Type.String(), Type.Null()], { description: 'the cursor of the next (older) page; null at the end' }),
  kinds: Type.Array(Type.String(), { description: 'the kinds this answer covers (asked for and readable by the role)' }),
});
export type TTimelineAnswer = Static<typeof TimelineAnswer>;

// ---- My day ----

export const MyDayQuery = Type.Object(
  {
    userId: Type.Optional(IdInt({ description: 'another user of your scope (department heads, administrators)' })),
    department: Type.Optional(Type.Boolean({ description: 'the whole department of the user (your own by default)' })),
    at: Type.Optional(When),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  },
  { additionalProperties: false },
);
export type TMyDayQuery = Static<typeof MyDayQuery>;

export const dayKinds = ['task', 'event', 'promise', 'birthday', 'contract_end'] as const;
export const DayItem = Type.Object({
  kind: Type.Union(dayKinds.map((k) => Type.Literal(k))),
  id: Type.Integer({ description: 'the task, event, promise, contract — or, for a birthday, the client' }),
  at: Type.Union([Type.String(), Type.Null()], { description: 'a task: due at; an event: starts at; else null' }),
  day: Type.String({ description: "the day in the user's time zone, YYYY-MM-DD" }),
  title: Type.String(),
  client: Type.Union([PlanClientRef, Type.Null()]),
  status: Type.Union([Type.String(), Type.Null()]),
  ownerId: Type.Union([Type.Integer(), Type.Null()]),
  ownerName: Type.Union([Type.String(), Type.Null()]),
  late: Type.Boolean({ description: 'its time has passed (a task or event earlier today, anything overdue)' }),
  durationMin: Type.Optional(Type.Integer()),
  priority: Type.Optional(Type.String()),
  years: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: 'a birthday: the age reached' })),
});
export type TDayItem = Static<typeof DayItem>;
const DaySection = Type.Object({ items: Type.Array(DayItem), count: Type.Integer({ description: 'all of them; items holds at most `limit`' }) });
export const MyDayAnswer = Type.Object({
  userIds: Type.Array(Type.Integer()),
  timezone: Type.String(),
  date: Type.String({ description: 'today, YYYY-MM-DD in the time zone' }),
  overdue: DaySection,
  today: DaySection,
  next7: DaySection,
});
export type TMyDayAnswer = Static<typeof MyDayAnswer>;

// ---- the calendar ----

export const CalendarQuery = Type.Object(
  {
    from: When,
    to: When,
    userIds: Type.Optional(
      Type.String({
        maxLength: 400,
        pattern: '^\\s*\\d{1,10}(\\s*,\\s*\\d{1,10}){0,49}\\s*$',
        description: 'comma-separated user ids; yourself when left out',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TCalendarQuery = Static<typeof CalendarQuery>;
export const CalendarItem = Type.Object({
  kind: Type.Union([Type.Literal('event'), Type.Literal('task')]),
  id: Type.Integer(),
  title: Type.String(),
  start: Type.String(),
  end: Type.String({ description: 'an event: start + duration; a task: its due time' }),
  allDay: Type.Boolean(),
  status: Type.String(),
  userId: Type.Integer(),
  userName: Type.String(),
  typeId: Type.Union([Type.Integer(), Type.Null()]),
  colour: Type.Union([Type.String(), Type.Null()]),
  client: Type.Union([PlanClientRef, Type.Null()]),
  version: Type.Integer(),
});
export type TCalendarItem = Static<typeof CalendarItem>;
export const CalendarAnswer = Type.Object({
  items: Type.Array(CalendarItem),
  userIds: Type.Array(Type.Integer()),
  truncated: Type.Boolean({ description: 'more than 5000 items: narrow the range' }),
});
export type TCalendarAnswer = Static<typeof CalendarAnswer>;

// ---- the calendar's month view: per-day counts and the first items of each day ----

export const CalendarMonthQuery = Type.Object(
  {
    month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
    tz: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "an IANA time zone; the user's own (else the firm's) when left out" })),
    userIds: CalendarQuery.properties.userIds,
    perDay: Type.Integer({ minimum: 0, maximum: 20, default: 3, description: 'the first items of each day to send (all-day first, then by start)' }),
  },
  { additionalProperties: false },
);
export type TCalendarMonthQuery = Static<typeof CalendarMonthQuery>;
export const CalendarMonthDay = Type.Object({
  day: Type.String({ description: 'YYYY-MM-DD in the time zone' }),
  total: Type.Integer({ description: 'all the events and tasks of the day' }),
  counts: Type.Object({ event: Type.Integer(), task: Type.Integer() }, { description: 'per kind (0 for a kind the role does not read)' }),
  items: Type.Array(CalendarItem, { description: 'the first `perDay` of them; `total - items.length` more' }),
});
export type TCalendarMonthDay = Static<typeof CalendarMonthDay>;
export const CalendarMonthAnswer = Type.Object({
  month: Type.String(),
  timezone: Type.String(),
  from: Type.String({ description: 'the first day shown: the Monday on or before the 1st' }),
  to: Type.String({ description: "the last day shown (inclusive): the Sunday on or after the month's last day" }),
  userIds: Type.Array(Type.Integer()),
  perDay: Type.Integer(),
  days: Type.Array(CalendarMonthDay, { description: 'the days that hold anything, in order' }),
});
export type TCalendarMonthAnswer = Static<typeof CalendarMonthAnswer>;

// ---- the managers' effectiveness report ----

export const ManagersQuery = Type.Object(
  {
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    format: Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], { default: 'json' }),
  },
  { additionalProperties: false },
);
export type TManagersQuery = Static<typeof ManagersQuery>;
const Count = Type.Union([Type.Integer(), Type.Null()], { description: 'null when the role may not read that section' });
export const ManagerRow = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  eventsPlanned: Count,
  eventsDone: Count,
  tasksDoneOnTime: Count,
  tasksDoneLate: Count,
  tasksOverdue: Count,
  promisesKept: Count,
  promisesBroken: Count,
  promisesOverdue: Count,
  newClients: Count,
  salesCount: Count,
  revenue: Type.Union([Type.String(), Type.Null()], { description: 'completed sales minus returns, base currency, exact' }),
});
export type TManagerRow = Static<typeof ManagerRow>;
export const ManagersAnswer = Type.Object({ from: Type.String(), to: Type.String(), timezone: Type.String(), items: Type.Array(ManagerRow) });
export type TManagersAnswer = Static<typeof ManagersAnswer>;
