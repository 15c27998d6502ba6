// The firm settings' request and answer schemas (TypeBox: validation, OpenAPI and the web client's types).
import { Type, type Static } from '@sinclair/typebox';

export const Day = Type.String({ format: 'date' });
export const SettingsOut = Type.Object({
  timezone: Type.String(),
  baseCurrency: Type.String(),
  loyaltyPeriodDays: Type.Integer(),
  health: Type.Object({ lapsingDays: Type.Integer(), lostDays: Type.Integer(), overdueDays: Type.Integer() }),
  checkDiscounts: Type.Array(Type.Object({ from: Type.String(), percent: Type.String() })),
});
export const SettingsPatch = Type.Object(
  {
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    baseCurrency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    loyaltyPeriodDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3660 })),
    health: Type.Optional(
      Type.Object(
        {
          lapsingDays: Type.Integer({ minimum: 1, maximum: 3660 }),
          lostDays: Type.Integer({ minimum: 1, maximum: 3660 }),
          overdueDays: Type.Integer({ minimum: 1, maximum: 3660 }),
        },
        { additionalProperties: false },
      ),
    ),
    checkDiscounts: Type.Optional(
      Type.Array(Type.Object({ from: Type.String({ maxLength: 20 }), percent: Type.String({ maxLength: 8 }) }, { additionalProperties: false }), {
        maxItems: 20,
      }),
    ),
  },
  { additionalProperties: false },
);
export const CurrencyOut = Type.Object({
  code: Type.String(),
  name: Type.String(),
  rate: Type.Union([Type.String(), Type.Null()]),
  rateDay: Type.Union([Type.String(), Type.Null()]),
});

// types for the server and the web client (type-only imports)
export type CheckDiscount = { from: string; percent: string };
export type Settings = {
  timezone: string;
  baseCurrency: string;
  loyaltyPeriodDays: number;
  health: { lapsingDays: number; lostDays: number; overdueDays: number };
  checkDiscounts: CheckDiscount[];
};
export type TCurrency = Static<typeof CurrencyOut>;
