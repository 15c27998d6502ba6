// The contract of the sales API: request and response schemas (TypeBox, used by sales.routes.ts
// for validation and the OpenAPI document) and their static types, which the web imports
// (type-only: nothing of the server is bundled).
import { Type, type Static } from '@sinclair/typebox';
import { IdInt } from '../../shared/id.schemas.js';

export const IdNum = IdInt();
export const Id = Type.Object({ id: IdNum });
export const Version = IdInt();
export const Amount = Type.String({ maxLength: 24, description: 'decimal string: "1234.50"' });
// null first: with coerceTypes the validator would otherwise turn null into "" through the string branch
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([Type.Null(), t]);
export const Method = Type.Union([Type.Literal('cash'), Type.Literal('card'), Type.Literal('transfer'), Type.Literal('bonus')]);

export const Item = Type.Object(
  {
    productId: IdNum,
    quantity: Type.String({ maxLength: 20, description: 'up to 3 decimals' }),
    price: Type.Optional(Amount),
    discount: Type.Optional(Type.String({ maxLength: 8, description: 'percent; omitted = the automatic discount' })),
    manualDiscount: Type.Optional(
      Type.String({
        maxLength: 24,
        description:
          'a discount given by hand on this line, after the automatic one: a percent ("10") or an amount off the line ("1.50"), as manualDiscountKind says; needs the sales.discount right, up to the role\'s maximum',
      }),
    ),
    manualDiscountKind: Type.Optional(Type.Union([Type.Literal('percent'), Type.Literal('amount')], { description: 'percent (default) or amount' })),
  },
  { additionalProperties: false },
);
const ManualOut = {
  manualDiscount: Type.Union([Type.String(), Type.Null()], { description: 'the manual discount as given (percent or amount), null without one' }),
  manualDiscountKind: Type.Union([Type.Literal('percent'), Type.Literal('amount'), Type.Null()]),
  manualAmount: Type.String({ description: 'what the manual discount took off the line, exact' }),
};
export const Payment = Type.Object({ method: Method, amount: Amount }, { additionalProperties: false });
export const SaleFields = {
  clientId: IdNum,
  departmentId: IdNum,
  employeeId: Type.Optional(IdNum),
  soldAt: Type.Optional(Type.String({ format: 'date-time' })),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  number: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('preorder'), Type.Literal('completed')])),
  notes: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  items: Type.Array(Item, { minItems: 1, maxItems: 500 }),
  payments: Type.Optional(Type.Array(Payment, { maxItems: 20 })),
};
export const SaleBody = Type.Object(SaleFields, { additionalProperties: false });
export const SalePatch = Type.Object({ ...Type.Partial(Type.Object(SaleFields)).properties, version: Version }, { additionalProperties: false });
export const QuoteBody = Type.Object(
  { clientId: IdNum, currency: SaleFields.currency, soldAt: SaleFields.soldAt, items: SaleFields.items },
  { additionalProperties: false },
);
export const ReturnBody = Type.Object(
  {
    items: Type.Array(Type.Object({ itemId: IdNum, quantity: Type.String({ maxLength: 20 }) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 500,
    }),
    refund: Type.Union([Type.Literal('cash'), Type.Literal('card'), Type.Literal('transfer'), Type.Literal('none')]),
  },
  { additionalProperties: false },
);
export const SalesQuery = Type.Object({
  clientId: Type.Optional(IdNum),
  departmentId: Type.Optional(IdNum),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  status: Type.Optional(Type.Union(['draft', 'preorder', 'completed', 'cancelled'].map((s) => Type.Literal(s)))),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  beforeId: Type.Optional(IdNum),
});

export const SaleSummary = Type.Object({
  id: Type.Integer(),
  number: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  correctsId: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.String(),
  soldAt: Type.String(),
  day: Type.String(),
  clientId: Type.Integer(),
  clientName: Type.String(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  employeeId: Type.Integer(),
  employeeName: Type.String(),
  currency: Type.String(),
  rate: Type.String(),
  subtotal: Type.String(),
  total: Type.String(),
  baseTotal: Type.String(),
  paid: Type.String(),
  debt: Type.String(),
  bonusAccrued: Type.String(),
  notes: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
});
export const SaleOut = Type.Composite([
  SaleSummary,
  Type.Object({
    items: Type.Array(
      Type.Object({
        id: Type.Integer(),
        line: Type.Integer(),
        productId: Type.Integer(),
        productName: Type.String(),
        unit: Type.String(),
        quantity: Type.String(),
        price: Type.String(),
        discount: Type.String(),
        amount: Type.String(),
        baseAmount: Type.String(),
        correctsItemId: Type.Union([Type.Integer(), Type.Null()]),
        ...ManualOut,
      }),
    ),
    payments: Type.Array(Type.Object({ id: Type.Integer(), method: Type.String(), amount: Type.String(), paidAt: Type.String() })),
    returnIds: Type.Array(Type.Integer()),
  }),
]);
export const SaleList = Type.Object({ items: Type.Array(SaleSummary), nextBeforeId: Type.Union([Type.Integer(), Type.Null()]) });
export const Quote = Type.Object(
  {
    currency: Type.String(),
    rate: Type.String({ description: 'units of the base currency for one unit of the sale currency' }),
    subtotal: Type.String(),
    total: Type.String(),
    baseTotal: Type.String(),
    bonusBalance: Type.String({ description: "the client's points" }),
    items: Type.Array(
      Type.Object({
        productId: Type.Integer(),
        quantity: Type.String(),
        price: Type.String(),
        discount: Type.String({ description: 'percent' }),
        amount: Type.String(),
        ...ManualOut,
      }),
    ),
  },
  { description: 'amounts as exact decimal strings' },
);

// the money side of a client card
export const Terms = Type.Object({
  priceListId: Type.Union([Type.Integer(), Type.Null()]),
  priceListName: Type.Union([Type.String(), Type.Null()]),
  categoryId: Type.Union([Type.Integer(), Type.Null()]),
  categoryName: Type.Union([Type.String(), Type.Null()]),
  categoryKind: Type.Union([Type.String(), Type.Null()]),
});
export const TermsPatch = Type.Object(
  { priceListId: Type.Optional(Type.Union([IdNum, Type.Null()])), categoryId: Type.Optional(Type.Union([IdNum, Type.Null()])) },
  { additionalProperties: false },
);
export const Bonus = Type.Object({
  balance: Type.String(),
  movements: Type.Array(
    Type.Object({
      id: Type.Integer(),
      saleId: Type.Union([Type.Integer(), Type.Null()]),
      kind: Type.String(),
      amount: Type.String(),
      balanceAfter: Type.String(),
      at: Type.String(),
    }),
  ),
});
export const BonusAdjustment = Type.Object(
  { amount: Amount, reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export const Health = Type.Object({
  firstPurchase: Type.Union([Type.String(), Type.Null()]),
  lastPurchase: Type.Union([Type.String(), Type.Null()]),
  purchases: Type.Integer(),
  revenue: Type.String(),
  averageCheck: Type.Union([Type.String(), Type.Null()]),
  debt: Type.String(),
  overdueDebt: Type.String(),
  risk: Type.Boolean(),
  status: Type.String(),
  daysSinceLastPurchase: Type.Union([Type.Integer(), Type.Null()]),
  currency: Type.String(),
  favouriteGroups: Type.Array(
    Type.Object({ groupId: Type.Union([Type.Integer(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]), amount: Type.String() }),
  ),
});

export type PaymentMethod = Static<typeof Method>;
export type SaleItemInput = Static<typeof Item>;
export type PaymentInput = Static<typeof Payment>;
export type SaleInput = Static<typeof SaleBody>;
export type QuoteInput = Static<typeof QuoteBody>;
export type ReturnInput = Static<typeof ReturnBody>;
export type SalesQueryInput = Static<typeof SalesQuery>;
export type TSaleSummary = Static<typeof SaleSummary>;
export type TSale = Static<typeof SaleOut>;
export type TQuote = Static<typeof Quote>;
export type TTerms = Static<typeof Terms>;
export type TBonus = Static<typeof Bonus>;
export type THealth = Static<typeof Health>;
