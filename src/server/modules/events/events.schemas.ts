// Events (issue 15, B1; docs/interactions.md): a call, letter, e-mail, meeting, negotiation,
// visit or agreement with a client — planned or done — and the administrators' lists of event
// types and results. Imported by the web.
import { Type, type Static } from '@sinclair/typebox';
import { IdCursor, IdInt } from '../../shared/id.schemas.js';

const When = Type.String({ format: 'date-time', description: 'ISO 8601 with an offset, e.g. 2026-12-04T10:00:00+02:00' });
const Text = (maxLength: number) => Type.String({ maxLength });
export const EventStatus = Type.Union([Type.Literal('planned'), Type.Literal('done'), Type.Literal('cancelled')]);
/** Names per UI language; English is required, the others fall back to it. */
export const Names = Type.Object(
  {
    en: Type.String({ minLength: 1, maxLength: 60 }),
    ru: Type.Optional(Type.String({ maxLength: 60 })),
    uk: Type.Optional(Type.String({ maxLength: 60 })),
    ro: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);
export type TNames = Static<typeof Names>;

export const EventIn = Type.Object(
  {
    typeId: IdInt(),
    subject: Type.String({ minLength: 1, maxLength: 300 }),
    status: Type.Optional(EventStatus),
    clientId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
    contactPerson: Type.Optional(Type.Union([Text(200), Type.Null()])),
    employeeId: Type.Optional(IdInt({ description: 'the responsible employee; yourself when left out' })),
    participantIds: Type.Optional(Type.Array(IdInt(), { maxItems: 20, uniqueItems: true })),
    startsAt: When,
    durationMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    resultId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
    notes: Type.Optional(Text(20000)),
    saleId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
    remindBeforeMin: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 40320 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type TEventIn = Static<typeof EventIn>;

export const EventPatch = Type.Object(
  {
    version: IdInt(),
    typeId: Type.Optional(IdInt()),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    status: Type.Optional(EventStatus),
    clientId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
    contactPerson: Type.Optional(Type.Union([Text(200), Type.Null()])),
    employeeId: Type.Optional(IdInt()),
    participantIds: Type.Optional(Type.Array(IdInt(), { maxItems: 20, uniqueItems: true })),
    startsAt: Type.Optional(When),
    durationMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    resultId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
    notes: Type.Optional(Text(20000)),
    saleId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
    remindBeforeMin: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 40320 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type TEventPatch = Static<typeof EventPatch>;

/** A client as a CRM record shows it: its name, and whether the user may open its card. */
export const ClientRef = Type.Object({ id: Type.Integer(), name: Type.String(), visible: Type.Boolean() });

/** What the type of a done event suggests (or has created) next: Odoo's activity chaining. */
export const NextStep = Type.Object({
  mode: Type.Union([Type.Literal('suggest'), Type.Literal('create')]),
  typeId: Type.Integer(),
  dueAt: Type.String(),
  taskId: Type.Union([Type.Integer(), Type.Null()], { description: 'the task created, when the type creates it' }),
});

export const EventOut = Type.Object({
  id: Type.Integer(),
  uid: Type.String(),
  sequence: Type.Integer(),
  typeId: Type.Integer(),
  status: EventStatus,
  subject: Type.String(),
  client: Type.Union([ClientRef, Type.Null()]),
  contactPerson: Type.Union([Type.String(), Type.Null()]),
  employeeId: Type.Integer(),
  employeeName: Type.String(),
  participantIds: Type.Array(Type.Integer()),
  startsAt: Type.String(),
  durationMin: Type.Integer(),
  resultId: Type.Union([Type.Integer(), Type.Null()]),
  notes: Type.String(),
  saleId: Type.Union([Type.Integer(), Type.Null()]),
  remindBeforeMin: Type.Union([Type.Integer(), Type.Null()]),
  doneAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
  next: Type.Optional(Type.Union([NextStep, Type.Null()])),
});
export type TEventOut = Static<typeof EventOut>;

export const EventsQuery = Type.Object(
  {
    clientId: Type.Optional(IdInt()),
    employeeId: Type.Optional(IdInt()),
    status: Type.Optional(EventStatus),
    from: Type.Optional(When),
    to: Type.Optional(When),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    beforeId: Type.Optional(IdCursor()),
  },
  { additionalProperties: false },
);
export type TEventsQuery = Static<typeof EventsQuery>;
export const EventList = Type.Object({ items: Type.Array(EventOut), nextBeforeId: Type.Union([Type.Integer(), Type.Null()]) });

export const EventTypeOut = Type.Object({
  id: Type.Integer(),
  key: Type.Union([Type.String(), Type.Null()]),
  names: Names,
  colour: Type.String(),
  icon: Type.String(),
  resultRequired: Type.Boolean(),
  nextMode: Type.Union([Type.Literal('none'), Type.Literal('suggest'), Type.Literal('create')]),
  nextTypeId: Type.Union([Type.Integer(), Type.Null()]),
  nextAfterDays: Type.Integer(),
  active: Type.Boolean(),
  position: Type.Integer(),
  version: Type.Integer(),
});
export type TEventTypeOut = Static<typeof EventTypeOut>;
const typeFields = {
  names: Names,
  colour: Type.String({ pattern: '^#[0-9a-f]{6}$' }),
  icon: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' }),
  resultRequired: Type.Boolean(),
  nextMode: Type.Union([Type.Literal('none'), Type.Literal('suggest'), Type.Literal('create')]),
  nextTypeId: Type.Union([IdInt(), Type.Null()]),
  nextAfterDays: Type.Integer({ minimum: 0, maximum: 3650 }),
  active: Type.Boolean(),
  position: Type.Integer({ minimum: 0, maximum: 10000 }),
};
const TypeFields = Type.Object(typeFields);
export const EventTypeIn = Type.Composite([Type.Pick(TypeFields, ['names']), Type.Partial(Type.Omit(TypeFields, ['names']))], {
  additionalProperties: false,
});
export type TEventTypeIn = Static<typeof EventTypeIn>;
export const EventTypePatch = Type.Composite([Type.Object({ version: IdInt() }), Type.Partial(TypeFields)], { additionalProperties: false });
export type TEventTypePatch = Static<typeof EventTypePatch>;

export const EventResultOut = Type.Object({
  id: Type.Integer(),
  key: Type.Union([Type.String(), Type.Null()]),
  names: Names,
  success: Type.Boolean(),
  active: Type.Boolean(),
  position: Type.Integer(),
  version: Type.Integer(),
});
export type TEventResultOut = Static<typeof EventResultOut>;
export const EventResultIn = Type.Object(
  {
    names: Names,
    success: Type.Optional(Type.Boolean()),
    active: Type.Optional(Type.Boolean()),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  },
  { additionalProperties: false },
);
export type TEventResultIn = Static<typeof EventResultIn>;
export const EventResultPatch = Type.Object(
  {
    version: IdInt(),
    names: Type.Optional(Names),
    success: Type.Optional(Type.Boolean()),
    active: Type.Optional(Type.Boolean()),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  },
  { additionalProperties: false },
);
export type TEventResultPatch = Static<typeof EventResultPatch>;
