// The read side of planning (issue 15; docs/crm-planning.md): a client's timeline, "My day", the
// calendar, the managers' effectiveness report (JSON, CSV or XLSX).
import { insertAudit } from '../../db/audit-log.js';
import type { AppInstance } from '../../app-types.js';
import { IdParams } from '../../shared/id.schemas.js';
import { toCsv, toXlsx } from '../../shared/tabular.js';
import { requireRight } from '../access/rights.js';
import { calendar, calendarMonth, managersReport, managersSheet, myDay } from './agenda.service.js';
import {
  CalendarAnswer,
  CalendarMonthAnswer,
  CalendarMonthQuery,
  CalendarQuery,
  ManagersQuery,
  MyDayAnswer,
  MyDayQuery,
  TimelineAnswer,
  TimelineQuery,
  type TManagersAnswer,
} from './planning.schemas.js';
import { clientTimeline } from './timeline.service.js';

export async function planningRoutes(app: AppInstance) {
  const db = app.deps.db;
  const tags = ['planning'];

  app.get(
    '/api/clients/:id/timeline',
    {
      schema: {
        tags,
        summary: "A client's events, tasks, promises, contracts, notes, files, sales and card changes, newest first (keyset paged by `before`)",
        params: IdParams,
        querystring: TimelineQuery,
        response: { 200: TimelineAnswer },
      },
    },
    async (req) => clientTimeline(db, req.actor(), req.params.id, req.query),
  );

  app.get(
    '/api/my-day',
    {
      schema: {
        tags,
        summary: "Overdue, today's and the next 7 days' tasks, events, promises, clients' birthdays and contract ends, in the user's time zone",
        querystring: MyDayQuery,
        response: { 200: MyDayAnswer },
      },
    },
    async (req) => myDay(db, req.actor(), req.query),
  );

  app.get(
    '/api/calendar',
    {
      schema: {
        tags,
        summary: 'Events (by start) and tasks (by due time) in [from, to) — at most 62 days — of yourself and colleagues in your scope',
        querystring: CalendarQuery,
        response: { 200: CalendarAnswer },
      },
    },
    async (req) => calendar(db, req.actor(), req.query),
  );

  app.get(
    '/api/calendar/month',
    {
      schema: {
        tags,
        summary:
          "The month view: per day of the month's whole weeks (Monday first, in the time zone) the count of events and tasks and the first `perDay` of them — the same rows and scope as /api/calendar",
        querystring: CalendarMonthQuery,
        response: { 200: CalendarMonthAnswer },
      },
    },
    async (req) => calendarMonth(db, req.actor(), req.query),
  );

  app.get(
    '/api/reports/managers',
    {
      schema: {
        tags: ['reports'],
        summary: "Managers' effectiveness over [from, to]: events, tasks, promises, new clients, sales and revenue; format=csv|xlsx downloads it",
        querystring: ManagersQuery,
      },
    },
    async (req, reply) => {
      const actor = req.actor();
      if (req.query.format !== 'json') requireRight(actor, 'reports', 'export');
      const r = await managersReport(db, actor, req.query);
      if (req.query.format === 'json') return r satisfies TManagersAnswer;
      const rows = managersSheet(r);
      const name = `managers-${r.from}-${r.to}`;
      await insertAudit(db, {
        userId: actor.userId,
        action: 'report.exported',
        entity: 'report',
        changes: { report: 'managers', format: req.query.format, rows: rows.length - 1 },
        ip: req.ip,
      });
      const body = req.query.format === 'csv' ? toCsv(rows) : await toXlsx('managers', rows, { boldRows: [0] });
      return reply
        .header(
          'content-type',
          req.query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header('content-disposition', `attachment; filename="${name}.${req.query.format}"`)
        .send(body);
    },
  );
}
