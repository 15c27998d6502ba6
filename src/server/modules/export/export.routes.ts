import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { ListQuery } from '../clients/clients.schemas.js';
import { exportClients } from './clients-export.js';

export async function exportRoutes(app: AppInstance) {
  app.get(
    '/api/clients/export',
    {
      schema: {
        tags: ['clients'],
        summary:
          'Download the client list (same q / filter / sort / archived as the journal) as CSV, XLSX or vCard, streamed; needs the export right; audited',
        querystring: Type.Composite([
          Type.Omit(ListQuery, ['limit', 'cursor']),
          Type.Object({ format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('vcf')], { default: 'csv' }) }),
        ]),
      },
    },
    async (req, reply) => {
      const { format, ...q } = req.query;
      const out = await exportClients(app.deps.db, req.actor(), q, format, req.ip);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', out.type)
        .header('content-disposition', `attachment; filename="clients-${day}.${out.ext}"`)
        .send(out.stream);
    },
  );
}
