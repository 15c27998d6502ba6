// Export (F2): round trip through import changes nothing (property test), scope and field rights,
// formula injection, LibreOffice reads our XLSX back to the same table, vCard.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'clientela-export-'));
let t: TestApp;
let admin: ApiClient;
let anna: ApiClient;
let boris: ApiClient;
const tokens = new Map<ApiClient, string>();

async function raw(who: ApiClient, method: 'GET' | 'POST', url: string, payload?: Buffer) {
  const r = await t.app.inject({
    method,
    url,
    payload,
    headers: {
      authorization: `Bearer ${tokens.get(who)}`,
      origin: 'http://localhost:80',
      host: 'localhost:80',
      ...(payload ? { 'content-type': 'application/octet-stream' } : {}),
    },
  });
  return r;
}

async function roundTrip(who: ApiClient, format: 'csv' | 'xlsx', query = '') {
  const file = await raw(who, 'GET', `/api/clients/export?format=${format}${query}`);
  assert.equal(file.statusCode, 200, file.body);
  const up = JSON.parse((await raw(who, 'POST', `/api/imports?name=back.${format}`, file.rawPayload)).body);
  assert.ok(up.job, JSON.stringify(up));
  const r = await who.post(`/api/imports/${up.job.id}/run`, { mapping: up.suggested, options: { matchBy: ['id'], onMatch: 'update' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await t.app.imports.waitFor(up.job.id);
  const job = (await who.get(`/api/imports/${up.job.id}`)).body;
  const rows = (await who.get(`/api/imports/${up.job.id}/rows?limit=1000`)).body.items;
  return { job, rows, suggested: up.suggested };
}

before(async () => {
  t = await startTestApp();
  const mk = async (role: string) => {
    const u = await t.user(role);
    tokens.set(u, (await u.post('/api/auth/tokens', { name: 'x' })).body.token);
    return u;
  };
  admin = await mk('admin');
  anna = await mk('manager');
  boris = await mk('manager');
  await admin.post('/api/custom-fields', { key: 'level', label: 'Level', type: 'choice', options: ['gold', 'silver, bright', 'бронза'] });
  await admin.post('/api/custom-fields', { key: 'visits', label: 'Visits', type: 'number' });
  await admin.post('/api/custom-fields', { key: 'since', label: 'Client since', type: 'date' });
  await admin.post('/api/custom-fields', { key: 'vip', label: 'VIP', type: 'boolean' });
});
after(async () => {
  await t.close();
  rmSync(tmp, { recursive: true, force: true });
});

// text with Cyrillic, quotes, commas, newlines, leading formula characters and other odd bits
const oddChar = fc.constantFrom('а', 'Ж', 'ё', 'z', ' ', '"', ',', '\n', '=', '+', '-', '@', "'", 'é', '中', '😀', '\\', '<', '&', ';');
const odd = fc
  .array(oddChar, { minLength: 1, maxLength: 12 })
  .map((a) => a.join('').trim())
  .filter((s) => s.length > 0 && !s.startsWith("'"));
const phone = fc.integer({ min: 1000000, max: 9999999 }).map((n) => `+7 912 ${String(n).slice(0, 3)}-${String(n).slice(3, 5)}-${String(n).slice(5)}`);
const person = fc.record({
  kind: fc.constant('person'),
  surname: odd,
  firstName: fc.option(odd, { nil: undefined }),
  patronymic: fc.option(odd, { nil: undefined }),
  notes: fc.option(odd, { nil: undefined }),
  region: fc.option(odd, { nil: undefined }),
  tags: fc
    .array(
      fc
        .stringMatching(/^[a-zа-я0-9 ]{1,8}$/)
        .map((s) => s.trim())
        .filter(Boolean),
      { maxLength: 3 },
    )
    .map((a) => [...new Set(a)]),
  channels: fc
    .array(
      fc.oneof(
        phone.map((value) => ({ type: 'phone', label: 'mobile', value })),
        fc.constantFrom('a@b.ru', 'ivan.petrov@example.com').map((value) => ({ type: 'email', value })),
      ),
      { maxLength: 3 },
    )
    .map((cs) => cs.filter((c, i) => cs.findIndex((d) => d.value === c.value) === i)),
  custom: fc.record(
    {
      level: fc.option(fc.constantFrom('gold', 'silver, bright', 'бронза'), { nil: undefined }),
      visits: fc.option(fc.integer({ min: -1000, max: 100000 }), { nil: undefined }),
      since: fc.option(fc.constantFrom('2020-02-29', '1999-12-31'), { nil: undefined }),
      vip: fc.option(fc.boolean(), { nil: undefined }),
    },
    { requiredKeys: [] },
  ),
});
const org = fc.record({
  kind: fc.constant('organization'),
  legalName: odd,
  inn: fc.constantFrom(undefined, '7707083893', '500100732259'),
  notes: fc.option(odd, { nil: undefined }),
});

describe('export', () => {
  it('an exported file imports back unchanged (CSV and XLSX; random clients, odd characters)', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(person, org), { minLength: 1, maxLength: 15 }), fc.constantFrom('csv', 'xlsx'), async (list, format) => {
        const clean = list.map((c) => JSON.parse(JSON.stringify(c)) as Record<string, unknown>);
        const made = await admin.post('/api/clients/bulk', { clients: clean });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        const before = (await t.pool.query('SELECT id, version FROM clients ORDER BY id')).rows;
        const { job, rows } = await roundTrip(admin, format as 'csv' | 'xlsx');
        assert.equal(job.status, 'done', JSON.stringify(job));
        assert.equal(job.counts.unchanged, before.length, JSON.stringify(rows.filter((r: { action: string }) => r.action !== 'unchanged')));
        assert.deepEqual((await t.pool.query('SELECT id, version FROM clients ORDER BY id')).rows, before);
        assert.equal(before.length, list.length);
        await t.pool.query('DELETE FROM clients');
        runs++;
      }),
      { numRuns: 25 },
    );
    assert.equal(runs, 25);
  });

  it('writes the same cells whether PostgreSQL computes them (any list) or the server does (a relevance-ordered search)', async () => {
    await admin.post('/api/custom-fields', { key: 'hobbies', label: 'Hobbies', type: 'multichoice', options: ['chess', 'golf', 'ёлки'] });
    await fc.assert(
      fc.asyncProperty(fc.array(person, { minLength: 1, maxLength: 8 }), async (list) => {
        const clean = list.map((c, i) => ({
          ...(JSON.parse(JSON.stringify(c)) as Record<string, unknown>),
          surname: `Зквщ${i} ${c.surname}`,
          custom: { ...c.custom, hobbies: i % 2 ? ['golf', 'ёлки'] : [] },
          contacts:
            i % 3
              ? [
                  { name: 'Анна', position: 'жена', channels: [] },
                  { name: 'Bob', channels: [] },
                ]
              : [],
          channels: [...c.channels, { type: 'link', value: 'https://example.com/x' }, { type: 'messenger', value: '@tg_user' }],
        }));
        const made = await admin.post('/api/clients/bulk', { clients: clean });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        const lines = async (query: string) => {
          const r = await raw(admin, 'GET', `/api/clients/export?format=csv&q=${encodeURIComponent('Зквщ')}${query}`);
          assert.equal(r.statusCode, 200);
          const [header, ...rest] = parse(r.body.replace(/^\uFEFF/, '')) as string[][];
          return { header, rows: rest.map((x) => JSON.stringify(x)).sort() };
        };
        const bySql = await lines('&sort=id');
        const byServer = await lines('&sort=relevance');
        assert.equal(bySql.rows.length, list.length);
        assert.deepEqual(bySql, byServer);
        await t.pool.query('DELETE FROM clients');
      }),
      { numRuns: 10 },
    );
  });

  it("exports only the user's clients and the fields the role may see; needs the export right; audited", async () => {
    await anna.post('/api/clients', { kind: 'person', surname: 'Annaclient', inn: '500100732259', notes: 'secret' });
    await boris.post('/api/clients', { kind: 'person', surname: 'Borisclient' });
    const csv = (await raw(anna, 'GET', '/api/clients/export?format=csv')).body;
    assert.match(csv, /Annaclient/);
    assert.doesNotMatch(csv, /Borisclient/);
    // a role that hides notes and INN exports neither
    const role = await admin.post('/api/roles', {
      key: 'quiet',
      name: 'Quiet',
      scope: 'all',
      rights: { clients: { read: true, export: true } },
      fieldRights: { notes: 'hidden', inn: 'hidden' },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const quiet = await t.user(role.body.id);
    tokens.set(quiet, (await quiet.post('/api/auth/tokens', { name: 'x' })).body.token);
    const q = (await raw(quiet, 'GET', '/api/clients/export?format=csv')).body;
    const header = q.replace(/^\uFEFF/, '').split('\r\n')[0]!;
    assert.doesNotMatch(header, /Notes|INN/);
    assert.doesNotMatch(q, /secret|500100732259/);
    assert.match(q, /Borisclient/);
    const ro = await t.user('readonly');
    tokens.set(ro, (await ro.post('/api/auth/tokens', { name: 'x' })).body.token);
    assert.equal((await raw(ro, 'GET', '/api/clients/export?format=csv')).statusCode, 403);
    const audit = await t.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'clients.exported'");
    assert.ok(audit.rows[0].n >= 2);
  });

  it('neutralises formulas in CSV and writes text cells in XLSX, which LibreOffice reads back to the same table', async () => {
    await admin.post('/api/clients', {
      kind: 'person',
      surname: '=HYPERLINK("http://evil";"x")',
      firstName: '+1',
      notes: '@SUM(A1)\nline 2, with "quotes"',
    });
    await admin.post('/api/clients', { kind: 'organization', legalName: 'ООО «Ромашка»', inn: '7707083893' });
    const csvText = (
      await raw(
        admin,
        'GET',
        '/api/clients/export?format=csv&filter=' + encodeURIComponent(JSON.stringify([{ field: 'surname', op: 'contains', value: 'HYPERLINK' }])),
      )
    ).body;
    const line = csvText.replace(/^\uFEFF/, '').split('\r\n')[1]!;
    assert.match(line, /,"'=HYPERLINK\(""http:\/\/evil"";""x""\)",'\+1,/);
    const xlsx = await raw(admin, 'GET', '/api/clients/export?format=xlsx');
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    const file = path.join(tmp, 'clients.xlsx');
    writeFileSync(file, xlsx.rawPayload);
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${tmp}/lo`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', tmp, file],
      { stdio: 'pipe', timeout: 120_000 },
    );
    const back = parse(readFileSync(path.join(tmp, 'clients.csv')), { columns: false, relax_column_count: true }) as string[][];
    const all = (await raw(admin, 'GET', '/api/clients/export?format=csv')).body;
    const ours = parse(all.replace(/^\uFEFF/, ''), { columns: false, relax_column_count: true }) as string[][];
    const unneutral = (s: string) => s.replace(/^'(?=[=+\-@\t\r])/, '');
    // LibreOffice writes text cells as they are: our CSV without its protective apostrophes
    const trim = (rows: string[][]) =>
      rows.map((r) => {
        const x = [...r];
        while (x.length && x[x.length - 1] === '') x.pop();
        return x;
      });
    const exported = trim(ours.map((r) => r.map(unneutral)));
    const libre = trim(back);
    assert.deepEqual(libre, exported);
    const formulaCell = back.find((r) => r.join('|').includes('HYPERLINK'))!;
    assert.ok(formulaCell.includes('=HYPERLINK("http://evil";"x")'), 'kept as text, not evaluated');
  });

  it('exports vCards that import back', async () => {
    const vcf = (
      await raw(
        admin,
        'GET',
        '/api/clients/export?format=vcf&filter=' + encodeURIComponent(JSON.stringify([{ field: 'kind', op: 'eq', value: 'organization' }])),
      )
    ).body;
    assert.match(vcf, /BEGIN:VCARD\r\nVERSION:3.0\r\nFN:ООО «Ромашка»\r\n/);
    assert.match(vcf, /ORG:ООО «Ромашка»/);
  });
});
