import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import * as cc from './client-commerce.service.js';
import * as lifecycle from './sale-lifecycle.service.js';
import { createSale, newTierHint, quoteSale } from './sale-record.service.js';
import { getSale, listSales } from './sales.read.js';
import {
  Bonus,
  BonusAdjustment,
  Health,
  Id,
  Payment,
  Quote,
  QuoteBody,
  ReturnBody,
  SaleBody,
  SaleList,
  SaleOut,
  SalePatch,
  SalesQuery,
  Terms,
  TermsPatch,
  Version,
  type PaymentInput,
  type ReturnInput,
  type SaleInput,
} from './sales.schemas.js';

export async function salesRoutes(app: AppInstance) {
  const db = app.deps.db;
  const tiers = newTierHint(); // whether this app's firm has cumulative tiers, as its last sale found
  const tags = ['sales'];

  app.get(
    '/api/sales',
    {
      schema: {
        tags,
        summary: 'Sales and returns the user may see, newest first (pass nextBeforeId back as beforeId)',
        querystring: SalesQuery,
        response: { 200: SaleList },
      },
    },
    async (req) => listSales(db, req.actor(), req.query),
  );

  app.post(
    '/api/sales/quote',
    {
      schema: {
        tags,
        summary: 'Price a would-be sale (prices from the price list, automatic and manual discounts) without saving it',
        body: QuoteBody,
        response: { 200: Quote },
      },
    },
    async (req) => quoteSale(db, req.actor(), req.body),
  );

  app.post(
    '/api/sales',
    {
      schema: {
        tags,
        summary: 'Record a sale (completed by default; draft or pre-order to finish later), with payments',
        body: SaleBody,
        response: { 201: SaleOut },
      },
    },
    async (req, reply) => reply.status(201).send(await createSale(db, req.actor(), req.body as SaleInput, req.ip, tiers)),
  );

  app.get('/api/sales/:id', { schema: { tags, params: Id, response: { 200: SaleOut } } }, async (req) => getSale(db, req.actor(), req.params.id));

  app.patch(
    '/api/sales/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft or pre-order (completed sales change only by return or cancellation)',
        params: Id,
        body: SalePatch,
        response: { 200: SaleOut },
      },
    },
    async (req) => lifecycle.updateSale(db, req.actor(), req.params.id, req.body as Partial<SaleInput> & { version: number }, req.ip),
  );

  app.post(
    '/api/sales/:id/complete',
    {
      schema: {
        tags,
        params: Id,
        body: Type.Object({ version: Version, payments: Type.Optional(Type.Array(Payment, { maxItems: 20 })) }, { additionalProperties: false }),
        response: { 200: SaleOut },
      },
    },
    async (req) => lifecycle.completeSale(db, req.actor(), req.params.id, req.body.version, (req.body.payments ?? []) as PaymentInput[], req.ip),
  );

  app.post(
    '/api/sales/:id/payments',
    {
      schema: {
        tags,
        summary: 'Pay (part of) what is due',
        params: Id,
        body: Type.Object({ payments: Type.Array(Payment, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false }),
        response: { 200: SaleOut },
      },
    },
    async (req) => lifecycle.paySale(db, req.actor(), req.params.id, req.body.payments as PaymentInput[], req.ip),
  );

  app.post(
    '/api/sales/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel: a completed sale is reversed (money, points, reports), never deleted',
        params: Id,
        body: Type.Object({ version: Version, reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: SaleOut },
      },
    },
    async (req) => lifecycle.cancelSale(db, req.actor(), req.params.id, req.body.version, req.body.reason, req.ip),
  );

  app.post(
    '/api/sales/:id/return',
    {
      schema: {
        tags,
        summary: 'Return some lines of a completed sale: a new return document at the original prices',
        params: Id,
        body: ReturnBody,
        response: { 201: SaleOut },
      },
    },
    async (req, reply) => reply.status(201).send(await lifecycle.returnSale(db, req.actor(), req.params.id, req.body as ReturnInput, req.ip)),
  );

  app.get(
    '/api/clients/:id/terms',
    { schema: { tags: ['clients'], summary: 'Assigned price list and category', params: Id, response: { 200: Terms } } },
    async (req) => cc.getTerms(db, req.actor(), req.params.id),
  );
  app.patch(
    '/api/clients/:id/terms',
    {
      schema: { tags: ['clients'], params: Id, body: TermsPatch, response: { 200: Terms } },
    },
    async (req) => cc.setTerms(db, req.actor(), req.params.id, req.body, req.ip),
  );
  app.get(
    '/api/clients/:id/bonus',
    {
      schema: {
        tags: ['loyalty'],
        summary: 'Bonus balance and its history',
        params: Id,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }) }),
        response: { 200: Bonus },
      },
    },
    async (req) => cc.getBonus(db, req.actor(), req.params.id, req.query.limit),
  );
  app.post(
    '/api/clients/:id/bonus',
    {
      schema: {
        tags: ['loyalty'],
        summary: 'Correct the points by hand (signed amount)',
        params: Id,
        body: BonusAdjustment,
        response: { 200: Bonus },
      },
    },
    async (req) => cc.adjustBonus(db, req.actor(), req.params.id, req.body.amount, req.body.reason, req.ip),
  );
  app.get(
    '/api/clients/:id/health',
    {
      schema: {
        tags: ['clients'],
        summary: 'Client health: purchases, revenue, average check, debt, favourite groups, active / lapsing / lost',
        params: Id,
        response: { 200: Health },
      },
    },
    async (req) => cc.getHealth(db, req.actor(), req.params.id),
  );
}
