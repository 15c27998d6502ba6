// The SQL of a client's timeline (issue 15; docs/crm-planning.md): one subquery per kind, each
// walking its (client_id, time DESC, id DESC) index from the cursor with a LIMIT, merged by
// UNION ALL + ORDER BY + LIMIT. The order is (at, kind, id) descending; the cursor is the last row's
// (at as text with microseconds, kind, id), so a page continues exactly after the previous one.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { TimelineKind } from './planning.schemas.js';

type Db = Kysely<DB>;

export type TimelineCursor = { at: string; kind: TimelineKind; id: number };
export type TimelineRow = {
  kind: TimelineKind;
  id: number;
  at: Date;
  atKey: string;
  title: string;
  summary: string;
  status: string | null;
  actorName: string | null;
  due: string | null;
  changes: unknown;
};

/** The rows of one kind after the cursor, over its table aliased `x` with time column `t`. */
function after(kind: TimelineKind, t: RawBuilder<unknown>, cur: TimelineCursor | undefined): RawBuilder<boolean> {
  if (!cur) return sql<boolean>`true`;
  const at = sql`(${cur.at}::timestamp AT TIME ZONE 'UTC')`;
  if (kind < cur.kind) return sql<boolean>`${t} <= ${at}`;
  if (kind > cur.kind) return sql<boolean>`${t} < ${at}`;
  return sql<boolean>`(${t}, x.id) < (${at}, ${cur.id}::bigint)`;
}

const atKey = (t: RawBuilder<unknown>) => sql`to_char(${t} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`;

function part(kind: TimelineKind, clientId: number, cur: TimelineCursor | undefined, limit: number, locale: string): RawBuilder<unknown> {
  const head = (t: RawBuilder<unknown>) => sql`${sql.lit(kind)}::text AS kind, x.id::int AS id, ${t} AS at, ${atKey(t)} AS at_key`;
  const tail = (t: RawBuilder<unknown>) => sql`AND ${after(kind, t, cur)} ORDER BY ${t} DESC, x.id DESC LIMIT ${limit}`;
  switch (kind) {
    case 'event': {
      const t = sql`x.starts_at`;
      return sql`SELECT ${head(t)}, x.subject AS title,
          coalesce(et.names->>${locale}, et.names->>'en') || CASE WHEN x.notes <> '' THEN ': ' || left(x.notes, 300) ELSE '' END AS summary,
          x.status, u.name AS actor_name, NULL::text AS due, NULL::jsonb AS changes
        FROM events x JOIN event_types et ON et.id = x.type_id LEFT JOIN users u ON u.id = x.employee_id
        WHERE x.client_id = ${clientId} ${tail(t)}`;
    }
    case 'task': {
      const t = sql`x.created_at`;
      return sql`SELECT ${head(t)}, x.title, left(x.notes, 300) AS summary, x.status, u.name AS actor_name,
          to_char(x.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS due, NULL::jsonb AS changes
        FROM tasks x LEFT JOIN users u ON u.id = x.assignee_id
        WHERE x.client_id = ${clientId} ${tail(t)}`;
    }
    case 'promise': {
      const t = sql`x.created_at`;
      return sql`SELECT ${head(t)}, left(x.text, 300) AS title, x.promised_by AS summary, x.status, u.name AS actor_name,
          x.due_on::text AS due, NULL::jsonb AS changes
        FROM promises x LEFT JOIN users u ON u.id = x.responsible_id
        WHERE x.client_id = ${clientId} ${tail(t)}`;
    }
    case 'contract': {
      const t = sql`x.created_at`;
      return sql`SELECT ${head(t)}, trim(x.number || ' ' || x.title) AS title, left(x.notes, 300) AS summary, x.status, u.name AS actor_name,
          x.ends_on::text AS due, NULL::jsonb AS changes
        FROM contracts x LEFT JOIN users u ON u.id = x.responsible_id
        WHERE x.client_id = ${clientId} ${tail(t)}`;
    }
    case 'note': {
      const t = sql`x.created_at`;
      return sql`SELECT ${head(t)}, left(split_part(x.body, E'\\n', 1), 120) AS title, left(x.body, 500) AS summary, NULL::text AS status,
          u.name AS actor_name, NULL::text AS due, NULL::jsonb AS changes
        FROM notes x LEFT JOIN users u ON u.id = x.author_id
        WHERE x.client_id = ${clientId} ${tail(t)}`;
    }
    case 'file': {
      const t = sql`x.created_at`;
      return sql`SELECT ${head(t)}, x.name AS title, x.mime || ', ' || x.size::text || ' B' AS summary, NULL::text AS status,
          u.name AS actor_name, NULL::text AS due, NULL::jsonb AS changes
        FROM attachments x LEFT JOIN users u ON u.id = x.uploaded_by
        WHERE x.client_id = ${clientId} ${tail(t)}`;
    }
    case 'mail': {
      const t = sql`x.created_at`;
      return sql`SELECT ${head(t)}, x.subject AS title, x.to_address || ': ' || left(x.body_text, 300) AS summary, x.status, u.name AS actor_name,
          NULL::text AS due, NULL::jsonb AS changes
        FROM mail_messages x LEFT JOIN users u ON u.id = x.author_id
        WHERE x.client_id = ${clientId} ${tail(t)}`;
    }
    case 'sale': {
      const t = sql`x.sold_at`;
      return sql`SELECT ${head(t)}, coalesce(x.number, '#' || x.id::text) AS title,
          x.kind || ': ' || trim_scale(x.total::numeric / 10000)::text || ' ' || x.currency AS summary, x.status, u.name AS actor_name,
          NULL::text AS due, NULL::jsonb AS changes
        FROM sales x LEFT JOIN users u ON u.id = x.employee_id
        WHERE x.client_id = ${clientId} ${tail(t)}`;
    }
    case 'change': {
      const t = sql`x.at`;
      return sql`SELECT ${head(t)}, x.action AS title, '' AS summary, NULL::text AS status, u.name AS actor_name,
          NULL::text AS due, x.changes::jsonb AS changes
        FROM audit_log x LEFT JOIN users u ON u.id = x.user_id
        WHERE x.entity = 'client' AND x.entity_id = ${clientId} ${tail(t)}`;
    }
  }
}

/** The statement of a timeline page (also what `EXPLAIN` is run on). */
export function timelineSql(clientId: number, kinds: TimelineKind[], cur: TimelineCursor | undefined, limit: number, locale: string) {
  const parts = kinds.map((k) => sql`(${part(k, clientId, cur, limit, locale)})`);
  return sql<TimelineRow>`SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) m ORDER BY m.at DESC, m.kind COLLATE "C" DESC, m.id DESC LIMIT ${limit}`;
}

/** Up to `limit` rows of the given kinds, newest first, after the cursor. */
export async function timelineRows(
  db: Db,
  clientId: number,
  kinds: TimelineKind[],
  cur: TimelineCursor | undefined,
  limit: number,
  locale: string,
): Promise<TimelineRow[]> {
  if (kinds.length === 0) return [];
  return (await timelineSql(clientId, kinds, cur, limit, locale).execute(db)).rows;
}
