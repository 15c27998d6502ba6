// A list must never fail because of one stored row (issue 13): a value written before today's
// rules (here straight through SQL) is shown, searched and exported like any other.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClientList, ClientOut, ClientWithDuplicates, SearchResult } from './clients.schemas.js';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let longId: number;
const long = 'Щ'.repeat(4900);

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  for (let i = 0; i < 5; i++) assert.equal((await admin.post('/api/clients', person(`Client${i}`))).status, 201);
  // a surname, notes and a channel far over the form's limits, as an old import stored them
  const r = await t.pool.query(
    `UPDATE clients SET surname = $1, display_name = $1 || ' Test', sort_name = lower($1) || ' test', notes = $2,
      channels = jsonb_build_array(jsonb_build_object('type', 'link', 'value', $3::text)) WHERE surname = 'Client2' RETURNING id`,
    [long, 'n'.repeat(30_000), `https://e.com/${'x'.repeat(2000)}`],
  );
  longId = Number(r.rows[0].id);
});
after(async () => t.close());

describe("a stored row over today's limits", () => {
  it('is listed in every order, by pages, searched, shown on its card and exported', async () => {
    for (const url of [
      '/api/clients',
      '/api/clients?sort=surname&dir=desc',
      '/api/clients?limit=2',
      '/api/clients?q=Client&sort=relevance&total=none',
      '/api/clients?q=%D1%89%D1%89&sort=relevance&total=none',
      '/api/clients?q=%D1%89%D1%89',
      `/api/clients/${longId}`,
    ]) {
      const r = await admin.get(url);
      assert.equal(r.status, 200, `${url}: ${JSON.stringify(r.body).slice(0, 200)}`);
    }
    const all = (await admin.get('/api/clients')).body.items as { id: number; surname: string }[];
    assert.equal(all.length, 5);
    assert.equal(all.find((c) => c.id === longId)!.surname, long);
    // every page of two, to the end
    let cursor: string | null = null;
    const seen: number[] = [];
    do {
      const r = await admin.get(`/api/clients?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(r.status, 200);
      seen.push(...r.body.items.map((c: { id: number }) => c.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 5);
    const s = await admin.get('/api/clients/search?q=%D1%89%D1%89');
    assert.equal(s.status, 200);
    assert.deepEqual(
      s.body.items.map((c: { id: number }) => c.id),
      [longId],
    );
    const card = (await admin.get(`/api/clients/${longId}`)).body;
    assert.equal(card.notes.length, 30_000);
    const csv = await admin.get('/api/clients/export?format=csv');
    assert.equal(csv.status, 200);
    assert.ok(String(csv.body).includes(long));
  });

  it('no answer schema of a client limits a value inside a union (the serializer refuses such a value: a 500)', () => {
    // fast-json-stringify picks the branch of an anyOf by validating it, so a maxLength there
    // turned a stored value over the limit into a failed answer; limits belong to the inputs
    const bad: string[] = [];
    const walk = (s: unknown, where: string, inUnion: boolean) => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      if (inUnion) for (const k of ['maxLength', 'minLength', 'pattern', 'format', 'maxItems']) if (k in o) bad.push(`${where}: ${k}`);
      for (const [k, v] of Object.entries(o)) {
        if (k === 'anyOf' || k === 'oneOf') (v as unknown[]).forEach((b, i) => walk(b, `${where}.${k}[${i}]`, true));
        else if (typeof v === 'object') walk(v, `${where}.${k}`, false);
      }
    };
    for (const [name, s] of Object.entries({ ClientOut, ClientList, ClientWithDuplicates, SearchResult })) walk(s, name, false);
    assert.deepEqual(bad, []);
  });
});
