import { Type, type Static } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import * as cc from './client-commerce.service.js';
import * as svc from './sales.service.js';
import { IdInt } from '../../shared/id.schemas.js';

const IdNum = IdInt();
const Id = Type.Object({ id: IdNum });
const Version = IdInt();
const Amount = Type.String({ maxLength: 24, description: 'decimal string: "1234.50"' });
// null first: with coerceTypes the validator would otherwise turn null into "" through the string branch
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([Type.Null(), t]);
const Method = Type.Union(['cash', 'card', 'transfer', 'bonus'].map((m) => Type.Literal(m))) as unknown as ReturnType<typeof Type.Literal<'cash'>>;

const Item = Type.Object({
  productId: IdNum,
  quantity: Type.String({ maxLength: 20, description: 'up to 3 decimals' }),
  price: Type.Optional(Amount),
  discount: Type.Optional(Type.String({ maxLength: 8, description: 'percent; omitted = the automatic discount' })),
  manualDiscount: Type.Optional(Type.String({ maxLength: 24, description: 'a discount given by hand on this line, after the automatic one: a percent ("10") or an amount off the line ("1.50"), as manualDiscountKind says; needs the sales.discount right, up to the role\'s maximum' })),
  manualDiscountKind: Type.Optional(Type.Union([Type.Literal('percent'), Type.Literal('amount')], { description: 'percent (default) or amount' })),
}, { additionalProperties: false });
const ManualOut = {
  manualDiscount: Type.Union([Type.String(), Type.Null()], { description: 'the manual discount as given (percent or amount), null without one' }),
  manualDiscountKind: Type.Union([Type.Literal('percent'), Type.Literal('amount'), Type.Null()]),
  manualAmount: Type.String({ description: 'what the manual discount took off the line, exact' }),
};
const Payment = Type.Object({ method: Method, amount: Amount }, { additionalProperties: false });
const SaleFields = {
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

const SaleSummary = Type.Object({
  id: Type.Integer(), number: Type.Union([Type.String(), Type.Null()]), kind: Type.String(), correctsId: Type.Union([Type.Integer(), Type.Null()]),
  status: Type.String(), soldAt: Type.String(), day: Type.String(), clientId: Type.Integer(), clientName: Type.String(),
  departmentId: Type.Integer(), departmentName: Type.String(), employeeId: Type.Integer(), employeeName: Type.String(),
  currency: Type.String(), rate: Type.String(), subtotal: Type.String(), total: Type.String(), baseTotal: Type.String(), paid: Type.String(),
  debt: Type.String(), bonusAccrued: Type.String(), notes: Type.Union([Type.String(), Type.Null()]), version: Type.Integer(),
});
const SaleOut = Type.Composite([SaleSummary, Type.Object({
  items: Type.Array(Type.Object({
    id: Type.Integer(), line: Type.Integer(), productId: Type.Integer(), productName: Type.String(), unit: Type.String(), quantity: Type.String(),
    price: Type.String(), discount: Type.String(), amount: Type.String(), baseAmount: Type.String(), correctsItemId: Type.Union([Type.Integer(), Type.Null()]),
    ...ManualOut,
  })),
  payments: Type.Array(Type.Object({ id: Type.Integer(), method: Type.String(), amount: Type.String(), paidAt: Type.String() })),
  returnIds: Type.Array(Type.Integer()),
})]);

// the money side of a client card
const Terms = Type.Object({
  priceListId: Type.Union([Type.Integer(), Type.Null()]), priceListName: Type.Union([Type.String(), Type.Null()]),
  categoryId: Type.Union([Type.Integer(), Type.Null()]), categoryName: Type.Union([Type.String(), Type.Null()]), categoryKind: Type.Union([Type.String(), Type.Null()]),
});
const Bonus = Type.Object({
  balance: Type.String(),
  movements: Type.Array(Type.Object({ id: Type.Integer(), saleId: Type.Union([Type.Integer(), Type.Null()]), kind: Type.String(), amount: Type.String(), balanceAfter: Type.String(), at: Type.String() })),
});
const Health = Type.Object({
  firstPurchase: Type.Union([Type.String(), Type.Null()]), lastPurchase: Type.Union([Type.String(), Type.Null()]), purchases: Type.Integer(), revenue: Type.String(),
  averageCheck: Type.Union([Type.String(), Type.Null()]), debt: Type.String(), overdueDebt: Type.String(), risk: Type.Boolean(), status: Type.String(),
  daysSinceLastPurchase: Type.Union([Type.Integer(), Type.Null()]), currency: Type.String(),
  favouriteGroups: Type.Array(Type.Object({ groupId: Type.Union([Type.Integer(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]), amount: Type.String() })),
});

// types for the web client (type-only imports)
export type TSaleSummary = Static<typeof SaleSummary>;
export type TSale = Static<typeof SaleOut>;
export type TTerms = Static<typeof Terms>;
export type TBonus = Static<typeof Bonus>;
export type THealth = Static<typeof Health>;

export async function salesRoutes(app: AppInstance) {
  const db = app.deps.db;
  const tags = ['sales'];

  app.get('/api/sales', {
    schema: {
      tags, summary: 'Sales and returns the user may see, newest first (pass nextBeforeId back as beforeId)',
      querystring: Type.Object({
        clientId: Type.Optional(IdNum), departmentId: Type.Optional(IdNum), from: Type.Optional(Type.String({ format: 'date' })), to: Type.Optional(Type.String({ format: 'date' })),
        status: Type.Optional(Type.Union(['draft', 'preorder', 'completed', 'cancelled'].map((s) => Type.Literal(s)))),
        limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }), beforeId: Type.Optional(IdNum),
      }),
      response: { 200: Type.Object({ items: Type.Array(SaleSummary), nextBeforeId: Type.Union([Type.Integer(), Type.Null()]) }) },
    },
  }, async (req) => svc.listSales(db, req.actor(), req.query as Parameters<typeof svc.listSales>[2]));

  app.post('/api/sales/quote', {
    schema: {
      tags, summary: 'Price a would-be sale (prices from the price list, automatic and manual discounts) without saving it',
      body: Type.Object({ clientId: IdNum, currency: SaleFields.currency, soldAt: SaleFields.soldAt, items: SaleFields.items }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          currency: Type.String(), rate: Type.String({ description: 'units of the base currency for one unit of the sale currency' }),
          subtotal: Type.String(), total: Type.String(), baseTotal: Type.String(), bonusBalance: Type.String({ description: "the client's points" }),
          items: Type.Array(Type.Object({ productId: Type.Integer(), quantity: Type.String(), price: Type.String(), discount: Type.String({ description: 'percent' }), amount: Type.String(), ...ManualOut })),
        }, { description: 'amounts as exact decimal strings' }),
      },
    },
  }, async (req) => svc.quoteSale(db, req.actor(), req.body));

  app.post('/api/sales', {
    schema: { tags, summary: 'Record a sale (completed by default; draft or pre-order to finish later), with payments', body: Type.Object(SaleFields, { additionalProperties: false }), response: { 201: SaleOut } },
  }, async (req, reply) => reply.status(201).send(await svc.createSale(db, req.actor(), req.body as svc.SaleInput, req.ip)));

  app.get('/api/sales/:id', { schema: { tags, params: Id, response: { 200: SaleOut } } }, async (req) => svc.getSale(db, req.actor(), req.params.id));

  app.patch('/api/sales/:id', {
    schema: { tags, summary: 'Change a draft or pre-order (completed sales change only by return or cancellation)', params: Id, body: Type.Object({ ...Type.Partial(Type.Object(SaleFields)).properties, version: Version }, { additionalProperties: false }), response: { 200: SaleOut } },
  }, async (req) => svc.updateSale(db, req.actor(), req.params.id, req.body as Partial<svc.SaleInput> & { version: number }, req.ip));

  app.post('/api/sales/:id/complete', {
    schema: { tags, params: Id, body: Type.Object({ version: Version, payments: Type.Optional(Type.Array(Payment, { maxItems: 20 })) }, { additionalProperties: false }), response: { 200: SaleOut } },
  }, async (req) => svc.completeSale(db, req.actor(), req.params.id, req.body.version, (req.body.payments ?? []) as svc.PaymentInput[], req.ip));

  app.post('/api/sales/:id/payments', {
    schema: { tags, summary: 'Pay (part of) what is due', params: Id, body: Type.Object({ payments: Type.Array(Payment, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false }), response: { 200: SaleOut } },
  }, async (req) => svc.paySale(db, req.actor(), req.params.id, req.body.payments as svc.PaymentInput[], req.ip));

  app.post('/api/sales/:id/cancel', {
    schema: { tags, summary: 'Cancel: a completed sale is reversed (money, points, reports), never deleted', params: Id, body: Type.Object({ version: Version, reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }), response: { 200: SaleOut } },
  }, async (req) => svc.cancelSale(db, req.actor(), req.params.id, req.body.version, req.body.reason, req.ip));

  app.post('/api/sales/:id/return', {
    schema: {
      tags, summary: 'Return some lines of a completed sale: a new return document at the original prices', params: Id,
      body: Type.Object({
        items: Type.Array(Type.Object({ itemId: IdNum, quantity: Type.String({ maxLength: 20 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
        refund: Type.Union(['cash', 'card', 'transfer', 'none'].map((m) => Type.Literal(m))),
      }, { additionalProperties: false }),
      response: { 201: SaleOut },
    },
  }, async (req, reply) => reply.status(201).send(await svc.returnSale(db, req.actor(), req.params.id, req.body as Parameters<typeof svc.returnSale>[3], req.ip)));

  app.get('/api/clients/:id/terms', { schema: { tags: ['clients'], summary: 'Assigned price list and category', params: Id, response: { 200: Terms } } }, async (req) => cc.getTerms(db, req.actor(), req.params.id));
  app.patch('/api/clients/:id/terms', {
    schema: { tags: ['clients'], params: Id, body: Type.Object({ priceListId: Type.Optional(Type.Union([IdNum, Type.Null()])), categoryId: Type.Optional(Type.Union([IdNum, Type.Null()])) }, { additionalProperties: false }), response: { 200: Terms } },
  }, async (req) => cc.setTerms(db, req.actor(), req.params.id, req.body, req.ip));
  app.get('/api/clients/:id/bonus', { schema: { tags: ['loyalty'], summary: 'Bonus balance and its history', params: Id, querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }) }), response: { 200: Bonus } } }, async (req) =>
    cc.getBonus(db, req.actor(), req.params.id, req.query.limit));
  app.post('/api/clients/:id/bonus', {
    schema: { tags: ['loyalty'], summary: 'Correct the points by hand (signed amount)', params: Id, body: Type.Object({ amount: Amount, reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }), response: { 200: Bonus } },
  }, async (req) => cc.adjustBonus(db, req.actor(), req.params.id, req.body.amount, req.body.reason, req.ip));
  app.get('/api/clients/:id/health', {
    schema: {
      tags: ['clients'], summary: 'Client health: purchases, revenue, average check, debt, favourite groups, active / lapsing / lost', params: Id,
      response: { 200: Health },
    },
  }, async (req) => cc.getHealth(db, req.actor(), req.params.id));
}
