import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { AppError } from '../../shared/errors.js';
import { ImportPlan } from './import.schemas.js';
import { jobOut, type ImportService } from './import.service.js';
import { IdCursor, IdParams } from '../../shared/id.schemas.js';
import { requestLanguage } from './reason-language.js';

const Id = IdParams;
const Plan = ImportPlan;

declare module 'fastify' {
  interface FastifyInstance {
    imports: ImportService;
  }
}

export async function importRoutes(app: AppInstance) {
  const tags = ['import'];
  // uploads are streamed to disk as they come, never held in memory
  app.addContentTypeParser(
    [
      'application/octet-stream',
      'text/csv',
      'text/vcard',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.oasis.opendocument.spreadsheet',
    ],
    (_req, payload, done) => done(null, payload),
  );

  app.post(
    '/api/imports',
    {
      bodyLimit: 1024 * 1024 * 1024 * 4,
      schema: {
        tags,
        summary:
          'Upload a file (the raw bytes as the body; CSV, XLSX, ODS or vCard, recognised by content); answers the header, a sample and a suggested mapping',
        querystring: Type.Object({ name: Type.String({ minLength: 1, maxLength: 300 }) }),
      },
    },
    async (req, reply) => {
      const body = req.body as import('node:stream').Readable | undefined;
      if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function')
        throw new AppError('VALIDATION_FAILED', 'file: send the file as application/octet-stream', [
          { field: 'file', message: 'send the file as the request body' },
        ]);
      try {
        return reply.status(201).send(await app.imports.upload(req.actor(), req.query.name, body, req.ip));
      } catch (e) {
        // refused before the end of the body (too large): the rest of it is still on the connection,
        // where the next request of a kept-alive connection would wait behind it for ever
        if (!req.raw.complete) reply.header('connection', 'close');
        throw e;
      }
    },
  );
  app.get('/api/imports', { schema: { tags, summary: 'Your imports, newest first' } }, async (req) => ({
    items: await app.imports.list(req.actor()),
  }));
  app.get(
    '/api/imports/:id',
    { schema: { tags, summary: 'An import: status, progress (done / total, rate, ETA) and counts', params: Id } },
    async (req) => jobOut(await app.imports.job(req.actor(), req.params.id)),
  );
  app.post(
    '/api/imports/:id/preview',
    { schema: { tags, summary: 'Dry run: what would be created, updated, skipped, rejected (and why)', params: Id, body: Plan } },
    async (req) =>
      app.imports.start(req.actor(), req.params.id, { ...(req.body as never as { mapping: never; options: never }), dryRun: true }, req.ip),
  );
  app.post(
    '/api/imports/:id/run',
    { schema: { tags, summary: 'Run the import (a job: follow it with GET /api/imports/:id)', params: Id, body: Plan } },
    async (req) =>
      app.imports.start(req.actor(), req.params.id, { ...(req.body as never as { mapping: never; options: never }), dryRun: false }, req.ip),
  );
  app.post(
    '/api/imports/:id/resume',
    { schema: { tags, summary: 'Continue an import interrupted by a crash after its last whole batch', params: Id } },
    async (req) => app.imports.resume(req.actor(), req.params.id),
  );
  app.post(
    '/api/imports/:id/undo',
    { schema: { tags, summary: 'Undo a run: created clients removed, updated ones restored', params: Id } },
    async (req) => app.imports.undo(req.actor(), req.params.id, req.ip),
  );
  app.delete('/api/imports/:id', { schema: { tags, params: Id } }, async (req) => {
    await app.imports.remove(req.actor(), req.params.id);
    return { ok: true };
  });
  app.get(
    '/api/imports/:id/rows',
    {
      schema: {
        tags,
        summary: 'Per-row outcome (e.g. action=rejected with the reason)',
        params: Id,
        querystring: Type.Object({
          action: Type.Optional(Type.Union(['created', 'updated', 'unchanged', 'skipped', 'rejected'].map((a) => Type.Literal(a)))),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
          afterRow: IdCursor({ default: 0 }),
        }),
      },
    },
    async (req) => ({ items: await app.imports.rows(req.actor(), req.params.id, req.query.action, req.query.limit, req.query.afterRow) }),
  );
  app.get(
    '/api/imports/:id/review',
    {
      schema: {
        tags,
        summary: 'Per updated client the fields that change (from -> to), and the rows with a warning: the first `limit` of each, with totals',
        params: Id,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }) }),
      },
    },
    async (req) => app.imports.review(req.actor(), req.params.id, req.query.limit),
  );
  app.get(
    '/api/imports/:id/changes.csv',
    { schema: { tags, summary: 'Every change of the preview or run: row, client, field, from, to', params: Id } },
    async (req, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="changes-${req.params.id}.csv"`)
        .send(await app.imports.changesFile(req.actor(), req.params.id)),
  );
  app.get('/api/import-templates', { schema: { tags, summary: 'Your saved mappings (header name -> field)' } }, async (req) => ({
    items: await app.imports.templates(req.actor()),
  }));
  app.post(
    '/api/import-templates',
    {
      schema: {
        tags,
        summary: 'Save a mapping under a name (replaces one of the same name)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            mapping: Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 60 })),
            options: Type.Optional(Type.Partial(Plan.properties.options)),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await app.imports.saveTemplate(req.actor(), req.body.name, req.body.mapping, (req.body.options ?? {}) as never)),
  );
  app.delete('/api/import-templates/:id', { schema: { tags, params: Id } }, async (req) => {
    await app.imports.deleteTemplate(req.actor(), req.params.id);
    return { ok: true };
  });
  app.get(
    '/api/imports/:id/rejected.csv',
    {
      schema: {
        tags,
        summary: 'The rejected rows with an extra "error" column, in the language of `lang` (en, ru, uk, ro) or else of Accept-Language',
        params: Id,
        querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 35 })) }),
      },
    },
    async (req, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rejected-${req.params.id}.csv"`)
        .send(await app.imports.rejectedFile(req.actor(), req.params.id, requestLanguage(req.query.lang, req.headers['accept-language']))),
  );
}
