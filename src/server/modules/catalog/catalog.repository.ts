// The SQL of the catalog: product groups, products, price lists and client categories. Money
// columns are bigint ten-thousandths: read as text (exact), written from a bigint (exact).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** A money amount for a bigint column: schema.ts types bigint columns as number, the value goes out as its exact decimal text. */
const exact = (v: bigint) => sql<number>`${v}`;

type Db = Kysely<DB>;

// ---- product groups ----
export const listGroups = (db: Db) =>
  db
    .selectFrom('productGroups')
    .select(['id', 'name', 'version'])
    .orderBy((eb) => eb.fn('lower', ['name']))
    .execute();

export const insertGroup = (db: Db, name: string) =>
  db.insertInto('productGroups').values({ name }).returning(['id', 'name', 'version']).executeTakeFirstOrThrow();

/** The renamed group, or undefined when the id or the version does not match. */
export const updateGroup = (db: Db, id: number, version: number, name: string) =>
  db
    .updateTable('productGroups')
    .set((eb) => ({ name, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id', 'name', 'version'])
    .executeTakeFirst();

export const groupVersion = async (db: Db, id: number) =>
  (await db.selectFrom('productGroups').select('version').where('id', '=', id).executeTakeFirst())?.version;

// ---- products ----
export type ProductRow = {
  id: number;
  kind: string;
  name: string;
  sku: string | null;
  groupId: number | null;
  groupName: string | null;
  unit: string;
  price: string;
  cost: string | null;
  active: boolean;
  version: number;
};

const products = (db: Db) =>
  db
    .selectFrom('products as p')
    .leftJoin('productGroups as g', 'g.id', 'p.groupId')
    .select((eb) => [
      'p.id',
      'p.kind',
      'p.name',
      'p.sku',
      'p.groupId',
      'g.name as groupName',
      'p.unit',
      eb.cast<string>('p.price', 'text').as('price'),
      eb.cast<string | null>('p.cost', 'text').as('cost'),
      'p.active',
      'p.version',
    ]);

/** `%`, `_` and `\` taken literally in a LIKE pattern */
const likeEscaped = (s: string) => s.replace(/[\\%_]/g, '\\$&');

export async function listProducts(
  db: Db,
  q: { q?: string; groupId?: number; active?: boolean; limit: number; afterId?: number },
): Promise<ProductRow[]> {
  let query = products(db);
  if (q.q) {
    const text = q.q;
    query = query.where((eb) => eb.or([eb('p.name', 'ilike', `%${likeEscaped(text)}%`), eb('p.sku', 'ilike', `${likeEscaped(text)}%`)]));
  }
  if (q.groupId) query = query.where('p.groupId', '=', q.groupId);
  if (q.active !== undefined) query = query.where('p.active', '=', q.active);
  if (q.afterId) query = query.where('p.id', '>', q.afterId);
  return query
    .orderBy('p.id')
    .limit(q.limit + 1)
    .execute();
}

export const findProduct = (db: Db, id: number): Promise<ProductRow | undefined> => products(db).where('p.id', '=', id).executeTakeFirst();

export type ProductValues = { kind: string; name: string; sku: string | null; groupId: number | null; unit: string; active: boolean; price: bigint };

export async function insertProduct(db: Db, v: ProductValues & { cost: bigint | null }): Promise<number> {
  const r = await db
    .insertInto('products')
    .values({
      kind: v.kind,
      name: v.name,
      sku: v.sku,
      groupId: v.groupId,
      unit: v.unit,
      price: exact(v.price),
      cost: v.cost === null ? null : exact(v.cost),
      active: v.active,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Changes a product at `version`; cost undefined keeps the stored cost. False when the id or the version does not match. */
export async function updateProduct(db: Db, id: number, version: number, v: ProductValues & { cost: bigint | null | undefined }): Promise<boolean> {
  const r = await db
    .updateTable('products')
    .set((eb) => ({
      kind: v.kind,
      name: v.name,
      sku: v.sku,
      groupId: v.groupId,
      unit: v.unit,
      price: exact(v.price),
      ...(v.cost !== undefined && { cost: v.cost === null ? null : exact(v.cost) }),
      active: v.active,
      version: eb('version', '+', 1),
      updatedAt: sql<Date>`now()`,
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export const productVersion = async (db: Db, id: number) =>
  (await db.selectFrom('products').select('version').where('id', '=', id).executeTakeFirst())?.version;

// ---- price lists ----
export const listPriceLists = (db: Db) =>
  db
    .selectFrom('priceLists as l')
    .select((eb) => [
      'l.id',
      'l.name',
      'l.currency',
      'l.version',
      eb
        .selectFrom('priceListItems as i')
        .whereRef('i.priceListId', '=', 'l.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .$asScalar()
        .$notNull()
        .as('items'),
    ])
    .orderBy((eb) => eb.fn('lower', ['l.name']))
    .execute();

export const currencyExists = async (db: Db, code: string) =>
  (await db.selectFrom('currencies').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;

export const insertPriceList = (db: Db, name: string, currency: string) =>
  db.insertInto('priceLists').values({ name, currency }).returning(['id', 'name', 'currency', 'version']).executeTakeFirstOrThrow();

export const updatePriceList = (db: Db, id: number, version: number, name: string, currency: string) =>
  db
    .updateTable('priceLists')
    .set((eb) => ({ name, currency, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id', 'name', 'currency', 'version'])
    .executeTakeFirst();

export const priceListVersion = async (db: Db, id: number) =>
  (await db.selectFrom('priceLists').select('version').where('id', '=', id).executeTakeFirst())?.version;

/** Locks the price list's row for the rest of the transaction; false when there is no such list. */
export const lockPriceList = async (trx: Db, id: number) =>
  (await trx.selectFrom('priceLists').select('id').where('id', '=', id).forUpdate().executeTakeFirst()) !== undefined;

export const bumpPriceListVersion = (trx: Db, id: number) =>
  trx
    .updateTable('priceLists')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();

export const listPriceItems = (db: Db, id: number) =>
  db
    .selectFrom('priceListItems as i')
    .innerJoin('products as p', 'p.id', 'i.productId')
    .select((eb) => ['i.productId', 'p.name', eb.cast<string>('i.price', 'text').as('price'), eb.cast<string>('p.price', 'text').as('basePrice')])
    .where('i.priceListId', '=', id)
    .orderBy((eb) => eb.fn('lower', ['p.name']))
    .orderBy('p.id')
    .execute();

export const deletePriceItem = (trx: Db, priceListId: number, productId: number) =>
  trx.deleteFrom('priceListItems').where('priceListId', '=', priceListId).where('productId', '=', productId).execute();

export const upsertPriceItem = (trx: Db, priceListId: number, productId: number, price: bigint) =>
  trx
    .insertInto('priceListItems')
    .values({ priceListId, productId, price: exact(price) })
    .onConflict((oc) => oc.columns(['priceListId', 'productId']).doUpdateSet((eb) => ({ price: eb.ref('excluded.price') })))
    .execute();

// ---- client categories ----
export type CategoryValues = { name: string; kind: 'fixed' | 'cumulative'; discountBp: number; minPurchases: bigint; bonusBp: number };

const categoryColumns = ['id', 'name', 'kind', 'discountBp', 'bonusBp', 'version'] as const;

export const listCategories = (db: Db) =>
  db
    .selectFrom('clientCategories')
    .select((eb) => [...categoryColumns, eb.cast<string>('minPurchases', 'text').as('minPurchases')])
    .$narrowType<{ kind: 'fixed' | 'cumulative' }>()
    .orderBy('kind')
    .orderBy('minPurchases')
    .orderBy((eb) => eb.fn('lower', ['name']))
    .execute();

export const insertCategory = (db: Db, v: CategoryValues) =>
  db
    .insertInto('clientCategories')
    .values({ ...v, minPurchases: exact(v.minPurchases) })
    .returning((eb) => [...categoryColumns, eb.cast<string>('minPurchases', 'text').as('minPurchases')])
    .$narrowType<{ kind: 'fixed' | 'cumulative' }>()
    .executeTakeFirstOrThrow();

export const updateCategory = (db: Db, id: number, version: number, v: CategoryValues) =>
  db
    .updateTable('clientCategories')
    .set((eb) => ({ ...v, minPurchases: exact(v.minPurchases), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returning((eb) => [...categoryColumns, eb.cast<string>('minPurchases', 'text').as('minPurchases')])
    .$narrowType<{ kind: 'fixed' | 'cumulative' }>()
    .executeTakeFirst();

export const categoryVersion = async (db: Db, id: number) =>
  (await db.selectFrom('clientCategories').select('version').where('id', '=', id).executeTakeFirst())?.version;
