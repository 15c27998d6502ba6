// A separate process that records planned events through POST /api/events on CONNECTIONS
// concurrent connections for SECONDS seconds (bodies made before the clock starts). Loopback only.
import autocannon from 'autocannon';
import { prng } from '../src/server/modules/demo/demo-data.js';
import { stats } from './measure.js';

const { BASE, TOKEN, CLIENTS, TYPES, SECONDS, CONNECTIONS, SEED } = process.env;
if (!BASE?.startsWith('http://127.0.0.1:')) throw new Error('the load only goes to 127.0.0.1');
const clients = (CLIENTS ?? '').split(',').filter(Boolean).map(Number);
const types = (TYPES ?? '').split(',').filter(Boolean).map(Number);
if (!clients.length || !types.length || !TOKEN) throw new Error('CLIENTS, TYPES and TOKEN are required');
const r = prng(Number(SEED ?? 1));
const seconds = Math.min(Number(SECONDS ?? 10), 30);
const day = Date.now() + 86400_000;
const bodies = Array.from({ length: 20_000 }, (_, i) =>
  JSON.stringify({
    typeId: types[i % types.length],
    subject: `Bench call ${i}`,
    clientId: clients[Math.floor(r() * clients.length)],
    startsAt: new Date(day + Math.floor(r() * 30) * 86400_000).toISOString(),
    durationMin: 30,
  }),
);
let next = 0;
const lat: number[] = [];
const errors: string[] = [];
const cpu0 = process.cpuUsage();
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    {
      url: BASE,
      connections: Math.min(Number(CONNECTIONS ?? 16), 64),
      duration: seconds,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      requests: [{ method: 'POST', path: '/api/events', setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
    },
    (err, res) => (err ? reject(err) : resolve(res)),
  );
  instance.on('response', (_client, status, _bytes, ms) => {
    lat.push(ms);
    if (status !== 201) errors.push(`HTTP ${status}`);
  });
});
const cpu = process.cpuUsage(cpu0);
const events = lat.length - errors.length;
console.log(
  JSON.stringify({
    load_cpu_ms_per_event: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, lat.length)) * 100) / 100,
    events,
    per_s: Math.round(events / seconds),
    ...stats(lat),
    errors: errors.length + result.errors + result.timeouts,
    first_error: errors[0] ?? (result.errors ? `${result.errors} socket errors` : undefined),
  }),
);
