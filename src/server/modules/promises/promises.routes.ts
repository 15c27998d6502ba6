import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { IdParams } from '../../shared/id.schemas.js';
import { OverdueList, OverdueQuery, PromiseIn, PromiseList, PromiseOut, PromisePatch, PromisesQuery, VersionIn } from './promises.schemas.js';
import * as svc from './promises.service.js';

const Ok = Type.Object({ ok: Type.Boolean() });

export async function promisesRoutes(app: AppInstance) {
  const db = app.deps.db;
  const tags = ['promises'];

  app.get(
    '/api/promises',
    {
      schema: {
        tags,
        summary: 'Promises the user may see (of their clients, their own, their department’s), newest first',
        querystring: PromisesQuery,
        response: { 200: PromiseList },
      },
    },
    async (req) => svc.listPromises(db, req.actor(), req.query),
  );
  app.get(
    '/api/promises/overdue',
    {
      schema: {
        tags,
        summary: 'Overdue promises per responsible manager: one’s own; the department’s for its head; everyone’s for the "all" scope',
        querystring: OverdueQuery,
        response: { 200: OverdueList },
      },
    },
    async (req) => svc.overdueByManager(db, req.actor(), req.query),
  );
  app.post(
    '/api/promises',
    { schema: { tags, summary: 'Record a promise given to or by a client', body: PromiseIn, response: { 201: PromiseOut } } },
    async (req, reply) => reply.status(201).send(await svc.createPromise(db, req.actor(), req.body, req.ip)),
  );
  app.get('/api/promises/:id', { schema: { tags, params: IdParams, response: { 200: PromiseOut } } }, async (req) =>
    svc.getPromise(db, req.actor(), req.params.id),
  );
  app.patch(
    '/api/promises/:id',
    { schema: { tags, summary: 'Change a promise (with its version)', params: IdParams, body: PromisePatch, response: { 200: PromiseOut } } },
    async (req) => svc.updatePromise(db, req.actor(), req.params.id, req.body, req.ip),
  );
  app.post(
    '/api/promises/:id/kept',
    { schema: { tags, summary: 'Mark a promise kept', params: IdParams, body: VersionIn, response: { 200: PromiseOut } } },
    async (req) => svc.closePromise(db, req.actor(), req.params.id, 'kept', req.body.version, req.ip),
  );
  app.post(
    '/api/promises/:id/broken',
    { schema: { tags, summary: 'Mark a promise broken', params: IdParams, body: VersionIn, response: { 200: PromiseOut } } },
    async (req) => svc.closePromise(db, req.actor(), req.params.id, 'broken', req.body.version, req.ip),
  );
  app.delete('/api/promises/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
    await svc.deletePromise(db, req.actor(), req.params.id, req.ip);
    return { ok: true };
  });
}
