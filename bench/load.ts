// Load generator for `bench card`, run as its own process so it does not share the server's
// event loop: GET /api/clients/<id> over the given ids, N connections, D seconds, loopback only.
import autocannon from 'autocannon';

const { BASE, TOKEN, IDS, CONNECTIONS, SECONDS } = process.env;
if (!BASE?.startsWith('http://127.0.0.1:')) throw new Error('load only goes to 127.0.0.1');
const ids = (IDS ?? '').split(',').filter(Boolean);
if (ids.length === 0 || !TOKEN) throw new Error('IDS and TOKEN are required');
const seconds = Math.min(Number(SECONDS ?? 10), 30); // bounded in time whatever the caller asks
let i = 0;
const result = await autocannon({
  url: BASE,
  connections: Math.min(Number(CONNECTIONS ?? 10), 64),
  duration: seconds,
  headers: { authorization: `Bearer ${TOKEN}` },
  requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/clients/${ids[i++ % ids.length]}` }) }],
});
console.log(
  JSON.stringify({
    rps: Math.round(result.requests.average),
    requests: result.requests.total,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
  }),
);
