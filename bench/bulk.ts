// bench bulk: POST /api/clients/bulk with batches of 1,000 / 2,000 / 5,000 clients (all or
// nothing), against the service called in-process (no HTTP) and the same statements replayed
// through pg. Everything added is deleted at the end, so the base stays at its generated size.
import { sql } from 'kysely';
import { createClients } from '../src/server/modules/clients/clients.service.js';
import type { TClientCreate } from '../src/server/modules/clients/clients.schemas.js';
import { prng } from '../src/server/modules/demo/demo-data.js';
import { benchClient, managers } from './data.js';
import { print, round2, stats, time } from './measure.js';
import type { BenchContext } from './server.js';
import { capture, replay, type Statement } from './sql-capture.js';

const SIZES = [1000, 2000, 5000];
const PER_SIZE = 10_000; // clients sent per batch size (plus one warm-up batch)

async function cleanUp(ctx: BenchContext, keepUpTo: number) {
  await sql`DELETE FROM audit_log WHERE entity = 'client' AND entity_id > ${keepUpTo}`.execute(ctx.b.db);
  await sql`DELETE FROM clients WHERE id > ${keepUpTo}`.execute(ctx.b.db);
}

const errorOf = (e: unknown) => String(e instanceof Error ? e.message : e).slice(0, 300);

export async function bulkBench(ctx: BenchContext) {
  const { b, actor } = ctx;
  const ms = await managers(b.db);
  const keepUpTo = Number((await sql<{ m: string }>`SELECT coalesce(max(id), 0) AS m FROM clients`.execute(b.db)).rows[0]!.m);
  const r = prng(99);
  let next = 5_000_000;
  const batch = (size: number): TClientCreate[] => {
    const start = next;
    next += size;
    return Array.from({ length: size }, (_, k) => ({ ...benchClient(r, start + k), managerId: ms[(start + k) % ms.length]! }));
  };
  try {
    for (const size of SIZES) {
      const batches = Array.from({ length: 1 + Math.ceil(PER_SIZE / size) }, () => batch(size));
      const api: number[] = [], service: number[] = [], direct: number[] = [];
      try {
        for (const [i, clients] of batches.entries()) {
          // encoded before the timer: the bench client shares the server's process and thread
          const json = JSON.stringify({ clients });
          const t = await time(() => ctx.postJson('/api/clients/bulk', json, 201));
          await cleanUp(ctx, keepUpTo);
          let statements: Statement[] = [];
          const v = await time(async () => (statements = await capture(b.pool, (db) => createClients(db, actor, clients))));
          await cleanUp(ctx, keepUpTo);
          const s = await time(() => replay(b.pool, statements));
          await cleanUp(ctx, keepUpTo);
          if (i > 0) (api.push(t), service.push(v), direct.push(s)); // the first batch is the warm-up
        }
      } catch (e) {
        print({ bench: 'bulk', batch: size, error: errorOf(e), goal: '>= 10000 clients/s', ...ctx.data });
        continue;
      }
      const a = stats(api), v = stats(service), d = stats(direct);
      print({
        bench: 'bulk', batch: size, batches: api.length, clients: api.length * size, median_ms: a.median_ms, p95_ms: a.p95_ms,
        clients_per_s: Math.round(size / (a.median_ms / 1000)),
        service_median_ms: v.median_ms, service_clients_per_s: Math.round(size / (v.median_ms / 1000)), sql_median_ms: d.median_ms, sql_clients_per_s: Math.round(size / (d.median_ms / 1000)),
        ratio_api_sql: round2(a.median_ms / d.median_ms), goal: '>= 10000 clients/s', ...ctx.data,
      });
    }
  } finally {
    await cleanUp(ctx, keepUpTo);
    await sql`VACUUM ANALYZE clients`.execute(b.db);
    await sql`VACUUM ANALYZE audit_log`.execute(b.db);
  }
}
