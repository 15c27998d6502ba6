// Catalog: products and services, price lists and client categories. Money in and out as decimal strings,
// e4 bigint inside (shared/money.ts). Each change and its audit row are one transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { translatePgErrors } from '../../db/pg-errors.js';
import { AppError } from '../../shared/errors.js';
import { big, formatMoney, formatPercent, parseMoney, parsePercent } from '../../shared/money.js';
import { requireRight, type Actor } from '../access/rights.js';
import { insertAudit } from '../../db/audit-log.js';
import * as repo from './catalog.repository.js';

/** A unique violation names the taken field; a missing referenced record is the group (or the id). */
const uniqueOr = <T>(field: string, work: () => Promise<T>) =>
  translatePgErrors(work, {
    unique: () => new AppError('ALREADY_EXISTS', `${field}: already taken`, [{ field, message: 'already taken' }]),
    foreignKey: (constraint) =>
      new AppError('VALIDATION_FAILED', 'A referenced record does not exist', [
        { field: constraint?.includes('group') ? 'groupId' : 'id', message: 'does not exist' },
      ]),
  });

const stale = (what: string, current: number | undefined) => {
  if (current === undefined) throw new AppError('NOT_FOUND', `No such ${what}`);
  return new AppError('VERSION_CONFLICT', `The ${what} was changed by someone else`, { currentVersion: current });
};

// ---- product groups ----
export async function listGroups(db: Kysely<DB>, actor: Actor) {
  requireRight(actor, 'catalog', 'read');
  return repo.listGroups(db);
}

export async function saveGroup(db: Kysely<DB>, actor: Actor, input: { id?: number; name: string; version?: number }, ip?: string) {
  requireRight(actor, 'catalog', input.id ? 'edit' : 'create');
  const name = input.name.trim();
  return db.transaction().execute(async (trx) => {
    const row = input.id
      ? await uniqueOr('name', () => repo.updateGroup(trx, input.id!, input.version ?? 0, name))
      : await uniqueOr('name', () => repo.insertGroup(trx, name));
    if (!row) throw stale('product group', await repo.groupVersion(trx, input.id!));
    await insertAudit(trx, {
      userId: actor.userId,
      action: input.id ? 'product_group.changed' : 'product_group.created',
      entity: 'product_group',
      entityId: row.id,
      changes: { name },
      ip,
    });
    return row;
  });
}

// ---- products ----
export type ProductInput = {
  kind?: 'product' | 'service';
  name: string;
  sku?: string | null;
  groupId?: number | null;
  unit?: string;
  price: string;
  cost?: string | null;
  active?: boolean;
};

const productOut = (r: repo.ProductRow, actor: Actor) => ({
  ...r,
  price: formatMoney(big(r.price)),
  // cost (margin) is a field right of its own: "catalog.cost" hidden hides it everywhere
  cost: r.cost === null || actor.fieldRights['product.cost'] === 'hidden' ? null : formatMoney(big(r.cost)),
});

export async function listProducts(
  db: Kysely<DB>,
  actor: Actor,
  q: { q?: string; groupId?: number; active?: boolean; limit: number; afterId?: number },
) {
  requireRight(actor, 'catalog', 'read');
  const rows = await repo.listProducts(db, q);
  const items = rows.slice(0, q.limit).map((x) => productOut(x, actor));
  return { items, nextAfterId: rows.length > q.limit ? items.at(-1)!.id : null };
}

export async function getProduct(db: Kysely<DB>, actor: Actor, id: number) {
  requireRight(actor, 'catalog', 'read');
  const row = await repo.findProduct(db, id);
  if (!row) throw new AppError('PRODUCT_NOT_FOUND', 'No such product');
  return productOut(row, actor);
}

export async function saveProduct(db: Kysely<DB>, actor: Actor, input: ProductInput & { id?: number; version?: number }, ip?: string) {
  requireRight(actor, 'catalog', input.id ? 'edit' : 'create');
  const price = parseMoney(input.price, 'price');
  // no cost: null, or '' — the body validator coerces null to '' in a string-or-null union (coerceTypes)
  const noCost = input.cost === undefined || input.cost === null || input.cost.trim() === '';
  const cost = noCost ? null : parseMoney(input.cost!, 'cost');
  if (cost !== null && actor.fieldRights['product.cost']) throw new AppError('FORBIDDEN', 'You may not change the cost', { field: 'cost' });
  const v = {
    kind: input.kind ?? 'product',
    name: input.name.trim(),
    sku: input.sku?.trim() || null,
    groupId: input.groupId ?? null,
    unit: input.unit?.trim() || 'pcs',
    active: input.active ?? true,
  };
  const id = await db.transaction().execute(async (trx) => {
    let id = input.id;
    if (id) {
      // cost left out keeps the stored one
      const done = await uniqueOr('sku', () =>
        repo.updateProduct(trx, id!, input.version ?? 0, { ...v, price, cost: input.cost === undefined ? undefined : cost }),
      );
      if (!done) throw stale('product', await repo.productVersion(trx, id));
    } else {
      id = await uniqueOr('sku', () => repo.insertProduct(trx, { ...v, price, cost }));
    }
    await insertAudit(trx, {
      userId: actor.userId,
      action: input.id ? 'product.changed' : 'product.created',
      entity: 'product',
      entityId: id,
      changes: { ...v, price: input.price },
      ip,
    });
    return id;
  });
  return getProduct(db, actor, id);
}

// ---- price lists ----
export async function listPriceLists(db: Kysely<DB>, actor: Actor) {
  requireRight(actor, 'catalog', 'read');
  return repo.listPriceLists(db);
}

export async function savePriceList(
  db: Kysely<DB>,
  actor: Actor,
  input: { id?: number; version?: number; name: string; currency: string },
  ip?: string,
) {
  requireRight(actor, 'catalog', input.id ? 'edit' : 'create');
  const name = input.name.trim();
  if (!(await repo.currencyExists(db, input.currency)))
    throw new AppError('VALIDATION_FAILED', 'currency: unknown currency', [{ field: 'currency', message: 'unknown currency' }]);
  return db.transaction().execute(async (trx) => {
    const row = input.id
      ? await uniqueOr('name', () => repo.updatePriceList(trx, input.id!, input.version ?? 0, name, input.currency))
      : await uniqueOr('name', () => repo.insertPriceList(trx, name, input.currency));
    if (!row) throw stale('price list', await repo.priceListVersion(trx, input.id!));
    await insertAudit(trx, {
      userId: actor.userId,
      action: input.id ? 'price_list.changed' : 'price_list.created',
      entity: 'price_list',
      entityId: row.id,
      changes: { name, currency: input.currency },
      ip,
    });
    return row;
  });
}

export async function priceListItems(db: Kysely<DB>, actor: Actor, id: number) {
  requireRight(actor, 'catalog', 'read');
  const rows = await repo.listPriceItems(db, id);
  return rows.map((x) => ({ ...x, price: formatMoney(big(x.price)), basePrice: formatMoney(big(x.basePrice)) }));
}

/** Sets prices (price null = remove the product from the list), all or nothing. */
export async function setPriceListItems(db: Kysely<DB>, actor: Actor, id: number, items: { productId: number; price: string | null }[], ip?: string) {
  requireRight(actor, 'catalog', 'edit');
  const parsed = items.map((x, i) => ({ productId: x.productId, price: x.price === null ? null : parseMoney(x.price, `items.${i}.price`) }));
  await db.transaction().execute(async (trx) => {
    if (!(await repo.lockPriceList(trx, id))) throw new AppError('NOT_FOUND', 'No such price list');
    for (const x of parsed) {
      if (x.price === null) await repo.deletePriceItem(trx, id, x.productId);
      else {
        const price = x.price;
        await translatePgErrors(() => repo.upsertPriceItem(trx, id, x.productId, price), {
          foreignKey: () => new AppError('PRODUCT_NOT_FOUND', `No product ${x.productId}`, [{ field: 'productId', message: 'does not exist' }]),
        });
      }
    }
    await repo.bumpPriceListVersion(trx, id);
    await insertAudit(trx, { userId: actor.userId, action: 'price_list.prices', entity: 'price_list', entityId: id, changes: { items }, ip });
  });
  return priceListItems(db, actor, id);
}

// ---- client categories ----
type CategoryRow = Awaited<ReturnType<typeof repo.listCategories>>[number];
const categoryOut = (r: CategoryRow) => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  discount: formatPercent(r.discountBp),
  minPurchases: formatMoney(big(r.minPurchases)),
  bonus: formatPercent(r.bonusBp),
  version: r.version,
});

export async function listCategories(db: Kysely<DB>, actor: Actor) {
  requireRight(actor, 'loyalty', 'read');
  return (await repo.listCategories(db)).map(categoryOut);
}

export async function saveCategory(
  db: Kysely<DB>,
  actor: Actor,
  input: { id?: number; version?: number; name: string; kind: 'fixed' | 'cumulative'; discount: string; minPurchases?: string; bonus?: string },
  ip?: string,
) {
  requireRight(actor, 'loyalty', input.id ? 'edit' : 'create');
  const discount = parsePercent(input.discount, 'discount');
  const bonus = parsePercent(input.bonus ?? '0', 'bonus');
  const min = input.kind === 'cumulative' ? parseMoney(input.minPurchases ?? '0', 'minPurchases') : 0n;
  const v = { name: input.name.trim(), kind: input.kind, discountBp: discount, minPurchases: min, bonusBp: bonus };
  return db.transaction().execute(async (trx) => {
    const row = input.id
      ? await uniqueOr('name', () => repo.updateCategory(trx, input.id!, input.version ?? 0, v))
      : await uniqueOr('name', () => repo.insertCategory(trx, v));
    if (!row) throw stale('category', await repo.categoryVersion(trx, input.id!));
    await insertAudit(trx, {
      userId: actor.userId,
      action: input.id ? 'category.changed' : 'category.created',
      entity: 'client_category',
      entityId: row.id,
      changes: input,
      ip,
    });
    return categoryOut(row);
  });
}
