// A separate process that opens client cards (GET /api/clients/:id) one after another on each of
// CONNECTIONS connections for SECONDS seconds and prints the latencies' statistics as one JSON
// line: the "concurrent user" of bench/rating.ts. Loopback only, bounded in time.
import { stats } from './measure.js';

const { BASE, TOKEN, IDS, SECONDS, CONNECTIONS } = process.env;
if (!BASE?.startsWith('http://127.0.0.1:')) throw new Error('the probe only goes to 127.0.0.1');
const ids = (IDS ?? '').split(',').filter(Boolean);
if (ids.length === 0 || !TOKEN) throw new Error('IDS and TOKEN are required');
const until = performance.now() + Math.min(Number(SECONDS ?? 5), 60) * 1000;
const lat: number[] = [];
let errors = 0;
let i = 0;
const loop = async () => {
  while (performance.now() < until) {
    const id = ids[i++ % ids.length];
    const t = performance.now();
    const r = await fetch(`${BASE}/api/clients/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await r.arrayBuffer();
    lat.push(performance.now() - t);
    if (r.status !== 200) errors++;
  }
};
await Promise.all(Array.from({ length: Math.min(Number(CONNECTIONS ?? 1), 8) }, loop));
console.log(JSON.stringify({ ...stats(lat), errors }));
