// bench sale-write: recording sales through POST /api/sales (3 items, a card payment, the bonus
// accrual of a client whose category gives 3 % points) with concurrent connections, durable
// (synchronous_commit on). The load runs in a separate process (bench/sale-load.ts). Also the
// statements one sale sends (captured from the service) and their time replayed through pg.
// Everything written is deleted afterwards (and the bonus accounts restored), so the base keeps
// its generated sales.
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { createSale } from '../src/server/modules/sales/sales.service.js';
import path from 'node:path';
import { postgresCpuMs, print, round2, stats, time } from './measure.js';
import { ensureCatalog } from './sales-data.js';
import type { BenchContext } from './server.js';
import { capture } from './sql-capture.js';

const CONNECTIONS = [4, 8, 16];
const SECONDS = 10;
const GOAL = '>= 500 sales/s durable';

type LoadResult = {
  load_cpu_ms_per_sale: number;
  sales: number;
  per_s: number;
  median_ms: number;
  p95_ms: number;
  max_ms: number;
  errors: number;
  first_error?: string;
};

function runLoad(ctx: BenchContext, env: Record<string, string>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sale-load.ts'], {
      env: { ...process.env, BASE: ctx.base, TOKEN: ctx.token, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult) : reject(new Error(`bench/sale-load.ts exited with ${code}`)),
    );
  });
}

export async function saleWriteBench(ctx: BenchContext) {
  const { db } = ctx.b;
  const pgData = path.resolve('.bench-data', `c${ctx.data.rows}`, 'pg');
  const cat = await ensureCatalog(db);
  const clients = (
    await sql<{
      id: number;
    }>`SELECT id FROM clients WHERE category_id = ${cat.card} AND price_list_id IS NULL AND archived_at IS NULL ORDER BY id LIMIT 1000`.execute(db)
  ).rows.map((x) => x.id);
  // a base without generated sales has no client in the "card" category: lend it 1,000 (given back below)
  const lent =
    clients.length < 1000
      ? (
          await sql<{
            id: number;
          }>`UPDATE clients SET category_id = ${cat.card} WHERE id IN (SELECT id FROM clients WHERE category_id IS NULL AND price_list_id IS NULL AND archived_at IS NULL ORDER BY id LIMIT ${1000 - clients.length}) RETURNING id::int`.execute(
            db,
          )
        ).rows.map((x) => x.id)
      : [];
  clients.push(...lent);
  const products = cat.products.slice(0, 200);
  const dept = cat.departments[0]!;
  const settings = Object.fromEntries(
    (
      await sql<{
        name: string;
        setting: string;
      }>`SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'wal_sync_method')`.execute(db)
    ).rows.map((x) => [x.name, x.setting]),
  );
  const marks = (
    await sql<
      Record<string, number>
    >`SELECT (SELECT coalesce(max(id), 0) FROM sales) AS sales, (SELECT coalesce(max(id), 0) FROM sale_items) AS items,
      (SELECT coalesce(max(id), 0) FROM sale_payments) AS pays, (SELECT coalesce(max(id), 0) FROM bonus_movements) AS moves,
      (SELECT coalesce(max(seq), 0) FROM sale_facts) AS facts, (SELECT coalesce(max(id), 0) FROM audit_log) AS audit`.execute(db)
  ).rows[0]!;
  const accounts = (
    await sql<{
      clientId: number;
      balance: string;
      version: number;
    }>`SELECT client_id, balance::text, version FROM bonus_accounts WHERE client_id = ANY(${clients}::bigint[])`.execute(db)
  ).rows;
  try {
    // one sale, in-process: how many statements, and their time replayed through pg
    const input = { clientId: clients[0]!, departmentId: dept, items: products.slice(0, 3).map((p) => ({ productId: p.id, quantity: '1' })) };
    const statements = await capture(ctx.b.pool, (kdb) => createSale(kdb, ctx.actor, input));
    const service: number[] = [],
      single: number[] = [],
      trip: number[] = [],
      commit: number[] = [];
    await sql`CREATE TABLE IF NOT EXISTS bench_commit (x int)`.execute(db);
    for (let i = 0; i < 30; i++) {
      service.push(await time(() => createSale(db, ctx.actor, input)));
      single.push(await time(() => ctx.post('/api/sales', input, 201)));
      trip.push(await time(() => sql`SELECT 1`.execute(db)));
      commit.push(await time(() => sql`INSERT INTO bench_commit VALUES (1)`.execute(db))); // one WAL flush (fsync) per statement
    }
    await sql`DROP TABLE bench_commit`.execute(db);
    print({
      bench: 'sale-write.one',
      statements: statements.length,
      api_median_ms: stats(single).median_ms,
      service_median_ms: stats(service).median_ms,
      round_trip_median_ms: stats(trip).median_ms,
      durable_commit_median_ms: stats(commit).median_ms,
      note: 'one sale at a time: through HTTP, and the service called in-process; statements: what the service sends (with BEGIN/COMMIT and the read-back); a write cannot be replayed (ids), so no SQL replay',
      ...ctx.data,
    });
    for (const connections of CONNECTIONS) {
      const env = {
        CLIENTS: clients.join(','),
        PRODUCTS: products.map((p) => `${p.id}:${p.price}`).join(','),
        DEPT: String(dept),
        SECONDS: String(SECONDS),
        CONNECTIONS: String(connections),
        SEED: String(connections),
      };
      await runLoad(ctx, { ...env, SECONDS: '2' }); // warm-up
      const wal = async () =>
        (
          await sql<{
            b: string;
            fpi: string;
            rec: string;
          }>`SELECT wal_bytes::text AS b, wal_fpi::text AS fpi, wal_records::text AS rec FROM pg_stat_wal`.execute(db)
        ).rows[0]!;
      const w0 = await wal();
      const cpu0 = process.cpuUsage(),
        pg0 = postgresCpuMs(pgData);
      const r = await runLoad(ctx, env);
      const cpu = process.cpuUsage(cpu0),
        pgCpu = postgresCpuMs(pgData) - pg0;
      const w1 = await wal();
      const perSale = (ms: number) => round2(ms / Math.max(1, r.sales));
      print({
        bench: 'sale-write',
        connections,
        seconds: SECONDS,
        sales_per_s: r.per_s,
        recorded: r.sales,
        median_ms: r.median_ms,
        p95_ms: r.p95_ms,
        max_ms: r.max_ms,
        errors: r.errors,
        first_error: r.first_error,
        server_cpu_ms_per_sale: perSale((cpu.user + cpu.system) / 1000),
        postgres_cpu_ms_per_sale: perSale(pgCpu),
        load_cpu_ms_per_sale: r.load_cpu_ms_per_sale,
        wal_kb_per_sale: perSale((Number(w1.b) - Number(w0.b)) / 1024),
        wal_records_per_sale: perSale(Number(w1.rec) - Number(w0.rec)),
        full_page_images_per_sale: perSale(Number(w1.fpi) - Number(w0.fpi)),
        durability: settings,
        goal: GOAL,
        note: 'POST /api/sales: 3 items, card payment, 3 % bonus accrual; load from a separate process',
        ...ctx.data,
      });
    }
  } finally {
    await db.transaction().execute(async (trx) => {
      // deleting checks the foreign keys that still point at the deleted rows: sales.corrects_id and
      // sale_items.corrects_item_id, both indexed (migration 010); no key points at a sale from its
      // lines, payments or bonus movements any more (migration 012)
      await sql`DELETE FROM sale_facts WHERE seq > ${marks.facts}`.execute(trx);
      await sql`DELETE FROM bonus_movements WHERE id > ${marks.moves}`.execute(trx);
      await sql`DELETE FROM sale_payments WHERE id > ${marks.pays}`.execute(trx);
      await sql`DELETE FROM sale_items WHERE id > ${marks.items}`.execute(trx);
      await sql`DELETE FROM sales WHERE id > ${marks.sales}`.execute(trx);
      await sql`DELETE FROM audit_log WHERE id > ${marks.audit}`.execute(trx);
      await sql`DELETE FROM bonus_accounts WHERE client_id = ANY(${clients}::bigint[])`.execute(trx);
      if (accounts.length) {
        await sql`INSERT INTO bonus_accounts (client_id, balance, version) SELECT * FROM unnest(${accounts.map((a) => a.clientId)}::bigint[], ${accounts.map((a) => a.balance)}::bigint[], ${accounts.map((a) => a.version)}::int[])`.execute(
          trx,
        );
      }
      if (lent.length) await sql`UPDATE clients SET category_id = NULL WHERE id = ANY(${lent}::bigint[])`.execute(trx);
    });
    for (const t of ['sales', 'sale_items', 'sale_payments', 'bonus_movements', 'bonus_accounts', 'sale_facts'])
      await sql`VACUUM ANALYZE ${sql.id(t)}`.execute(db);
  }
}
