import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import * as svc from './settings.service.js';
import { CurrencyOut, Day, SettingsOut, SettingsPatch } from './settings.schemas.js';

const tags = ['settings'];

export async function settingsRoutes(app: AppInstance) {
  const db = app.deps.db;
  app.get('/api/settings', { schema: { tags, summary: 'Firm settings', response: { 200: SettingsOut } } }, async (req) => {
    req.actor();
    return svc.getSettings(db);
  });
  app.patch(
    '/api/settings',
    { schema: { tags, summary: 'Change firm settings (administrators)', body: SettingsPatch, response: { 200: SettingsOut } } },
    async (req) => svc.updateSettings(db, req.actor(), req.body, req.ip),
  );
  app.get(
    '/api/currencies',
    {
      schema: {
        tags,
        summary: 'Currencies with their latest rate (base units per unit)',
        response: { 200: Type.Object({ items: Type.Array(CurrencyOut) }) },
      },
    },
    async (req) => {
      req.actor();
      return { items: await svc.listCurrencies(db) };
    },
  );
  app.post(
    '/api/currencies',
    {
      schema: {
        tags,
        summary: 'Add a currency (administrators)',
        body: Type.Object(
          { code: Type.String({ pattern: '^[A-Z]{3}$' }), name: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async (req, reply) => {
      await svc.createCurrency(db, req.actor(), req.body.code, req.body.name, req.ip);
      return reply.status(201).send({ ok: true });
    },
  );
  app.put(
    '/api/currencies/:code/rates/:day',
    {
      schema: {
        tags,
        summary: 'Set the rate of a currency from a day on (administrators)',
        params: Type.Object({ code: Type.String({ pattern: '^[A-Z]{3}$' }), day: Day }),
        body: Type.Object({ rate: Type.String({ maxLength: 30 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async (req) => {
      await svc.setRate(db, req.actor(), req.params.code, req.params.day, req.body.rate, req.ip);
      return { ok: true };
    },
  );
}
