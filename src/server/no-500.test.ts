// docs/security.md §14: no request gets a 500. For every operation of the app's own OpenAPI document,
// fast-check generates path parameters, query strings and JSON bodies from the operation's schema —
// values that fit it, and hostile ones in any place: Infinity, 400-digit numbers, lone surrogates,
// [{}], wrong types, empty and huge strings, deeply nested JSON, unknown fields — and sends them as
// an administrator (and once without logging in). Every answer must be below 500. A fixed seed and a
// bounded number of runs per operation keep it reproducible and under a minute; the file has its
// own database (src/server/testing/test-app.ts), so what the generated requests change or delete
// touches nothing else.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createToken } from './modules/auth/tokens.service.js';
import { ORIGIN, person, startTestApp, type TestApp } from './testing/test-app.js';

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  additionalProperties?: boolean | Schema;
  nullable?: boolean;
  maxItems?: number;
};
type Parameter = { in: 'path' | 'query' | 'header' | 'cookie'; name: string; required?: boolean; schema: Schema };
type Operation = { method: string; path: string; parameters: Parameter[]; body?: Schema };

const SEED = 20261203;
const RUNS = Number(process.env.NO500_RUNS ?? 20);
/** 400 digits: Infinity once JSON or Ajv's coercion makes it a number */
const HUGE = `1${'0'.repeat(399)}`;
/** in a body, replaced by HUGE as a bare JSON number (JSON.stringify cannot write one) */
const HUGE_MARK = '\u0001HUGE\u0001';

function deep(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** Texts that mean something somewhere: filters, sorts, cursors, money, dates, codes. */
const meaningful = [
  'name',
  'surname',
  'id',
  'createdAt',
  'relevance',
  'custom.x',
  'inn',
  'status',
  'USD',
  'EUR',
  'RUB',
  '12.50',
  '-1',
  '1e5',
  '0.00001',
  '99999999999999999999.9999',
  '2026-01-01',
  '2026-02-30',
  '2026-12-03T10:00:00Z',
  '+7 999 123-45-67',
  'a@b.c',
  'eyJpZCI6MX0',
  Buffer.from('{"id":1e400,"v":"\\ud800"}').toString('base64url'),
  Buffer.from('{"id":"x","v":[{}]}').toString('base64url'),
  '[{"field":"surname","op":"eq","value":"a"}]',
  '[{"field":"id","op":"gt","value":"Infinity"}]',
  `[{"field":"id","op":"lt","value":${HUGE}}]`,
  '[{"field":"status","op":"in","value":[1,{}]}]',
  '[{"field":"surname","op":"contains","value":"\\ud800"}]',
  '[{"field":"birthDate","op":"gte","value":"2025-13-45"}]',
  '[{"field":"createdAt","op":"lt","value":{}}]',
  '[{"field":"custom.x","op":"eq","value":[]}]',
  '[{"field":"tags","op":"in","value":"x"}]',
  '[{"field":"managerId","op":"eq","value":1.5}]',
  '[{"field":"importance","op":"empty"}]',
  '[{}]',
  '[null]',
  '{}',
  '[]',
];
const hostileText = [
  'Infinity',
  '-Infinity',
  'NaN',
  HUGE,
  '1e400',
  '0',
  '-1',
  '2147483648',
  '9223372036854775808',
  '1.5',
  '',
  ' ',
  '\ud800',
  'a\udc00b',
  '[{}]',
  'null',
  'true',
  'x'.repeat(3000),
];
const hostileBody: unknown[] = [...hostileText, HUGE_MARK, -1, 0, 2147483648, 1e300, 1.5, null, true, [], [{}], {}, deep(1500), 'y'.repeat(200_000)];

function hostile(loc: 'path' | 'query' | 'body'): fc.Arbitrary<unknown> {
  return fc.constantFrom(...(loc === 'body' ? hostileBody : hostileText));
}

/** Half the requests of an operation fit its schema; in the other half any value may be hostile. */
let hostileOn = true;

function arb(s: Schema, loc: 'path' | 'query' | 'body', depth = 0): fc.Arbitrary<unknown> {
  if (!hostileOn) return valid(s, loc, depth);
  return fc.oneof({ weight: 5, arbitrary: valid(s, loc, depth) }, { weight: 1, arbitrary: hostile(loc) });
}

function valid(s: Schema, loc: 'path' | 'query' | 'body', depth: number): fc.Arbitrary<unknown> {
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((x) => valid(x, loc, depth)));
  if (s.allOf?.length) {
    const merged: Schema = { type: 'object', properties: {}, required: [] };
    for (const x of s.allOf) Object.assign(merged.properties!, x.properties), merged.required!.push(...(x.required ?? []));
    return valid(merged, loc, depth);
  }
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  const base = ((): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'integer': {
        const lo = s.minimum ?? -3;
        const hi = s.maximum ?? 10_000;
        return fc.oneof(fc.integer({ min: lo, max: Math.min(hi, lo + 6) }), fc.integer({ min: lo, max: hi }), fc.constantFrom(lo, hi));
      }
      case 'number':
        return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'string': {
        if (s.format === 'date') return fc.constantFrom('2026-01-01', '2025-12-31', '2026-02-30', '0001-01-01', '9999-12-31');
        if (s.format === 'date-time')
          return fc.constantFrom('2026-01-01T00:00:00Z', '2026-12-03T23:59:59+03:00', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z');
        const max = Math.min(s.maxLength ?? 60, 60);
        const min = Math.min(s.minLength ?? 0, max);
        const options: fc.Arbitrary<string>[] = [fc.string({ minLength: min, maxLength: max })];
        if (hostileOn) options.push(fc.constantFrom(...meaningful));
        if (s.pattern) options.push(fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= (s.maxLength ?? 1e9)));
        return fc.oneof(...options);
      }
      case 'array':
        return fc.array(s.items ? arb(s.items, loc, depth + 1) : fc.jsonValue({ maxDepth: 2 }), { maxLength: Math.min(s.maxItems ?? 3, 3) });
      default: {
        if (type === 'object' || s.properties) {
          if (depth > 6) return fc.constant({});
          const props = Object.entries(s.properties ?? {});
          const rec = fc.record(Object.fromEntries(props.map(([k, v]) => [k, arb(v, loc, depth + 1)])), {
            requiredKeys: (s.required ?? []).filter((k) => s.properties?.[k]),
          });
          const extra =
            typeof s.additionalProperties === 'object'
              ? fc.dictionary(fc.string({ maxLength: 12 }), arb(s.additionalProperties, loc, depth + 1), { maxKeys: 3 })
              : fc.constant({});
          return fc
            .tuple(
              rec,
              extra,
              hostileOn ? fc.option(fc.constantFrom('id', 'version', 'ownerId', 'role', '__proto__', 'x'), { freq: 8 }) : fc.constant(null),
            )
            .map(([r, e, unknown]) => ({ ...e, ...r, ...(unknown ? { [unknown]: 1 } : {}) }));
        }
        return fc.jsonValue({ maxDepth: 2 }); // Type.Unknown
      }
    }
  })();
  return s.nullable ? fc.option(base, { freq: 6 }) : base;
}

/** Percent-encoding that survives lone surrogates (sent as the invalid UTF-8 of one). */
function enc(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
}

function operations(doc: {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
}): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      out.push({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], body: op.requestBody?.content['application/json']?.schema });
    }
  }
  return out;
}

type Request = { method: string; url: string; payload?: string | Buffer; contentType?: string };

function requests(op: Operation): fc.Arbitrary<Request> {
  const params = op.parameters.filter((p) => p.in === 'path' || p.in === 'query');
  const values = fc.tuple(
    ...params.map((p) =>
      p.required || p.in === 'path'
        ? arb(p.schema, p.in as 'path' | 'query').map((v) => [v])
        : fc.option(arb(p.schema, 'query'), { nil: undefined, freq: 2 }).map((v) => [v]),
    ),
  );
  const body = op.body
    ? arb(op.body, 'body')
    : op.method === 'POST' && op.path === '/api/imports'
      ? fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b))
      : fc.constant(undefined);
  return fc.tuple(values, body).map(([vals, b]) => {
    let url = op.path;
    const query: string[] = [];
    params.forEach((p, i) => {
      const v = (vals as unknown[][])[i]![0];
      if (p.in === 'path') url = url.replace(`{${p.name}}`, enc(v));
      else if (v !== undefined) for (const x of Array.isArray(v) && p.schema.type === 'array' ? v : [v]) query.push(`${p.name}=${enc(x)}`);
    });
    if (query.length) url += `?${query.join('&')}`;
    if (Buffer.isBuffer(b)) return { method: op.method, url, payload: b, contentType: 'application/octet-stream' };
    if (b === undefined) return { method: op.method, url };
    return { method: op.method, url, payload: JSON.stringify(b).replaceAll(JSON.stringify(HUGE_MARK), HUGE), contentType: 'application/json' };
  });
}

let t: TestApp;
let adminId: number;
let token: string;
const failures: string[] = [];
let sent = 0;
const statuses = new Map<number, number>();

async function send(r: Request, auth: boolean) {
  const headers: Record<string, string> = { origin: ORIGIN, host: 'localhost:80' };
  if (auth) headers.authorization = `Bearer ${token}`;
  if (r.contentType) headers['content-type'] = r.contentType;
  sent++;
  let res;
  try {
    res = await t.app.inject({ method: r.method as 'GET', url: r.url, headers, ...(r.payload !== undefined ? { payload: r.payload } : {}) });
  } catch (e) {
    // the answer broke off half-way (a stream that failed after its headers): as bad as a 500
    failures.push(`broken ${r.method} ${r.url.slice(0, 300)} -> ${(e as Error).message}`);
    return;
  }
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  if (res.statusCode >= 500)
    failures.push(
      `${res.statusCode} ${r.method} ${r.url.slice(0, 300)} ${typeof r.payload === 'string' ? r.payload.slice(0, 300) : ''} -> ${res.body.slice(0, 200)}`,
    );
  // a generated password change or the like may end the admin's token: make a new one
  if (auth && res.statusCode === 401) token = (await createToken(t.db, (await t.app.auth.actorForUser(adminId, 'token'))!, 'no-500')).token;
}

before(async () => {
  t = await startTestApp();
  const admin = await t.user('admin');
  adminId = admin.userId;
  token = (await createToken(t.db, (await t.app.auth.actorForUser(adminId, 'token'))!, 'no-500')).token;
  // a few records, so that small generated ids find something
  const dept = await t.department('Shop');
  await t.user('manager', { departmentId: dept });
  for (const s of ['Ivanov', 'Petrov', 'Sidorov'])
    await admin.post('/api/clients', person(s, { channels: [{ type: 'phone', value: '+7 999 123-45-67' }] }));
  const product = await admin.post('/api/products', { name: 'Tea', price: '10.00' });
  await admin.post('/api/price-lists', { name: 'Retail', currency: 'RUB' });
  await admin.post('/api/sales', {
    clientId: 1,
    departmentId: dept,
    items: [{ productId: product.body.id, quantity: '2' }],
    payments: [{ method: 'cash', amount: '20.00' }],
  });
  await admin.post('/api/sales', { clientId: 2, departmentId: dept, status: 'draft', items: [{ productId: product.body.id, quantity: '1' }] });
  await admin.post('/api/views', { name: 'Mine', config: { filters: [{ field: 'surname', op: 'contains', value: 'ov' }] } });
});
after(async () => t.close());

describe('no request gets a 500 (every operation of the OpenAPI document, generated inputs)', () => {
  it('answers every generated request below 500, as an administrator and without logging in', { timeout: 180_000 }, async () => {
    const ops = operations(t.app.swagger() as never);
    assert.ok(ops.length > 80, `the document lists the operations (${ops.length})`);
    const started = Date.now();
    for (const [i, op] of ops.entries()) {
      hostileOn = false;
      const fitting = fc.sample(requests(op), { seed: SEED + i, numRuns: RUNS / 2 });
      hostileOn = true;
      const samples = [...fitting, ...fc.sample(requests(op), { seed: SEED + i, numRuns: RUNS / 2 })];
      for (const r of samples) await send(r, true);
      await send(samples[0]!, false);
    }
    console.log(
      `# ${sent} requests over ${ops.length} operations in ${Date.now() - started} ms; answers: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );
    assert.deepEqual(failures, []);
  });
});
