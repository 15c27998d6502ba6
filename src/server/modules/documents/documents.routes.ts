import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { AppInstance } from '../../app-types.js';
import { AppError } from '../../shared/errors.js';
import { IdParams } from '../../shared/id.schemas.js';
import { fileStoreFor } from '../files/file-store.js';
import { contentDisposition, fileName } from '../files/files.service.js';
import {
  DefaultTemplateQuery,
  DocumentIn,
  DocumentList,
  DocumentOut,
  DocumentsQuery,
  DownloadQuery,
  FieldList,
  FirmIn,
  FirmOut,
  TemplateList,
  TemplateOut,
  TemplatesQuery,
  TemplateUploadQuery,
} from './documents.schemas.js';
import * as svc from './documents.service.js';

const Ok = Type.Object({ ok: Type.Boolean() });
const MAX_TEMPLATE_BODY = 10 * 1024 * 1024;

function sendDocx(reply: FastifyReply, name: string, content: Buffer) {
  return reply
    .header('Content-Type', svc.DOCX_MIME)
    .header('Content-Disposition', contentDisposition('attachment', name))
    .header('X-Content-Type-Options', 'nosniff')
    .send(content);
}

export async function documentsRoutes(app: AppInstance) {
  const db = app.deps.db;
  const store = fileStoreFor(app.deps.config);
  const tags = ['documents'];

  // a template upload is the raw DOCX as the body (like a file upload); JSON bodies stay JSON
  app.addContentTypeParser(['application/octet-stream', svc.DOCX_MIME], { parseAs: 'buffer', bodyLimit: MAX_TEMPLATE_BODY }, (_req, body, done) =>
    done(null, body),
  );

  app.get('/api/firm', { schema: { tags, summary: "The firm's requisites (printed on documents)", response: { 200: FirmOut } } }, async () =>
    svc.getFirm(db),
  );
  app.put(
    '/api/firm',
    { schema: { tags, summary: "Change the firm's requisites (administrators), with their version", body: FirmIn, response: { 200: FirmOut } } },
    async (req) => svc.updateFirm(db, req.actor(), req.body, req.ip),
  );

  app.get(
    '/api/documents/fields',
    { schema: { tags, summary: 'The merge fields a template may use ({tag}; the lines as {#lines}…{/lines})', response: { 200: FieldList } } },
    async (req) => svc.listFieldsAvailable(db, req.actor()),
  );
  app.get(
    '/api/documents/templates',
    {
      schema: {
        tags,
        summary: 'Uploaded templates, newest first per type, and the shipped defaults',
        querystring: TemplatesQuery,
        response: { 200: TemplateList },
      },
    },
    async (req) => svc.listTemplates(db, req.actor(), req.query.type),
  );
  app.post(
    '/api/documents/templates',
    {
      bodyLimit: MAX_TEMPLATE_BODY,
      schema: {
        tags,
        summary:
          'Upload a DOCX template (administrators): the raw bytes as the body (Content-Type application/octet-stream or the DOCX type), X-File-Name its name; a template that does not parse: 400 TEMPLATE_INVALID',
        querystring: TemplateUploadQuery,
        response: { 201: TemplateOut },
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body)) {
        throw new AppError('VALIDATION_FAILED', 'Send the DOCX as the raw body (Content-Type application/octet-stream)', [
          { field: 'file', message: 'the raw DOCX bytes expected' },
        ]);
      }
      const header = req.headers['x-file-name'];
      const name = fileName(Array.isArray(header) ? header[0] : header);
      return reply.status(201).send(await svc.uploadTemplate(db, req.actor(), req.query, { name, body: req.body }, req.ip));
    },
  );
  app.get(
    '/api/documents/templates/default',
    { schema: { tags, summary: 'A shipped default template (invoice, contract) in a language, as DOCX', querystring: DefaultTemplateQuery } },
    async (req, reply) => {
      const t = svc.shippedTemplate(req.actor(), req.query.type, req.query.lang);
      return sendDocx(reply, t.name, t.content);
    },
  );
  app.get(
    '/api/documents/templates/:id/download',
    { schema: { tags, summary: 'An uploaded template, as DOCX', params: IdParams } },
    async (req, reply) => {
      const t = await svc.templateBytes(db, req.actor(), req.params.id);
      return sendDocx(reply, t.name, t.content);
    },
  );
  app.delete(
    '/api/documents/templates/:id',
    { schema: { tags, summary: 'Delete a template (administrators)', params: IdParams, response: { 200: Ok } } },
    async (req) => {
      await svc.deleteTemplate(db, req.actor(), req.params.id, req.ip);
      return { ok: true };
    },
  );

  app.post(
    '/api/documents',
    {
      schema: {
        tags,
        summary: 'Issue a document of a sale or a client: numbered per type and year, stored as a file on the client',
        body: DocumentIn,
        response: { 201: DocumentOut },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.issueDocument(db, store, req.actor(), req.body, req.ip)),
  );
  app.get(
    '/api/documents',
    {
      schema: {
        tags,
        summary: 'Issued documents in the scope, newest first (by client, sale, type)',
        querystring: DocumentsQuery,
        response: { 200: DocumentList },
      },
    },
    async (req) => svc.listDocuments(db, req.actor(), req.query),
  );
  app.get(
    '/api/documents/unpaid-invoices',
    {
      schema: {
        tags,
        summary: 'Invoices not yet paid in full (unpaid or partly paid sales, invoices by hand), newest first',
        querystring: DocumentsQuery,
        response: { 200: DocumentList },
      },
    },
    async (req) => svc.listDocuments(db, req.actor(), { ...req.query, type: 'invoice', unpaidInvoices: true }),
  );
  app.get('/api/documents/:id', { schema: { tags, params: IdParams, response: { 200: DocumentOut } } }, async (req) =>
    svc.getDocument(db, req.actor(), req.params.id),
  );
  app.get(
    '/api/documents/:id/download',
    {
      schema: {
        tags,
        summary: 'The document exactly as issued (DOCX), or ?format=pdf converted by LibreOffice (503 PDF_CONVERTER_MISSING when none is installed)',
        params: IdParams,
        querystring: DownloadQuery,
      },
    },
    async (req, reply) => {
      const b = await svc.documentBytes(db, store, req.actor(), req.params.id, req.query.format);
      reply.header('Content-Type', b.contentType).header('Content-Disposition', b.disposition).header('X-Content-Type-Options', 'nosniff');
      if (b.size !== undefined) reply.header('Content-Length', String(b.size));
      return reply.send(b.body);
    },
  );
}
