// SQL of the import's review features: the users a "manager" column may name, departments a sales
// history may create, and the per-row changes and warnings a preview shows.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export type ImportUser = { id: number; login: string; name: string; email: string | null; displayName: string; active: boolean };

/** Every user (a firm has tens, not thousands): logins, names and e-mails lower-cased for matching. */
export async function usersForImport(db: Kysely<DB>): Promise<ImportUser[]> {
  const r = await sql<ImportUser>`SELECT id::int, lower(login) AS login, lower(regexp_replace(btrim(name), '\\s+', ' ', 'g')) AS name, lower(btrim(email)) AS email,
      name AS display_name, active FROM users ORDER BY id`.execute(db);
  return r.rows;
}

/** A department named in a sales history that the base does not have yet. */
export async function createDepartment(db: Kysely<DB>, name: string): Promise<number> {
  const r = await sql<{ id: number }>`INSERT INTO departments (name) VALUES (${name}) RETURNING id::int`.execute(db);
  return r.rows[0]!.id;
}

export type ReviewRow = { rowNo: number; action: string; clientId: number | null; changes: { client: string; fields: { field: string; from: string; to: string }[] } | null; warning: string | null };

/** Updated rows with their changes, or rows with a warning, in file order. */
export async function reviewRows(db: Kysely<DB>, jobId: number, kind: 'changes' | 'warnings', limit: number | null, afterRow = 0): Promise<ReviewRow[]> {
  const r = await sql<ReviewRow>`SELECT row_no, action, client_id::int AS client_id, changes, warning FROM import_job_rows
    WHERE job_id = ${jobId} AND row_no > ${afterRow} AND ${kind === 'changes' ? sql`action = 'updated' AND changes IS NOT NULL` : sql`warning IS NOT NULL`}
    ORDER BY row_no ${limit === null ? sql`` : sql`LIMIT ${limit}`}`.execute(db);
  return r.rows;
}

/** How many rows the review lists hold (the preview says "first 50 of N"). */
export async function reviewCounts(db: Kysely<DB>, jobId: number): Promise<{ changes: number; warnings: number }> {
  const r = await sql<{ changes: number; warnings: number }>`SELECT count(*) FILTER (WHERE action = 'updated' AND changes IS NOT NULL)::int AS changes,
      count(*) FILTER (WHERE warning IS NOT NULL)::int AS warnings FROM import_job_rows WHERE job_id = ${jobId}`.execute(db);
  return r.rows[0]!;
}

/** The clients a job's committed rows took, by the first row that took each (a resumed run goes on knowing them). */
export async function takenClients(db: Kysely<DB>, jobId: number): Promise<{ clientId: number; rowNo: number }[]> {
  const r = await sql<{ clientId: number; rowNo: number }>`SELECT client_id::int AS client_id, min(row_no) AS row_no FROM import_job_rows
    WHERE job_id = ${jobId} AND action IN ('created', 'updated', 'unchanged', 'skipped') AND client_id IS NOT NULL GROUP BY client_id`.execute(db);
  return r.rows;
}
