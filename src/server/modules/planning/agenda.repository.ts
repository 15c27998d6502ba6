// The SQL of "My day", the calendar and the managers' effectiveness report (issue 15;
// docs/crm-planning.md). Days are the user's local days: `(t AT TIME ZONE tz)::date`, and a local
// day's bounds are `day::timestamp AT TIME ZONE tz`, so a DST change keeps the wall clock.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/rights.js';
import { recordScopeSql, scopeSql } from '../access/scope.js';

type Db = Kysely<DB>;

export type DayKind = 'task' | 'event' | 'promise' | 'birthday' | 'contract_end';
export type DayRow = {
  kind: DayKind;
  id: number;
  at: Date | null;
  day: string;
  sortAt: Date;
  title: string;
  status: string | null;
  ownerId: number | null;
  ownerName: string | null;
  clientId: number | null;
  clientName: string | null;
  clientVisible: boolean;
  priority: string | null;
  durationMin: number | null;
  years: number | null;
  bucket: 'overdue' | 'today' | 'next7';
  late: boolean;
  total: number;
};

/** The users of a department (active ones), by id. */
export async function departmentUserIds(db: Db, departmentId: number): Promise<number[]> {
  const r = await sql<{ id: number }>`SELECT id::int FROM users WHERE department_id = ${departmentId} AND active ORDER BY id`.execute(db);
  return r.rows.map((x) => x.id);
}

export async function findUsers(db: Db, ids: number[]) {
  const r = await sql<{ id: number; departmentId: number | null; active: boolean }>`
    SELECT id::int, department_id::int AS department_id, active FROM users WHERE id = ANY(${ids}::bigint[])`.execute(db);
  return r.rows;
}

/** The event is in the actor's record scope (over `x` and the client `c`), as events.repository shows it. */
const eventScope = (actor: Actor): RawBuilder<boolean> =>
  actor.scope === 'all'
    ? sql<boolean>`true`
    : sql<boolean>`(${recordScopeSql(actor, sql`x.employee_id`)} OR EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = x.id AND p.user_id = ${actor.userId}))`;

const clientCols = (actor: Actor) =>
  sql`c.id::int AS client_id, c.display_name AS client_name, coalesce(c.id IS NOT NULL AND ${scopeSql(actor)}, false) AS client_visible`;

/**
 * The open items of `userIds` from overdue up to the 7th local day after today: at most `limit`
 * per kind and section (each with the section's total of that kind). `kinds`: those the role reads.
 */
export async function dayRows(
  db: Db,
  actor: Actor,
  o: { userIds: number[]; tz: string; now: string; kinds: DayKind[]; limit: number },
): Promise<DayRow[]> {
  if (o.kinds.length === 0 || o.userIds.length === 0) return [];
  const ids = sql`${o.userIds}::bigint[]`;
  const now = sql`${o.now}::timestamptz`;
  const today = sql`((${now} AT TIME ZONE ${o.tz})::date)`;
  const end = sql`((${today} + 8)::timestamp AT TIME ZONE ${o.tz})`;
  const localDay = (t: RawBuilder<unknown>) => sql`(${t} AT TIME ZONE ${o.tz})::date`;
  const dayStart = (d: RawBuilder<unknown>) => sql`(${d}::timestamp AT TIME ZONE ${o.tz})`;
  // The first part names the columns (and their types) for every kind after it.
  const parts: RawBuilder<unknown>[] = [
    sql`SELECT NULL::text AS kind, NULL::int AS id, NULL::timestamptz AS at, NULL::date AS d, NULL::timestamptz AS sort_at, NULL::text AS title,
        NULL::text AS status, NULL::int AS owner_id, NULL::text AS owner_name, NULL::int AS client_id, NULL::text AS client_name,
        NULL::boolean AS client_visible, NULL::text AS priority, NULL::int AS duration_min, NULL::int AS years, NULL::boolean AS late WHERE false`,
  ];
  const nulls = { priority: sql`NULL::text AS priority`, duration: sql`NULL::int AS duration_min`, years: sql`NULL::int AS years` };
  if (o.kinds.includes('task')) {
    parts.push(sql`SELECT 'task'::text AS kind, x.id::int AS id, x.due_at AS at, ${localDay(sql`x.due_at`)} AS day, x.due_at AS sort_at, x.title, x.status,
        x.assignee_id::int AS owner_id, u.name AS owner_name, ${clientCols(actor)}, x.priority, ${nulls.duration}, ${nulls.years}, x.due_at < ${now} AS late
      FROM tasks x JOIN users u ON u.id = x.assignee_id LEFT JOIN clients c ON c.id = x.client_id
      WHERE x.status = 'open' AND x.assignee_id = ANY(${ids}) AND x.due_at < ${end}
        AND (x.snoozed_until IS NULL OR x.snoozed_until <= ${now})`);
  }
  if (o.kinds.includes('event')) {
    parts.push(sql`SELECT 'event'::text, x.id::int, x.starts_at, ${localDay(sql`x.starts_at`)}, x.starts_at, x.subject, x.status,
        x.employee_id::int, u.name, ${clientCols(actor)}, ${nulls.priority}, x.duration_min, ${nulls.years}, x.starts_at < ${now}
      FROM events x JOIN users u ON u.id = x.employee_id LEFT JOIN clients c ON c.id = x.client_id
      WHERE x.status = 'planned' AND x.starts_at < ${end} AND ${eventScope(actor)}
        AND (x.employee_id = ANY(${ids}) OR EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = x.id AND p.user_id = ANY(${ids})))`);
  }
  if (o.kinds.includes('promise')) {
    parts.push(sql`SELECT 'promise'::text, x.id::int, NULL::timestamptz, x.due_on, ${dayStart(sql`x.due_on`)}, left(x.text, 300), x.status,
        x.responsible_id::int, u.name, ${clientCols(actor)}, ${nulls.priority}, ${nulls.duration}, ${nulls.years}, x.due_on < ${today}
      FROM promises x JOIN users u ON u.id = x.responsible_id JOIN clients c ON c.id = x.client_id
      WHERE x.status = 'open' AND x.responsible_id = ANY(${ids}) AND x.due_on < ${today} + 8`);
  }
  if (o.kinds.includes('contract_end')) {
    parts.push(sql`SELECT 'contract_end'::text, x.id::int, NULL::timestamptz, x.ends_on, ${dayStart(sql`x.ends_on`)}, trim(x.number || ' ' || x.title), x.status,
        coalesce(x.responsible_id, c.manager_id)::int, u.name, ${clientCols(actor)}, ${nulls.priority}, ${nulls.duration}, ${nulls.years}, x.ends_on < ${today}
      FROM contracts x JOIN clients c ON c.id = x.client_id LEFT JOIN users u ON u.id = coalesce(x.responsible_id, c.manager_id)
      WHERE x.status = 'active' AND x.ends_on < ${today} + 8
        AND (x.responsible_id = ANY(${ids}) OR (x.responsible_id IS NULL AND c.manager_id = ANY(${ids})))`);
  }
  if (o.kinds.includes('birthday')) {
    // Year-less: the birthday's month and day in each of the 8 days; a 29 February shows on 28 February of a common year.
    parts.push(sql`SELECT 'birthday'::text, c.id::int, NULL::timestamptz, d.day, ${dayStart(sql`d.day`)}, c.display_name, NULL::text,
        c.manager_id::int, u.name, ${clientCols(actor)}, ${nulls.priority}, ${nulls.duration},
        (extract(year FROM d.day) - extract(year FROM c.birth_date))::int, false
      FROM clients c JOIN users u ON u.id = c.manager_id
      JOIN (SELECT g::date AS day FROM generate_series(${today}::timestamp, (${today} + 7)::timestamp, interval '1 day') g) d
        ON to_char(c.birth_date, 'MM-DD') = to_char(d.day, 'MM-DD')
        OR (to_char(c.birth_date, 'MM-DD') = '02-29' AND to_char(d.day, 'MM-DD') = '02-28'
            AND extract(day FROM make_date(extract(year FROM d.day)::int, 3, 1) - 1) = 28)
      WHERE c.manager_id = ANY(${ids}) AND c.birth_date IS NOT NULL AND c.archived_at IS NULL`);
  }
  const r = await sql<DayRow>`
    SELECT * FROM (
      SELECT a.kind, a.id, a.at, a.d::text AS day, a.sort_at, a.title, a.status, a.owner_id, a.owner_name, a.client_id, a.client_name,
        a.client_visible, a.priority, a.duration_min, a.years, a.late,
        CASE WHEN a.d < ${today} THEN 'overdue' WHEN a.d = ${today} THEN 'today' ELSE 'next7' END AS bucket,
        row_number() OVER (PARTITION BY a.kind, (a.d < ${today}), (a.d = ${today}) ORDER BY a.sort_at, a.id) AS rn,
        count(*) OVER (PARTITION BY a.kind, (a.d < ${today}), (a.d = ${today}))::int AS total
      FROM (${sql.join(parts, sql` UNION ALL `)}) a
    ) s WHERE s.rn <= ${o.limit}
    ORDER BY s.sort_at, s.kind, s.id`.execute(db);
  return r.rows;
}

/** Today in the time zone, YYYY-MM-DD. */
export async function localToday(db: Db, now: string, tz: string): Promise<string> {
  const r = await sql<{ d: string }>`SELECT ((${now}::timestamptz AT TIME ZONE ${tz})::date)::text AS d`.execute(db);
  return r.rows[0]!.d;
}

export type CalendarRow = {
  kind: 'event' | 'task';
  id: number;
  title: string;
  start: Date;
  end: Date;
  allDay: boolean;
  status: string;
  userId: number;
  userName: string;
  typeId: number | null;
  colour: string | null;
  clientId: number | null;
  clientName: string | null;
  clientVisible: boolean;
  version: number;
};

/** Events (by start) and tasks (by due time) of `userIds` in [from, to), not cancelled, at most `limit`. */
export async function calendarRows(
  db: Db,
  actor: Actor,
  o: { userIds: number[]; from: string; to: string; events: boolean; tasks: boolean; limit: number },
): Promise<CalendarRow[]> {
  const ids = sql`${o.userIds}::bigint[]`;
  const parts: RawBuilder<unknown>[] = [
    sql`SELECT NULL::text AS kind, NULL::int AS id, NULL::text AS title, NULL::timestamptz AS start, NULL::timestamptz AS "end", NULL::boolean AS all_day,
        NULL::text AS status, NULL::int AS user_id, NULL::text AS user_name, NULL::int AS type_id, NULL::text AS colour, NULL::int AS client_id,
        NULL::text AS client_name, NULL::boolean AS client_visible, NULL::int AS version WHERE false`,
  ];
  if (o.events) {
    parts.push(sql`SELECT 'event'::text AS kind, x.id::int AS id, x.subject AS title, x.starts_at AS start,
        x.starts_at + make_interval(mins => x.duration_min) AS "end", false AS all_day, x.status, x.employee_id::int AS user_id, u.name AS user_name,
        x.type_id::int AS type_id, et.colour, ${clientCols(actor)}, x.version
      FROM events x JOIN users u ON u.id = x.employee_id JOIN event_types et ON et.id = x.type_id LEFT JOIN clients c ON c.id = x.client_id
      WHERE x.status <> 'cancelled' AND x.starts_at >= ${o.from}::timestamptz AND x.starts_at < ${o.to}::timestamptz AND ${eventScope(actor)}
        AND (x.employee_id = ANY(${ids}) OR EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = x.id AND p.user_id = ANY(${ids})))`);
  }
  if (o.tasks) {
    parts.push(sql`SELECT 'task'::text, x.id::int, x.title, x.due_at, x.due_at, x.all_day, x.status, x.assignee_id::int, u.name,
        x.type_id::int, et.colour, ${clientCols(actor)}, x.version
      FROM tasks x JOIN users u ON u.id = x.assignee_id LEFT JOIN event_types et ON et.id = x.type_id LEFT JOIN clients c ON c.id = x.client_id
      WHERE x.status <> 'cancelled' AND x.assignee_id = ANY(${ids}) AND x.due_at >= ${o.from}::timestamptz AND x.due_at < ${o.to}::timestamptz`);
  }
  if (parts.length === 1) return [];
  const r = await sql<CalendarRow>`SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) a ORDER BY a.start, a.kind, a.id LIMIT ${o.limit}`.execute(
    db,
  );
  return r.rows;
}

export type ManagerTotals = {
  userId: number;
  name: string;
  departmentId: number | null;
  eventsPlanned: number;
  eventsDone: number;
  tasksDoneOnTime: number;
  tasksDoneLate: number;
  tasksOverdue: number;
  promisesKept: number;
  promisesBroken: number;
  promisesOverdue: number;
  newClients: number;
  salesCount: number;
  revenue: string;
};

/**
 * Per user of the actor's scope (active ones; own scope: the actor), over the local days
 * [from, to] in `tz`. Sales follow the employees report (reports.repository employeeTotals): the
 * completed documents of clients in scope by `day`, returns (negative totals) taken off the revenue;
 * a sale is an order: documents sharing a number count once (an import may split an order).
 */
export async function managerTotals(db: Db, actor: Actor, o: { from: string; to: string; tz: string; now: string }): Promise<ManagerTotals[]> {
  const f = sql`(${o.from}::date::timestamp AT TIME ZONE ${o.tz})`;
  const t = sql`((${o.to}::date + 1)::timestamp AT TIME ZONE ${o.tz})`;
  const now = sql`${o.now}::timestamptz`;
  const today = sql`((${now} AT TIME ZONE ${o.tz})::date)`;
  const users =
    actor.scope === 'all'
      ? sql`u.active`
      : actor.scope === 'department' && actor.departmentId !== null
        ? sql`u.active AND u.department_id = ${actor.departmentId}`
        : sql`u.id = ${actor.userId}`;
  const r = await sql<ManagerTotals>`
    SELECT u.id::int AS user_id, u.name, u.department_id::int AS department_id,
      ev.planned AS events_planned, ev.done AS events_done,
      tk.on_time AS tasks_done_on_time, tk.late AS tasks_done_late,
      (SELECT count(*)::int FROM tasks x WHERE x.assignee_id = u.id AND x.status = 'open'
         AND x.due_at >= ${f} AND x.due_at < ${t} AND x.due_at < ${now}) AS tasks_overdue,
      pr.kept AS promises_kept, pr.broken AS promises_broken, pr.overdue AS promises_overdue,
      (SELECT count(*)::int FROM clients c WHERE c.manager_id = u.id AND c.created_at >= ${f} AND c.created_at < ${t}) AS new_clients,
      sa.n AS sales_count, sa.revenue
    FROM users u
    CROSS JOIN LATERAL (SELECT count(*)::int AS planned, count(*) FILTER (WHERE x.status = 'done')::int AS done
      FROM events x WHERE x.employee_id = u.id AND x.status <> 'cancelled' AND x.starts_at >= ${f} AND x.starts_at < ${t}) ev
    CROSS JOIN LATERAL (SELECT
        count(*) FILTER (WHERE x.due_at IS NULL OR x.done_at <= x.due_at + CASE WHEN x.all_day THEN interval '1 day' ELSE interval '0' END)::int AS on_time,
        count(*) FILTER (WHERE x.due_at IS NOT NULL AND x.done_at > x.due_at + CASE WHEN x.all_day THEN interval '1 day' ELSE interval '0' END)::int AS late
      FROM tasks x WHERE x.assignee_id = u.id AND x.status = 'done' AND x.done_at >= ${f} AND x.done_at < ${t}) tk
    CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE x.status = 'kept')::int AS kept, count(*) FILTER (WHERE x.status = 'broken')::int AS broken,
        count(*) FILTER (WHERE x.status = 'open' AND x.due_on < ${today})::int AS overdue
      FROM promises x WHERE x.responsible_id = u.id AND x.due_on >= ${o.from}::date AND x.due_on <= ${o.to}::date) pr
    CROSS JOIN LATERAL (SELECT count(DISTINCT coalesce(s.number, 'id:' || s.id)) FILTER (WHERE s.kind = 'sale')::int AS n, coalesce(sum(s.base_total), 0)::text AS revenue
      FROM sales s JOIN clients c ON c.id = s.client_id AND ${scopeSql(actor)}
      WHERE s.employee_id = u.id AND s.status = 'completed' AND s.day >= ${o.from}::date AND s.day <= ${o.to}::date) sa
    WHERE ${users}
    ORDER BY lower(u.name), u.id`.execute(db);
  return r.rows;
}
