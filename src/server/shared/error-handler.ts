import type { FastifyError, FastifyInstance } from 'fastify';
import { insertAudit } from '../db/audit-log.js';
import { AppError, errorStatus, type FieldIssue } from './errors.js';
import { isAppRoute } from '../web.js';

type ValidationItem = { instancePath?: string; message?: string; params?: Record<string, unknown>; keyword?: string };

function fieldOf(v: ValidationItem, context: string | undefined): string {
  const base = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const extra = (v.params?.additionalProperty ?? v.params?.missingProperty) as string | undefined;
  const path = [base, extra].filter(Boolean).join('.');
  return path || context || 'body';
}

// docs/security.md §13: the body never carries a stack trace, SQL or a file path. Unknown errors are
// logged on the server and answered with a generic INTERNAL.
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler(async (err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      if (err.code === 'FORBIDDEN' || err.code === 'CROSS_SITE_REQUEST') {
        // docs/security.md §15: denials are audited.
        await insertAudit(app.deps.db, {
          userId: req.actorOrNull?.userId ?? null,
          action: 'access.denied',
          changes: { method: req.method, url: req.url.split('?')[0], code: err.code },
          ip: req.ip,
        }).catch((e) => req.log.error(e));
      }
      return reply.status(errorStatus[err.code]).send({ error: { code: err.code, message: err.message, details: err.details ?? null } });
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const items = fe.validation.map((v) => ({ field: fieldOf(v as ValidationItem, fe.validationContext), keyword: v.keyword }));
      // A nullable field is "a string, or null": a too-long string fails the string branch
      // (maxLength), the null branch ("must be null") and the union ("must match a schema in
      // anyOf"). Only the first says what is wrong, so the other two go when it is there.
      const specific = new Set(items.filter((v) => v.keyword !== 'anyOf' && v.keyword !== 'type').map((v) => v.field));
      const details: FieldIssue[] = fe.validation
        .filter((_, i) => !(specific.has(items[i]!.field) && (items[i]!.keyword === 'anyOf' || items[i]!.keyword === 'type')))
        .map((v) => ({
          field: fieldOf(v as ValidationItem, fe.validationContext),
          message: v.keyword === 'additionalProperties' ? 'is not an allowed field' : (v.message ?? 'is invalid'),
        }));
      return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: 'The request is not valid', details } });
    }
    const status = fe.statusCode ?? 500;
    if (status === 413)
      return reply.status(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large', details: null } });
    if (status === 429) return reply.status(429).send({ error: { code: 'TOO_MANY_REQUESTS', message: 'Too many requests', details: null } });
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: 'BAD_REQUEST', message: 'The request could not be understood', details: null } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong on the server', details: null } });
  });

  app.setNotFoundHandler(async (req, reply) => {
    // Client-side routes of the web app get its index.html (when the app is built).
    if (isAppRoute(req.url, req.method) && 'sendFile' in reply) {
      return (reply as unknown as { sendFile: (f: string) => unknown }).sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No such address', details: null } });
  });
}
