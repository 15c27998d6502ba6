import type { AppInstance } from '../../app-types.js';
import { AppError } from '../../shared/errors.js';
import { toCsv, toXlsx, type Cell } from '../../shared/tabular.js';
import { requireRight, type Actor } from '../access/rights.js';
import { insertAudit } from '../../db/audit-log.js';
import { parseFilters } from '../clients/client-filters.js';
import type { TFilter } from '../clients/clients.schemas.js';
import { listViews } from '../views/views.service.js';
import { employeesReport, ratingReport, type RatingQuery } from './rating.js';
import { EmployeesParams, RatingParams, type TRatingReport } from './reports.schemas.js';

/** The rating as a sheet: rank, client, price list, a column per department, total; then the totals rows. */
export function ratingSheet(
  r: TRatingReport,
  labels = { rank: '#', client: 'Client', priceList: 'Price list', total: 'Total', totals: 'Total of the shown clients', all: 'All clients' },
): Cell[][] {
  const num = (s: string) => Number(s);
  return [
    [labels.rank, labels.client, labels.priceList, ...r.departments.map((d) => d.name), labels.total],
    ...r.rows.map((x) => [x.rank, x.name, x.priceList, ...x.cells.map(num), num(x.total)] as Cell[]),
    [null, labels.totals, null, ...r.totals.cells.map(num), num(r.totals.total)],
    [null, `${labels.all} (${r.allClients.clients})`, null, ...r.allClients.cells.map(num), num(r.allClients.total)],
  ];
}

/** A saved view of the journal (the user's own or a shared one) as a segment: its filters. */
async function segmentFilters(app: AppInstance, actor: Actor, id: number): Promise<TFilter[]> {
  const views = await listViews(app.deps.db, actor);
  const v = views.find((x) => x.id === id);
  if (!v) throw new AppError('VALIDATION_FAILED', 'viewId: no such view', [{ field: 'viewId', message: 'no such view' }]);
  return (v.config as { filters?: TFilter[] }).filters ?? [];
}

async function send(
  reply: import('fastify').FastifyReply,
  actor: Actor,
  app: AppInstance,
  name: string,
  format: 'csv' | 'xlsx',
  rows: Cell[][],
  ip: string,
) {
  requireRight(actor, 'reports', 'export');
  await insertAudit(app.deps.db, {
    userId: actor.userId,
    action: 'report.exported',
    entity: 'report',
    changes: { report: name, format, rows: rows.length - 1 },
    ip,
  });
  const body = format === 'csv' ? toCsv(rows) : await toXlsx(name, rows, { boldRows: [0, rows.length - 2, rows.length - 1] });
  return reply
    .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${name}.${format}"`)
    .send(body);
}

export async function reportsRoutes(app: AppInstance) {
  const db = app.deps.db;
  const tags = ['reports'];

  app.get(
    '/api/reports/rating',
    {
      schema: {
        tags,
        summary: 'Client rating: clients by money spent in [from, to], a column per department, totals; format=csv|xlsx downloads it',
        querystring: RatingParams,
      },
    },
    async (req, reply) => {
      const actor = req.actor();
      const q = req.query;
      const filters = [...parseFilters(q.filter), ...(q.viewId ? await segmentFilters(app, actor, q.viewId) : [])];
      const query: RatingQuery = {
        from: q.from,
        to: q.to,
        top: q.top,
        departmentIds: q.departmentId,
        employeeId: q.employeeId,
        managerId: q.managerId,
        filters,
      };
      if (q.format !== 'json') requireRight(actor, 'reports', 'export');
      const r = await ratingReport(db, app.facts, actor, query);
      if (q.format === 'json') return r;
      return send(reply, actor, app, `rating-${q.from}-${q.to}`, q.format, ratingSheet(r), req.ip);
    },
  );

  app.get(
    '/api/reports/employees',
    {
      schema: {
        tags,
        summary: 'Per employee who made the sales: clients served, orders, revenue',
        querystring: EmployeesParams,
      },
    },
    async (req, reply) => {
      const actor = req.actor();
      const rows = await employeesReport(db, actor, req.query);
      if (req.query.format === 'json') return { items: rows };
      const sheet: Cell[][] = [
        ['Employee', 'Clients', 'Orders', 'Revenue'],
        ...rows.map((r) => [r.name, r.customers, r.orders, Number(r.revenue)] as Cell[]),
      ];
      return send(reply, actor, app, 'employees', req.query.format, sheet, req.ip);
    },
  );
}
