// All SQL of the client base. The actor's record scope (access/scope.ts) is applied here, in the
// WHERE of every read (list, search, count, card, history).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { ARRAY_ROWS, PREPARED } from '../../db/database.js';
import type { Row } from '../../db/rows.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/rights.js';
import { scopeSql } from '../access/scope.js';

export const clientColumns = sql.raw(`c.id, c.kind, c.display_name, c.surname, c.first_name, c.patronymic, c.birth_date, c.position,
  c.passport, c.legal_name, c.inn, c.ogrn, c.kpp, c.legal_address, c.actual_address, c.industry, c.region, c.channels,
  c.contacts, c.tags, c.status, c.source, c.importance, c.manager_id, c.notes, c.custom, c.version, c.archived_at,
  c.created_by, c.created_at, c.updated_at,
  COALESCE((SELECT array_agg(e.external_id ORDER BY e.external_id) FROM client_external_ids e WHERE e.client_id = c.id), '{}') AS external_ids`);

export type ClientRow = {
  id: number;
  kind: string;
  displayName: string;
  surname: string | null;
  firstName: string | null;
  patronymic: string | null;
  birthDate: string | null;
  position: string | null;
  passport: Record<string, string> | null;
  legalName: string | null;
  inn: string | null;
  ogrn: string | null;
  kpp: string | null;
  legalAddress: string | null;
  actualAddress: string | null;
  industry: string | null;
  region: string | null;
  channels: { type: string; label?: string; value: string; normalized?: string }[];
  contacts: unknown[];
  tags: string[];
  status: string | null;
  source: string | null;
  importance: string | null;
  managerId: number | null;
  notes: string | null;
  custom: Record<string, unknown>;
  version: number;
  archivedAt: Date | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
  /** the client's codes in other systems (stored by imports; read-only here) */
  externalIds: string[];
};

/** The client card's statement (prepared: the hottest read of all). */
export const findVisibleSql = (actor: Actor, id: number) =>
  sql<ClientRow>`${PREPARED}SELECT ${clientColumns} FROM clients c WHERE c.id = ${id} AND ${scopeSql(actor)}`;

/** A client the actor may see, or undefined (also when it exists outside the scope). */
export async function findVisible(db: Kysely<DB>, actor: Actor, id: number): Promise<ClientRow | undefined> {
  const r = await findVisibleSql(actor, id).execute(db);
  return r.rows[0];
}

/**
 * The client, if the actor may see it, locked for a change: `FOR NO KEY UPDATE` (the id stays), so
 * a sale, whose key to the client locks it `FOR KEY SHARE`, is not held up by an edit or an archive
 * in progress; `FOR UPDATE` for a delete, which must wait for such sales and hold them off.
 */
export async function lockVisible(db: Kysely<DB>, actor: Actor, id: number, forDelete = false): Promise<ClientRow | undefined> {
  const r =
    await sql<ClientRow>`SELECT ${clientColumns} FROM clients c WHERE c.id = ${id} AND ${scopeSql(actor)} ${forDelete ? sql`FOR UPDATE` : sql`FOR NO KEY UPDATE`}`.execute(
      db,
    );
  return r.rows[0];
}

/** Many clients the actor may see, locked for update in id order (no deadlock between two writers). */
/** The clients among `ids` the actor may see, as they are now (no lock). */
export async function visibleMany(db: Kysely<DB>, actor: Actor, ids: number[]): Promise<Map<number, ClientRow>> {
  if (!ids.length) return new Map();
  const r = await sql<ClientRow>`SELECT ${clientColumns} FROM clients c WHERE c.id = ANY(${ids}::bigint[]) AND ${scopeSql(actor)}`.execute(db);
  return new Map(r.rows.map((c) => [c.id, c]));
}

export async function lockVisibleMany(db: Kysely<DB>, actor: Actor, ids: number[]): Promise<Map<number, ClientRow>> {
  if (!ids.length) return new Map();
  const r =
    await sql<ClientRow>`SELECT ${clientColumns} FROM clients c WHERE c.id = ANY(${ids}::bigint[]) AND ${scopeSql(actor)} ORDER BY c.id FOR UPDATE`.execute(
      db,
    );
  return new Map(r.rows.map((c) => [c.id, c]));
}

export type ClientValues = {
  kind: string;
  displayName: string;
  surname: string | null;
  firstName: string | null;
  patronymic: string | null;
  birthDate: string | null;
  position: string | null;
  passport: Record<string, string> | null;
  legalName: string | null;
  inn: string | null;
  ogrn: string | null;
  kpp: string | null;
  legalAddress: string | null;
  actualAddress: string | null;
  industry: string | null;
  region: string | null;
  channels: unknown[];
  contacts: unknown[];
  tags: string[];
  status: string | null;
  source: string | null;
  importance: string | null;
  managerId: number | null;
  notes: string | null;
  custom: Record<string, unknown>;
  sortName: string;
  phones: string[];
  emails: string[];
  contactSearch: string;
  taxSearch: string;
  peopleSearch: string;
};

function dbValues(values: ClientValues) {
  // a draft made from a stored row carries its external ids along: they live in their own table
  const { externalIds: _ext, ...v } = values as ClientValues & { externalIds?: unknown };
  return {
    ...v,
    passport: v.passport ? JSON.stringify(v.passport) : null,
    channels: JSON.stringify(v.channels),
    contacts: JSON.stringify(v.contacts),
    custom: JSON.stringify(v.custom),
  };
}

/** Columns an insert writes, with their types: rows travel as one JSON array (see insertClients). */
const insertColumns: [keyof ClientValues | 'createdBy', string, string][] = [
  ['kind', 'kind', 'text'],
  ['displayName', 'display_name', 'text'],
  ['surname', 'surname', 'text'],
  ['firstName', 'first_name', 'text'],
  ['patronymic', 'patronymic', 'text'],
  ['birthDate', 'birth_date', 'date'],
  ['position', 'position', 'text'],
  ['passport', 'passport', 'jsonb'],
  ['legalName', 'legal_name', 'text'],
  ['inn', 'inn', 'text'],
  ['ogrn', 'ogrn', 'text'],
  ['kpp', 'kpp', 'text'],
  ['legalAddress', 'legal_address', 'text'],
  ['actualAddress', 'actual_address', 'text'],
  ['industry', 'industry', 'text'],
  ['region', 'region', 'text'],
  ['channels', 'channels', 'jsonb'],
  ['contacts', 'contacts', 'jsonb'],
  ['tags', 'tags', 'text[]'],
  ['status', 'status', 'text'],
  ['source', 'source', 'text'],
  ['importance', 'importance', 'text'],
  ['managerId', 'manager_id', 'bigint'],
  ['notes', 'notes', 'text'],
  ['custom', 'custom', 'jsonb'],
  ['sortName', 'sort_name', 'text'],
  ['phones', 'phones', 'text[]'],
  ['emails', 'emails', 'text[]'],
  ['contactSearch', 'contact_search', 'text'],
  ['taxSearch', 'tax_search', 'text'],
  ['peopleSearch', 'people_search', 'text'],
  ['createdBy', 'created_by', 'bigint'],
];
/** The id a bulk insert / update returns. */
type ClientId = Pick<Row<'clients'>, 'id'>;
/** A count(*)::int. */
type CountRow = { n: number };

const insertList = sql.raw(insertColumns.map(([, col]) => col).join(', '));
const recordType = sql.raw(insertColumns.map(([key, , type]) => `"${key}" ${type}`).join(', '));
const recordNames = sql.raw(insertColumns.map(([key]) => `"${key}"`).join(', '));
const selectList = sql.raw(insertColumns.map(([key]) => `r."${key}"`).join(', '));

/** Rows per statement: bounds the size of one JSON parameter (~1.5 KB a client). */
const INSERT_CHUNK = 5000;

/**
 * Inserts in the order given and returns the new ids in that order. The rows go as one JSON
 * parameter expanded by json_to_recordset, not as a VALUES list with 31 parameters a row: one
 * parameter to bind instead of 31,000 per 1,000 rows, no limit of 65,535 parameters, and the
 * JSON values (channels, custom…) need no second encoding.
 */
export async function insertClients(db: Kysely<DB>, rows: ClientValues[], createdBy: number | null): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK).map((v) => ({ ...v, createdBy }));
    const r = await sql<ClientId>`
      INSERT INTO clients (${insertList})
      SELECT ${selectList}
      FROM ROWS FROM (json_to_recordset(${JSON.stringify(chunk)}::json) AS (${recordType})) WITH ORDINALITY AS r(${recordNames}, n)
      ORDER BY r.n
      RETURNING id`.execute(db);
    ids.push(...r.rows.map((x) => x.id));
  }
  return ids;
}

const updateList = sql.raw(
  insertColumns
    .filter(([key]) => key !== 'createdBy')
    .map(([key, col]) => `${col} = r."${key}"`)
    .join(', '),
);

/**
 * Many updates in one statement (the rows travel as one JSON parameter, as in insertClients); each
 * row only when its version still matches. Returns the ids updated.
 */
export async function updateClients(db: Kysely<DB>, rows: { id: number; version: number; values: ClientValues }[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK).map((u) => ({ ...u.values, createdBy: null, id: u.id, version: u.version }));
    const r = await sql<ClientId>`
      UPDATE clients c SET ${updateList}, version = c.version + 1, updated_at = now()
      FROM json_to_recordset(${JSON.stringify(chunk)}::json) AS r(${recordType}, id bigint, version int)
      WHERE c.id = r.id AND c.version = r.version
      RETURNING c.id::int`.execute(db);
    ids.push(...r.rows.map((x) => x.id));
  }
  return ids;
}

/** Updates only when the version still matches; returns false on a stale version. */
export async function updateClient(db: Kysely<DB>, id: number, version: number, v: ClientValues): Promise<boolean> {
  const res = await db
    .updateTable('clients')
    .set((eb) => ({ ...dbValues(v), version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function setArchived(db: Kysely<DB>, id: number, version: number, archived: boolean): Promise<boolean> {
  const res = await db
    .updateTable('clients')
    .set((eb) => ({ archivedAt: archived ? new Date() : null, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteClient(db: Kysely<DB>, id: number): Promise<void> {
  await db.deleteFrom('clients').where('id', '=', id).execute();
}

/**
 * A substring search in name order has two good plans and PostgreSQL cannot tell which from its
 * estimates: when matches are dense ("ова"), walking the name index and filtering stops after a
 * page; when they are sparse ("9123"), the trigram bitmap finds the few rows and sorts them.
 * So: the walk first, with a small time budget; if it runs out, the bitmap plan. Planner switches
 * change only the plan, never the result.
 */
export async function withPlanChoice<T>(db: Kysely<DB>, run: (trx: Kysely<DB>) => Promise<T>, budgetMs = 60): Promise<T> {
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('enable_bitmapscan', 'off', true), set_config('statement_timeout', ${`${budgetMs}ms`}, true)`.execute(trx);
      return run(trx);
    });
  } catch (e) {
    if ((e as { code?: string }).code !== '57014') throw e; // 57014: canceled by statement_timeout
  }
  return db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('enable_indexscan', 'off', true)`.execute(trx);
    return run(trx);
  });
}

export type ListSql = { where: RawBuilder<boolean>[]; order: RawBuilder<unknown>; sortValue: RawBuilder<unknown>; limit: number };

/** Archived clients left out ('no'), alone ('only') or with the others ('all': no condition). */
export function archivedSql(archived: 'no' | 'only' | 'all'): RawBuilder<boolean> | undefined {
  if (archived === 'no') return sql<boolean>`c.archived_at IS NULL`;
  if (archived === 'only') return sql<boolean>`c.archived_at IS NOT NULL`;
  return undefined;
}

/** Names starting with a short term (below 3 characters, where the substring search does not start). */
export const nameLikeSql = (term: string) => sql<boolean>`c.sort_name LIKE ${`${term.replace(/[\\%_]/g, '\\$&')}%`}`;

/** A page of the journal (its text: clients.service.ts puts together the conditions, order and limit). */
export function listClientsSql(q: ListSql) {
  const where = sql.join(q.where, sql` AND `);
  return sql<ClientRow & { sortValue: unknown }>`
    SELECT ${clientColumns}, ${q.sortValue} AS sort_value FROM clients c WHERE ${where} ${q.order} LIMIT ${q.limit}`;
}

export async function listClients(db: Kysely<DB>, q: ListSql) {
  return (await listClientsSql(q).execute(db)).rows;
}

/** A page of the list with other columns than the client's (`c.id` is always there). */
/** A page of computed columns, each row an array: [id, ...columns, sort value] (ARRAY_ROWS). */
export async function listColumns(db: Kysely<DB>, q: ListSql, columns: RawBuilder<unknown>) {
  const where = sql.join(q.where, sql` AND `);
  const r = await sql<unknown[]>`${ARRAY_ROWS}
    SELECT c.id, ${columns}, ${q.sortValue} AS sort_value FROM clients c WHERE ${where} ${q.order} LIMIT ${q.limit}`.execute(db.withoutPlugins());
  return r.rows;
}

/** Relevance group 1: names starting with the term, in name order, after `after` (index range scan, stops at `limit`). */
export async function listPrefixGroup(
  db: Kysely<DB>,
  where: RawBuilder<boolean>[],
  prefix: RawBuilder<boolean>,
  after: { v: string; id: number } | null,
  limit: number,
) {
  const w = sql.join(
    [...where, prefix, ...(after ? [sql<boolean>`(c.sort_name COLLATE "C", c.id) > (${after.v} COLLATE "C", ${after.id})`] : [])],
    sql` AND `,
  );
  const r = await sql<ClientRow & { sortValue: string }>`
    SELECT ${clientColumns}, c.sort_name AS sort_value FROM clients c WHERE ${w} ORDER BY c.sort_name COLLATE "C", c.id LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** Rows of the newest part of the base that relevance group 2 reads before it trusts the trigram indexes instead. */
export const WALK_ROWS = 20_000;

/**
 * Relevance group 2: every other match, newest first (below `beforeId`). Newest-first is an order
 * that a dense match ("ова": 16% of the base) answers by walking the primary key backwards for a
 * few hundred rows, where name order would walk past every Latin name first (300,000 rows, 1 s at
 * 1M). The walk reads at most the newest WALK_ROWS rows of the table, whatever the actor's scope
 * (a manager's scope filters them; bounding scoped rows instead read 400,000 rows for a manager);
 * if they hold fewer than `limit` matches, the matches are rare there, and the trigram bitmap
 * (with the manager index, when the planner likes it) finds them all and sorts them. PostgreSQL
 * cannot make this choice itself: its estimate for `LIKE '%…%'` is a guess.
 */
export async function listOtherGroup(
  db: Kysely<DB>,
  base: RawBuilder<boolean>[],
  match: RawBuilder<boolean>,
  prefix: RawBuilder<boolean>,
  beforeId: number | null,
  limit: number,
  walkRows = WALK_ROWS,
) {
  const below = beforeId !== null ? sql<boolean>`c.id < ${beforeId}` : sql<boolean>`true`;
  const where = sql.join([...base, match, sql<boolean>`NOT ${prefix}`], sql` AND `);
  const walked = await sql<ClientRow>`
    SELECT ${clientColumns} FROM (SELECT * FROM clients c WHERE ${below} ORDER BY c.id DESC LIMIT ${walkRows}) c
    WHERE ${where} ORDER BY c.id DESC LIMIT ${limit}`.execute(db);
  if (walked.rows.length >= limit) return walked.rows;
  return db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`.execute(trx);
    const r = await sql<ClientRow>`SELECT ${clientColumns} FROM clients c WHERE ${below} AND ${where} ORDER BY c.id DESC LIMIT ${limit}`.execute(trx);
    return r.rows;
  });
}

/** Counts up to `cap` + 1 rows, so a count over a large base stays cheap. */
export async function countClients(db: Kysely<DB>, where: RawBuilder<boolean>[], cap?: number): Promise<number> {
  const w = sql.join(where, sql` AND `);
  const r = cap
    ? await sql<CountRow>`SELECT count(*)::int AS n FROM (SELECT 1 FROM clients c WHERE ${w} LIMIT ${cap + 1}) t`.execute(db)
    : await sql<CountRow>`SELECT count(*)::int AS n FROM clients c WHERE ${w}`.execute(db);
  return r.rows[0]!.n;
}

export type SearchRow = {
  id: number;
  kind: string;
  displayName: string;
  channels: ClientRow['channels'];
  inn: string | null;
  managerId: number | null;
  sortName: string;
};

const searchColumns = sql.raw('c.id, c.kind, c.display_name, c.channels, c.inn, c.manager_id, c.sort_name');

/** Phase 1 of search-as-you-type: names starting with the term, in name order (index range scan, stops at `limit`). */
export const searchPrefixSql = (scope: RawBuilder<boolean>, term: string, limit: number) => sql<SearchRow>`
    SELECT ${searchColumns} FROM clients c
    WHERE c.sort_name COLLATE "C" >= ${term} AND c.sort_name COLLATE "C" < ${`${term}\u{10FFFF}`}
      AND c.archived_at IS NULL AND ${scope}
    ORDER BY c.sort_name COLLATE "C", c.id LIMIT ${limit}`;

export async function searchPrefix(db: Kysely<DB>, scope: RawBuilder<boolean>, term: string, limit: number) {
  return (await searchPrefixSql(scope, term, limit).execute(db)).rows;
}

/**
 * Phase 2: substring anywhere (trigram indexes), unordered so it can stop at `limit`.
 * PostgreSQL misjudges how often a fragment of 4+ digits (phones, INNs) occurs and may scan the
 * whole table for it (bench: "78123" 477 ms), so for such `digitsOnly` terms the sequential scan
 * is switched off and the trigram indexes answer. Text keeps the planner's choice: a common
 * fragment ("@mail", "альфа") is found by a scan that stops after a few dozen rows, while forcing
 * the indexes on it costs seconds (bench: 2.3 s).
 */
export const searchSubstringSql = (scope: RawBuilder<boolean>, cond: RawBuilder<boolean>, exclude: number[], limit: number) => sql<SearchRow>`
    SELECT ${searchColumns} FROM clients c
    WHERE ${cond} AND c.archived_at IS NULL AND ${scope}
      ${exclude.length ? sql`AND c.id <> ALL(${exclude}::bigint[])` : sql``}
    LIMIT ${limit}`;

export async function searchSubstring(
  db: Kysely<DB>,
  scope: RawBuilder<boolean>,
  cond: RawBuilder<boolean>,
  exclude: number[],
  limit: number,
  digitsOnly: boolean,
) {
  const query = (d: Kysely<DB>) => searchSubstringSql(scope, cond, exclude, limit).execute(d);
  if (!digitsOnly) return (await query(db)).rows;
  return db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('enable_seqscan', 'off', true)`.execute(trx);
    return (await query(trx)).rows;
  });
}

export type DuplicateRow = {
  id: number;
  displayName: string;
  managerName: string | null;
  visible: boolean;
  byPhone: boolean;
  byEmail: boolean;
  byInn: boolean;
  byName: boolean;
};

/** Likely duplicates across the whole base (the duplicate check); `visible` says whether the actor may open each. */
export async function findDuplicates(
  db: Kysely<DB>,
  actor: Actor,
  d: { selfId?: number; phones: string[]; emails: string[]; inn: string | null; sortName: string },
): Promise<DuplicateRow[]> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL pg_trgm.similarity_threshold = 0.6`.execute(trx);
    const byName = d.sortName.length >= 4 ? sql`c.sort_name % ${d.sortName}` : sql`false`;
    const r = await sql<DuplicateRow>`
      SELECT c.id, c.display_name, u.name AS manager_name, ${scopeSql(actor)} AS visible,
        c.phones && ${d.phones}::text[] AS by_phone, c.emails && ${d.emails}::text[] AS by_email,
        coalesce(c.inn = ${d.inn}, false) AS by_inn, ${byName} AS by_name
      FROM clients c LEFT JOIN users u ON u.id = c.manager_id
      WHERE c.archived_at IS NULL AND c.id <> ${d.selfId ?? 0}
        AND (c.phones && ${d.phones}::text[] OR c.emails && ${d.emails}::text[] OR c.inn = ${d.inn} OR ${byName})
      ORDER BY (c.phones && ${d.phones}::text[] OR c.emails && ${d.emails}::text[] OR coalesce(c.inn = ${d.inn}, false)) DESC, c.id
      LIMIT 10`.execute(trx);
    return r.rows;
  });
}

export type ManagerRow = { id: number; departmentId: number | null; active: boolean };

export async function activeUser(db: Kysely<DB>, id: number): Promise<ManagerRow | undefined> {
  return db.selectFrom('users').select(['id', 'departmentId', 'active']).where('id', '=', id).executeTakeFirst();
}

/** The users behind many manager ids, in one query (bulk create checks every distinct manager). */
export async function usersByIds(db: Kysely<DB>, ids: number[]): Promise<Map<number, ManagerRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'departmentId', 'active']).where('id', '=', sql<number>`ANY(${ids}::bigint[])`).execute();
  return new Map(rows.map((r) => [r.id, r]));
}
