// The SQL of "My day", the calendar and the managers' effectiveness report (issue 15;
// docs/crm-planning.md). Days are the user's local days: `(t AT TIME ZONE tz)::date`, and a local
// day's bounds are `day::timestamp AT TIME ZONE tz`, so a DST change keeps the wall clock.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { PREPARED } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/rights.js';
import { monthDayKey } from '../../shared/date-keys.js';
import { eventScopeSql, scopeSql } from '../access/scope.js';

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

const clientCols = (actor: Actor) =>
  sql`c.id::int AS client_id, c.display_name AS client_name, coalesce(c.id IS NOT NULL AND ${scopeSql(actor)}, false) AS client_visible`;

/**
 * One kind of "my day" item: its columns, where it comes from (`x`, its owner `u`, its client `c`),
 * which of them are open (`where`, without the period and the users), and the column it is dated
 * by (`key`, a timestamptz or a date: `dated`). With `owner`, the rows are read user by user
 * (`owner = one id`: an ordered index range stopped at the limit; `= ANY(ids)` cannot be read in
 * order) and counted over `countFrom` (no joins); without it, `where` names the users itself.
 * Events come in two branches (as employee, as a participant): an OR of both would keep
 * PostgreSQL off the indexes.
 */
type Source = {
  cols: RawBuilder<unknown>;
  from: RawBuilder<unknown>;
  countFrom: RawBuilder<unknown>;
  owner?: RawBuilder<unknown>;
  where: RawBuilder<unknown>;
  key: RawBuilder<unknown>;
  dated: 'at' | 'on';
};

const BUCKETS = ['overdue', 'today', 'next7'] as const;

const birthdayKey = monthDayKey;

/**
 * The open items of `userIds` from overdue up to the 7th local day after today: at most `limit`
 * per kind and section (each with the section's total of that kind). `kinds`: those the role reads.
 * Each kind and section is its own index range read in order and cut at `limit`, and the totals are
 * counted apart over the bare rows (no join), so the cost follows `limit`, not the backlog.
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
  const localDay = (t: RawBuilder<unknown>) => sql`(${t} AT TIME ZONE ${o.tz})::date`;
  const dayStart = (d: RawBuilder<unknown>) => sql`(${d}::timestamp AT TIME ZONE ${o.tz})`;
  // the sections' bounds [lo, hi): by instant for the dated-at kinds, by date for the dated-on ones
  const bounds = {
    at: {
      overdue: [null, dayStart(today)],
      today: [dayStart(today), dayStart(sql`(${today} + 1)`)],
      next7: [dayStart(sql`(${today} + 1)`), dayStart(sql`(${today} + 8)`)],
    },
    on: { overdue: [null, today], today: [today, sql`(${today} + 1)`], next7: [sql`(${today} + 1)`, sql`(${today} + 8)`] },
  } as const;
  const nulls = { priority: sql`NULL::text AS priority`, duration: sql`NULL::int AS duration_min`, years: sql`NULL::int AS years` };
  const sources: Partial<Record<DayKind, Source[]>> = {};
  if (o.kinds.includes('task')) {
    sources.task = [
      {
        cols: sql`'task'::text AS kind, x.id::int AS id, x.due_at AS at, ${localDay(sql`x.due_at`)} AS d, x.due_at AS sort_at, x.title, x.status,
          x.assignee_id::int AS owner_id, u.name AS owner_name, ${clientCols(actor)}, x.priority, ${nulls.duration}, ${nulls.years}, x.due_at < ${now} AS late`,
        from: sql`tasks x JOIN users u ON u.id = x.assignee_id LEFT JOIN clients c ON c.id = x.client_id`,
        countFrom: sql`tasks x`,
        owner: sql`x.assignee_id`,
        where: sql`x.status = 'open' AND (x.snoozed_until IS NULL OR x.snoozed_until <= ${now})`,
        key: sql`x.due_at`,
        dated: 'at',
      },
    ];
  }
  if (o.kinds.includes('event')) {
    const cols = sql`'event'::text AS kind, x.id::int AS id, x.starts_at AS at, ${localDay(sql`x.starts_at`)} AS d, x.starts_at AS sort_at, x.subject AS title,
      x.status, x.employee_id::int AS owner_id, u.name AS owner_name, ${clientCols(actor)}, ${nulls.priority}, x.duration_min, ${nulls.years}, x.starts_at < ${now} AS late`;
    const scope = eventScopeSql(actor, 'x');
    sources.event = [
      {
        cols,
        from: sql`events x JOIN users u ON u.id = x.employee_id LEFT JOIN clients c ON c.id = x.client_id`,
        countFrom: sql`events x`,
        owner: sql`x.employee_id`,
        // the users' own events: in the actor's scope already (agenda.service usersInScope checks
        // the users; recordScopeSql shows an event of oneself or of one's department)
        where: sql`x.status = 'planned'`,
        key: sql`x.starts_at`,
        dated: 'at',
      },
      {
        cols,
        from: sql`(SELECT DISTINCT p.event_id FROM event_participants p WHERE p.user_id = ANY(${ids})) pe JOIN events x ON x.id = pe.event_id
          JOIN users u ON u.id = x.employee_id LEFT JOIN clients c ON c.id = x.client_id`,
        countFrom: sql`(SELECT DISTINCT p.event_id FROM event_participants p WHERE p.user_id = ANY(${ids})) pe JOIN events x ON x.id = pe.event_id
          LEFT JOIN clients c ON c.id = x.client_id`,
        where: sql`x.status = 'planned' AND x.employee_id <> ALL(${ids}) AND ${scope}`,
        key: sql`x.starts_at`,
        dated: 'at',
      },
    ];
  }
  if (o.kinds.includes('promise')) {
    sources.promise = [
      {
        cols: sql`'promise'::text AS kind, x.id::int AS id, NULL::timestamptz AS at, x.due_on AS d, ${dayStart(sql`x.due_on`)} AS sort_at, left(x.text, 300) AS title,
          x.status, x.responsible_id::int AS owner_id, u.name AS owner_name, ${clientCols(actor)}, ${nulls.priority}, ${nulls.duration}, ${nulls.years},
          x.due_on < ${today} AS late`,
        from: sql`promises x JOIN users u ON u.id = x.responsible_id JOIN clients c ON c.id = x.client_id`,
        countFrom: sql`promises x`,
        owner: sql`x.responsible_id`,
        where: sql`x.status = 'open'`,
        key: sql`x.due_on`,
        dated: 'on',
      },
    ];
  }
  if (o.kinds.includes('contract_end')) {
    sources.contract_end = [
      {
        cols: sql`'contract_end'::text AS kind, x.id::int AS id, NULL::timestamptz AS at, x.ends_on AS d, ${dayStart(sql`x.ends_on`)} AS sort_at,
          trim(x.number || ' ' || x.title) AS title, x.status, coalesce(x.responsible_id, c.manager_id)::int AS owner_id, u.name AS owner_name,
          ${clientCols(actor)}, ${nulls.priority}, ${nulls.duration}, ${nulls.years}, x.ends_on < ${today} AS late`,
        from: sql`contracts x JOIN clients c ON c.id = x.client_id LEFT JOIN users u ON u.id = coalesce(x.responsible_id, c.manager_id)`,
        countFrom: sql`contracts x JOIN clients c ON c.id = x.client_id`,
        where: sql`x.status = 'active' AND (x.responsible_id = ANY(${ids}) OR (x.responsible_id IS NULL AND c.manager_id = ANY(${ids})))`,
        key: sql`x.ends_on`,
        dated: 'on',
      },
    ];
  }
  const reads: RawBuilder<unknown>[] = [];
  for (const list of Object.values(sources)) {
    for (const bucket of BUCKETS) {
      const branches = list.map((src) => {
        const [lo, hi] = bounds[src.dated][bucket];
        const period = lo === null ? sql`${src.key} < ${hi}` : sql`${src.key} >= ${lo} AND ${src.key} < ${hi}`;
        const first = sql`ORDER BY ${src.key}, x.id LIMIT ${o.limit}`;
        if (!src.owner) {
          return {
            rows: sql`(SELECT ${src.cols} FROM ${src.from} WHERE ${src.where} AND ${period} ${first})`,
            count: sql`(SELECT count(*) FROM ${src.countFrom} WHERE ${src.where} AND ${period})`,
          };
        }
        return {
          rows: sql`(SELECT l.* FROM unnest(${ids}) AS o(uid)
            CROSS JOIN LATERAL (SELECT ${src.cols} FROM ${src.from} WHERE ${src.owner} = o.uid AND ${src.where} AND ${period} ${first}) l)`,
          count: sql`(SELECT count(*) FROM ${src.countFrom} WHERE ${src.owner} = ANY(${ids}) AND ${src.where} AND ${period})`,
        };
      });
      reads.push(
        sql`SELECT b.*, ${bucket}::text AS bucket, ${sql.join(
          branches.map((b) => b.count),
          sql` + `,
        )}::int AS total FROM (SELECT * FROM (${sql.join(
          branches.map((b) => b.rows),
          sql` UNION ALL `,
        )}) k ORDER BY k.sort_at, k.id LIMIT ${o.limit}) b`,
      );
    }
  }
  if (o.kinds.includes('birthday')) {
    // Year-less: the 8 days' month-and-day keys, and 229 on 28 February of a common year (a 29
    // February birthday shows then); read through clients_birthday_idx (manager, key).
    reads.push(sql`SELECT b.*, CASE WHEN b.d = ${today} THEN 'today' ELSE 'next7' END AS bucket,
        count(*) OVER (PARTITION BY b.d = ${today})::int AS total
      FROM (SELECT 'birthday'::text AS kind, c.id::int AS id, NULL::timestamptz AS at, d.day AS d, ${dayStart(sql`d.day`)} AS sort_at, c.display_name AS title,
          NULL::text AS status, c.manager_id::int AS owner_id, u.name AS owner_name, ${clientCols(actor)}, ${nulls.priority}, ${nulls.duration},
          (extract(year FROM d.day) - extract(year FROM c.birth_date))::int AS years, false AS late
        FROM (SELECT g.day, k.mmdd FROM (SELECT g::date AS day FROM generate_series(${today}::timestamp, (${today} + 7)::timestamp, interval '1 day') g) g
              CROSS JOIN LATERAL (SELECT ${birthdayKey(sql`g.day`)} AS mmdd
                UNION ALL SELECT 229 WHERE ${birthdayKey(sql`g.day`)} = 228 AND extract(day FROM make_date(extract(year FROM g.day)::int, 3, 1) - 1) = 28) k) d
        JOIN clients c ON ${birthdayKey(sql`c.birth_date`)} = d.mmdd AND c.manager_id = ANY(${ids}) AND c.birth_date IS NOT NULL AND c.archived_at IS NULL
        JOIN users u ON u.id = c.manager_id) b`);
  }
  // Prepared (named) per connection, and run with its generic plan: planning this statement took
  // 10-14 ms at 100,000 clients, as long as running it, and PostgreSQL's own choice kept making a
  // custom plan every time (pg_prepared_statements: custom_plans 40, generic_plans 0). The generic
  // plan is the same shape (each range read by its index, user by user), so only the planning goes.
  // Its text varies only with the kinds the role reads and the actor's scope: a handful per connection.
  const statement = sql<DayRow>`${PREPARED}
    SELECT a.kind, a.id, a.at, a.d::text AS day, a.sort_at, a.title, a.status, a.owner_id, a.owner_name, a.client_id, a.client_name,
      a.client_visible, a.priority, a.duration_min, a.years, a.late, a.bucket, a.total
    FROM (${sql.join(reads, sql` UNION ALL `)}) a
    ORDER BY a.sort_at, a.kind, a.id`;
  const run = async (t: Db) => {
    await sql`SET LOCAL plan_cache_mode = force_generic_plan`.execute(t);
    return (await statement.execute(t)).rows;
  };
  // (inside a caller's transaction the mode is left as it is: SET LOCAL would outlive this read)
  return db.isTransaction ? (await statement.execute(db)).rows : db.transaction().execute(run);
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
    // as employee and as participant: two index ranges (an OR of both would read every event)
    const cols = sql`'event'::text AS kind, x.id::int AS id, x.subject AS title, x.starts_at AS start,
        x.starts_at + make_interval(mins => x.duration_min) AS "end", false AS all_day, x.status, x.employee_id::int AS user_id, u.name AS user_name,
        x.type_id::int AS type_id, et.colour, ${clientCols(actor)}, x.version`;
    const joins = sql`JOIN users u ON u.id = x.employee_id JOIN event_types et ON et.id = x.type_id LEFT JOIN clients c ON c.id = x.client_id`;
    const period = sql`x.status <> 'cancelled' AND x.starts_at >= ${o.from}::timestamptz AND x.starts_at < ${o.to}::timestamptz`;
    // the users' own events are in the actor's scope (agenda.service usersInScope), read user by
    // user in time order and cut at the limit; those they take part in carry the event scope
    parts.push(sql`SELECT l.* FROM unnest(${ids}) AS o(uid) CROSS JOIN LATERAL (SELECT ${cols} FROM events x ${joins}
      WHERE x.employee_id = o.uid AND ${period} ORDER BY x.starts_at, x.id LIMIT ${o.limit}) l`);
    parts.push(sql`SELECT ${cols} FROM (SELECT DISTINCT p.event_id FROM event_participants p WHERE p.user_id = ANY(${ids})) pe
      JOIN events x ON x.id = pe.event_id ${joins} WHERE x.employee_id <> ALL(${ids}) AND ${period} AND ${eventScopeSql(actor, 'x')}`);
  }
  if (o.tasks) {
    parts.push(sql`SELECT l.* FROM unnest(${ids}) AS o(uid) CROSS JOIN LATERAL (SELECT 'task'::text, x.id::int, x.title, x.due_at, x.due_at, x.all_day,
        x.status, x.assignee_id::int, u.name, x.type_id::int, et.colour, ${clientCols(actor)}, x.version
      FROM tasks x JOIN users u ON u.id = x.assignee_id LEFT JOIN event_types et ON et.id = x.type_id LEFT JOIN clients c ON c.id = x.client_id
      WHERE x.assignee_id = o.uid AND x.status <> 'cancelled' AND x.due_at >= ${o.from}::timestamptz AND x.due_at < ${o.to}::timestamptz
      ORDER BY x.due_at, x.id LIMIT ${o.limit}) l`);
  }
  if (!o.events && !o.tasks) return [];
  const r = await sql<CalendarRow>`SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) a ORDER BY a.start, a.kind, a.id LIMIT ${o.limit}`.execute(
    db,
  );
  return r.rows;
}

/** A month's day: how many events and tasks it holds (`kind` null), or one of its first items (`kind` set). */
export type MonthRow = (CalendarRow | (Omit<CalendarRow, 'kind'> & { kind: null })) & { day: string; events: number | null; tasks: number | null };

/**
 * The month view of a calendar: per local day (in `tz`) of [firstDay, endDay), the count of the
 * events and the tasks that calendarRows lists (the same rows: not cancelled, the users' own and, in
 * the event scope, those they take part in), and the first `perDay` items of each day in the order the
 * web shows them (all-day first, then by start, kind, id). Nothing is read row by row from the tables
 * but those first items: each day is a range of the users' time indexes (022: they carry the status
 * and a task's all-day flag), counted there, and the first items of a day are the first `perDay` of
 * each user's events, all-day tasks and timed tasks of that range, merged.
 */
export async function calendarMonthRows(
  db: Db,
  actor: Actor,
  o: { userIds: number[]; firstDay: string; endDay: string; tz: string; events: boolean; tasks: boolean; perDay: number },
): Promise<MonthRow[]> {
  if (!o.events && !o.tasks) return [];
  const ids = sql`${o.userIds}::bigint[]`;
  const from = sql`(${o.firstDay}::date::timestamp AT TIME ZONE ${o.tz})`;
  const to = sql`(${o.endDay}::date::timestamp AT TIME ZONE ${o.tz})`;
  const inDay = (col: RawBuilder<unknown>) => sql`${col} >= d.lo AND ${col} < d.hi`;
  const zero = sql`0::bigint`;
  // the events the users take part in (not their own): few, read once with their scope
  const pe = o.events
    ? sql`SELECT x.id, x.starts_at FROM (SELECT DISTINCT p.event_id FROM event_participants p WHERE p.user_id = ANY(${ids})) q
        JOIN events x ON x.id = q.event_id LEFT JOIN clients c ON c.id = x.client_id
      WHERE x.employee_id <> ALL(${ids}) AND x.status <> 'cancelled' AND x.starts_at >= ${from} AND x.starts_at < ${to} AND ${eventScopeSql(actor, 'x')}`
    : sql`SELECT NULL::bigint AS id, NULL::timestamptz AS starts_at WHERE false`;
  const eventCount = o.events
    ? sql`(SELECT count(*) FROM events x WHERE x.employee_id = ANY(${ids}) AND x.status <> 'cancelled' AND ${inDay(sql`x.starts_at`)})
        + (SELECT count(*) FROM pe WHERE ${inDay(sql`pe.starts_at`)})`
    : zero;
  const taskCount = o.tasks
    ? sql`(SELECT count(*) FROM tasks x WHERE x.assignee_id = ANY(${ids}) AND x.status <> 'cancelled' AND ${inDay(sql`x.due_at`)})`
    : zero;
  const firstOf = (select: RawBuilder<unknown>) => sql`SELECT l.* FROM unnest(${ids}) AS o(uid) CROSS JOIN LATERAL (${select} LIMIT ${o.perDay}) l`;
  const candidates: RawBuilder<unknown>[] = [];
  if (o.events) {
    candidates.push(
      firstOf(sql`SELECT 'event'::text AS kind, x.id, x.starts_at AS start, false AS all_day FROM events x
        WHERE x.employee_id = o.uid AND x.status <> 'cancelled' AND ${inDay(sql`x.starts_at`)} ORDER BY x.starts_at, x.id`),
      sql`SELECT 'event'::text, pe.id, pe.starts_at, false FROM pe WHERE ${inDay(sql`pe.starts_at`)}`,
    );
  }
  if (o.tasks) {
    for (const allDay of [true, false]) {
      candidates.push(
        firstOf(sql`SELECT 'task'::text AS kind, x.id, x.due_at AS start, x.all_day FROM tasks x
          WHERE x.assignee_id = o.uid AND x.status <> 'cancelled' AND x.all_day = ${allDay} AND ${inDay(sql`x.due_at`)} ORDER BY x.due_at, x.id`),
      );
    }
  }
  const details: RawBuilder<unknown>[] = [];
  if (o.events) {
    details.push(sql`SELECT f.day, NULL::int AS events, NULL::int AS tasks, 'event'::text AS kind, x.id::int AS id, x.subject AS title, x.starts_at AS start,
        x.starts_at + make_interval(mins => x.duration_min) AS "end", false AS all_day, x.status, x.employee_id::int AS user_id, u.name AS user_name,
        x.type_id::int AS type_id, et.colour, ${clientCols(actor)}, x.version, f.n
      FROM f JOIN events x ON x.id = f.id JOIN users u ON u.id = x.employee_id JOIN event_types et ON et.id = x.type_id LEFT JOIN clients c ON c.id = x.client_id
      WHERE f.kind = 'event'`);
  }
  if (o.tasks) {
    details.push(sql`SELECT f.day, NULL::int, NULL::int, 'task'::text, x.id::int, x.title, x.due_at, x.due_at, x.all_day, x.status, x.assignee_id::int, u.name,
        x.type_id::int, et.colour, ${clientCols(actor)}, x.version, f.n
      FROM f JOIN tasks x ON x.id = f.id JOIN users u ON u.id = x.assignee_id LEFT JOIN event_types et ON et.id = x.type_id LEFT JOIN clients c ON c.id = x.client_id
      WHERE f.kind = 'task'`);
  }
  const r = await sql<MonthRow>`${PREPARED}
    WITH d AS MATERIALIZED (
      SELECT g::date AS day, (g::date::timestamp AT TIME ZONE ${o.tz}) AS lo, ((g::date + 1)::timestamp AT TIME ZONE ${o.tz}) AS hi
      FROM generate_series(${o.firstDay}::date::timestamp, (${o.endDay}::date - 1)::timestamp, interval '1 day') g),
    pe AS MATERIALIZED (${pe}),
    f AS MATERIALIZED (
      SELECT k.* FROM (
        SELECT d.day, m.kind, m.id, row_number() OVER (PARTITION BY d.day ORDER BY m.all_day DESC, m.start, m.kind, m.id) AS n
        FROM d CROSS JOIN LATERAL (${sql.join(candidates, sql` UNION ALL `)}) m) k
      WHERE k.n <= ${o.perDay})
    SELECT a.day::text AS day, a.events, a.tasks, a.kind, a.id, a.title, a.start, a."end", a.all_day, a.status, a.user_id, a.user_name, a.type_id, a.colour,
      a.client_id, a.client_name, a.client_visible, a.version
    FROM (
      SELECT c.day, c.events::int, c.tasks::int, NULL::text AS kind, NULL::int AS id, NULL::text AS title, NULL::timestamptz AS start,
        NULL::timestamptz AS "end", NULL::boolean AS all_day, NULL::text AS status, NULL::int AS user_id, NULL::text AS user_name, NULL::int AS type_id,
        NULL::text AS colour, NULL::int AS client_id, NULL::text AS client_name, NULL::boolean AS client_visible, NULL::int AS version, 0::bigint AS n
      FROM (SELECT d.day, ${eventCount} AS events, ${taskCount} AS tasks FROM d) c
      WHERE c.events + c.tasks > 0
      ${details.length ? sql`UNION ALL ${sql.join(details, sql` UNION ALL `)}` : sql``}) a
    ORDER BY a.day, a.n`.execute(db);
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
