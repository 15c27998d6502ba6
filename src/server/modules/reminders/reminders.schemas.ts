import { Type, type Static } from '@sinclair/typebox';
import { IdInt } from '../../shared/id.schemas.js';

const Kind = Type.Union([Type.Literal('birthday'), Type.Literal('contract_end'), Type.Literal('custom_date'), Type.Literal('after_last_purchase')]);
const Recipient = Type.Union([Type.Literal('manager'), Type.Literal('user')]);
/** local time of day, HH:MM */
const AtTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

const ruleFields = {
  kind: Kind,
  /** custom_date: the key of a client custom field of type date */
  field: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
  daysBefore: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  /** after_last_purchase: months after the client's last completed sale */
  monthsAfter: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 120 }), Type.Null()])),
  atTime: Type.Optional(AtTime),
  recipient: Type.Optional(Recipient),
  recipientId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
  active: Type.Optional(Type.Boolean()),
};

export const ReminderRuleIn = Type.Object(ruleFields, { additionalProperties: false });
export type TReminderRuleIn = Static<typeof ReminderRuleIn>;

export const ReminderRulePatch = Type.Object({ ...ruleFields, kind: Type.Optional(Kind), version: IdInt() }, { additionalProperties: false });
export type TReminderRulePatch = Static<typeof ReminderRulePatch>;

export const ReminderRuleOut = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  field: Type.Union([Type.String(), Type.Null()]),
  daysBefore: Type.Integer(),
  monthsAfter: Type.Union([Type.Integer(), Type.Null()]),
  atTime: Type.String(),
  recipient: Type.String(),
  recipientId: Type.Union([Type.Integer(), Type.Null()]),
  active: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type TReminderRuleOut = Static<typeof ReminderRuleOut>;

const When = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
export const SchedulerHealth = Type.Object({
  name: Type.String(),
  /** this server process runs the scheduler (CLIENTELA_SCHEDULER is not 0) */
  enabled: Type.Boolean(),
  intervalMs: Type.Integer(),
  lastRunAt: When,
  lastOkAt: When,
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastErrorAt: When,
  failures: Type.Integer(),
  runs: Type.Integer(),
  delivered: Type.Integer(),
  /** the newest run failed, or no run succeeded for 10 intervals while enabled */
  failing: Type.Boolean(),
});
export type TSchedulerHealth = Static<typeof SchedulerHealth>;
