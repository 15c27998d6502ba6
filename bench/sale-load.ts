// A separate process that records sales through POST /api/sales on CONNECTIONS concurrent
// connections for SECONDS seconds: 3 items at the products' prices and one card payment of the
// total (computed with the product's pricing.ts, so the payment is exact). Loopback only.
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
const loop = async () => {
  while (!stop) {
    const t = performance.now();
    const res = await fetch(`${BASE}/api/sales`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body()) });
    const text = await res.text();
    if (stop) break; // a sale finishing after the end is not counted
    lat.push(performance.now() - t);
    if (res.status !== 201) errors.push(`${res.status} ${text.slice(0, 200)}`);
  }
};
const t0 = performance.now();
setTimeout(() => (stop = true), seconds * 1000);
await Promise.all(Array.from({ length: Math.min(Number(CONNECTIONS ?? 8), 64) }, loop));
const elapsed = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ sales: lat.length - errors.length, per_s: Math.round((lat.length - errors.length) / Math.min(elapsed, seconds)), ...stats(lat), errors: errors.length, first_error: errors[0] }));
