// Issue 13: the external ID an import stores is shown (card, list), filtered on and exported —
// and a role that hides it sees it nowhere, and cannot count clients by it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importClient } from '../../testing/imports.js';
import { startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let hider: ApiClient;
let io: ReturnType<typeof importClient>;
const q = (filters: unknown[]) => `/api/clients?filter=${encodeURIComponent(JSON.stringify(filters))}`;
const surnames = (r: { body: { items: { surname: string }[] } }) => r.body.items.map((c) => c.surname).sort();

before(async () => {
  t = await startTestApp();
  io = importClient(t);
  admin = await io.withToken(await t.user('admin'));
  const up = await io.upload(admin, 'old-crm.csv', Buffer.from('Код,Фамилия,Имя\r\nCRM-001,Альфа,Анна\r\nCRM-002,Бета,Борис\r\n,Гамма,Галина\r\n'));
  assert.equal(up.status, 201, JSON.stringify(up.body));
  const run = await io.runTo(admin, up.body.job.id, 'run', { mapping: up.body.suggested, options: { matchBy: ['externalId'], onMatch: 'update' } });
  assert.equal(run.counts.created, 3);
  const role = await admin.post('/api/roles', {
    key: 'noext',
    name: 'No external ids',
    scope: 'all',
    rights: { clients: { read: true, export: true } },
    fieldRights: { externalIds: 'hidden' },
  });
  assert.equal(role.status, 201, JSON.stringify(role.body));
  hider = await t.user(role.body.id);
});
after(async () => t.close());

describe('external IDs', () => {
  it('are on the card and in the list', async () => {
    const list = (await admin.get('/api/clients')).body.items as { surname: string; id: number; externalIds: string[] }[];
    assert.deepEqual(
      list.map((c) => [c.surname, c.externalIds]),
      [
        ['Альфа', ['CRM-001']],
        ['Бета', ['CRM-002']],
        ['Гамма', []],
      ],
    );
    const card = (await admin.get(`/api/clients/${list[0]!.id}`)).body;
    assert.deepEqual(card.externalIds, ['CRM-001']);
  });

  it('are a filter: is, is one of, contains, is filled, is empty, is not', async () => {
    assert.deepEqual(surnames(await admin.get(q([{ field: 'externalIds', op: 'eq', value: 'CRM-002' }]))), ['Бета']);
    assert.deepEqual(surnames(await admin.get(q([{ field: 'externalIds', op: 'in', value: ['CRM-001', 'CRM-002', 'nope'] }]))), ['Альфа', 'Бета']);
    assert.deepEqual(surnames(await admin.get(q([{ field: 'externalIds', op: 'contains', value: 'crm-00' }]))), ['Альфа', 'Бета']);
    assert.deepEqual(surnames(await admin.get(q([{ field: 'externalIds', op: 'notEmpty' }]))), ['Альфа', 'Бета']);
    assert.deepEqual(surnames(await admin.get(q([{ field: 'externalIds', op: 'empty' }]))), ['Гамма']);
    assert.deepEqual(surnames(await admin.get(q([{ field: 'externalIds', op: 'ne', value: 'CRM-001' }]))), ['Бета', 'Гамма']);
    const bad = await admin.get(q([{ field: 'externalIds', op: 'gt', value: 'A' }]));
    assert.equal(bad.status, 400);
    assert.equal((await admin.get('/api/clients?sort=externalIds')).status, 400);
  });

  it('are exported', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/clients/export?format=csv', headers: io.authOf(admin) });
    assert.equal(r.statusCode, 200);
    const lines = r.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.match(lines[0]!, /,External ID$/);
    assert.match(lines[1]!, /^\d+,person,Альфа,Анна,.*,CRM-001$/);
    assert.match(lines[3]!, /Гамма.*,$/);
    // the relevance-ordered search writes its rows another way: the same cell
    const s = await t.app.inject({ method: 'GET', url: '/api/clients/export?format=csv&q=%D0%B0%D0%BB%D1%8C', headers: io.authOf(admin) });
    assert.match(s.body, /Альфа,Анна,.*,CRM-001\r\n/);
  });

  it('a role that hides them sees them nowhere and cannot filter by them', async () => {
    const list = (await hider.get('/api/clients')).body.items as Record<string, unknown>[];
    assert.equal(list.length, 3);
    assert.ok(list.every((c) => !('externalIds' in c)));
    assert.equal('externalIds' in (await hider.get(`/api/clients/${list[0]!.id}`)).body, false);
    const f = await hider.get(q([{ field: 'externalIds', op: 'eq', value: 'CRM-001' }]));
    assert.equal(f.status, 400);
    assert.match(f.body.error.message, /unknown field "externalIds"/);
    const count = await hider.get(`/api/clients/count?filter=${encodeURIComponent(JSON.stringify([{ field: 'externalIds', op: 'notEmpty' }]))}`);
    assert.equal(count.status, 400);
    const r = await hider.get('/api/clients/export?format=csv');
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 200));
    assert.doesNotMatch(String(r.body), /External ID|CRM-00/);
  });
});
