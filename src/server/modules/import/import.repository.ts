// SQL of imports: the jobs and their per-row outcomes, saved templates, what an undo takes back,
// the audit rows a batch writes, the users a "manager" column may name, departments a sales
// history may create, and the per-row changes and warnings a preview shows. Raw `sql` throughout:
// the statements cast, unnest arrays and build row sets that Kysely's builder does not express.
import { sql, type Kysely } from 'kysely';
import type { NotNull, Row } from '../../db/rows.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/rights.js';
import { scopeSql } from '../access/scope.js';
import type { ImportOptions, Mapping } from './import-fields.schemas.js';
import type { TableInfo } from './readers.js';

export type JobRow = {
  id: number;
  userId: number | null;
  fileName: string;
  storedName: string;
  fileSize: string;
  format: TableInfo['format'];
  encoding: string | null;
  delimiter: string | null;
  header: string[];
  mapping: Mapping | null;
  options: ImportOptions | null;
  status: string;
  dryRun: boolean;
  total: number | null;
  done: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  rejected: number;
  error: string | null;
  startedAt: Date | null;
  heartbeatAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  version: number;
};

const cols =
  sql.raw(`id::int, user_id::int AS user_id, file_name, stored_name, file_size::text, format, encoding, delimiter, header, mapping, options, status, dry_run,
  total, done, created, updated, unchanged, skipped, rejected, error, started_at, heartbeat_at, finished_at, created_at, version`);

/**
 * One row's outcome, as a pass reports it and `import_job_rows` keeps it. `before`: what an update
 * replaced, for undo (`beforeJson`: the same, already as JSON); `changesJson`: an update's fields
 * from -> to, for the preview; `warning`: something about the row worth a look.
 */
export type Outcome = {
  rowNo: number;
  action: 'created' | 'updated' | 'unchanged' | 'skipped' | 'rejected';
  clientId?: number;
  versionAfter?: number;
  before?: unknown;
  beforeJson?: string;
  error?: string;
  raw?: string[];
  changesJson?: string;
  warning?: string;
};

/** A job, if it is the user's own (or the user is an administrator). */
export async function findJob(db: Kysely<DB>, id: number, userId: number, isAdmin: boolean): Promise<JobRow | undefined> {
  const r = await sql<JobRow>`SELECT ${cols} FROM import_jobs WHERE id = ${id} AND (user_id = ${userId} OR ${isAdmin})`.execute(db);
  return r.rows[0];
}

/** The user's latest 50 jobs (everyone's for an administrator), newest first. */
export async function listJobs(db: Kysely<DB>, userId: number, isAdmin: boolean): Promise<JobRow[]> {
  const r = await sql<JobRow>`SELECT ${cols} FROM import_jobs WHERE user_id = ${userId} OR ${isAdmin} ORDER BY id DESC LIMIT 50`.execute(db);
  return r.rows;
}

export async function insertJob(
  db: Kysely<DB>,
  j: {
    userId: number | null;
    fileName: string;
    storedName: string;
    fileSize: number;
    format: TableInfo['format'];
    encoding: string | null;
    delimiter: string | null;
    header: string[];
    total: number;
  },
): Promise<JobRow> {
  const r = await sql<JobRow>`INSERT INTO import_jobs (user_id, file_name, stored_name, file_size, format, encoding, delimiter, header, status, total)
    VALUES (${j.userId}, ${j.fileName}, ${j.storedName}, ${j.fileSize}, ${j.format}, ${j.encoding}, ${j.delimiter}, ${JSON.stringify(j.header)}::jsonb, 'uploaded', ${j.total})
    RETURNING ${cols}`.execute(db);
  return r.rows[0]!;
}

/** Starts a pass over a job still at `version`: the plan stored, the counts reset. Undefined if the version moved on. */
export async function startJob(
  db: Kysely<DB>,
  id: number,
  version: number,
  plan: { mapping: Mapping; options: ImportOptions; dryRun: boolean },
): Promise<JobRow | undefined> {
  const r =
    await sql<JobRow>`UPDATE import_jobs SET status = ${plan.dryRun ? 'previewing' : 'running'}, dry_run = ${plan.dryRun}, mapping = ${JSON.stringify(plan.mapping)}::jsonb,
      options = ${JSON.stringify(plan.options)}::jsonb, kind = ${plan.options.target ?? 'clients'}, done = 0, created = 0, updated = 0, unchanged = 0, skipped = 0, rejected = 0, error = NULL,
      started_at = now(), heartbeat_at = now(), finished_at = NULL, version = version + 1
    WHERE id = ${id} AND version = ${version} RETURNING ${cols}`.execute(db);
  return r.rows[0];
}

/** Forgets a job's row outcomes (a new pass writes them again). */
export async function clearJobRows(db: Kysely<DB>, id: number): Promise<void> {
  await sql`DELETE FROM import_job_rows WHERE job_id = ${id}`.execute(db);
}

/** Puts an interrupted job still at `version` back to running. Undefined if the version moved on. */
export async function resumeJob(db: Kysely<DB>, id: number, version: number, dryRun: boolean): Promise<JobRow | undefined> {
  const r =
    await sql<JobRow>`UPDATE import_jobs SET status = ${dryRun ? 'previewing' : 'running'}, heartbeat_at = now(), version = version + 1 WHERE id = ${id} AND version = ${version} RETURNING ${cols}`.execute(
      db,
    );
  return r.rows[0];
}

export async function setJobTotal(db: Kysely<DB>, id: number, total: number): Promise<void> {
  await sql`UPDATE import_jobs SET total = ${total} WHERE id = ${id}`.execute(db);
}

/** A batch's outcomes (a row already recorded, by a resumed run, is kept) and the job's progress, in the batch's transaction. */
export async function recordBatch(trx: Kysely<DB>, id: number, outcomes: Outcome[], lastRow: number): Promise<void> {
  if (outcomes.length) {
    await sql`INSERT INTO import_job_rows (job_id, row_no, action, client_id, version_after, before, error, raw, changes, warning)
      SELECT ${id}, t.row_no, t.action, t.client_id, t.version_after, t.before::jsonb, t.error, t.raw::jsonb, t.changes::jsonb, t.warning
      FROM unnest(${outcomes.map((o) => o.rowNo)}::int[], ${outcomes.map((o) => o.action)}::text[], ${outcomes.map((o) => o.clientId ?? null)}::bigint[],
        ${outcomes.map((o) => o.versionAfter ?? null)}::int[], ${outcomes.map((o) => o.beforeJson ?? (o.before === undefined ? null : JSON.stringify(o.before)))}::text[],
        ${outcomes.map((o) => o.error ?? null)}::text[], ${outcomes.map((o) => (o.raw ? JSON.stringify(o.raw) : null))}::text[],
        ${outcomes.map((o) => o.changesJson ?? null)}::text[], ${outcomes.map((o) => o.warning ?? null)}::text[])
        AS t(row_no, action, client_id, version_after, before, error, raw, changes, warning)
      ON CONFLICT (job_id, row_no) DO NOTHING`.execute(trx);
  }
  const c = (a: Outcome['action']) => outcomes.filter((o) => o.action === a).length;
  await sql`UPDATE import_jobs SET done = ${lastRow}, created = created + ${c('created')}, updated = updated + ${c('updated')}, unchanged = unchanged + ${c('unchanged')},
    skipped = skipped + ${c('skipped')}, rejected = rejected + ${c('rejected')}, heartbeat_at = now() WHERE id = ${id}`.execute(trx);
}

/** A pass ran to its end: previewed (a dry run) or done. */
export async function finishJob(db: Kysely<DB>, id: number, dryRun: boolean): Promise<void> {
  await sql`UPDATE import_jobs SET status = ${dryRun ? 'previewed' : 'done'}, finished_at = now(), version = version + 1 WHERE id = ${id}`.execute(
    db,
  );
}

export async function failJob(db: Kysely<DB>, id: number, message: string): Promise<void> {
  await sql`UPDATE import_jobs SET status = 'failed', error = ${message}, finished_at = now(), version = version + 1 WHERE id = ${id}`.execute(db);
}

export async function markUndoing(trx: Kysely<DB>, id: number): Promise<void> {
  await sql`UPDATE import_jobs SET status = 'undoing', version = version + 1 WHERE id = ${id}`.execute(trx);
}

export async function markUndone(trx: Kysely<DB>, id: number): Promise<void> {
  await sql`UPDATE import_jobs SET status = 'undone', finished_at = now(), version = version + 1 WHERE id = ${id}`.execute(trx);
}

export async function deleteJob(db: Kysely<DB>, id: number): Promise<void> {
  await sql`DELETE FROM import_jobs WHERE id = ${id}`.execute(db);
}

/** A row that created or updated a record: its record's id and the version the import left (both set on such rows). */
export type DoneJobRow = NotNull<Pick<Row<'importJobRows'>, 'rowNo' | 'clientId' | 'versionAfter'>>;

/** A page of a job's row outcomes after `afterRow`, optionally of one action. */
export async function jobRows(db: Kysely<DB>, id: number, action: string | undefined, limit: number, afterRow: number) {
  const r = await sql<Pick<Row<'importJobRows'>, 'rowNo' | 'action' | 'clientId' | 'error' | 'warning'> & { raw: string[] | null }>`
    SELECT row_no, action, client_id::int AS client_id, error, raw, warning FROM import_job_rows
    WHERE job_id = ${id} AND row_no > ${afterRow} ${action ? sql`AND action = ${action}` : sql``} ORDER BY row_no LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** The rejected rows as read from the file, with why, in file order. */
export async function rejectedRows(db: Kysely<DB>, id: number): Promise<{ raw: string[]; error: string }[]> {
  const r = await sql<
    NotNull<Pick<Row<'importJobRows'>, 'error'>> & { raw: string[] }
  >`SELECT raw, error FROM import_job_rows WHERE job_id = ${id} AND action = 'rejected' ORDER BY row_no`.execute(db);
  return r.rows;
}

/** The rows of a client import that created a client, in file order. */
export async function createdClientRows(trx: Kysely<DB>, id: number): Promise<{ rowNo: number; clientId: number; versionAfter: number }[]> {
  const r = await sql<DoneJobRow>`
    SELECT row_no, client_id::int AS client_id, version_after FROM import_job_rows WHERE job_id = ${id} AND action = 'created' ORDER BY row_no`.execute(
    trx,
  );
  return r.rows;
}

/** The rows of a client import that updated a client, with what the update replaced, in file order. */
export async function updatedClientRows<Values>(
  trx: Kysely<DB>,
  id: number,
): Promise<{ rowNo: number; clientId: number; versionAfter: number; before: { version: number; values: Values } }[]> {
  const r = await sql<DoneJobRow & { before: { version: number; values: Values } }>`
    SELECT row_no, client_id::int AS client_id, version_after, before FROM import_job_rows WHERE job_id = ${id} AND action = 'updated' ORDER BY row_no`.execute(
    trx,
  );
  return r.rows;
}

/** Of the clients an import created, those with sales or edited past the version the import left (`versions`, by position), and why. */
export async function busyCreatedClients(trx: Kysely<DB>, ids: number[], versions: number[]): Promise<{ id: number; why: string }[]> {
  const r = await sql<Pick<Row<'clients'>, 'id'> & { why: string }>`
    SELECT c.id::int, CASE WHEN EXISTS (SELECT 1 FROM sales s WHERE s.client_id = c.id) THEN 'has sales' ELSE 'changed since the import' END AS why
    FROM clients c JOIN unnest(${ids}::bigint[], ${versions}::int[]) AS x(id, version) ON x.id = c.id
    WHERE c.version > x.version OR EXISTS (SELECT 1 FROM sales s WHERE s.client_id = c.id)`.execute(trx);
  return r.rows;
}

/** Deletes the clients an undone import created (in parts of 10,000 ids). */
export async function deleteCreatedClients(trx: Kysely<DB>, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 10_000) {
    const part = ids.slice(i, i + 10_000);
    await sql`DELETE FROM clients WHERE id = ANY(${part}::bigint[])`.execute(trx);
  }
}

/** One audit row per entity a batch wrote (`client.created`, `client.updated`, …), naming the import job; in the batch's transaction. */
export async function insertImportAudit(
  trx: Kysely<DB>,
  userId: number | null,
  action: string,
  entity: string,
  ids: number[],
  changes: unknown,
): Promise<void> {
  await sql`INSERT INTO audit_log (user_id, action, entity, entity_id, changes)
    SELECT ${userId}::bigint, ${action}, ${entity}, id, ${JSON.stringify(changes)}::jsonb FROM unnest(${ids}::bigint[]) AS id`.execute(trx);
}

/** The external ids of created clients (an external id already taken keeps its client). */
export async function insertExternalIds(trx: Kysely<DB>, pairs: (readonly [string | undefined, number | undefined])[]): Promise<void> {
  await sql`INSERT INTO client_external_ids (external_id, client_id) SELECT * FROM unnest(${pairs.map((e) => e[0])}::text[], ${pairs.map((e) => e[1])}::bigint[])
    ON CONFLICT (external_id) DO NOTHING`.execute(trx);
}

export type TemplateRow = { id: number; name: string; mapping: Record<string, string>; options: ImportOptions | Record<string, never> };

/** The owner's saved mappings (`null`: the system's), by name. */
export async function listTemplates(db: Kysely<DB>, owner: number | null): Promise<TemplateRow[]> {
  const r = await sql<TemplateRow>`
    SELECT id::int, name, mapping, options FROM import_templates WHERE owner_id IS NOT DISTINCT FROM ${owner} ORDER BY lower(name)`.execute(db);
  return r.rows;
}

/** Saves a mapping under a name, replacing the owner's template of that name (in any case). */
export async function replaceTemplate(
  db: Kysely<DB>,
  owner: number | null,
  name: string,
  mapping: Record<string, string>,
  options: unknown,
): Promise<number> {
  await sql`DELETE FROM import_templates WHERE owner_id IS NOT DISTINCT FROM ${owner} AND lower(name) = lower(${name})`.execute(db);
  const r = await sql<
    Pick<Row<'importTemplates'>, 'id'>
  >`INSERT INTO import_templates (owner_id, name, mapping, options) VALUES (${owner}, ${name}, ${JSON.stringify(mapping)}::jsonb, ${JSON.stringify(options)}::jsonb) RETURNING id::int`.execute(
    db,
  );
  return r.rows[0]!.id;
}

/** Deletes the owner's template; false if the owner has no such template. */
export async function deleteTemplate(db: Kysely<DB>, id: number, owner: number | null): Promise<boolean> {
  const r = await sql`DELETE FROM import_templates WHERE id = ${id} AND owner_id IS NOT DISTINCT FROM ${owner}`.execute(db);
  return Number(r.numAffectedRows ?? 0n) > 0;
}

export async function userExists(db: Kysely<DB>, id: number): Promise<boolean> {
  const r = await sql`SELECT 1 FROM users WHERE id = ${id}`.execute(db);
  return r.rows.length > 0;
}

export async function departmentExists(db: Kysely<DB>, id: number): Promise<boolean> {
  const r = await sql`SELECT 1 FROM departments WHERE id = ${id}`.execute(db);
  return r.rows.length > 0;
}

export type ImportUser = { id: number; login: string; name: string; email: string | null; displayName: string; active: boolean };

/** Every user (a firm has tens, not thousands): logins, names and e-mails lower-cased for matching. */
export async function usersForImport(db: Kysely<DB>): Promise<ImportUser[]> {
  const r =
    await sql<ImportUser>`SELECT id::int, lower(login) AS login, lower(regexp_replace(btrim(name), '\\s+', ' ', 'g')) AS name, lower(btrim(email)) AS email,
      name AS display_name, active FROM users ORDER BY id`.execute(db);
  return r.rows;
}

/** A department named in a sales history that the base does not have yet. */
export async function createDepartment(db: Kysely<DB>, name: string): Promise<number> {
  const r = await sql<Pick<Row<'departments'>, 'id'>>`INSERT INTO departments (name) VALUES (${name}) RETURNING id::int`.execute(db);
  return r.rows[0]!.id;
}

export type ReviewRow = {
  rowNo: number;
  action: string;
  clientId: number | null;
  changes: { client: string; fields: { field: string; from: string; to: string }[] } | null;
  warning: string | null;
};

/** Updated rows with their changes, or rows with a warning, in file order. */
export async function reviewRows(
  db: Kysely<DB>,
  jobId: number,
  kind: 'changes' | 'warnings',
  limit: number | null,
  afterRow = 0,
): Promise<ReviewRow[]> {
  const r = await sql<ReviewRow>`SELECT row_no, action, client_id::int AS client_id, changes, warning FROM import_job_rows
    WHERE job_id = ${jobId} AND row_no > ${afterRow} AND ${kind === 'changes' ? sql`action = 'updated' AND changes IS NOT NULL` : sql`warning IS NOT NULL`}
    ORDER BY row_no ${limit === null ? sql`` : sql`LIMIT ${limit}`}`.execute(db);
  return r.rows;
}

/** How many rows the review lists hold (the preview says "first 50 of N"). */
export async function reviewCounts(db: Kysely<DB>, jobId: number): Promise<{ changes: number; warnings: number }> {
  const r = await sql<{
    changes: number;
    warnings: number;
  }>`SELECT count(*) FILTER (WHERE action = 'updated' AND changes IS NOT NULL)::int AS changes,
      count(*) FILTER (WHERE warning IS NOT NULL)::int AS warnings FROM import_job_rows WHERE job_id = ${jobId}`.execute(db);
  return r.rows[0]!;
}

/** The clients a job's committed rows took, by the first row that took each (a resumed run goes on knowing them). */
export async function takenClients(db: Kysely<DB>, jobId: number): Promise<{ clientId: number; rowNo: number }[]> {
  // min(row_no) keeps the column's type
  const r = await sql<
    NotNull<Pick<Row<'importJobRows'>, 'clientId' | 'rowNo'>>
  >`SELECT client_id::int AS client_id, min(row_no) AS row_no FROM import_job_rows
    WHERE job_id = ${jobId} AND action IN ('created', 'updated', 'unchanged', 'skipped') AND client_id IS NOT NULL GROUP BY client_id`.execute(db);
  return r.rows;
}

/** A client sharing a key with an import row, with all its keys and whether the actor may see it. */
export type KeyHit = {
  id: number;
  inn: string | null;
  emails: string[];
  phones: string[];
  sortName: string;
  externalId: string | null;
  visible: boolean;
  managerName: string | null;
};

/**
 * Every unarchived client that has one of the keys (ids, external ids, INNs, e-mails, phones, sort
 * names), with whether the actor may see it; a client may come once per key it shares.
 */
export async function clientsByKeys(
  db: Kysely<DB>,
  actor: Actor,
  keys: { ids: number[]; ext: string[]; inns: string[]; emails: string[]; phones: string[]; names: string[] },
): Promise<KeyHit[]> {
  const { ids, ext, inns, emails, phones, names } = keys;
  // one index-friendly query per kind of key (an OR of them all made PostgreSQL scan the table:
  // 17 s a batch at 1M clients)
  // Each source names the clients `c` that share a key. Phones and e-mails are looked up key by key
  // (a nested loop: one GIN probe of `@> ARRAY[key]` each, 7 ms for 1,000 keys at 1M clients):
  // one `phones && $1` with the whole array took 180-240 ms, as each candidate row was compared
  // with every key of the array.
  // The lateral subquery with OFFSET 0 is not flattened, so the join order is fixed: with a plain
  // join the planner (guessing 5,000 rows a key) scanned all clients and probed every key on each.
  const byKey = (col: 'phones' | 'emails', keys: string[]) =>
    sql`unnest(${keys}::text[]) AS k(v) CROSS JOIN LATERAL (SELECT * FROM clients c WHERE c.${sql.ref(col)} @> ARRAY[k.v] OFFSET 0) c`;
  const sources = [
    ids.length ? sql`clients c WHERE c.id = ANY(${ids}::bigint[])` : null,
    inns.length ? sql`clients c WHERE c.inn = ANY(${inns}::text[])` : null,
    emails.length ? sql`${byKey('emails', emails)} WHERE true` : null,
    phones.length ? sql`${byKey('phones', phones)} WHERE true` : null,
    names.length ? sql`clients c WHERE (c.sort_name COLLATE "C") = ANY(${names}::text[])` : null,
    ext.length ? sql`clients c WHERE c.id IN (SELECT client_id FROM client_external_ids WHERE external_id = ANY(${ext}::text[]))` : null,
  ].filter((x) => x !== null);
  // With a long array the planner may guess that a key matches much of the table and scan it.
  // Without the sequential scan it walked the whole primary key instead (13 s a batch for 1,000
  // emails at 1M): only bitmap scans are left, i.e. the GIN or b-tree index of the key.
  // The kinds of key are looked up at once, each on its own connection (PostgreSQL works on them
  // in parallel; they read only).
  const lookUpOne = (source: (typeof sources)[number]) =>
    db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`.execute(trx);
      const r = await sql<KeyHit>`
      SELECT c.id::int, c.inn, c.emails, c.phones, c.sort_name, e.external_id, ${scopeSql(actor)} AS visible, u.name AS manager_name
      FROM (SELECT c.* FROM ${source} AND c.archived_at IS NULL) c
        LEFT JOIN client_external_ids e ON e.client_id = c.id LEFT JOIN users u ON u.id = c.manager_id`.execute(trx);
      return r.rows;
    });
  // at most three connections at once (the pass writes the previous batch on another meanwhile)
  const hits: KeyHit[] = [];
  for (let i = 0; i < sources.length; i += 3) hits.push(...(await Promise.all(sources.slice(i, i + 3).map(lookUpOne))).flat());
  return hits;
}
