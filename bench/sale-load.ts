// A separate process that records sales through POST /api/sales on CONNECTIONS concurrent
// connections for SECONDS seconds: 3 items at the products' prices and one card payment of the
// total (computed with the product's pricing.ts, so the payment is exact). Loopback only.
import http from 'node:http';
import { formatMoney } from '../src/server/shared/money.js';
import { priceLines } from '../src/server/modules/sales/pricing.js';
import { prng } from '../src/server/modules/demo/demo-data.js';
import { stats } from './measure.js';

const { BASE, TOKEN, CLIENTS, PRODUCTS, DEPT, SECONDS, CONNECTIONS, SEED } = process.env;
if (!BASE?.startsWith('http://127.0.0.1:')) throw new Error('the load only goes to 127.0.0.1');
const clients = (CLIENTS ?? '').split(',').filter(Boolean).map(Number);
const products = (PRODUCTS ?? '').split(',').filter(Boolean).map((p) => p.split(':')).map(([id, price]) => ({ id: Number(id), price: BigInt(price!) }));
if (!clients.length || products.length < 3 || !TOKEN || !DEPT) throw new Error('CLIENTS, PRODUCTS (id:price), DEPT and TOKEN are required');
const r = prng(Number(SEED ?? 1));
const seconds = Math.min(Number(SECONDS ?? 10), 30);
const lat: number[] = [];
const errors: string[] = [];
let stop = false;
const body = () => {
  const picked = new Set<number>();
  while (picked.size < 3) picked.add(Math.floor(r() * products.length));
  const items = [...picked].map((k) => products[k]!);
  const total = priceLines(items.map((p) => ({ productId: p.id, quantity: 1000n, price: p.price, discountBp: 0 })), 100_000_000n).total;
  return {
    clientId: clients[Math.floor(r() * clients.length)], departmentId: Number(DEPT),
    items: items.map((p) => ({ productId: p.id, quantity: '1' })), payments: [{ method: 'card', amount: formatMoney(total) }],
  };
};
// node:http with kept-alive connections, not fetch: this process shares the machine's two cores
// with the server and PostgreSQL, and fetch costs several times more CPU a request
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const url = new URL('/api/sales', BASE);
const post = (payload: string) => new Promise<{ status: number; text: string }>((resolve, reject) => {
  const req = http.request(url, { method: 'POST', agent, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (d: string) => (text += d));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
  });
  req.on('error', reject);
  req.end(payload);
});
const loop = async () => {
  while (!stop) {
    const t = performance.now();
    const res = await post(JSON.stringify(body()));
    if (stop) break; // a sale finishing after the end is not counted
    lat.push(performance.now() - t);
    if (res.status !== 201) errors.push(`${res.status} ${res.text.slice(0, 200)}`);
  }
};
const t0 = performance.now();
const cpu0 = process.cpuUsage();
setTimeout(() => (stop = true), seconds * 1000);
await Promise.all(Array.from({ length: Math.min(Number(CONNECTIONS ?? 8), 64) }, loop));
const elapsed = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ load_cpu_ms_per_sale: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, lat.length)) * 100) / 100, sales: lat.length - errors.length, per_s: Math.round((lat.length - errors.length) / Math.min(elapsed, seconds)), ...stats(lat), errors: errors.length, first_error: errors[0] }));
