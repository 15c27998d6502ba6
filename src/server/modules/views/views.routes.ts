import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { requireRight } from '../access/rights.js';
import { ViewIn, ViewOut, ViewPatch } from './views.schemas.js';
import { createView, deleteView, listViews, updateView } from './views.service.js';
import { IdParams } from '../../shared/id.schemas.js';

const Id = IdParams;
const tags = ['views'];

export async function viewsRoutes(app: AppInstance) {
  const db = app.deps.db;
  app.get(
    '/api/views',
    { schema: { tags, summary: 'My saved journal views and the shared ones', response: { 200: Type.Object({ items: Type.Array(ViewOut) }) } } },
    async (req) => {
      requireRight(req.actor(), 'clients', 'read');
      return { items: await listViews(db, req.actor()) };
    },
  );
  app.post(
    '/api/views',
    { schema: { tags, summary: 'Save a journal view (shared: administrators only)', body: ViewIn, response: { 201: ViewOut } } },
    async (req, reply) => {
      requireRight(req.actor(), 'clients', 'read');
      return reply.status(201).send(await createView(db, req.actor(), req.body));
    },
  );
  app.patch('/api/views/:id', { schema: { tags, params: Id, body: ViewPatch, response: { 200: ViewOut } } }, async (req) =>
    updateView(db, req.actor(), req.params.id, req.body),
  );
  app.delete('/api/views/:id', { schema: { tags, params: Id, response: { 200: Type.Object({ ok: Type.Boolean() }) } } }, async (req) => {
    await deleteView(db, req.actor(), req.params.id);
    return { ok: true };
  });
}
