// Issue 13: the import refuses what the API and the form refuse (one set of limits: the client
// schemas), each refused row with its reason in the preview and in the rejected-rows file; and a
// catalog file with repeated product names previews as it runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importClient } from '../../testing/imports.js';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let io: ReturnType<typeof importClient>;

before(async () => {
  t = await startTestApp();
  io = importClient(t);
  admin = await io.withToken(await t.user('admin'));
});
after(async () => t.close());

const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n'));

describe('client limits', () => {
  it('rejects a row the API would refuse (a 4,900-character surname, a 600-character phone, 300-character tags) with the reason, in the preview and the run', async () => {
    const long = 'Щ'.repeat(4900);
    const file = csv([
      ['Фамилия', 'Имя', 'Телефон', 'Теги', 'Примечание'],
      ['Нормов', 'Иван', '+7 912 345-67-89', 'опт', 'ok'],
      [long, 'Длинный', '', '', ''],
      ['Телефонов', 'Пётр', `+7 ${'1'.repeat(600)}`, '', ''],
      ['Тегов', 'Олег', '', 't'.repeat(300), ''],
      ['Заметкин', 'Юрий', '', '', 'n'.repeat(20_001)],
    ]);
    const up = await io.upload(admin, 'long.csv', file);
    assert.equal(up.status, 201, JSON.stringify(up.body));
    const plan = { mapping: up.body.suggested, options: { matchBy: ['phone'], onMatch: 'update' } };
    const preview = await io.runTo(admin, up.body.job.id, 'preview', plan);
    assert.deepEqual(preview.counts, { created: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 4 });
    const rows = (await admin.get(`/api/imports/${up.body.job.id}/rows?action=rejected`)).body.items;
    assert.deepEqual(
      rows.map((r: { rowNo: number; error: string }) => [r.rowNo, r.error]),
      [
        [2, 'surname: at most 200 characters'],
        [3, 'channels.0.value: at most 500 characters'],
        [4, 'tags.0: at most 100 characters'],
        [5, 'notes: at most 20000 characters'],
      ],
    );
    // the API refuses the same values
    for (const body of [
      person(long),
      person('X', { channels: [{ type: 'phone', value: `+7 ${'1'.repeat(600)}` }] }),
      person('X', { tags: ['t'.repeat(300)] }),
    ]) {
      assert.equal((await admin.post('/api/clients', body)).status, 400);
    }
    const run = await io.runTo(admin, up.body.job.id, 'run', plan);
    assert.deepEqual(run.counts, preview.counts);
    const file2 = await t.app.inject({ method: 'GET', url: `/api/imports/${up.body.job.id}/rejected.csv`, headers: io.authOf(admin) });
    const lines = file2.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines.length, 5);
    assert.match(lines[1]!, /,surname: at most 200 characters$/);
    const stored = (await t.pool.query('SELECT max(length(surname)) AS m, count(*)::int AS n FROM clients')).rows[0];
    assert.deepEqual([stored.n, stored.m], [1, 6]);
    // the journal lists what was imported
    assert.equal((await admin.get('/api/clients')).body.items.length, 1);
  });
});

describe('a catalog file with repeated names', () => {
  it('reports every repeated name (and SKU) as a rejected row in the preview, and the run does exactly what the preview said', async () => {
    // 300 products without SKUs, 254 of their names once more further down, in another order;
    // then two products of one name told apart by their SKUs, and a SKU given twice
    const rows = [['Наименование', 'Артикул', 'Цена']];
    for (let i = 0; i < 300; i++) rows.push([`Товар ${i}`, '', `${i + 1},50`]);
    for (let i = 253; i >= 0; i--) rows.push([`товар ${i}`, '', '9,99']);
    rows.push(['Чай', 'T-1', '100'], ['Чай', 'T-2', '120'], ['Кофе', 'T-2', '130']);
    const up = await io.upload(admin, 'catalog.csv', csv(rows));
    assert.equal(up.status, 201, JSON.stringify(up.body));
    const plan = { mapping: up.body.suggestedProducts, options: { matchBy: ['sku', 'name'], onMatch: 'update', target: 'products' } };
    assert.deepEqual(
      plan.mapping.map((m: { target: string }) => m.target),
      ['product.name', 'product.sku', 'product.price'],
    );
    const preview = await io.runTo(admin, up.body.job.id, 'preview', plan);
    assert.deepEqual(preview.counts, { created: 302, updated: 0, unchanged: 0, skipped: 0, rejected: 255 });
    const rejected = (await admin.get(`/api/imports/${up.body.job.id}/rows?action=rejected&limit=500`)).body.items as {
      rowNo: number;
      error: string;
    }[];
    assert.equal(rejected[0]!.error, 'name: "товар 253" repeats row 254 of the file');
    assert.equal(rejected.at(-1)!.error, 'sku: "T-2" repeats row 556 of the file');
    const run = await io.runTo(admin, up.body.job.id, 'run', plan);
    assert.deepEqual(run.counts, preview.counts);
    const db = (await t.pool.query(`SELECT count(*)::int AS n, count(DISTINCT lower(name))::int AS names FROM products`)).rows[0];
    assert.deepEqual(db, { n: 302, names: 301 });
    assert.equal(
      (await t.pool.query(`SELECT price::text FROM products WHERE name = 'Товар 0'`)).rows[0].price,
      '15000',
      'the repeated row changed nothing',
    );
    // the same file again: every product matched once, the repeats rejected again
    const again = await io.upload(admin, 'catalog.csv', csv(rows));
    const second = await io.runTo(admin, again.body.job.id, 'run', { ...plan, mapping: again.body.suggestedProducts });
    assert.deepEqual(second.counts, { created: 0, updated: 0, unchanged: 302, skipped: 0, rejected: 255 });
  });

  it('rejects a row whose name matches several products of the catalog (which one?) instead of updating the first', async () => {
    for (const sku of ['D-1', 'D-2']) assert.equal((await admin.post('/api/products', { name: 'Двойник', sku, price: '10' })).status, 201);
    const up = await io.upload(
      admin,
      'twins.csv',
      csv([
        ['Наименование', 'Цена'],
        ['Двойник', '11'],
      ]),
    );
    const plan = { mapping: up.body.suggestedProducts, options: { matchBy: ['sku', 'name'], onMatch: 'update', target: 'products' } };
    const run = await io.runTo(admin, up.body.job.id, 'run', plan);
    assert.deepEqual(run.counts, { created: 0, updated: 0, unchanged: 0, skipped: 0, rejected: 1 });
    const rows = (await admin.get(`/api/imports/${up.body.job.id}/rows?action=rejected`)).body.items;
    assert.equal(rows[0].error, 'name: "Двойник" matches 2 products of the catalog');
  });
});
