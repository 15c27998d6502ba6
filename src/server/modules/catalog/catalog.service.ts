// Catalog (C1), price lists (C4) and client categories (C5). Money in and out as decimal strings,
// e4 bigint inside (shared/money.ts).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { big, formatMoney, formatPercent, parseMoney, parsePercent } from '../../shared/money.js';
import { requireRight, type Actor } from '../access/rights.js';
import { insertAudit } from '../audit/audit.repository.js';

const uniqueOr = (field: string) => (e: unknown) => {
  if ((e as { code?: string }).code === '23505') throw new AppError('ALREADY_EXISTS', `${field}: already taken`, [{ field, message: 'already taken' }]);
  if ((e as { code?: string }).code === '23503') throw new AppError('VALIDATION_FAILED', 'A referenced record does not exist', [{ field: (e as { constraint?: string }).constraint?.includes('group') ? 'groupId' : 'id', message: 'does not exist' }]);
  throw e;
};

const stale = (what: string, current: number | undefined) => {
  if (current === undefined) throw new AppError('NOT_FOUND', `No such ${what}`);
  return new AppError('VERSION_CONFLICT', `The ${what} was changed by someone else`, { currentVersion: current });
};

// ---- product groups ----
export async function listGroups(db: Kysely<DB>, actor: Actor) {
  requireRight(actor, 'catalog', 'read');
  const r = await sql<{ id: number; name: string; version: number }>`SELECT id::int, name, version FROM product_groups ORDER BY lower(name)`.execute(db);
  return r.rows;
}

export async function saveGroup(db: Kysely<DB>, actor: Actor, input: { id?: number; name: string; version?: number }, ip?: string) {
  requireRight(actor, 'catalog', input.id ? 'edit' : 'create');
  const name = input.name.trim();
  const r = input.id
    ? await sql<{ id: number; name: string; version: number }>`UPDATE product_groups SET name = ${name}, version = version + 1 WHERE id = ${input.id} AND version = ${input.version ?? 0} RETURNING id::int, name, version`.execute(db).catch(uniqueOr('name'))
    : await sql<{ id: number; name: string; version: number }>`INSERT INTO product_groups (name) VALUES (${name}) RETURNING id::int, name, version`.execute(db).catch(uniqueOr('name'));
  if (!r.rows[0]) throw stale('product group', (await sql<{ version: number }>`SELECT version FROM product_groups WHERE id = ${input.id}`.execute(db)).rows[0]?.version);
  await insertAudit(db, { userId: actor.userId, action: input.id ? 'product_group.changed' : 'product_group.created', entity: 'product_group', entityId: r.rows[0].id, changes: { name }, ip });
  return r.rows[0];
}

// ---- products ----
export type ProductInput = { kind?: 'product' | 'service'; name: string; sku?: string | null; groupId?: number | null; unit?: string; price: string; cost?: string | null; active?: boolean };
type ProductRow = { id: number; kind: string; name: string; sku: string | null; groupId: number | null; groupName: string | null; unit: string; price: string; cost: string | null; active: boolean; version: number };

const productOut = (r: ProductRow, actor: Actor) => ({
  ...r,
  price: formatMoney(big(r.price)),
  // cost (margin) is a field right of its own: "catalog.cost" hidden hides it everywhere
  cost: r.cost === null || actor.fieldRights['product.cost'] === 'hidden' ? null : formatMoney(big(r.cost)),
});

const productSelect = sql`SELECT p.id::int, p.kind, p.name, p.sku, p.group_id::int AS group_id, g.name AS group_name, p.unit, p.price::text, p.cost::text, p.active, p.version
  FROM products p LEFT JOIN product_groups g ON g.id = p.group_id`;

export async function listProducts(db: Kysely<DB>, actor: Actor, q: { q?: string; groupId?: number; active?: boolean; limit: number; afterId?: number }) {
  requireRight(actor, 'catalog', 'read');
  const where = [sql`true`];
  if (q.q) where.push(sql`(p.name ILIKE ${`%${q.q.replace(/[\\%_]/g, '\\$&')}%`} OR p.sku ILIKE ${`${q.q.replace(/[\\%_]/g, '\\$&')}%`})`);
  if (q.groupId) where.push(sql`p.group_id = ${q.groupId}`);
  if (q.active !== undefined) where.push(sql`p.active = ${q.active}`);
  if (q.afterId) where.push(sql`p.id > ${q.afterId}`);
  const r = await sql<ProductRow>`${productSelect} WHERE ${sql.join(where, sql` AND `)} ORDER BY p.id LIMIT ${q.limit + 1}`.execute(db);
  const items = r.rows.slice(0, q.limit).map((x) => productOut(x, actor));
  return { items, nextAfterId: r.rows.length > q.limit ? items.at(-1)!.id : null };
}

export async function getProduct(db: Kysely<DB>, actor: Actor, id: number) {
  requireRight(actor, 'catalog', 'read');
  const r = await sql<ProductRow>`${productSelect} WHERE p.id = ${id}`.execute(db);
  if (!r.rows[0]) throw new AppError('PRODUCT_NOT_FOUND', 'No such product');
  return productOut(r.rows[0], actor);
}

export async function saveProduct(db: Kysely<DB>, actor: Actor, input: ProductInput & { id?: number; version?: number }, ip?: string) {
  requireRight(actor, 'catalog', input.id ? 'edit' : 'create');
  const price = parseMoney(input.price, 'price');
  // no cost: null, or '' — the body validator coerces null to '' in a string-or-null union (coerceTypes)
  const noCost = input.cost === undefined || input.cost === null || input.cost.trim() === '';
  const cost = noCost ? null : parseMoney(input.cost!, 'cost');
  if (cost !== null && actor.fieldRights['product.cost']) throw new AppError('FORBIDDEN', 'You may not change the cost', { field: 'cost' });
  const v = { kind: input.kind ?? 'product', name: input.name.trim(), sku: input.sku?.trim() || null, groupId: input.groupId ?? null, unit: input.unit?.trim() || 'pcs', active: input.active ?? true };
  let id = input.id;
  if (id) {
    const r = await sql<{ id: number }>`UPDATE products SET kind = ${v.kind}, name = ${v.name}, sku = ${v.sku}, group_id = ${v.groupId}, unit = ${v.unit},
      price = ${price}, cost = ${input.cost === undefined ? sql`cost` : sql`${cost}`}, active = ${v.active}, version = version + 1, updated_at = now()
      WHERE id = ${id} AND version = ${input.version ?? 0} RETURNING id::int`.execute(db).catch(uniqueOr('sku'));
    if (!r.rows[0]) throw stale('product', (await sql<{ version: number }>`SELECT version FROM products WHERE id = ${id}`.execute(db)).rows[0]?.version);
  } else {
    const r = await sql<{ id: number }>`INSERT INTO products (kind, name, sku, group_id, unit, price, cost, active)
      VALUES (${v.kind}, ${v.name}, ${v.sku}, ${v.groupId}, ${v.unit}, ${price}, ${cost}, ${v.active}) RETURNING id::int`.execute(db).catch(uniqueOr('sku'));
    id = r.rows[0]!.id;
  }
  await insertAudit(db, { userId: actor.userId, action: input.id ? 'product.changed' : 'product.created', entity: 'product', entityId: id, changes: { ...v, price: input.price }, ip });
  return getProduct(db, actor, id);
}

// ---- price lists ----
export async function listPriceLists(db: Kysely<DB>, actor: Actor) {
  requireRight(actor, 'catalog', 'read');
  const r = await sql<{ id: number; name: string; currency: string; version: number; items: number }>`
    SELECT l.id::int, l.name, l.currency, l.version, (SELECT count(*)::int FROM price_list_items i WHERE i.price_list_id = l.id) AS items
    FROM price_lists l ORDER BY lower(l.name)`.execute(db);
  return r.rows;
}

export async function savePriceList(db: Kysely<DB>, actor: Actor, input: { id?: number; version?: number; name: string; currency: string }, ip?: string) {
  requireRight(actor, 'catalog', input.id ? 'edit' : 'create');
  const name = input.name.trim();
  const known = await sql`SELECT 1 FROM currencies WHERE code = ${input.currency}`.execute(db);
  if (!known.rows.length) throw new AppError('VALIDATION_FAILED', 'currency: unknown currency', [{ field: 'currency', message: 'unknown currency' }]);
  const r = input.id
    ? await sql<{ id: number; name: string; currency: string; version: number }>`UPDATE price_lists SET name = ${name}, currency = ${input.currency}, version = version + 1
        WHERE id = ${input.id} AND version = ${input.version ?? 0} RETURNING id::int, name, currency, version`.execute(db).catch(uniqueOr('name'))
    : await sql<{ id: number; name: string; currency: string; version: number }>`INSERT INTO price_lists (name, currency) VALUES (${name}, ${input.currency})
        RETURNING id::int, name, currency, version`.execute(db).catch(uniqueOr('name'));
  if (!r.rows[0]) throw stale('price list', (await sql<{ version: number }>`SELECT version FROM price_lists WHERE id = ${input.id}`.execute(db)).rows[0]?.version);
  await insertAudit(db, { userId: actor.userId, action: input.id ? 'price_list.changed' : 'price_list.created', entity: 'price_list', entityId: r.rows[0].id, changes: { name, currency: input.currency }, ip });
  return r.rows[0];
}

export async function priceListItems(db: Kysely<DB>, actor: Actor, id: number) {
  requireRight(actor, 'catalog', 'read');
  const r = await sql<{ productId: number; name: string; price: string; basePrice: string }>`
    SELECT i.product_id::int AS product_id, p.name, i.price::text, p.price::text AS base_price
    FROM price_list_items i JOIN products p ON p.id = i.product_id WHERE i.price_list_id = ${id} ORDER BY lower(p.name), p.id`.execute(db);
  return r.rows.map((x) => ({ ...x, price: formatMoney(big(x.price)), basePrice: formatMoney(big(x.basePrice)) }));
}

/** Sets prices (price null = remove the product from the list), all or nothing. */
export async function setPriceListItems(db: Kysely<DB>, actor: Actor, id: number, items: { productId: number; price: string | null }[], ip?: string) {
  requireRight(actor, 'catalog', 'edit');
  const parsed = items.map((x, i) => ({ productId: x.productId, price: x.price === null ? null : parseMoney(x.price, `items.${i}.price`) }));
  await db.transaction().execute(async (trx) => {
    const l = await sql`SELECT 1 FROM price_lists WHERE id = ${id} FOR UPDATE`.execute(trx);
    if (!l.rows.length) throw new AppError('NOT_FOUND', 'No such price list');
    for (const x of parsed) {
      if (x.price === null) await sql`DELETE FROM price_list_items WHERE price_list_id = ${id} AND product_id = ${x.productId}`.execute(trx);
      else {
        await sql`INSERT INTO price_list_items (price_list_id, product_id, price) VALUES (${id}, ${x.productId}, ${x.price})
          ON CONFLICT (price_list_id, product_id) DO UPDATE SET price = excluded.price`.execute(trx).catch((e) => {
          if ((e as { code?: string }).code === '23503') throw new AppError('PRODUCT_NOT_FOUND', `No product ${x.productId}`, [{ field: 'productId', message: 'does not exist' }]);
          throw e;
        });
      }
    }
    await sql`UPDATE price_lists SET version = version + 1 WHERE id = ${id}`.execute(trx);
    await insertAudit(trx, { userId: actor.userId, action: 'price_list.prices', entity: 'price_list', entityId: id, changes: { items }, ip });
  });
  return priceListItems(db, actor, id);
}

// ---- client categories ----
type CategoryRow = { id: number; name: string; kind: 'fixed' | 'cumulative'; discountBp: number; minPurchases: string; bonusBp: number; version: number };
const categoryOut = (r: CategoryRow) => ({
  id: r.id, name: r.name, kind: r.kind, discount: formatPercent(r.discountBp), minPurchases: formatMoney(big(r.minPurchases)), bonus: formatPercent(r.bonusBp), version: r.version,
});

export async function listCategories(db: Kysely<DB>, actor: Actor) {
  requireRight(actor, 'loyalty', 'read');
  const r = await sql<CategoryRow>`SELECT id::int, name, kind, discount_bp, min_purchases::text, bonus_bp, version FROM client_categories ORDER BY kind, min_purchases, lower(name)`.execute(db);
  return r.rows.map(categoryOut);
}

export async function saveCategory(db: Kysely<DB>, actor: Actor, input: { id?: number; version?: number; name: string; kind: 'fixed' | 'cumulative'; discount: string; minPurchases?: string; bonus?: string }, ip?: string) {
  requireRight(actor, 'loyalty', input.id ? 'edit' : 'create');
  const discount = parsePercent(input.discount, 'discount');
  const bonus = parsePercent(input.bonus ?? '0', 'bonus');
  const min = input.kind === 'cumulative' ? parseMoney(input.minPurchases ?? '0', 'minPurchases') : 0n;
  const name = input.name.trim();
  const r = input.id
    ? await sql<CategoryRow>`UPDATE client_categories SET name = ${name}, kind = ${input.kind}, discount_bp = ${discount}, min_purchases = ${min}, bonus_bp = ${bonus}, version = version + 1
        WHERE id = ${input.id} AND version = ${input.version ?? 0} RETURNING id::int, name, kind, discount_bp, min_purchases::text, bonus_bp, version`.execute(db).catch(uniqueOr('name'))
    : await sql<CategoryRow>`INSERT INTO client_categories (name, kind, discount_bp, min_purchases, bonus_bp) VALUES (${name}, ${input.kind}, ${discount}, ${min}, ${bonus})
        RETURNING id::int, name, kind, discount_bp, min_purchases::text, bonus_bp, version`.execute(db).catch(uniqueOr('name'));
  if (!r.rows[0]) throw stale('category', (await sql<{ version: number }>`SELECT version FROM client_categories WHERE id = ${input.id}`.execute(db)).rows[0]?.version);
  await insertAudit(db, { userId: actor.userId, action: input.id ? 'category.changed' : 'category.created', entity: 'client_category', entityId: r.rows[0].id, changes: input, ip });
  return categoryOut(r.rows[0]);
}
