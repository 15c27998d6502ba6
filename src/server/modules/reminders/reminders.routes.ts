import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { IdParams } from '../../shared/id.schemas.js';
import { ReminderRuleIn, ReminderRuleOut, ReminderRulePatch, SchedulerHealth } from './reminders.schemas.js';
import * as svc from './reminders.service.js';

const Ok = Type.Object({ ok: Type.Boolean() });

export async function remindersRoutes(app: AppInstance) {
  const db = app.deps.db;
  const tags = ['reminders'];
  app.get(
    '/api/scheduler',
    {
      schema: {
        tags: ['settings'],
        summary: 'The reminder scheduler’s health: last run, last success, last error, failures, deliveries (administrators)',
        response: { 200: SchedulerHealth },
      },
    },
    async (req) => svc.schedulerHealth(db, req.actor(), app.reminders),
  );
  app.get(
    '/api/reminder-rules',
    {
      schema: {
        tags,
        summary: 'Reminder rules on client dates (administrators)',
        response: { 200: Type.Object({ items: Type.Array(ReminderRuleOut) }) },
      },
    },
    async (req) => svc.listRules(db, req.actor()),
  );
  app.post(
    '/api/reminder-rules',
    { schema: { tags, summary: 'Add a reminder rule (administrators)', body: ReminderRuleIn, response: { 201: ReminderRuleOut } } },
    async (req, reply) => reply.status(201).send(await svc.createRule(db, req.actor(), req.body, req.ip)),
  );
  app.patch(
    '/api/reminder-rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a reminder rule (with its version)',
        params: IdParams,
        body: ReminderRulePatch,
        response: { 200: ReminderRuleOut },
      },
    },
    async (req) => svc.updateRule(db, req.actor(), req.params.id, req.body, req.ip),
  );
  app.delete(
    '/api/reminder-rules/:id',
    { schema: { tags, summary: 'Delete a reminder rule', params: IdParams, response: { 200: Ok } } },
    async (req) => {
      await svc.deleteRule(db, req.actor(), req.params.id, req.ip);
      return { ok: true };
    },
  );
}
