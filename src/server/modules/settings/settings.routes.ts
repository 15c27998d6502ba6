import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import * as svc from './settings.service.js';

const tags = ['settings'];
const Day = Type.String({ format: 'date' });
const SettingsOut = Type.Object({
  timezone: Type.String(),
  baseCurrency: Type.String(),
  loyaltyPeriodDays: Type.Integer(),
  health: Type.Object({ lapsingDays: Type.Integer(), lostDays: Type.Integer(), overdueDays: Type.Integer() }),
  checkDiscounts: Type.Array(Type.Object({ from: Type.String(), percent: Type.String() })),
});
const SettingsPatch = Type.Object({
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  baseCurrency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  loyaltyPeriodDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3660 })),
  health: Type.Optional(Type.Object({
    lapsingDays: Type.Integer({ minimum: 1, maximum: 3660 }), lostDays: Type.Integer({ minimum: 1, maximum: 3660 }), overdueDays: Type.Integer({ minimum: 1, maximum: 3660 }),
  }, { additionalProperties: false })),
  checkDiscounts: Type.Optional(Type.Array(Type.Object({ from: Type.String({ maxLength: 20 }), percent: Type.String({ maxLength: 8 }) }, { additionalProperties: false }), { maxItems: 20 })),
}, { additionalProperties: false });

export async function settingsRoutes(app: AppInstance) {
  const db = app.deps.db;
  app.get('/api/settings', { schema: { tags, summary: 'Firm settings', response: { 200: SettingsOut } } }, async (req) => {
    req.actor();
    return svc.getSettings(db);
  });
  app.patch('/api/settings', { schema: { tags, summary: 'Change firm settings (administrators)', body: SettingsPatch, response: { 200: SettingsOut } } }, async (req) =>
    svc.updateSettings(db, req.actor(), req.body, req.ip),
  );
  app.get('/api/currencies', {
    schema: { tags, summary: 'Currencies with their latest rate (base units per unit)', response: { 200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), rate: Type.Union([Type.String(), Type.Null()]), rateDay: Type.Union([Type.String(), Type.Null()]) })) }) } },
  }, async (req) => {
    req.actor();
    return { items: await svc.listCurrencies(db) };
  });
  app.post('/api/currencies', {
    schema: { tags, summary: 'Add a currency (administrators)', body: Type.Object({ code: Type.String({ pattern: '^[A-Z]{3}$' }), name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }), response: { 201: Type.Object({ ok: Type.Boolean() }) } },
  }, async (req, reply) => {
    await svc.createCurrency(db, req.actor(), req.body.code, req.body.name, req.ip);
    return reply.status(201).send({ ok: true });
  });
  app.put('/api/currencies/:code/rates/:day', {
    schema: { tags, summary: 'Set the rate of a currency from a day on (administrators)', params: Type.Object({ code: Type.String({ pattern: '^[A-Z]{3}$' }), day: Day }), body: Type.Object({ rate: Type.String({ maxLength: 30 }) }, { additionalProperties: false }), response: { 200: Type.Object({ ok: Type.Boolean() }) } },
  }, async (req) => {
    await svc.setRate(db, req.actor(), req.params.code, req.params.day, req.body.rate, req.ip);
    return { ok: true };
  });
}
