// Tasks (issue 15, B2; docs/crm-tasks.md): a to-do with an assignee, a due time or a whole day, a
// priority, links to a client, a sale, a contract, and an optional RRULE that repeats it. Imported
// by the web.
import { Type, type Static } from '@sinclair/typebox';
import { ClientRef } from '../events/events.schemas.js';
import { IdInt } from '../../shared/id.schemas.js';

const When = Type.String({ format: 'date-time', description: 'ISO 8601 with an offset, e.g. 2026-12-04T10:00:00+02:00' });
const Day = Type.String({ format: 'date', description: 'a calendar day, YYYY-MM-DD' });
const Text = (maxLength: number) => Type.String({ maxLength });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) =>
  // null first: with coerceTypes the validator would otherwise turn null into '' (a string) or 0 (an integer) through the other branch
  Type.Union([Type.Null(), t]);
export const TaskStatus = Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('cancelled')]);
export const TaskPriority = Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high')]);
const RRule = Type.String({
  maxLength: 500,
  description: 'RFC 5545 RRULE subset: FREQ=DAILY|WEEKLY|MONTHLY|YEARLY;INTERVAL=n;BYDAY=MO,..(weekly);UNTIL=YYYYMMDD[THHMMSS[Z]] or COUNT=n',
});

const fields = {
  title: Type.String({ minLength: 1, maxLength: 300 }),
  notes: Text(20000),
  assigneeId: IdInt({ description: 'the responsible employee; yourself when left out' }),
  dueAt: Nullable(When),
  allDay: Type.Boolean({ description: 'true: due on the whole day `dueDate` (local midnight of the assignee)' }),
  dueDate: Nullable(Day),
  priority: TaskPriority,
  clientId: Nullable(IdInt()),
  contactPerson: Nullable(Text(200)),
  saleId: Nullable(IdInt()),
  contractId: Nullable(IdInt()),
  typeId: Nullable(IdInt({ description: 'an event type (call, meeting…)' })),
  remindBeforeMin: Nullable(Type.Integer({ minimum: 0, maximum: 40320 })),
  rrule: Nullable(RRule),
};
const Fields = Type.Object(fields);

export const TaskIn = Type.Composite([Type.Pick(Fields, ['title']), Type.Partial(Type.Omit(Fields, ['title']))], { additionalProperties: false });
export type TTaskIn = Static<typeof TaskIn>;

export const TaskPatch = Type.Composite(
  [Type.Object({ version: IdInt() }), Type.Partial(Fields), Type.Partial(Type.Object({ status: TaskStatus }))],
  {
    additionalProperties: false,
  },
);
export type TTaskPatch = Static<typeof TaskPatch>;

export const TaskOut = Type.Object({
  id: Type.Integer(),
  uid: Type.String(),
  sequence: Type.Integer(),
  title: Type.String(),
  notes: Type.String(),
  assigneeId: Type.Integer(),
  assigneeName: Type.String(),
  client: Type.Union([ClientRef, Type.Null()]),
  contactPerson: Type.Union([Type.String(), Type.Null()]),
  saleId: Type.Union([Type.Integer(), Type.Null()]),
  contractId: Type.Union([Type.Integer(), Type.Null()]),
  typeId: Type.Union([Type.Integer(), Type.Null()]),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  allDay: Type.Boolean(),
  dueDate: Type.Union([Type.String(), Type.Null()], { description: "an all-day task's day in the assignee's time zone" }),
  priority: TaskPriority,
  status: TaskStatus,
  doneAt: Type.Union([Type.String(), Type.Null()]),
  rrule: Type.Union([Type.String(), Type.Null()]),
  seriesId: Type.Union([Type.Integer(), Type.Null()]),
  occurrence: Type.Integer(),
  snoozedUntil: Type.Union([Type.String(), Type.Null()]),
  remindBeforeMin: Type.Union([Type.Integer(), Type.Null()]),
  overdue: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});
export type TTaskOut = Static<typeof TaskOut>;

export const TasksQuery = Type.Object(
  {
    assigneeId: Type.Optional(IdInt()),
    clientId: Type.Optional(IdInt()),
    status: Type.Optional(
      Type.Union([TaskStatus, Type.Literal('closed')], { description: 'closed: done or cancelled (the card lists them together, paged)' }),
    ),
    dueFrom: Type.Optional(When),
    dueTo: Type.Optional(When),
    overdue: Type.Optional(Type.Boolean({ description: 'true: only open tasks past their due time (an all-day task: past its day)' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    after: Type.Optional(
      Type.String({ pattern: '^(n|-?[0-9]{1,15})\\.[0-9]{1,10}$', maxLength: 30, description: 'the nextCursor of the previous page' }),
    ),
  },
  { additionalProperties: false },
);
export type TTasksQuery = Static<typeof TasksQuery>;
export const TaskList = Type.Object({
  items: Type.Array(TaskOut),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'by due time (tasks without one last), then id' }),
});

export const TaskVersion = Type.Object({ version: IdInt() }, { additionalProperties: false });
export const TaskDone = Type.Object(
  {
    version: IdInt(),
    next: Type.Optional(
      Type.Object(
        {
          title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
          dueAt: When,
          typeId: Type.Optional(Nullable(IdInt())),
          assigneeId: Type.Optional(IdInt()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type TTaskDone = Static<typeof TaskDone>;
export const TaskDoneOut = Type.Object({
  task: TaskOut,
  next: Type.Union([TaskOut, Type.Null()], { description: 'the follow-up asked for in `next`' }),
  nextOccurrence: Type.Union([TaskOut, Type.Null()], { description: 'the next occurrence of a repeating task' }),
});
export type TTaskDoneOut = Static<typeof TaskDoneOut>;
export const TaskSnooze = Type.Object({ version: IdInt(), until: Nullable(When) }, { additionalProperties: false });
export type TTaskSnooze = Static<typeof TaskSnooze>;
