// Contracts (issue 15; docs/crm-records.md): a client's contract with its number, dates, amount
// and the reminder ahead of its end (read by the reminders). Imported by the web.
import { Type, type Static } from '@sinclair/typebox';
import { IdCursor, IdInt } from '../../shared/id.schemas.js';
import { ClientRef } from '../events/events.schemas.js';

const Day = Type.String({ format: 'date', description: 'a calendar day, YYYY-MM-DD' });
// null first in these unions: with coerceTypes the validator would otherwise turn null into '' or 0 through the other branch
const OptDay = Type.Union([Type.Null(), Day]);
export const ContractStatus = Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('closed'), Type.Literal('cancelled')]);
const ContractAmount = Type.Union([Type.Null(), Type.String({ maxLength: 24, description: 'an exact decimal string, up to 4 decimals: "1500.00"' })]);
const Currency = Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: 10, description: 'a currency code of /api/currencies' })]);
const RemindDays = Type.Union([
  Type.Null(),
  Type.Integer({ minimum: 0, maximum: 365, description: 'remind the responsible user this many days before the end' }),
]);
const Number_ = Type.String({ minLength: 1, maxLength: 100, description: 'unique, case-insensitive' });

export const ContractIn = Type.Object(
  {
    number: Number_,
    title: Type.Optional(Type.String({ maxLength: 300 })),
    clientId: IdInt(),
    responsibleId: Type.Optional(IdInt({ description: 'the employee who answers for it; yourself when left out' })),
    status: Type.Optional(ContractStatus),
    signedOn: Type.Optional(OptDay),
    startsOn: Type.Optional(OptDay),
    endsOn: Type.Optional(OptDay),
    amount: Type.Optional(ContractAmount),
    currency: Type.Optional(Currency),
    remindDaysBefore: Type.Optional(RemindDays),
    notes: Type.Optional(Type.String({ maxLength: 20000 })),
  },
  { additionalProperties: false },
);
export type TContractIn = Static<typeof ContractIn>;

export const ContractPatch = Type.Object(
  {
    version: IdInt(),
    number: Type.Optional(Number_),
    title: Type.Optional(Type.String({ maxLength: 300 })),
    clientId: Type.Optional(IdInt()),
    responsibleId: Type.Optional(IdInt()),
    status: Type.Optional(ContractStatus),
    signedOn: Type.Optional(OptDay),
    startsOn: Type.Optional(OptDay),
    endsOn: Type.Optional(OptDay),
    amount: Type.Optional(ContractAmount),
    currency: Type.Optional(Currency),
    remindDaysBefore: Type.Optional(RemindDays),
    notes: Type.Optional(Type.String({ maxLength: 20000 })),
  },
  { additionalProperties: false },
);
export type TContractPatch = Static<typeof ContractPatch>;

export const ContractOut = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  title: Type.String(),
  client: ClientRef,
  responsibleId: Type.Union([Type.Integer(), Type.Null()]),
  responsibleName: Type.Union([Type.String(), Type.Null()]),
  status: ContractStatus,
  signedOn: Type.Union([Type.String(), Type.Null()]),
  startsOn: Type.Union([Type.String(), Type.Null()]),
  endsOn: Type.Union([Type.String(), Type.Null()]),
  amount: Type.Union([Type.String(), Type.Null()], { description: 'exact, e.g. "1500.00"' }),
  currency: Type.Union([Type.String(), Type.Null()]),
  remindDaysBefore: Type.Union([Type.Integer(), Type.Null()]),
  notes: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});
export type TContractOut = Static<typeof ContractOut>;

export const ContractsQuery = Type.Object(
  {
    clientId: Type.Optional(IdInt()),
    status: Type.Optional(ContractStatus),
    endingWithinDays: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 3650, description: "contracts that end between today and today + N days (the user's calendar)" }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    beforeId: Type.Optional(IdCursor()),
  },
  { additionalProperties: false },
);
export type TContractsQuery = Static<typeof ContractsQuery>;
export const ContractList = Type.Object({ items: Type.Array(ContractOut), nextBeforeId: Type.Union([Type.Integer(), Type.Null()]) });
