import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { ClientCreate, ClientList, ClientOut, ClientPatch, ClientWithDuplicates, Duplicate, ListQuery, SearchResult } from './clients.schemas.js';
import * as svc from './clients.service.js';
import { fileStoreFor } from '../files/file-store.js';
import { HistoryAnswer } from '../audit/audit.schemas.js';
import { IdInt, IdParams } from '../../shared/id.schemas.js';

const Id = IdParams;
const VersionBody = Type.Object({ version: IdInt() }, { additionalProperties: false });
const tags = ['clients'];

export async function clientsRoutes(app: AppInstance) {
  const db = app.deps.db;

  app.get(
    '/api/clients',
    {
      schema: {
        tags,
        summary: 'The client journal: filter, sort, keyset pages (pass nextCursor back as cursor)',
        querystring: ListQuery,
        response: { 200: ClientList },
      },
    },
    async (req) => svc.listClients(db, req.actor(), req.query),
  );

  app.get(
    '/api/clients/count',
    {
      schema: {
        tags,
        summary:
          'Number of clients for the same q / filter / archived as the list: exact, or with cap counted up to cap ({ count: cap, exact: false } above it)',
        querystring: Type.Composite([
          Type.Pick(ListQuery, ['q', 'filter', 'archived']),
          Type.Object({ cap: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) }),
        ]),
        response: { 200: Type.Object({ count: Type.Integer(), exact: Type.Boolean() }) },
      },
    },
    async (req) => svc.countClients(db, req.actor(), req.query, req.query.cap),
  );

  app.get(
    '/api/clients/search',
    {
      schema: {
        tags,
        summary: 'Search-as-you-type over name, phones, emails and tax ids (any part, any case, any alphabet)',
        querystring: Type.Object({ q: Type.String({ maxLength: 200 }), limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }) }),
        response: { 200: SearchResult },
      },
    },
    async (req) => svc.searchClients(db, req.actor(), req.query.q, req.query.limit),
  );

  app.post(
    '/api/clients/duplicates',
    {
      schema: {
        tags,
        summary: 'Likely duplicates of a draft (same phone, email, INN or a similar name), across the whole base',
        body: Type.Composite(
          [
            Type.Partial(Type.Omit(ClientCreate, ['kind'])),
            Type.Object({ kind: Type.Optional(Type.Union([Type.Literal('person'), Type.Literal('organization')])), id: Type.Optional(IdInt()) }),
          ],
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ duplicates: Type.Array(Duplicate) }) },
      },
    },
    async (req) => svc.checkDuplicates(db, req.actor(), { kind: 'person', ...req.body }),
  );

  app.post(
    '/api/clients',
    {
      schema: { tags, summary: 'Create a client; the answer lists likely duplicates', body: ClientCreate, response: { 201: ClientWithDuplicates } },
    },
    async (req, reply) => reply.status(201).send(await svc.createClient(db, req.actor(), req.body, req.ip)),
  );

  app.post(
    '/api/clients/bulk',
    {
      bodyLimit: 32 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Create up to 5,000 clients at once, all or nothing',
        body: Type.Object({ clients: Type.Array(ClientCreate, { minItems: 1, maxItems: 5000 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ ids: Type.Array(Type.Integer()) }) },
      },
    },
    async (req, reply) => reply.status(201).send({ ids: await svc.createClients(db, req.actor(), req.body.clients, req.ip) }),
  );

  app.get('/api/clients/:id', { schema: { tags, summary: 'A client card', params: Id, response: { 200: ClientOut } } }, async (req) =>
    svc.getClient(db, req.actor(), req.params.id),
  );

  app.patch(
    '/api/clients/:id',
    {
      schema: {
        tags,
        summary: 'Change a client; send the version you read (409 VERSION_CONFLICT if it changed since)',
        params: Id,
        body: ClientPatch,
        response: { 200: ClientWithDuplicates },
      },
    },
    async (req) => svc.updateClient(db, req.actor(), req.params.id, req.body, req.ip),
  );

  app.post(
    '/api/clients/:id/archive',
    { schema: { tags, summary: 'Archive (soft delete)', params: Id, body: VersionBody, response: { 200: ClientOut } } },
    async (req) => svc.setClientArchived(db, req.actor(), req.params.id, req.body.version, true, req.ip),
  );
  app.post(
    '/api/clients/:id/restore',
    { schema: { tags, summary: 'Restore from the archive', params: Id, body: VersionBody, response: { 200: ClientOut } } },
    async (req) => svc.setClientArchived(db, req.actor(), req.params.id, req.body.version, false, req.ip),
  );
  app.delete(
    '/api/clients/:id',
    { schema: { tags, summary: 'Delete for good (administrators only)', params: Id, response: { 200: Type.Object({ ok: Type.Boolean() }) } } },
    async (req) => {
      await svc.deleteClientForever(db, req.actor(), req.params.id, req.ip, fileStoreFor(app.deps.config));
      return { ok: true };
    },
  );

  app.get(
    '/api/clients/:id/history',
    {
      schema: {
        tags,
        summary: 'Change history of a card: who, when, old and new values (newest first)',
        params: Id,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), beforeId: Type.Optional(IdInt()) }),
        response: { 200: HistoryAnswer },
      },
    },
    async (req) => svc.clientHistory(db, req.actor(), req.params.id, req.query.limit, req.query.beforeId),
  );
}
