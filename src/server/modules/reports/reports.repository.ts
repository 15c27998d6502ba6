// All SQL of the reports: the sale-fact copy's reads (facts.ts), the rating's client mask, names
// and departments (rating.ts), the employees report. The tuned statements stay raw SQL; each has a
// builder (`…Sql`) that compiles without a database (scripts/db-queries.ts writes the hot ones to
// src/server/queries/) and a function that runs it.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Row } from '../../db/rows.js';
import type { DB } from '../../db/schema.js';

// ---- the sale-fact copy (facts.ts) ----

/** The highest fact number and the table's file (a TRUNCATE gives it a new one). */
export const factsHeadSql = () =>
  sql<{ max: string | null; file: string }>`SELECT max(seq)::text AS max, pg_relation_filenode('sale_facts')::text AS file FROM sale_facts`;

export async function factsHead(db: Kysely<DB>) {
  return (await factsHeadSql().execute(db)).rows[0];
}

export type FactChunk = { n: number; d: Buffer | null; c: Buffer | null; p: Buffer | null; e: Buffer | null; a: Buffer | null };

/** The facts numbered (from, to], as one row of big-endian binary columns (one value per fact). */
export const factsChunkSql = (from: number, to: number) => sql<FactChunk>`
        SELECT count(*)::int AS n,
          string_agg(int4send((day - DATE '1970-01-01')::int), ''::bytea) AS d,
          string_agg(int4send(client_id::int), ''::bytea) AS c,
          string_agg(int4send(department_id::int), ''::bytea) AS p,
          string_agg(int4send(employee_id::int), ''::bytea) AS e,
          string_agg(float8send(amount::float8), ''::bytea) AS a
        FROM sale_facts WHERE seq > ${from} AND seq <= ${to}`;

export async function factsChunk(db: Kysely<DB>, from: number, to: number): Promise<FactChunk> {
  return (await factsChunkSql(from, to).execute(db)).rows[0]!;
}

/** The fact numbers present in (from, to]. */
export async function factSeqs(db: Kysely<DB>, from: number, to: number): Promise<number[]> {
  const r = await sql<{ seq: string }>`SELECT seq::text FROM sale_facts WHERE seq > ${from} AND seq <= ${to}`.execute(db);
  return r.rows.map((x) => Number(x.seq));
}

/** The fact table's file node (changes on a TRUNCATE, as a restore does). */
export async function factsFile(db: Kysely<DB>): Promise<string> {
  const r = await sql<{ file: string }>`SELECT pg_relation_filenode('sale_facts')::text AS file`.execute(db);
  return r.rows[0]!.file;
}

export type FactRow = { seq: string; day: number; clientId: number; departmentId: number; employeeId: number; amount: string };

/** The refresh before every rating: facts past the watermark, and the gaps asked for again (one indexed query). */
export const factsSinceSql = (watermark: number, gaps: number[]) => sql<FactRow>`
      SELECT seq::text, (day - DATE '1970-01-01')::int AS day, client_id::int AS client_id, department_id::int AS department_id, employee_id::int AS employee_id, amount::text
      FROM sale_facts WHERE seq > ${watermark} ${gaps.length ? sql`OR seq = ANY(${gaps}::bigint[])` : sql``} ORDER BY seq`;

export async function factsSince(db: Kysely<DB>, watermark: number, gaps: number[]): Promise<FactRow[]> {
  return (await factsSinceSql(watermark, gaps).execute(db)).rows;
}

// ---- the rating (rating.ts) ----

/** Which clients the rating counts: the actor's scope (null: every client), a manager, the journal's filters. */
export type MaskWhere = { scope: RawBuilder<boolean> | null; managerId?: number; filters: RawBuilder<boolean>[] };

/**
 * The ids of the clients that pass, as one bytea of big-endian int4s; null when nothing narrows
 * them (every client counts). Live and archived clients apart: each half is served by its own
 * partial index (index-only for the live ones).
 */
export function clientMaskSql(w: MaskWhere) {
  const where: RawBuilder<boolean>[] = [];
  if (w.scope) where.push(w.scope);
  if (w.managerId !== undefined) where.push(sql<boolean>`c.manager_id = ${w.managerId}`);
  where.push(...w.filters);
  if (!where.length) return null;
  const cond = sql.join(where, sql` AND `);
  return sql<{ ids: Buffer | null; n: number }>`SELECT count(*)::int AS n, string_agg(int4send(m.id::int), ''::bytea) AS ids FROM (
      SELECT c.id FROM clients c WHERE c.archived_at IS NULL AND ${cond}
      UNION ALL SELECT c.id FROM clients c WHERE c.archived_at IS NOT NULL AND ${cond}) m`;
}

export async function clientMask(db: Kysely<DB>, w: MaskWhere): Promise<{ ids: Buffer | null; n: number } | null> {
  const q = clientMaskSql(w);
  return q ? (await q.execute(db)).rows[0]! : null;
}

export type RatingName = { id: number; name: string; priceList: string | null; archived: boolean };

/** The shown clients' names and price lists (whatever the scope: the mask has already picked them). */
export async function ratingNames(db: Kysely<DB>, ids: number[]): Promise<RatingName[]> {
  const r = await sql<RatingName>`
    SELECT c.id::int, c.display_name AS name, l.name AS price_list, c.archived_at IS NOT NULL AS archived
    FROM clients c LEFT JOIN price_lists l ON l.id = c.price_list_id WHERE c.id = ANY(${ids}::bigint[])`.execute(db);
  return r.rows;
}

/** Every department, by name: the rating's columns. */
export async function departmentsByName(db: Kysely<DB>): Promise<{ id: number; name: string }[]> {
  return (await sql<Pick<Row<'departments'>, 'id' | 'name'>>`SELECT id::int, name FROM departments ORDER BY lower(name), id`.execute(db)).rows;
}

// ---- the employees report ----

export type EmployeeRow = { employeeId: number; name: string; customers: number; orders: number; revenue: string };

/** Per employee: clients served, orders, revenue (as text, for formatCents) of the completed sales of clients in `scope`. */
export async function employeeTotals(
  db: Kysely<DB>,
  scope: RawBuilder<boolean>,
  q: { from?: string; to?: string; everyone: boolean },
): Promise<EmployeeRow[]> {
  const r = await sql<EmployeeRow>`
    SELECT u.id::int AS employee_id, u.name,
      count(DISTINCT s.client_id)::int AS customers,
      count(DISTINCT coalesce(s.number, 'id:' || s.id)) FILTER (WHERE s.kind = 'sale')::int AS orders,
      coalesce(sum(s.base_total), 0)::text AS revenue
    FROM users u
    LEFT JOIN (sales s JOIN clients c ON c.id = s.client_id AND ${scope})
      ON s.employee_id = u.id AND s.status = 'completed'
        AND s.day >= ${q.from ?? '0001-01-01'}::date AND s.day <= ${q.to ?? '9999-12-31'}::date
    GROUP BY u.id, u.name
    HAVING count(s.id) > 0 OR ${q.everyone}
    ORDER BY coalesce(sum(s.base_total), 0) DESC, u.id`.execute(db);
  return r.rows;
}
