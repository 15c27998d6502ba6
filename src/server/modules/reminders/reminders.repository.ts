// The SQL of the reminder scheduler (docs/crm-reminders.md): one statement computes every reminder
// whose moment falls in the window of a run and delivers it as a notifications row, INSERT … ON
// CONFLICT (dedup_key) DO NOTHING, so a reminder is delivered exactly once however many runs or
// server processes compute it. Local times (09:00 on a due date, a rule's at_time) are turned into
// moments by PostgreSQL (`local AT TIME ZONE tz`), in the recipient's zone, so DST days are right.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export const JOB = 'reminders';

export type Delivered = {
  id: number;
  userId: number;
  kind: string;
  dedupKey: string;
  title: string;
  body: string;
  link: string | null;
  clientId: number | null;
  dueAt: Date;
  createdAt: Date;
  readAt: Date | null;
};

/** Only one process sweeps at a time (per schema); the others skip their run. */
export async function tryLock(db: Db): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.clientela.reminders')) AS ok`.execute(db);
  return r.rows[0]?.ok === true;
}

/** The time zones named by users and the firm's settings. */
export async function zonesInUse(db: Db): Promise<string[]> {
  const r = await sql<{ tz: string }>`
    SELECT DISTINCT timezone AS tz FROM users WHERE timezone IS NOT NULL
    UNION SELECT value #>> '{}' FROM settings WHERE key = 'timezone' AND jsonb_typeof(value) = 'string'`.execute(db);
  return r.rows.map((x) => x.tz);
}

/** Whether PostgreSQL knows this zone (an error here only answers false). */
export async function zoneKnown(db: Db, tz: string): Promise<boolean> {
  try {
    await sql`SELECT now() AT TIME ZONE ${tz}`.execute(db);
    return true;
  } catch {
    return false;
  }
}

export async function findState(db: Db) {
  return db.selectFrom('schedulerState').selectAll().where('name', '=', JOB).executeTakeFirst();
}

export async function recordOk(db: Db, at: Date, delivered: number): Promise<void> {
  await sql`
    INSERT INTO scheduler_state (name, last_run_at, last_ok_at, runs, delivered) VALUES (${JOB}, ${at}, ${at}, 1, ${delivered})
    ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, last_ok_at = excluded.last_ok_at,
      runs = scheduler_state.runs + 1, delivered = scheduler_state.delivered + excluded.delivered`.execute(db);
}

export async function recordFailure(db: Db, at: Date, error: string): Promise<void> {
  await sql`
    INSERT INTO scheduler_state (name, last_run_at, last_error, last_error_at, failures, runs) VALUES (${JOB}, ${at}, ${error}, ${at}, 1, 1)
    ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, last_error = excluded.last_error,
      last_error_at = excluded.last_error_at, failures = scheduler_state.failures + 1, runs = scheduler_state.runs + 1`.execute(db);
}

// A 'YYYY-MM-DD' text that casts to a date without an error (a bad value in clients.custom must
// not fail the whole run): the shape, the days of each month, Feb 29 only in leap years.
const DATE_RE = '^[0-9]{4}-((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31|02-29)$';

/**
 * Delivers every reminder whose moment is in (lo, hi] — or, for a record changed after lo, any
 * moment in (floor, hi] (a reminder set to a moment that had already passed fires once at once).
 * Returns the rows inserted (the ones already delivered are skipped by their dedup_key).
 */
export async function deliverDue(db: Db, lo: Date, hi: Date, floor: Date, validZones: string[]): Promise<Delivered[]> {
  // a zone PostgreSQL does not know (validZones: the ones it does) falls back to the firm's, then UTC
  const r = await sql<Delivered>`
    WITH p0 AS (SELECT ${validZones}::text[] AS zones),
    p AS (
      SELECT ${lo}::timestamptz AS lo, ${hi}::timestamptz AS hi, ${floor}::timestamptz AS floor, p0.zones,
             coalesce((SELECT value #>> '{}' FROM settings WHERE key = 'timezone' AND value #>> '{}' = ANY (p0.zones)), 'UTC') AS firm_tz
      FROM p0
    ),
    recip AS (
      SELECT u.id, CASE WHEN u.timezone = ANY (p.zones) THEN u.timezone ELSE p.firm_tz END AS tz FROM users u CROSS JOIN p WHERE u.active
    ),
    due AS (
      -- tasks: due_at minus remind_before_min (or due_at), postponed by a snooze; open ones only
      SELECT 'task' AS kind, t.assignee_id AS user_id, 'task:' || t.id AS src, m.at, t.title, ''::text AS body,
             t.client_id, t.due_at, t.updated_at
      FROM tasks t
      CROSS JOIN LATERAL (SELECT greatest(t.due_at - make_interval(mins => coalesce(t.remind_before_min, 0)), t.snoozed_until) AS at) m
      WHERE t.status = 'open' AND t.due_at IS NOT NULL
      UNION ALL
      -- planned events with a reminder
      SELECT 'event', e.employee_id, 'event:' || e.id, e.starts_at - make_interval(mins => e.remind_before_min), e.subject, '',
             e.client_id, e.starts_at, e.updated_at
      FROM events e
      WHERE e.status = 'planned' AND e.remind_before_min IS NOT NULL
      UNION ALL
      -- open promises: 09:00 of the due day in the responsible user's zone
      SELECT 'promise', pr.responsible_id, 'promise:' || pr.id, (pr.due_on + time '09:00') AT TIME ZONE r.tz, pr.text, c.display_name,
             pr.client_id, (pr.due_on + time '09:00') AT TIME ZONE r.tz, pr.updated_at
      FROM promises pr JOIN recip r ON r.id = pr.responsible_id JOIN clients c ON c.id = pr.client_id
      WHERE pr.status = 'open'
      UNION ALL
      -- active contracts: remind_days_before days before the end, 09:00 local of the responsible
      -- user (else the client's manager)
      SELECT 'contract', r.id, 'contract:' || k.id || ':' || k.ends_on || ':' || k.remind_days_before,
             ((k.ends_on - k.remind_days_before) + time '09:00') AT TIME ZONE r.tz,
             k.number || CASE WHEN k.title <> '' THEN ' ' || k.title ELSE '' END, c.display_name,
             k.client_id, (k.ends_on + time '09:00') AT TIME ZONE r.tz, k.updated_at
      FROM contracts k JOIN clients c ON c.id = k.client_id JOIN recip r ON r.id = coalesce(k.responsible_id, c.manager_id)
      WHERE k.status = 'active' AND k.ends_on IS NOT NULL AND k.remind_days_before IS NOT NULL
      UNION ALL
      -- rules on client dates
      SELECT rr.kind, x.user_id, 'rule:' || rr.id || ':' || x.src, ((x.day - rr.days_before) + rr.at_time) AT TIME ZONE x.tz, x.title, x.body,
             x.client_id, (x.day + rr.at_time) AT TIME ZONE x.tz, '-infinity'::timestamptz
      FROM reminder_rules rr
      CROSS JOIN LATERAL (
        -- birthdays are year-less: the anniversary in the years around the window (Feb 29 -> Feb 28)
        SELECT r.id AS user_id, r.tz, 'client:' || c.id || ':' || y.y AS src, (c.birth_date + make_interval(years => y.y - extract(year FROM c.birth_date)::int))::date AS day,
               c.display_name AS title, ''::text AS body, c.id AS client_id
        FROM clients c
        JOIN recip r ON r.id = CASE WHEN rr.recipient = 'user' THEN rr.recipient_id ELSE c.manager_id END
        CROSS JOIN p
        CROSS JOIN LATERAL generate_series(extract(year FROM p.hi)::int - 1, extract(year FROM p.hi)::int + 1) AS y(y)
        WHERE rr.kind = 'birthday' AND c.archived_at IS NULL AND c.birth_date IS NOT NULL AND y.y > extract(year FROM c.birth_date)
        UNION ALL
        SELECT r.id, r.tz, 'contract:' || k.id || ':' || k.ends_on, k.ends_on, k.number || CASE WHEN k.title <> '' THEN ' ' || k.title ELSE '' END,
               c.display_name, c.id
        FROM contracts k JOIN clients c ON c.id = k.client_id
        JOIN recip r ON r.id = CASE WHEN rr.recipient = 'user' THEN rr.recipient_id ELSE c.manager_id END
        WHERE rr.kind = 'contract_end' AND k.status = 'active' AND k.ends_on IS NOT NULL AND c.archived_at IS NULL
        UNION ALL
        SELECT r.id, r.tz, 'client:' || c.id || ':' || v.d, v.d::date, c.display_name, rr.field, c.id
        FROM clients c
        CROSS JOIN LATERAL (SELECT c.custom ->> rr.field AS d) v
        JOIN recip r ON r.id = CASE WHEN rr.recipient = 'user' THEN rr.recipient_id ELSE c.manager_id END
        WHERE rr.kind = 'custom_date' AND c.archived_at IS NULL AND c.custom ? rr.field
          AND v.d ~ ${DATE_RE} AND left(v.d, 4) <> '0000'
          AND (substr(v.d, 6, 5) <> '02-29' OR (left(v.d, 4)::int % 4 = 0 AND (left(v.d, 4)::int % 100 <> 0 OR left(v.d, 4)::int % 400 = 0)))
        UNION ALL
        SELECT r.id, r.tz, 'client:' || c.id || ':' || (ls.day + make_interval(months => rr.months_after))::date,
               (ls.day + make_interval(months => rr.months_after))::date, c.display_name, ls.day::text, c.id
        FROM clients c
        CROSS JOIN LATERAL (SELECT max(s.day) AS day FROM sales s WHERE s.client_id = c.id AND s.status = 'completed' AND s.kind = 'sale') ls
        JOIN recip r ON r.id = CASE WHEN rr.recipient = 'user' THEN rr.recipient_id ELSE c.manager_id END
        WHERE rr.kind = 'after_last_purchase' AND c.archived_at IS NULL AND ls.day IS NOT NULL
      ) x
      WHERE rr.active
    )
    INSERT INTO notifications (user_id, kind, dedup_key, title, body, link, client_id, due_at)
    SELECT d.user_id, d.kind, d.src || ':' || to_char(d.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), d.title, d.body,
           CASE WHEN d.client_id IS NOT NULL THEN '/clients/' || d.client_id END, d.client_id, d.due_at
    FROM due d CROSS JOIN p
    WHERE d.at <= p.hi AND d.at > p.floor AND (d.at > p.lo OR d.updated_at > p.lo)
      AND EXISTS (SELECT 1 FROM recip r WHERE r.id = d.user_id)
    -- one order for every process: two runs inserting the same keys wait on each other, never deadlock
    ORDER BY 3
    ON CONFLICT (dedup_key) DO NOTHING
    RETURNING id, user_id, kind, dedup_key, title, body, link, client_id, due_at, created_at, read_at`.execute(db);
  return r.rows;
}

// ---- reminder rules (administrators) ----

export type RuleValues = {
  kind: string;
  field: string | null;
  daysBefore: number;
  monthsAfter: number | null;
  atTime: string;
  recipient: string;
  recipientId: number | null;
  active: boolean;
};

const ruleCols = [
  'id',
  'kind',
  'field',
  'daysBefore',
  'monthsAfter',
  'atTime',
  'recipient',
  'recipientId',
  'active',
  'version',
  'createdAt',
] as const;

export const listRules = (db: Db) => db.selectFrom('reminderRules').select(ruleCols).orderBy('id').execute();
export const findRule = (db: Db, id: number) => db.selectFrom('reminderRules').select(ruleCols).where('id', '=', id).executeTakeFirst();
export type RuleRow = NonNullable<Awaited<ReturnType<typeof findRule>>>;

export async function insertRule(db: Db, v: RuleValues): Promise<number> {
  return (await db.insertInto('reminderRules').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateRule(db: Db, id: number, version: number, v: RuleValues): Promise<boolean> {
  const r = await db
    .updateTable('reminderRules')
    .set((eb) => ({ ...v, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function deleteRule(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('reminderRules').where('id', '=', id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export const findClientField = (db: Db, key: string) =>
  db.selectFrom('customFields').select(['key', 'type']).where('key', '=', key).where('entity', '=', 'client').executeTakeFirst();

export const activeUser = async (db: Db, id: number) =>
  (await db.selectFrom('users').select('id').where('id', '=', id).where('active', '=', true).executeTakeFirst()) !== undefined;
