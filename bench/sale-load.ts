// A separate process that records sales through POST /api/sales on CONNECTIONS concurrent
// connections for SECONDS seconds: 3 items at the products' prices and one card payment of the
// total (computed with the product's pricing.ts, so the payment is exact). Loopback only.
// autocannon with request bodies made before the clock starts: this process shares the machine's
// two cores with the server and PostgreSQL, so it should cost as little CPU as it can
// (fetch: ~0.6 ms a sale; node:http 0.4–0.6 ms; autocannon less, printed as load_cpu_ms_per_sale).
import autocannon from 'autocannon';
import { formatMoney } from '../src/server/shared/money.js';
import { priceLines } from '../src/server/modules/sales/pricing.js';
import { prng } from '../src/server/modules/demo/demo-data.js';
import { stats } from './measure.js';

const { BASE, TOKEN, CLIENTS, PRODUCTS, DEPT, SECONDS, CONNECTIONS, SEED } = process.env;
if (!BASE?.startsWith('http://127.0.0.1:')) throw new Error('the load only goes to 127.0.0.1');
const clients = (CLIENTS ?? '').split(',').filter(Boolean).map(Number);
const products = (PRODUCTS ?? '')
  .split(',')
  .filter(Boolean)
  .map((p) => p.split(':'))
  .map(([id, price]) => ({ id: Number(id), price: BigInt(price!) }));
if (!clients.length || products.length < 3 || !TOKEN || !DEPT) throw new Error('CLIENTS, PRODUCTS (id:price), DEPT and TOKEN are required');
const r = prng(Number(SEED ?? 1));
const seconds = Math.min(Number(SECONDS ?? 10), 30);
const body = () => {
  const picked = new Set<number>();
  while (picked.size < 3) picked.add(Math.floor(r() * products.length));
  const items = [...picked].map((k) => products[k]!);
  const total = priceLines(
    items.map((p) => ({ productId: p.id, quantity: 1000n, price: p.price, discountBp: 0 })),
    100_000_000n,
  ).total;
  return JSON.stringify({
    clientId: clients[Math.floor(r() * clients.length)],
    departmentId: Number(DEPT),
    items: items.map((p) => ({ productId: p.id, quantity: '1' })),
    payments: [{ method: 'card', amount: formatMoney(total) }],
  });
};
const bodies = Array.from({ length: 20_000 }, body);
let next = 0;
const lat: number[] = [];
const errors: string[] = [];
const cpu0 = process.cpuUsage();
let instance!: autocannon.Instance;
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  instance = autocannon(
    {
      url: BASE,
      connections: Math.min(Number(CONNECTIONS ?? 8), 64),
      duration: seconds,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      requests: [{ method: 'POST', path: '/api/sales', setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
    },
    (err, res) => (err ? reject(err) : resolve(res)),
  );
  instance.on('response', (_client, status, _bytes, ms) => {
    lat.push(ms);
    if (status !== 201) errors.push(`HTTP ${status}`);
  });
});
const cpu = process.cpuUsage(cpu0);
const sales = lat.length - errors.length;
console.log(
  JSON.stringify({
    load_cpu_ms_per_sale: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, lat.length)) * 100) / 100,
    sales,
    per_s: Math.round(sales / seconds),
    ...stats(lat),
    errors: errors.length + result.errors + result.timeouts,
    first_error: errors[0] ?? (result.errors ? `${result.errors} socket errors` : undefined),
  }),
);
