// SQL of a products import (the catalog): the products a batch matches (locked), SKU owners, groups
// created by name, products written and restored, the audit rows of a batch, and what an undo
// removes. Money travels as text ("12.50") in and out; the table keeps it in ten-thousandths.
import { sql, type Kysely } from 'kysely';
import type { NotNull, Row } from '../../db/rows.js';
import type { DB } from '../../db/schema.js';
import type { DoneJobRow } from './import.repository.js';
import { formatMoney, parseMoney } from '../../shared/money.js';

export type ProductValues = {
  kind: 'product' | 'service';
  name: string;
  sku: string | null;
  groupId: number | null;
  unit: string;
  price: string;
  cost: string | null;
  active: boolean;
};
export type ProductRow = ProductValues & { id: number; version: number };

const rowCols = sql`id::int, kind, name, sku, group_id::int AS group_id, unit, price::text, cost::text, active, version`;
type DbRow = Omit<ProductRow, 'price' | 'cost'> & { price: string; cost: string | null };
const fromDb = (r: DbRow): ProductRow => ({ ...r, price: formatMoney(BigInt(r.price)), cost: r.cost === null ? null : formatMoney(BigInt(r.cost)) });
const e4 = (s: string | null) => (s === null ? null : parseMoney(s, 'price').toString());

/** The products with one of the SKUs or names (lower-cased; `null`: not matched that way), locked, by id. */
export async function lockProductsByKeys(trx: Kysely<DB>, skus: string[] | null, names: string[] | null): Promise<ProductRow[]> {
  return (
    await sql<DbRow>`SELECT ${rowCols} FROM products
    WHERE ${skus ? sql`lower(sku) = ANY(${skus}::text[])` : sql`false`} OR ${names ? sql`lower(name) = ANY(${names}::text[])` : sql`false`}
    ORDER BY id FOR UPDATE`.execute(trx)
  ).rows.map(fromDb);
}

/** Who holds each of the SKUs (lower-cased). */
export async function skuOwners(trx: Kysely<DB>, skus: string[]): Promise<{ id: number; sku: string }[]> {
  return (
    await sql<
      NotNull<Pick<Row<'products'>, 'id' | 'sku'>>
    >`SELECT id::int, lower(sku) AS sku FROM products WHERE lower(sku) = ANY(${skus}::text[])`.execute(trx)
  ).rows;
}

/** Creates the groups of these names the catalog lacks (names compared case-insensitively). */
export async function ensureGroups(trx: Kysely<DB>, names: string[]): Promise<void> {
  await sql`INSERT INTO product_groups (name) SELECT DISTINCT ON (lower(n)) n FROM unnest(${names}::text[]) n ON CONFLICT (lower(name)) DO NOTHING`.execute(
    trx,
  );
}

/** The groups of these names (lower-cased). */
export async function groupsByName(trx: Kysely<DB>, lowerNames: string[]): Promise<{ id: number; name: string }[]> {
  return (
    await sql<
      Pick<Row<'productGroups'>, 'id' | 'name'>
    >`SELECT id::int, name FROM product_groups WHERE lower(name) = ANY(${lowerNames}::text[])`.execute(trx)
  ).rows;
}

/** Writes a product still at `version`; false if it moved on. */
export async function updateProduct(trx: Kysely<DB>, id: number, version: number, v: ProductValues): Promise<boolean> {
  const r =
    await sql`UPDATE products SET kind = ${v.kind}, name = ${v.name}, sku = ${v.sku}, group_id = ${v.groupId}, unit = ${v.unit}, price = ${e4(v.price)}::bigint,
    cost = ${e4(v.cost)}::bigint, active = ${v.active}, version = version + 1, updated_at = now() WHERE id = ${id} AND version = ${version}`.execute(
      trx,
    );
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** A new product; undefined when its SKU is taken meanwhile. */
export async function insertProduct(trx: Kysely<DB>, v: ProductValues): Promise<number | undefined> {
  const r = await sql<Pick<Row<'products'>, 'id'>>`INSERT INTO products (kind, name, sku, group_id, unit, price, cost, active)
    VALUES (${v.kind}, ${v.name}, ${v.sku}, ${v.groupId}, ${v.unit}, ${e4(v.price)}::bigint, ${e4(v.cost)}::bigint, ${v.active})
    ON CONFLICT DO NOTHING RETURNING id::int`.execute(trx);
  return r.rows[0]?.id;
}

/** One audit row per product a batch wrote (`product.created`, `product.changed`), naming the import job; in the batch's transaction. */
export async function insertProductAudit(
  trx: Kysely<DB>,
  userId: number | null,
  entries: { id: number; action: string }[],
  jobId: number,
): Promise<void> {
  await sql`INSERT INTO audit_log (user_id, action, entity, entity_id, changes)
    SELECT ${userId}::bigint, a, 'product', id, ${JSON.stringify({ importJob: jobId })}::jsonb
    FROM unnest(${entries.map((a) => a.id)}::bigint[], ${entries.map((a) => a.action)}::text[]) AS t(id, a)`.execute(trx);
}

/** The rows of a products import that created a product, in file order. */
export async function createdProductRows(trx: Kysely<DB>, jobId: number): Promise<{ rowNo: number; clientId: number }[]> {
  return (
    await sql<
      NotNull<Pick<Row<'importJobRows'>, 'rowNo' | 'clientId'>>
    >`SELECT row_no, client_id::int AS client_id FROM import_job_rows WHERE job_id = ${jobId} AND action = 'created' ORDER BY row_no`.execute(trx)
  ).rows;
}

/** The rows of a products import that changed a product, with what they replaced, in file order. */
export async function updatedProductRows(
  trx: Kysely<DB>,
  jobId: number,
): Promise<{ rowNo: number; clientId: number; versionAfter: number; before: { values: ProductValues } }[]> {
  return (
    await sql<DoneJobRow & { before: { values: ProductValues } }>`
    SELECT row_no, client_id::int AS client_id, version_after, before FROM import_job_rows WHERE job_id = ${jobId} AND action = 'updated' AND client_id IS NOT NULL ORDER BY row_no`.execute(
      trx,
    )
  ).rows;
}

/** Waits for the sales being written and holds new ones until the transaction ends. */
export async function lockSaleItems(trx: Kysely<DB>): Promise<void> {
  await sql`LOCK TABLE sale_items IN SHARE MODE`.execute(trx);
}

/** Of these products, those sold or changed since they were created, and why. */
export async function busyCreatedProducts(trx: Kysely<DB>, ids: number[]): Promise<{ id: number; why: string }[]> {
  return (
    await sql<Pick<Row<'products'>, 'id'> & { why: string }>`
    SELECT p.id::int, CASE WHEN EXISTS (SELECT 1 FROM sale_items i WHERE i.product_id = p.id) THEN 'has sales' ELSE 'changed since the import' END AS why
    FROM products p WHERE p.id = ANY(${ids}::bigint[]) AND (p.version > 1 OR EXISTS (SELECT 1 FROM sale_items i WHERE i.product_id = p.id))`.execute(
      trx,
    )
  ).rows;
}

export async function deleteProducts(trx: Kysely<DB>, ids: number[]): Promise<void> {
  await sql`DELETE FROM products WHERE id = ANY(${ids}::bigint[])`.execute(trx);
}
