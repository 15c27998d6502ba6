// The sales of the benchmark base (issue 4): `npm run bench -- generate-sales --clients N --sales M`
// adds to .bench-data/c<N> a catalog (30 groups, 1,000 products, 3 price lists), 20 departments,
// 3 client categories with discounts and bonus percentages, and M completed sales over three
// years (2023-01-01 .. 2025-12-31, slowly growing), fixed seed 4:
// - clients buy with a heavy-tailed (log-normal) frequency, 1 in 5 never; wholesale clients buy
//   10-50 of a product; 1 to 4 items per sale (2.5 on average), popular products more often;
// - every amount comes from the product's own arithmetic (sales/pricing.ts priceLines / accrual):
//   price from the client's price list, else the product's price; the category's discount as the
//   automatic discount; total rounded to cents once; points accrued with the category's bonus;
// - the rows the product writes for a completed sale: `sales`, `sale_items`, one `sale_payments`
//   row (95 %; the rest leave a debt), a `bonus_movements` accrual with the running balance and
//   `bonus_accounts`, and the `sale_facts` row the rating report reads.
// Not generated: audit rows, returns, cancellations, other currencies, cumulative tiers.
// Loading: INSERT ... SELECT FROM unnest(arrays) in batches, ids assigned here (sequences set
// after), secondary indexes and foreign keys dropped during the load and rebuilt / validated after.
import { sql } from 'kysely';
import type { Database } from '../src/server/db/database.js';
import { prng } from '../src/server/modules/demo/demo-data.js';
import { accrual, priceLines, type LineInput } from '../src/server/modules/sales/pricing.js';
import type { BenchDb } from './data.js';
import { withSecondaryIndexesDropped } from './indexes.js';

export const SALES_SEED = 4;
export const FIRST_DAY = '2023-01-01';
export const LAST_DAY = '2025-12-31';
export const salesCommand = (clients: number, sales: number) =>
  `npm run bench -- generate-sales --clients ${clients} --sales ${sales} (seed ${SALES_SEED})`;

const DEPARTMENTS = 20;
const GROUPS = 30;
const PRODUCTS = 1000;
const SALE_TABLES = ['sales', 'sale_items', 'sale_payments', 'bonus_movements', 'bonus_accounts', 'sale_facts'];
const E8 = 100_000_000n; // the rate of the base currency

export async function salesCount(db: Database): Promise<number> {
  return Number((await sql<{ n: string }>`SELECT count(*) AS n FROM sales`.execute(db)).rows[0]!.n);
}

export type Catalog = {
  departments: number[];
  products: { id: number; price: bigint }[];
  lists: Map<number, Map<number, bigint>>; // price list -> product -> price
  categories: Map<number, { discountBp: number; bonusBp: number }>;
  card: number; // the category "Card": no discount, 3 % bonus
};

/** Departments up to 20, the catalog, price lists, categories and the clients' terms. Idempotent. */
export async function ensureCatalog(db: Database): Promise<Catalog> {
  const r = prng(SALES_SEED);
  const haveDepts = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM departments`.execute(db)).rows[0]!.n);
  for (let d = haveDepts + 1; d <= DEPARTMENTS; d++) await sql`INSERT INTO departments (name) VALUES (${`Отдел ${d}`})`.execute(db);
  const fresh = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM products`.execute(db)).rows[0]!.n) === 0;
  if (fresh) {
    await db.transaction().execute(async (trx) => {
      const groups: number[] = [];
      for (let g = 1; g <= GROUPS; g++)
        groups.push((await sql<{ id: number }>`INSERT INTO product_groups (name) VALUES (${`Группа ${g}`}) RETURNING id`.execute(trx)).rows[0]!.id);
      const names: string[] = [],
        skus: string[] = [],
        gs: number[] = [],
        prices: string[] = [],
        costs: string[] = [];
      for (let p = 1; p <= PRODUCTS; p++) {
        // 30 .. 30,000 roubles, log-uniform, whole cents (e4: a multiple of 100)
        const cents = Math.round(Math.exp(Math.log(3000) + r() * Math.log(1000)));
        names.push(`Товар ${p}`);
        skus.push(`SKU-${100000 + p}`);
        gs.push(groups[Math.floor(r() * GROUPS)]!);
        prices.push(String(cents * 100));
        costs.push(String(Math.round(cents * 0.6) * 100));
      }
      await sql`INSERT INTO products (name, sku, group_id, price, cost)
        SELECT * FROM unnest(${names}::text[], ${skus}::text[], ${gs}::bigint[], ${prices}::bigint[], ${costs}::bigint[])`.execute(trx);
      // wholesale: every product at 85 %; partner: half of them at 90 %; VIP: one in five at 80 %
      for (const [name, share, pct] of [
        ['Опт', 1, 85],
        ['Партнёр', 0.5, 90],
        ['VIP', 0.2, 80],
      ] as const) {
        const id = (await sql<{ id: number }>`INSERT INTO price_lists (name, currency) VALUES (${name}, 'RUB') RETURNING id`.execute(trx)).rows[0]!
          .id;
        await sql`INSERT INTO price_list_items (price_list_id, product_id, price)
          SELECT ${id}, id, round(price * ${pct} / 100.0 / 100) * 100 FROM products WHERE (id * 7919) % 100 < ${share * 100}`.execute(trx);
      }
      for (const [name, disc, bonus] of [
        ['Карта', 0, 300],
        ['Клуб', 500, 200],
        ['VIP', 1000, 500],
      ] as const) {
        await sql`INSERT INTO client_categories (name, kind, discount_bp, bonus_bp) VALUES (${name}, 'fixed', ${disc}, ${bonus})`.execute(trx);
      }
      // terms of the clients, by id: 10 % wholesale, 2 % partner, 1 % VIP price list; 30 % with a category
      await sql`UPDATE clients SET
          price_list_id = CASE WHEN id % 10 = 3 THEN (SELECT id FROM price_lists WHERE name = 'Опт')
                               WHEN id % 50 = 7 THEN (SELECT id FROM price_lists WHERE name = 'Партнёр')
                               WHEN id % 100 = 11 THEN (SELECT id FROM price_lists WHERE name = 'VIP') END,
          category_id = CASE WHEN id % 10 IN (1, 2) THEN (SELECT id FROM client_categories WHERE name = 'Карта')
                             WHEN id % 20 = 5 THEN (SELECT id FROM client_categories WHERE name = 'Клуб')
                             WHEN id % 100 IN (11, 15) THEN (SELECT id FROM client_categories WHERE name = 'VIP') END
        WHERE id % 10 IN (1, 2, 3) OR id % 20 = 5 OR id % 50 = 7 OR id % 100 IN (11, 15)`.execute(trx);
    });
  }
  const departments = (await sql<{ id: number }>`SELECT id FROM departments ORDER BY id LIMIT ${DEPARTMENTS}`.execute(db)).rows.map((x) => x.id);
  const products = (await sql<{ id: number; price: string }>`SELECT id, price::text FROM products ORDER BY id`.execute(db)).rows.map((p) => ({
    id: p.id,
    price: BigInt(p.price),
  }));
  const lists = new Map<number, Map<number, bigint>>();
  for (const x of (
    await sql<{ l: number; p: number; price: string }>`SELECT price_list_id AS l, product_id AS p, price::text FROM price_list_items`.execute(db)
  ).rows) {
    if (!lists.has(x.l)) lists.set(x.l, new Map());
    lists.get(x.l)!.set(x.p, BigInt(x.price));
  }
  const cats = (
    await sql<{
      id: number;
      name: string;
      discountBp: number;
      bonusBp: number;
    }>`SELECT id, name, discount_bp, bonus_bp FROM client_categories`.execute(db)
  ).rows;
  return {
    departments,
    products,
    lists,
    categories: new Map(cats.map((c) => [c.id, { discountBp: c.discountBp, bonusBp: c.bonusBp }])),
    card: cats.find((c) => c.name === 'Карта')!.id,
  };
}

/** Standard normal (Box-Muller). */
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

type Batch = {
  sales: {
    id: number[];
    at: number[];
    day: number[];
    client: number[];
    dept: number[];
    emp: number[];
    subtotal: string[];
    total: string[];
    baseTotal: string[];
    paid: string[];
    bonus: string[];
  };
  items: {
    id: number[];
    sale: number[];
    line: number[];
    product: number[];
    qty: number[];
    price: string[];
    disc: number[];
    amount: string[];
    base: string[];
  };
  pays: { id: number[]; sale: number[]; method: string[]; amount: string[]; at: number[]; by: number[] };
  moves: { id: number[]; client: number[]; sale: number[]; amount: string[]; after: string[]; at: number[]; by: number[] };
};
const newBatch = (): Batch => ({
  sales: { id: [], at: [], day: [], client: [], dept: [], emp: [], subtotal: [], total: [], baseTotal: [], paid: [], bonus: [] },
  items: { id: [], sale: [], line: [], product: [], qty: [], price: [], disc: [], amount: [], base: [] },
  pays: { id: [], sale: [], method: [], amount: [], at: [], by: [] },
  moves: { id: [], client: [], sale: [], amount: [], after: [], at: [], by: [] },
});

async function insertBatch(db: Database, b: Batch) {
  await db.transaction().execute(async (trx) => {
    const s = b.sales;
    await sql`INSERT INTO sales (id, kind, status, sold_at, day, client_id, department_id, employee_id, currency, rate, subtotal, total, base_total, paid, bonus_accrued, version, created_by, created_at, completed_at)
      SELECT t.id, 'sale', 'completed', to_timestamp(t.at), DATE '1970-01-01' + t.day, t.client, t.dept, t.emp, 'RUB', 1, t.subtotal, t.total, t.base_total, t.paid, t.bonus, 1, t.emp, to_timestamp(t.at), to_timestamp(t.at)
      FROM unnest(${s.id}::bigint[], ${s.at}::bigint[], ${s.day}::int[], ${s.client}::bigint[], ${s.dept}::bigint[], ${s.emp}::bigint[], ${s.subtotal}::bigint[], ${s.total}::bigint[],
        ${s.baseTotal}::bigint[], ${s.paid}::bigint[], ${s.bonus}::bigint[]) AS t(id, at, day, client, dept, emp, subtotal, total, base_total, paid, bonus)`.execute(
      trx,
    );
    const i = b.items;
    await sql`INSERT INTO sale_items (id, sale_id, line, product_id, quantity, price, discount_bp, amount, base_amount)
      SELECT t.id, t.sale, t.line, t.product, t.qty / 1000.0, t.price, t.disc, t.amount, t.base
      FROM unnest(${i.id}::bigint[], ${i.sale}::bigint[], ${i.line}::int[], ${i.product}::bigint[], ${i.qty}::int[], ${i.price}::bigint[], ${i.disc}::int[], ${i.amount}::bigint[], ${i.base}::bigint[])
        AS t(id, sale, line, product, qty, price, disc, amount, base)`.execute(trx);
    const p = b.pays;
    await sql`INSERT INTO sale_payments (id, sale_id, method, amount, paid_at, created_by)
      SELECT t.id, t.sale, t.method, t.amount, to_timestamp(t.at), t.by
      FROM unnest(${p.id}::bigint[], ${p.sale}::bigint[], ${p.method}::text[], ${p.amount}::bigint[], ${p.at}::bigint[], ${p.by}::bigint[]) AS t(id, sale, method, amount, at, by)`.execute(
      trx,
    );
    const m = b.moves;
    if (m.id.length) {
      await sql`INSERT INTO bonus_movements (id, client_id, sale_id, kind, amount, balance_after, at, user_id)
        SELECT t.id, t.client, t.sale, 'accrual', t.amount, t.after, to_timestamp(t.at), t.by
        FROM unnest(${m.id}::bigint[], ${m.client}::bigint[], ${m.sale}::bigint[], ${m.amount}::bigint[], ${m.after}::bigint[], ${m.at}::bigint[], ${m.by}::bigint[])
          AS t(id, client, sale, amount, after, at, by)`.execute(trx);
    }
    // the fact row of a completed sale, exactly as sales.service.ts addFact writes it
    await sql`INSERT INTO sale_facts (seq, sale_id, client_id, department_id, employee_id, day, amount)
      SELECT t.id, t.id, t.client, t.dept, t.emp, DATE '1970-01-01' + t.day, t.base_total
      FROM unnest(${s.id}::bigint[], ${s.client}::bigint[], ${s.dept}::bigint[], ${s.emp}::bigint[], ${s.day}::int[], ${s.baseTotal}::bigint[]) AS t(id, client, dept, emp, day, base_total)`.execute(
      trx,
    );
  });
}

/**
 * Generates `target` sales into an empty sales ledger (a partial one from an interrupted run is
 * emptied first). Deterministic: the same base and arguments give the same rows.
 */
export async function generateSales(b: BenchDb, target: number, log: (s: string) => void): Promise<void> {
  const { db } = b;
  const have = await salesCount(db);
  if (have === target) return;
  if (have > 0) {
    log(`the base holds ${have} sales, not ${target}: emptying the sales ledger`);
    await sql.raw(`TRUNCATE ${SALE_TABLES.join(', ')}`).execute(db);
  }
  const cat = await ensureCatalog(db);
  const admin = (await sql<{ id: number }>`SELECT id FROM users WHERE login = 'admin'`.execute(db)).rows[0]!.id;
  const cl = (
    await sql<{ id: number; m: number | null; l: number | null; k: number | null }>`
    SELECT id, manager_id AS m, price_list_id AS l, category_id AS k FROM clients WHERE archived_at IS NULL ORDER BY id`.execute(db)
  ).rows;
  const r = prng(SALES_SEED);
  // who buys how often: log-normal weights (sigma 1.3), one client in five never buys
  const cum = new Float64Array(cl.length);
  let acc = 0;
  for (let i = 0; i < cl.length; i++) {
    const w = r() < 0.2 ? 0 : Math.exp(1.3 * gauss(r));
    acc += w;
    cum[i] = acc;
  }
  const home = cl.map(() => cat.departments[Math.floor(r() * cat.departments.length)]!);
  const pickClient = () => {
    const x = r() * acc;
    let lo = 0,
      hi = cl.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const balance = new Map<number, bigint>();
  const moves = new Map<number, number>();
  const first = dayNumber(FIRST_DAY);
  const days = dayNumber(LAST_DAY) - first + 1;
  const g = 0.5; // the last day sells 1.5 times the first
  const t0 = Date.now();
  const ids = { item: 1, pay: 1, move: 1 };
  const BATCH = 20_000;
  const load = async () => {
    const inFlight: Promise<void>[] = [];
    for (let done = 0; done < target; ) {
      const n = Math.min(BATCH, target - done);
      const bt = newBatch();
      for (let k = 0; k < n; k++) {
        const saleId = done + k + 1;
        // sales in day order, density growing linearly: invert the CDF (x + g x^2 / 2) / (1 + g / 2)
        const u = (saleId - 0.5) / target;
        const x = (-1 + Math.sqrt(1 + 2 * g * u * (1 + g / 2))) / g;
        const day = first + Math.min(days - 1, Math.floor(x * days));
        const at = day * 86_400 + 9 * 3600 + Math.floor(r() * 12 * 3600);
        const ci = pickClient();
        const c = cl[ci]!;
        const dept = r() < 0.8 ? home[ci]! : cat.departments[Math.floor(r() * cat.departments.length)]!;
        const emp = c.m ?? admin;
        const list = c.l === null ? undefined : cat.lists.get(c.l);
        const terms = c.k === null ? undefined : cat.categories.get(c.k);
        const u2 = r();
        const count = u2 < 0.2 ? 1 : u2 < 0.5 ? 2 : u2 < 0.8 ? 3 : 4;
        const lines: LineInput[] = [];
        const used = new Set<number>();
        while (lines.length < count) {
          const p = cat.products[Math.floor(r() ** 1.6 * cat.products.length)]!;
          if (used.has(p.id)) continue;
          used.add(p.id);
          const wholesale = c.l !== null && cat.lists.get(c.l)!.size === cat.products.length;
          const q = wholesale ? 10 + Math.floor(r() * 41) : r() < 0.6 ? 1 : r() < 0.7 ? 2 : r() < 0.5 ? 3 : 5;
          lines.push({ productId: p.id, quantity: BigInt(q * 1000), price: list?.get(p.id) ?? p.price, discountBp: terms?.discountBp ?? 0 });
        }
        const priced = priceLines(lines, E8);
        const bonus = accrual(priced.baseTotal, 0n, terms?.bonusBp ?? 0);
        const paid = r() < 0.95 ? priced.total : 0n;
        const S = bt.sales;
        S.id.push(saleId);
        S.at.push(at);
        S.day.push(day);
        S.client.push(c.id);
        S.dept.push(dept);
        S.emp.push(emp);
        S.subtotal.push(priced.subtotal.toString());
        S.total.push(priced.total.toString());
        S.baseTotal.push(priced.baseTotal.toString());
        S.paid.push(paid.toString());
        S.bonus.push(bonus.toString());
        priced.lines.forEach((l, li) => {
          const I = bt.items;
          I.id.push(ids.item++);
          I.sale.push(saleId);
          I.line.push(li + 1);
          I.product.push(l.productId);
          I.qty.push(Number(l.quantity));
          I.price.push(l.price.toString());
          I.disc.push(l.discountBp);
          I.amount.push(l.amount.toString());
          I.base.push(l.baseAmount.toString());
        });
        if (paid > 0n) {
          const P = bt.pays;
          P.id.push(ids.pay++);
          P.sale.push(saleId);
          P.method.push(r() < 0.6 ? 'card' : 'cash');
          P.amount.push(paid.toString());
          P.at.push(at);
          P.by.push(emp);
        }
        if (bonus > 0n) {
          const after = (balance.get(c.id) ?? 0n) + bonus;
          balance.set(c.id, after);
          moves.set(c.id, (moves.get(c.id) ?? 0) + 1);
          const M = bt.moves;
          M.id.push(ids.move++);
          M.client.push(c.id);
          M.sale.push(saleId);
          M.amount.push(bonus.toString());
          M.after.push(after.toString());
          M.at.push(at);
          M.by.push(emp);
        }
      }
      done += n;
      // two batches in flight: PostgreSQL inserts one while Node builds the next
      if (inFlight.length >= 2) await inFlight.shift();
      inFlight.push(insertBatch(db, bt));
      if (done % 500_000 === 0 || done === target) log(`${done} sales (${Math.round(done / ((Date.now() - t0) / 1000))}/s)`);
    }
    await Promise.all(inFlight);
    const cs = [...balance.keys()];
    for (let k = 0; k < cs.length; k += 50_000) {
      const part = cs.slice(k, k + 50_000);
      await sql`INSERT INTO bonus_accounts (client_id, balance, version)
        SELECT * FROM unnest(${part}::bigint[], ${part.map((c) => balance.get(c)!.toString())}::bigint[], ${part.map((c) => 1 + moves.get(c)!)}::int[])`.execute(
        db,
      );
    }
  };
  await withSecondaryIndexesDropped(db, ['sales', 'sale_items', 'sale_payments', 'bonus_movements'], load, log, { foreignKeys: true });
  for (const [t, col, n] of [
    ['sales', 'id', target],
    ['sale_items', 'id', ids.item - 1],
    ['sale_payments', 'id', ids.pay - 1],
    ['bonus_movements', 'id', ids.move - 1],
    ['sale_facts', 'seq', target],
  ] as const) {
    await sql`SELECT setval(pg_get_serial_sequence(${t}, ${col}), ${Math.max(1, n)}, ${n > 0})`.execute(db);
  }
  log(
    `loaded in ${Math.round((Date.now() - t0) / 1000)} s (${ids.item - 1} items, ${ids.pay - 1} payments, ${ids.move - 1} bonus movements); VACUUM ANALYZE`,
  );
  for (const t of [...SALE_TABLES, 'clients']) await sql`VACUUM ANALYZE ${sql.id(t)}`.execute(db);
}
