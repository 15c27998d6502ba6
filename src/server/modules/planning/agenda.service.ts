// "My day", the calendar and the managers' effectiveness report (issue 15; docs/crm-planning.md).
// Whose items one may read: one's own; a department-scope user also those of the active users of
// their department; an all-scope user (administrators) anybody's. Each kind shows only when the
// role reads its section; birthdays also need the birth date not hidden by the field rights.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, validationError } from '../../shared/errors.js';
import { formatMoney } from '../../shared/money.js';
import type { Cell } from '../../shared/tabular.js';
import { can, fieldHidden, requireRight, type Actor, type Section } from '../access/rights.js';
import * as repo from './agenda.repository.js';
import { validTimezone } from '../settings/settings.service.js';
import { userTimezone } from './planning.repository.js';
import type {
  TCalendarAnswer,
  TCalendarItem,
  TCalendarMonthAnswer,
  TCalendarMonthQuery,
  TCalendarQuery,
  TDayItem,
  TManagerRow,
  TManagersAnswer,
  TManagersQuery,
  TMyDayAnswer,
  TMyDayQuery,
} from './planning.schemas.js';

const DAY_MS = 86_400_000;
export const CALENDAR_MAX_DAYS = 62;
export const CALENDAR_MAX_ITEMS = 5000;

/** A date and time PostgreSQL takes (years 1000..9999), as its instant in ms; else a field issue. */
function instant(v: string, field: string): number {
  const ms = Date.parse(v);
  const year = Number.isNaN(ms) ? Number.NaN : new Date(ms).getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) throw validationError([{ field, message: 'a date and time between the years 1000 and 9999 expected' }]);
  return ms;
}

/** The user ids the actor may plan for: throws FORBIDDEN for one outside their scope. */
async function usersInScope(db: Kysely<DB>, actor: Actor, ids: number[], field: string): Promise<number[]> {
  const others = ids.filter((id) => id !== actor.userId);
  if (others.length === 0) return ids;
  if (actor.scope === 'own' && !actor.isAdmin)
    throw new AppError('FORBIDDEN', 'You may see only your own plans', [{ field, message: 'only yourself' }]);
  const found = await repo.findUsers(db, others);
  const missing = others.filter((id) => !found.some((u) => u.id === id));
  if (missing.length > 0) throw validationError([{ field, message: `no such user: ${missing.join(', ')}` }]);
  if (!actor.isAdmin && actor.scope !== 'all') {
    const foreign = found.filter((u) => actor.departmentId === null || u.departmentId !== actor.departmentId);
    if (foreign.length > 0) {
      throw new AppError('FORBIDDEN', 'You may see the plans of your own department only', [
        { field, message: `not of your department: ${foreign.map((u) => u.id).join(', ')}` },
      ]);
    }
  }
  return ids;
}

const dayKindSection: Record<repo.DayKind, Section> = {
  task: 'tasks',
  event: 'events',
  promise: 'promises',
  birthday: 'clients',
  contract_end: 'contracts',
};

function toDayItem(r: repo.DayRow): TDayItem {
  const item: TDayItem = {
    kind: r.kind,
    id: r.id,
    at: r.at ? r.at.toISOString() : null,
    day: r.day,
    title: r.title ?? '',
    client: r.clientId === null ? null : { id: r.clientId, name: r.clientName ?? '', visible: r.clientVisible },
    status: r.status,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    late: r.late === true,
  };
  if (r.kind === 'event' && r.durationMin !== null) item.durationMin = r.durationMin;
  if (r.kind === 'task' && r.priority) item.priority = r.priority;
  if (r.kind === 'birthday') item.years = r.years !== null && r.years > 0 ? r.years : null;
  return item;
}

/** GET /api/my-day */
export async function myDay(db: Kysely<DB>, actor: Actor, q: TMyDayQuery): Promise<TMyDayAnswer> {
  const target = q.userId ?? actor.userId;
  if (target <= 0) throw validationError([{ field: 'userId', message: 'say whose day' }]);
  await usersInScope(db, actor, [target], 'userId');
  let userIds = [target];
  if (q.department) {
    if (actor.scope === 'own' && !actor.isAdmin)
      throw new AppError('FORBIDDEN', 'You may see only your own plans', [{ field: 'department', message: 'only yourself' }]);
    const [u] = await repo.findUsers(db, [target]);
    const departmentId = actor.scope === 'all' || actor.isAdmin ? (u?.departmentId ?? null) : actor.departmentId;
    if (departmentId === null) throw validationError([{ field: 'department', message: 'the user belongs to no department' }]);
    userIds = await repo.departmentUserIds(db, departmentId);
  }
  const kinds = (Object.keys(dayKindSection) as repo.DayKind[]).filter(
    (k) => can(actor, dayKindSection[k], 'read') && (k !== 'birthday' || !fieldHidden(actor, 'birthDate')),
  );
  const tz = await userTimezone(db, target);
  const now = q.at === undefined ? new Date().toISOString() : new Date(instant(q.at, 'at')).toISOString();
  const [rows, date] = await Promise.all([repo.dayRows(db, actor, { userIds, tz, now, kinds, limit: q.limit }), repo.localToday(db, now, tz)]);
  const section = (bucket: repo.DayRow['bucket']) => {
    const of = rows.filter((r) => r.bucket === bucket);
    const totals = new Map<string, number>();
    for (const r of of) totals.set(r.kind, r.total);
    return { items: of.slice(0, q.limit).map(toDayItem), count: [...totals.values()].reduce((a, b) => a + b, 0) };
  };
  return {
    userIds,
    timezone: tz,
    date,
    overdue: section('overdue'),
    today: section('today'),
    next7: section('next7'),
  };
}

function parseIds(text: string | undefined, self: number): number[] {
  if (text === undefined) return [self];
  const ids = [...new Set(text.split(',').map((s) => Number(s.trim())))];
  if (ids.some((n) => !Number.isSafeInteger(n) || n < 1 || n > 2147483647))
    throw validationError([{ field: 'userIds', message: 'user ids expected' }]);
  return ids;
}

/** GET /api/calendar */
export async function calendar(db: Kysely<DB>, actor: Actor, q: TCalendarQuery): Promise<TCalendarAnswer> {
  const events = can(actor, 'events', 'read');
  const tasks = can(actor, 'tasks', 'read');
  if (!events && !tasks) requireRight(actor, 'events', 'read');
  const from = instant(q.from, 'from');
  const to = instant(q.to, 'to');
  if (to <= from) throw validationError([{ field: 'to', message: 'must be after from' }]);
  if (to - from > CALENDAR_MAX_DAYS * DAY_MS) throw validationError([{ field: 'to', message: `at most ${CALENDAR_MAX_DAYS} days after from` }]);
  const userIds = await usersInScope(db, actor, parseIds(q.userIds, actor.userId), 'userIds');
  const rows = await repo.calendarRows(db, actor, {
    userIds,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    events,
    tasks,
    limit: CALENDAR_MAX_ITEMS + 1,
  });
  return { userIds, truncated: rows.length > CALENDAR_MAX_ITEMS, items: rows.slice(0, CALENDAR_MAX_ITEMS).map(toCalendarItem) };
}

function toCalendarItem(r: repo.CalendarRow): TCalendarItem {
  return {
    kind: r.kind,
    id: r.id,
    title: r.title,
    start: r.start.toISOString(),
    end: r.end.toISOString(),
    allDay: r.allDay,
    status: r.status,
    userId: r.userId,
    userName: r.userName,
    typeId: r.typeId,
    colour: r.colour,
    client: r.clientId === null ? null : { id: r.clientId, name: r.clientName ?? '', visible: r.clientVisible },
    version: r.version,
  };
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * GET /api/calendar/month: the month view as calendar programs draw it — for each day of the
 * month's whole weeks (Monday first) in the time zone, how many events and tasks it holds and the
 * first `perDay` of them; the day and week views read the items themselves (GET /api/calendar).
 * The same rights, users and rows as GET /api/calendar over those days.
 */
export async function calendarMonth(db: Kysely<DB>, actor: Actor, q: TCalendarMonthQuery): Promise<TCalendarMonthAnswer> {
  const events = can(actor, 'events', 'read');
  const tasks = can(actor, 'tasks', 'read');
  if (!events && !tasks) requireRight(actor, 'events', 'read');
  const [y, m] = q.month.split('-').map(Number) as [number, number];
  if (!(y >= 1000 && y <= 9998)) throw validationError([{ field: 'month', message: 'a month between the years 1000 and 9998 expected' }]);
  if (q.tz !== undefined && !validTimezone(q.tz)) throw validationError([{ field: 'tz', message: 'unknown time zone' }]);
  const userIds = await usersInScope(db, actor, parseIds(q.userIds, actor.userId), 'userIds');
  const tz = q.tz ?? (await userTimezone(db, actor.userId));
  const first = Date.UTC(y, m - 1, 1);
  const last = Date.UTC(y, m, 0);
  const from = first - ((new Date(first).getUTCDay() + 6) % 7) * DAY_MS; // the Monday on or before the 1st
  const to = last + ((7 - new Date(last).getUTCDay()) % 7) * DAY_MS; // the Sunday on or after the last day
  const rows = await repo.calendarMonthRows(db, actor, {
    userIds,
    firstDay: utcDay(from),
    endDay: utcDay(to + DAY_MS),
    tz,
    events,
    tasks,
    perDay: q.perDay,
  });
  const days: TCalendarMonthAnswer['days'] = [];
  for (const r of rows) {
    if (r.kind === null) {
      const event = r.events ?? 0;
      const task = r.tasks ?? 0;
      days.push({ day: r.day, total: event + task, counts: { event, task }, items: [] });
    } else days.at(-1)!.items.push(toCalendarItem(r));
  }
  return { month: q.month, timezone: tz, from: utcDay(from), to: utcDay(to), userIds, perDay: q.perDay, days };
}

/** GET /api/reports/managers: the managers' effectiveness over the local days [from, to]. */
export async function managersReport(
  db: Kysely<DB>,
  actor: Actor,
  q: Pick<TManagersQuery, 'from' | 'to'>,
  now = new Date(),
): Promise<TManagersAnswer> {
  requireRight(actor, 'reports', 'read');
  const issues: { field: string; message: string }[] = [];
  const day = (v: string) => {
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(v) && v >= '1000' ? Date.parse(`${v}T00:00:00Z`) : Number.NaN;
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === v ? ms : Number.NaN; // no 30 February
  };
  const from = day(q.from);
  const to = day(q.to);
  if (Number.isNaN(from)) issues.push({ field: 'from', message: 'a date (YYYY-MM-DD, from the year 1000) expected' });
  if (Number.isNaN(to)) issues.push({ field: 'to', message: 'a date (YYYY-MM-DD, from the year 1000) expected' });
  if (!Number.isNaN(from) && !Number.isNaN(to)) {
    if (to < from) issues.push({ field: 'to', message: 'must not be before from' });
    else if (to - from > 3660 * DAY_MS) issues.push({ field: 'to', message: 'at most 10 years' });
  }
  if (issues.length > 0) throw validationError(issues);
  const tz = await userTimezone(db, actor.userId);
  const rows = await repo.managerTotals(db, actor, { from: q.from, to: q.to, tz, now: now.toISOString() });
  const ev = can(actor, 'events', 'read');
  const tk = can(actor, 'tasks', 'read');
  const pr = can(actor, 'promises', 'read');
  const cl = can(actor, 'clients', 'read');
  const sa = can(actor, 'sales', 'read');
  const or = <T>(on: boolean, v: T): T | null => (on ? v : null);
  const items: TManagerRow[] = rows.map((r) => ({
    userId: r.userId,
    name: r.name,
    departmentId: r.departmentId,
    eventsPlanned: or(ev, r.eventsPlanned),
    eventsDone: or(ev, r.eventsDone),
    tasksDoneOnTime: or(tk, r.tasksDoneOnTime),
    tasksDoneLate: or(tk, r.tasksDoneLate),
    tasksOverdue: or(tk, r.tasksOverdue),
    promisesKept: or(pr, r.promisesKept),
    promisesBroken: or(pr, r.promisesBroken),
    promisesOverdue: or(pr, r.promisesOverdue),
    newClients: or(cl, r.newClients),
    salesCount: or(sa, r.salesCount),
    revenue: sa ? formatMoney(BigInt(r.revenue)) : null,
  }));
  return { from: q.from, to: q.to, timezone: tz, items };
}

export const managersColumns = [
  ['name', 'Manager'],
  ['eventsPlanned', 'Events planned'],
  ['eventsDone', 'Events done'],
  ['tasksDoneOnTime', 'Tasks done on time'],
  ['tasksDoneLate', 'Tasks done late'],
  ['tasksOverdue', 'Tasks overdue'],
  ['promisesKept', 'Promises kept'],
  ['promisesBroken', 'Promises broken'],
  ['promisesOverdue', 'Promises overdue'],
  ['newClients', 'New clients'],
  ['salesCount', 'Sales'],
  ['revenue', 'Revenue'],
] as const satisfies readonly (readonly [keyof TManagerRow, string])[];

/** The report as a sheet (CSV, XLSX, the CLI's table): a header row, then a row per manager; revenue as a number. */
export function managersSheet(r: TManagersAnswer): Cell[][] {
  return [
    managersColumns.map(([, label]) => label),
    ...r.items.map((x) => managersColumns.map(([key]) => (key === 'revenue' ? (x.revenue === null ? null : Number(x.revenue)) : x[key]) as Cell)),
  ];
}
