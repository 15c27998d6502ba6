// Promises (issue 15, promise control; docs/crm-records.md): what we promised a client or the
// client promised us, by when, who answers for it, and whether it was kept. Imported by the web.
import { Type, type Static } from '@sinclair/typebox';
import { IdCursor, IdInt } from '../../shared/id.schemas.js';
import { ClientRef } from '../events/events.schemas.js';

const Day = Type.String({ format: 'date', description: 'a calendar day, YYYY-MM-DD' });
export const PromisedBy = Type.Union([Type.Literal('us'), Type.Literal('client')], { description: 'who promised: we or the client' });
export const PromiseStatus = Type.Union([Type.Literal('open'), Type.Literal('kept'), Type.Literal('broken')]);
const Text = Type.String({ minLength: 1, maxLength: 2000 });

export const PromiseIn = Type.Object(
  {
    clientId: IdInt(),
    text: Text,
    promisedBy: PromisedBy,
    responsibleId: Type.Optional(IdInt({ description: 'the employee who answers for it; yourself when left out' })),
    dueOn: Day,
    status: Type.Optional(PromiseStatus),
    eventId: Type.Optional(Type.Union([IdInt({ description: 'the event the promise was given at' }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type TPromiseIn = Static<typeof PromiseIn>;

export const PromisePatch = Type.Object(
  {
    version: IdInt(),
    clientId: Type.Optional(IdInt()),
    text: Type.Optional(Text),
    promisedBy: Type.Optional(PromisedBy),
    responsibleId: Type.Optional(IdInt()),
    dueOn: Type.Optional(Day),
    status: Type.Optional(PromiseStatus),
    eventId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
  },
  { additionalProperties: false },
);
export type TPromisePatch = Static<typeof PromisePatch>;

export const VersionIn = Type.Object({ version: IdInt() }, { additionalProperties: false });

export const PromiseOut = Type.Object({
  id: Type.Integer(),
  client: ClientRef,
  text: Type.String(),
  promisedBy: PromisedBy,
  responsibleId: Type.Integer(),
  responsibleName: Type.String(),
  dueOn: Type.String(),
  status: PromiseStatus,
  overdue: Type.Boolean({ description: "open and due before today on the responsible user's calendar (their time zone)" }),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  eventId: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});
export type TPromiseOut = Static<typeof PromiseOut>;

export const PromisesQuery = Type.Object(
  {
    clientId: Type.Optional(IdInt()),
    responsibleId: Type.Optional(IdInt()),
    status: Type.Optional(PromiseStatus),
    overdue: Type.Optional(Type.Boolean({ description: 'true: only overdue promises, false: only those not overdue' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    beforeId: Type.Optional(IdCursor()),
  },
  { additionalProperties: false },
);
export type TPromisesQuery = Static<typeof PromisesQuery>;
export const PromiseList = Type.Object({ items: Type.Array(PromiseOut), nextBeforeId: Type.Union([Type.Integer(), Type.Null()]) });

export const OverdueQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'the most promises listed per manager (count counts all)' }) },
  { additionalProperties: false },
);
export type TOverdueQuery = Static<typeof OverdueQuery>;
export const OverdueGroup = Type.Object({
  responsibleId: Type.Integer(),
  name: Type.String(),
  count: Type.Integer(),
  items: Type.Array(PromiseOut),
});
export type TOverdueGroup = Static<typeof OverdueGroup>;
export const OverdueList = Type.Object({ groups: Type.Array(OverdueGroup) });
