// bench card: GET /api/clients/:id for random ids — latency, then throughput under autocannon
// (bench/load.ts, a separate process so the load generator does not share the server's event loop).
import { spawn } from 'node:child_process';
import { getClient } from '../src/server/modules/clients/clients.service.js';
import { prng } from '../src/server/modules/demo/demo-data.js';
import { pairFigure, print, samplePairs } from './measure.js';
import type { BenchContext } from './server.js';
import { capture, replay } from './sql-capture.js';

const IDS = 1000;
const LOAD = { connections: 10, seconds: 10 };

type LoadResult = { rps: number; p50: number; p97_5: number; p99: number; requests: number; errors: number; non2xx: number; timeouts: number };

function runLoad(ctx: BenchContext, ids: number[]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      BASE: ctx.base,
      TOKEN: ctx.token,
      IDS: ids.join(','),
      CONNECTIONS: String(LOAD.connections),
      SECONDS: String(LOAD.seconds),
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult) : reject(new Error(`bench/load.ts exited with ${code}`)),
    );
  });
}

export async function cardBench(ctx: BenchContext) {
  const { b, actor } = ctx;
  const { max } = await b.db
    .selectFrom('clients')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirstOrThrow();
  const r = prng(7);
  const ids = Array.from({ length: IDS }, () => 1 + Math.floor(r() * Number(max)));
  const tasks = [];
  for (const id of ids) {
    const statements = await capture(b.pool, (db) => getClient(db, actor, id));
    tasks.push({ key: String(id), api: () => ctx.get(`/api/clients/${id}`), sql: () => replay(b.pool, statements) });
  }
  const samples = await samplePairs(tasks, Math.max(1, Math.round(ctx.rounds / 50)));
  print({ bench: 'card', ids: IDS, ...pairFigure(samples), goal: 'p95 <= 5 ms', ...ctx.data });

  const load = await runLoad(ctx, ids);
  print({
    bench: 'card.throughput',
    requests_per_s: load.rps,
    requests: load.requests,
    p50_ms: load.p50,
    p97_5_ms: load.p97_5,
    p99_ms: load.p99,
    errors: load.errors,
    non2xx: load.non2xx,
    timeouts: load.timeouts,
    ...LOAD,
    load: 'autocannon (programmatic API) in a separate process, 127.0.0.1 only',
    goal: '>= 2000 req/s',
    ...ctx.data,
  });
}
