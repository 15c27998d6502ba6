// npm run bench -- <generate|search|list|card|bulk|web|all> [--clients 1000000]
// Prints one JSON line per figure. Data: bench/data.ts (fixed seed), embedded PostgreSQL.
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { createToken } from '../src/server/modules/auth/tokens.service.js';
import { createClients, listClients, searchClients } from '../src/server/modules/clients/clients.service.js';
import { makeClient, prng } from '../src/server/modules/demo/demo-data.js';
import { generate, managers, openBench, type BenchDb } from './data.js';
import { print, sample, stats } from './measure.js';
import { webBench } from './web.js';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { clients: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '25' } } });
const name = positionals[0] ?? 'all';
const target = Number(values.clients);
const rounds = Number(values.rounds);
const rows = () => ({ rows: b.clients, data: `bench/data.ts --clients ${target} (seed 1)` });

const b: BenchDb = await openBench(target);
if (b.clients < target) await generate(b, target, (s) => console.error(`[generate] ${s}`));
if (name === 'generate') {
  print({ bench: 'generate', ...rows() });
  await b.close();
  process.exit(0);
}

const app = await buildApp({ db: b.db, config: loadConfig({ CLIENTELA_DATA_DIR: '/nonexistent', LOG_LEVEL: 'warn' }) });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const adminActor = (await app.auth.actorForUser((await b.db.selectFrom('users').select('id').where('login', '=', 'admin').executeTakeFirstOrThrow()).id, 'token'))!;
const auth = { authorization: `Bearer ${(await createToken(b.db, adminActor, 'bench')).token}` };
const get = async (path: string) => {
  const r = await fetch(base + path, { headers: auth });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
};
const ratio = (api: { median_ms: number }, direct: { median_ms: number }) => Math.round((api.median_ms / direct.median_ms) * 100) / 100;

// Latin, Cyrillic, digits; the common fragments that defeat a plain trigram index first.
const TERMS = ['петр', 'морозо', 'ова', 'smi', 'kuzn', 'иван', 'серг', 'ольга', 'алекс', 'wils', 'john', 'альфа', 'мерид', '5551', '9123', '0704', '77070', 'mail', 'exam', 'ник'];

async function searchBench() {
  const perTerm: Record<string, number> = {};
  const api = await sample(TERMS.map((t) => () => get(`/api/clients/search?q=${encodeURIComponent(t)}`)), rounds);
  TERMS.forEach((t, i) => (perTerm[t] = stats(api.filter((_, k) => k % TERMS.length === i)).median_ms));
  const direct = await sample(TERMS.map((t) => () => searchClients(b.db, adminActor, t, 20)), rounds);
  const a = stats(api), d = stats(direct);
  print({ bench: 'search', terms: TERMS.length, ...a, direct_median_ms: d.median_ms, direct_p95_ms: d.p95_ms, ratio_api_direct: ratio(a, d), goal: 'median <= 10, p95 <= 50', ...rows() });
  print({ bench: 'search.per_term_median_ms', ...perTerm });
}

async function listBench() {
  const ms = await managers(b.db);
  const filter = (m: number) => encodeURIComponent(JSON.stringify([{ field: 'managerId', op: 'eq', value: m }]));
  const first = await sample(ms.slice(0, 10).map((m) => () => get(`/api/clients?filter=${filter(m)}&limit=50`)), rounds);
  // walk to page 1,000 of one manager once, keep its cursor, then time that page
  let cursor: string | null = null;
  for (let p = 1; p < 1000; p++) {
    const page: { nextCursor: string | null } = await get(`/api/clients?filter=${filter(ms[0]!)}&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const deepPath = `/api/clients?filter=${filter(ms[0]!)}&limit=50&cursor=${cursor}`;
  const deep = await sample([() => get(deepPath)], rounds * 4);
  const q = (m: number, c?: string) => ({ filter: JSON.stringify([{ field: 'managerId', op: 'eq', value: m }]), sort: 'name', dir: 'asc' as const, limit: 50, archived: 'no' as const, cursor: c });
  const direct1 = await sample(ms.slice(0, 10).map((m) => () => listClients(b.db, adminActor, q(m))), rounds);
  const directDeep = await sample([() => listClients(b.db, adminActor, q(ms[0]!, cursor!))], rounds * 4);
  for (const [label, a, d] of [['list.first_page', stats(first), stats(direct1)], ['list.page_1000', stats(deep), stats(directDeep)]] as const) {
    print({ bench: label, ...a, direct_median_ms: d.median_ms, direct_p95_ms: d.p95_ms, ratio_api_direct: ratio(a, d), goal: 'p95 <= 20', note: 'filtered by manager, sorted by name, 50 rows, with the capped total', ...rows() });
  }
}

async function cardBench() {
  const max = b.clients;
  const r = prng(7);
  const ids = Array.from({ length: 200 }, () => 1 + Math.floor(r() * max));
  const api = await sample(ids.map((id) => () => get(`/api/clients/${id}`)), Math.max(1, Math.floor(rounds / 2)));
  const { getClient } = await import('../src/server/modules/clients/clients.service.js');
  const direct = await sample(ids.map((id) => () => getClient(b.db, adminActor, id)), Math.max(1, Math.floor(rounds / 2)));
  const a = stats(api), d = stats(direct);
  print({ bench: 'card', ...a, direct_median_ms: d.median_ms, direct_p95_ms: d.p95_ms, ratio_api_direct: ratio(a, d), goal: 'p95 <= 5', ...rows() });
  const token = auth.authorization.slice(7);
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts'], { env: { ...process.env, BASE: base, TOKEN: token, IDS: ids.join(','), CONNECTIONS: '16', SECONDS: '10' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let s = '';
    child.stdout.on('data', (d: Buffer) => (s += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(s) : reject(new Error(`load exited ${code}`))));
  });
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as { rps: number; p50: number; p99: number; errors: number; non2xx: number };
  print({ bench: 'card.throughput', requests_per_s: result.rps, p50_ms: result.p50, p99_ms: result.p99, errors: result.errors, non2xx: result.non2xx, connections: 16, seconds: 10, load: 'autocannon in a separate process', goal: '>= 2000 req/s', ...rows() });
}

async function bulkBench() {
  const r = prng(99);
  const ms = await managers(b.db);
  const batches = Array.from({ length: 5 }, (_, k) => Array.from({ length: 2000 }, (_, i) => ({ ...makeClient(r, 5_000_000 + k * 2000 + i), managerId: ms[i % ms.length]! })));
  const created: number[] = [];
  const t0 = performance.now();
  for (const clients of batches) {
    const res = await fetch(`${base}/api/clients/bulk`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ clients }) });
    if (res.status !== 201) throw new Error(await res.text());
    created.push(...((await res.json()) as { ids: number[] }).ids);
  }
  const apiSeconds = (performance.now() - t0) / 1000;
  await b.db.deleteFrom('auditLog').where('entity', '=', 'client').where('entityId', 'in', created).execute();
  await b.db.deleteFrom('clients').where('id', 'in', created).execute();
  const t1 = performance.now();
  const direct: number[] = [];
  for (const clients of batches) direct.push(...(await createClients(b.db, adminActor, clients)));
  const directSeconds = (performance.now() - t1) / 1000;
  await b.db.deleteFrom('auditLog').where('entity', '=', 'client').where('entityId', 'in', direct).execute();
  await b.db.deleteFrom('clients').where('id', 'in', direct).execute();
  const n = created.length;
  print({ bench: 'bulk', clients: n, batch: 2000, clients_per_s: Math.round(n / apiSeconds), direct_clients_per_s: Math.round(n / directSeconds), ratio_api_direct: Math.round((apiSeconds / directSeconds) * 100) / 100, goal: '>= 10000 clients/s', ...rows() });
}

try {
  const all = { search: searchBench, list: listBench, card: cardBench, bulk: bulkBench, web: () => webBench(b, rounds) } as const;
  if (name === 'all') for (const f of Object.values(all)) await f();
  else if (name in all) await all[name as keyof typeof all]();
  else throw new Error(`unknown bench "${name}": generate, search, list, card, bulk, web, all`);
} finally {
  await app.close();
  await b.close();
}
