// SQL of a sales history import: the users and departments a file may name, the sales a batch
// already has, the products its lines name, the firm's local times as instants, a savepoint per
// sale, and what an undo removes (the report's facts negated, the sales and their children deleted).
import { sql, type Kysely } from 'kysely';
import type { Row } from '../../db/rows.js';
import type { DB } from '../../db/schema.js';

/** Every user, login and name lower-cased for matching, with their department. */
export async function usersForSales(db: Kysely<DB>): Promise<{ id: number; login: string; name: string; departmentId: number | null }[]> {
  return (
    await sql<
      Pick<Row<'users'>, 'id' | 'login' | 'name' | 'departmentId'>
    >`SELECT id::int, lower(login) AS login, lower(name) AS name, department_id::int AS department_id FROM users`.execute(db)
  ).rows;
}

/** Every department, its name lower-cased, by id. */
export async function departmentsForSales(db: Kysely<DB>): Promise<{ id: number; name: string }[]> {
  return (await sql<Pick<Row<'departments'>, 'id' | 'name'>>`SELECT id::int, lower(name) AS name FROM departments ORDER BY id`.execute(db)).rows;
}

/** "number|client id" of the sales (not returns) already in the base with one of these numbers. */
export async function existingSaleKeys(trx: Kysely<DB>, numbers: string[]): Promise<string[]> {
  return (
    await sql<{ k: string }>`SELECT number || '|' || client_id AS k FROM sales WHERE number = ANY(${numbers}::text[]) AND kind = 'sale'`.execute(trx)
  ).rows.map((r) => r.k);
}

/** The products with one of the SKUs or names (lower-cased), SKU and name lower-cased, by id. */
export async function productsByKeys(trx: Kysely<DB>, skus: string[], names: string[]): Promise<{ id: number; sku: string | null; name: string }[]> {
  return (
    await sql<Pick<Row<'products'>, 'id' | 'sku' | 'name'>>`SELECT id::int, lower(sku) AS sku, lower(name) AS name FROM products
    WHERE lower(sku) = ANY(${skus}::text[]) OR lower(name) = ANY(${names}::text[]) ORDER BY id`.execute(trx)
  ).rows;
}

/** Local date-times ("2024-03-01T10:00") as instants in the time zone, in one statement. */
export async function localInstants(trx: Kysely<DB>, locals: string[], timezone: string): Promise<{ local: string; t: Date }[]> {
  return (
    await sql<{ local: string; t: Date }>`SELECT l AS local, (l::timestamp AT TIME ZONE ${timezone}) AS t FROM unnest(${locals}::text[]) l`.execute(
      trx,
    )
  ).rows;
}

/** A savepoint before each sale of a batch. */
export async function saleSavepoint(trx: Kysely<DB>): Promise<void> {
  await sql`SAVEPOINT import_sale`.execute(trx);
}

/** The sale went through: kept (released), or undone (a dry run). */
export async function releaseSale(trx: Kysely<DB>, undo: boolean): Promise<void> {
  await sql.raw(undo ? 'ROLLBACK TO SAVEPOINT import_sale; RELEASE SAVEPOINT import_sale' : 'RELEASE SAVEPOINT import_sale').execute(trx);
}

/** The sale failed: rolled back and released, so the next sale's savepoint is not nested in this one. */
export async function abandonSale(trx: Kysely<DB>): Promise<void> {
  await sql`ROLLBACK TO SAVEPOINT import_sale; RELEASE SAVEPOINT import_sale`.execute(trx);
}

/** The rows of a sales import that recorded a sale, with its id, in file order. */
export async function createdSaleRows(trx: Kysely<DB>, jobId: number): Promise<{ rowNo: number; saleId: number }[]> {
  return (
    // client_id holds the sale's id in a sales import
    (
      await sql<Pick<Row<'importJobRows'>, 'rowNo'> & { saleId: number }>`SELECT row_no, client_id::int AS sale_id FROM import_job_rows
    WHERE job_id = ${jobId} AND action = 'created' AND client_id IS NOT NULL ORDER BY row_no`.execute(trx)
    ).rows
  );
}

/** Locks the sales, by id. */
export async function lockSales(trx: Kysely<DB>, ids: number[]): Promise<void> {
  await sql`SELECT 1 FROM sales WHERE id = ANY(${ids}::bigint[]) ORDER BY id FOR UPDATE`.execute(trx);
}

/** Of these sales, those returned, paid off, cancelled or changed since, and why. */
export async function busyImportedSales(trx: Kysely<DB>, ids: number[]): Promise<{ id: number; why: string }[]> {
  return (
    await sql<Pick<Row<'sales'>, 'id'> & { why: string }>`
    SELECT s.id::int, CASE WHEN EXISTS (SELECT 1 FROM sales r WHERE r.corrects_id = s.id) THEN 'has a return' ELSE 'changed since the import' END AS why
    FROM sales s WHERE s.id = ANY(${ids}::bigint[]) AND (s.version > 1 OR s.status <> 'completed' OR EXISTS (SELECT 1 FROM sales r WHERE r.corrects_id = s.id))`.execute(
      trx,
    )
  ).rows;
}

/**
 * Removes the sales (at most some thousands of ids): the report's facts are append-only, so a
 * removed completed sale leaves its negation, as a cancellation does; then its children (no
 * foreign key cascades from a sale) and the sale. Returns the sales' clients.
 */
export async function removeSales(trx: Kysely<DB>, ids: number[]): Promise<number[]> {
  await sql`INSERT INTO sale_facts (sale_id, client_id, department_id, employee_id, day, amount)
    SELECT id, client_id, department_id, employee_id, day, -base_total FROM sales WHERE id = ANY(${ids}::bigint[]) AND status = 'completed' ORDER BY id`.execute(
    trx,
  );
  await sql`DELETE FROM bonus_movements WHERE sale_id = ANY(${ids}::bigint[])`.execute(trx);
  await sql`DELETE FROM sale_payments WHERE sale_id = ANY(${ids}::bigint[])`.execute(trx);
  await sql`DELETE FROM sale_items WHERE sale_id = ANY(${ids}::bigint[])`.execute(trx);
  const r = await sql<
    Pick<Row<'sales'>, 'clientId'>
  >`DELETE FROM sales WHERE id = ANY(${ids}::bigint[]) RETURNING client_id::int AS client_id`.execute(trx);
  return r.rows.map((x) => x.clientId);
}

/** Does the firm have cumulative client categories (tiers a removed sale may change)? */
export async function hasCumulativeTiers(trx: Kysely<DB>): Promise<boolean> {
  return (await sql`SELECT 1 FROM client_categories WHERE kind = 'cumulative' LIMIT 1`.execute(trx)).rows.length > 0;
}
