// Load generator for `bench card`, run as its own process so it does not share the server's
// event loop: GET /api/clients/<id> over the given ids, N connections, D seconds, loopback only.
import autocannon from 'autocannon';

const { BASE, TOKEN, IDS, CONNECTIONS, SECONDS } = process.env;
if (!BASE?.startsWith('http://127.0.0.1:')) throw new Error('load only goes to 127.0.0.1');
const ids = IDS!.split(',');
let i = 0;
const result = await autocannon({
  url: BASE, connections: Number(CONNECTIONS ?? 16), duration: Number(SECONDS ?? 10), headers: { authorization: `Bearer ${TOKEN}` },
  requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/clients/${ids[i++ % ids.length]}` }) }],
});
console.log(JSON.stringify({ rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx }));
