import { Type } from '@sinclair/typebox';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { AppInstance } from '../../app-types.js';
import { IdParams } from '../../shared/id.schemas.js';
import { fileStoreFor } from './file-store.js';
import { FileList, FileOut, FileTargetQuery } from './files.schemas.js';
import * as svc from './files.service.js';

const Ok = Type.Object({ ok: Type.Boolean() });
const SWEEP_MS = 60 * 60 * 1000;

function sendBytes(reply: FastifyReply, b: svc.FileBytes) {
  return reply
    .header('Content-Type', b.contentType)
    .header('Content-Length', String(b.file.size))
    .header('Content-Disposition', b.disposition)
    .header('X-Content-Type-Options', 'nosniff')
    .send(b.stream);
}

export async function filesRoutes(app: AppInstance) {
  const db = app.deps.db;
  const store = fileStoreFor(app.deps.config);
  const limitBytes = app.deps.config.fileLimitBytes;
  const tags = ['files'];

  // files of records deleted by modules that know nothing of files: removed once an hour
  let sweeper: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    sweeper = setInterval(() => {
      svc.sweepOrphanFiles(db, store).catch((e: unknown) => app.log.error(`files: the sweep of orphan files failed: ${String(e)}`));
    }, SWEEP_MS);
    sweeper.unref();
  });
  app.addHook('onClose', async () => {
    if (sweeper) clearInterval(sweeper);
  });

  // Uploads of any type are streamed to the store as they come, never parsed nor held in memory:
  // in this plugin every body (JSON and text too) reaches its route as the raw stream.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  // a file's bytes (and every answer of this plugin) can run nothing in the browser, even opened directly
  app.addHook('onSend', async (_req, reply) => {
    reply.header('Content-Security-Policy', "sandbox; default-src 'none'");
  });

  app.post(
    '/api/files',
    {
      bodyLimit: limitBytes + 1024 * 1024,
      schema: {
        tags,
        summary: 'Attach a file to a record: the raw bytes as the body, Content-Type the file type, X-File-Name its name (percent-encoded UTF-8)',
        querystring: FileTargetQuery,
        response: { 201: FileOut },
      },
    },
    async (req, reply) => {
      const body = req.body as Readable | undefined;
      const header = req.headers['x-file-name'];
      try {
        const out = await svc.uploadFile(
          db,
          store,
          req.actor(),
          req.query,
          {
            name: Array.isArray(header) ? header[0] : header,
            type: req.headers['content-type'],
            body: body && typeof body.pipe === 'function' ? body : undefined,
            limitBytes,
          },
          req.ip,
        );
        return reply.status(201).send(out);
      } catch (e) {
        // refused before the end of the body: the rest of it is still on the connection, where the
        // next request of a kept-alive connection would wait behind it for ever
        if (!req.raw.complete) reply.header('connection', 'close');
        throw e;
      }
    },
  );
  app.get(
    '/api/files',
    { schema: { tags, summary: 'The files of a record, newest first', querystring: FileTargetQuery, response: { 200: FileList } } },
    async (req) => svc.listFiles(db, req.actor(), req.query),
  );
  app.get(
    '/api/clients/:id/files',
    {
      schema: {
        tags,
        summary: 'Every file of a client: on the client and on its events, tasks, sales, contracts and promises',
        params: IdParams,
        response: { 200: FileList },
      },
    },
    async (req) => svc.listClientFiles(db, req.actor(), req.params.id),
  );
  app.get('/api/files/:id/download', { schema: { tags, summary: 'The bytes of a file, as an attachment', params: IdParams } }, async (req, reply) =>
    sendBytes(reply, await svc.downloadFile(db, store, req.actor(), req.params.id)),
  );
  app.get(
    '/api/files/:id/preview',
    { schema: { tags, summary: 'An image (PNG, JPEG, GIF, WebP) or PDF shown inline; other files have no preview (404)', params: IdParams } },
    async (req, reply) => sendBytes(reply, await svc.previewFile(db, store, req.actor(), req.params.id)),
  );
  app.delete('/api/files/:id', { schema: { tags, summary: 'Delete a file', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await svc.deleteFile(db, store, req.actor(), req.params.id, req.ip);
    return { ok: true };
  });
}
