import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app.js';
import { requireRight } from '../access/rights.js';
import { listAudit } from './audit.repository.js';
import { IdInt } from '../../shared/id.schemas.js';

const AuditItem = Type.Object({
  id: Type.Integer(), at: Type.String({ format: 'date-time' }), userId: Type.Union([Type.Integer(), Type.Null()]),
  action: Type.String(), entity: Type.Union([Type.String(), Type.Null()]), entityId: Type.Union([Type.Integer(), Type.Null()]),
  changes: Type.Unknown(), ip: Type.Union([Type.String(), Type.Null()]),
});

export async function auditRoutes(app: AppInstance) {
  app.get('/api/audit', {
    schema: {
      tags: ['audit'], summary: 'Security and change audit trail (UTC times), newest first',
      querystring: Type.Object({
        action: Type.Optional(Type.String({ maxLength: 100 })), userId: Type.Optional(IdInt()),
        limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }), beforeId: Type.Optional(IdInt()),
      }),
      response: { 200: Type.Object({ items: Type.Array(AuditItem) }) },
    },
  }, async (req) => {
    requireRight(req.actor(), 'audit', 'read');
    const rows = await listAudit(app.deps.db, req.query);
    return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
  });
}
