import type { AppInstance } from '../../app-types.js';
import { AuditAnswer, AuditQuery } from './audit.schemas.js';
import { readAudit } from './audit.service.js';

export async function auditRoutes(app: AppInstance) {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary:
          'Security and change audit trail (UTC times), newest first: filter by action (or its beginning), user, client, period; entries outside your scope are absent and hidden fields are removed from them',
        querystring: AuditQuery,
        response: { 200: AuditAnswer },
      },
    },
    async (req) => readAudit(app.deps.db, req.actor(), req.query),
  );
}
