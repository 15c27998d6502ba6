import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
const q = (filters: unknown[], extra = '') => `/api/clients?filter=${encodeURIComponent(JSON.stringify(filters))}${extra}`;
const names = (r: { body: { items: { surname: string }[] } }) => r.body.items.map((c) => c.surname);

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  for (const f of [
    { key: 'visits', label: 'Visits', type: 'number' },
    { key: 'limit', label: 'Credit limit', type: 'money' },
    { key: 'contract', label: 'Contract date', type: 'date' },
    { key: 'segment', label: 'Segment', type: 'choice', options: ['retail', 'wholesale'] },
    { key: 'channels', label: 'Sales channels', type: 'multichoice', options: ['shop', 'web', 'phone'] },
    { key: 'vip', label: 'VIP', type: 'boolean', defaultValue: false },
    { key: 'site', label: 'Site', type: 'link' },
  ]) {
    const r = await admin.post('/api/custom-fields', f);
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const rows: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['Абрамов', { visits: 5, limit: '1000.50', contract: '2025-01-10', segment: 'retail', channels: ['shop'] }, { status: 'active', tags: ['опт'] }],
    ['Борисов', { visits: 12, limit: '99.99', segment: 'wholesale', channels: ['web', 'phone'], vip: true }, { status: 'vip', tags: ['опт', 'vip'] }],
    ['Васильева', { visits: 0, contract: '2024-06-01' }, { status: 'active' }],
    ['Григорьев', {}, { status: 'lost', channels: [{ type: 'phone', value: '+7 (916) 222-33-44' }] }],
    ['Adams', { visits: 7, limit: '1000.5', segment: 'retail' }, { status: 'active', channels: [{ type: 'email', value: 'Adams@Example.com' }] }],
    ['adler', { visits: 7 }, { region: 'Казань' }],
    ['Дмитриев', { visits: 3, limit: '-5.00' }, { status: 'active' }],
    ['Ёлкина', { visits: 1 }, {}],
  ];
  for (const [surname, custom, extra] of rows) {
    const r = await admin.post('/api/clients', person(surname, { custom, ...extra }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
});
after(async () => t.close());

describe('custom fields', () => {
  it('applies defaults and keeps money exact', async () => {
    const c = (await admin.get(q([{ field: 'surname', op: 'eq', value: 'Абрамов' }]))).body.items[0];
    assert.deepEqual(c.custom, { visits: 5, limit: '1000.50', contract: '2025-01-10', segment: 'retail', channels: ['shop'], vip: false });
  });

  for (const [key, value] of [
    ['visits', 'many'],
    ['limit', '1.001'],
    ['limit', 12.345],
    ['contract', '2025-02-30'],
    ['segment', 'partner'],
    ['channels', ['shop', 'fax']],
    ['vip', 'yes'],
    ['site', 'javascript:alert(1)'],
    ['nonexistent', 1],
  ] as const) {
    it(`refuses custom.${key} = ${JSON.stringify(value)} with the field named`, async () => {
      const r = await admin.post('/api/clients', person('Плохой', { custom: { [key]: value } }));
      assert.equal(r.status, 400);
      assert.deepEqual(
        r.body.error.details.map((d: { field: string }) => d.field),
        [`custom.${key}`],
      );
    });
  }

  it('enforces a required field on create, and the field can be renamed, reordered and hidden', async () => {
    const f = (await admin.post('/api/custom-fields', { key: 'card', label: 'Card', type: 'text', required: true })).body;
    const r = await admin.post('/api/clients', person('Безкарты'));
    assert.equal(r.status, 400);
    assert.equal(r.body.error.details[0].field, 'custom.card');
    const upd = await admin.patch(`/api/custom-fields/${f.id}`, {
      version: f.version,
      label: 'Loyalty card',
      required: false,
      position: 0,
      hidden: true,
    });
    assert.equal(upd.status, 200);
    assert.deepEqual([upd.body.label, upd.body.required, upd.body.hidden, upd.body.version], ['Loyalty card', false, true, 2]);
    assert.equal((await admin.patch(`/api/custom-fields/${f.id}`, { version: 1, label: 'x' })).status, 409);
    assert.equal((await admin.post('/api/custom-fields', { key: 'card', label: 'again', type: 'text' })).status, 409);
    assert.equal((await admin.post('/api/custom-fields', { key: 'pick', label: 'Pick', type: 'choice' })).status, 400);
  });
});

describe('filters', () => {
  const cases: [string, unknown[], string[]][] = [
    ['number gte', [{ field: 'custom.visits', op: 'gte', value: 7 }], ['Adams', 'adler', 'Борисов']],
    ['money eq compares amounts, not text', [{ field: 'custom.limit', op: 'eq', value: '1000.5' }], ['Adams', 'Абрамов']],
    ['money lt', [{ field: 'custom.limit', op: 'lt', value: 100 }], ['Борисов', 'Дмитриев']],
    ['date range', [{ field: 'custom.contract', op: 'gte', value: '2025-01-01' }], ['Абрамов']],
    ['choice eq', [{ field: 'custom.segment', op: 'eq', value: 'retail' }], ['Adams', 'Абрамов']],
    ['multichoice contains', [{ field: 'custom.channels', op: 'contains', value: ['web'] }], ['Борисов']],
    ['multichoice in (any of)', [{ field: 'custom.channels', op: 'in', value: ['shop', 'phone'] }], ['Абрамов', 'Борисов']],
    ['boolean', [{ field: 'custom.vip', op: 'eq', value: true }], ['Борисов']],
    ['empty custom', [{ field: 'custom.visits', op: 'empty' }], ['Григорьев']],
    [
      'combined',
      [
        { field: 'status', op: 'eq', value: 'active' },
        { field: 'custom.visits', op: 'lt', value: 6 },
      ],
      ['Абрамов', 'Васильева', 'Дмитриев'],
    ],
    ['status in', [{ field: 'status', op: 'in', value: ['vip', 'lost'] }], ['Борисов', 'Григорьев']],
    ['status ne keeps empty values', [{ field: 'status', op: 'ne', value: 'active' }], ['adler', 'Борисов', 'Григорьев', 'Ёлкина']],
    ['tags contains', [{ field: 'tags', op: 'contains', value: ['опт'] }], ['Абрамов', 'Борисов']],
    ['name contains, any case, ё as е', [{ field: 'name', op: 'contains', value: 'ЕЛК' }], ['Ёлкина']],
    ['phone digits', [{ field: 'phone', op: 'contains', value: '222-33' }], ['Григорьев']],
    ['email in, case-insensitive', [{ field: 'email', op: 'in', value: ['adams@example.COM'] }], ['Adams']],
    ['region notEmpty', [{ field: 'region', op: 'notEmpty' }], ['adler']],
  ];
  for (const [title, filters, expected] of cases) {
    it(title, async () => {
      const r = await admin.get(q(filters));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(names(r), expected);
      assert.deepEqual(r.body.total, { value: expected.length, exact: true });
      const count = await admin.get(`/api/clients/count?filter=${encodeURIComponent(JSON.stringify(filters))}`);
      assert.equal(count.body.count, expected.length);
    });
  }

  for (const [title, url, field] of [
    ['unknown field', q([{ field: 'password_hash', op: 'eq', value: 'x' }]), 'filter.0.field'],
    ['unknown custom field', q([{ field: 'custom.nope', op: 'eq', value: 1 }]), 'filter.0.field'],
    ['bad operator', q([{ field: 'status', op: 'like', value: 'x' }]), 'filter.0.op'],
    ['wrong value type', q([{ field: 'custom.visits', op: 'gt', value: 'lots' }]), 'filter.0.value'],
    ['not JSON', '/api/clients?filter=%5B%7B', 'filter'],
    ['unsortable', '/api/clients?sort=tags', 'sort'],
    ['sort by SQL', `/api/clients?sort=${encodeURIComponent('name; DROP TABLE clients')}`, 'sort'],
    ['forged cursor', '/api/clients?cursor=bm90LWpzb24', 'cursor'],
  ] as const) {
    it(`answers 400 naming ${field} for ${title}`, async () => {
      const r = await admin.get(url);
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 'VALIDATION_FAILED');
      assert.equal(r.body.error.details[0].field, field);
    });
  }
});

describe('sorting and keyset pages', () => {
  for (const [sort, dir] of [
    ['name', 'asc'],
    ['name', 'desc'],
    ['custom.visits', 'asc'],
    ['custom.visits', 'desc'],
    ['custom.limit', 'desc'],
    ['custom.contract', 'asc'],
    ['createdAt', 'desc'],
    ['status', 'asc'],
    ['custom.segment', 'desc'],
  ] as const) {
    it(`pages of 3 by ${sort} ${dir} return every client exactly once, in order`, async () => {
      const all = (await admin.get(`/api/clients?sort=${sort}&dir=${dir}&limit=500`)).body.items as { id: number; surname: string }[];
      assert.equal(all.length, 8);
      const paged: number[] = [];
      let cursor: string | null = null;
      do {
        const r: { body: { items: { id: number }[]; nextCursor: string | null } } = await admin.get(
          `/api/clients?sort=${sort}&dir=${dir}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        paged.push(...r.body.items.map((c) => c.id));
        cursor = r.body.nextCursor;
      } while (cursor);
      assert.deepEqual(
        paged,
        all.map((c) => c.id),
      );
    });
  }

  it('sorts names alphabetically ignoring case, nulls of a custom field last', async () => {
    assert.deepEqual(names(await admin.get('/api/clients?sort=name')), [
      'Adams',
      'adler',
      'Абрамов',
      'Борисов',
      'Васильева',
      'Григорьев',
      'Дмитриев',
      'Ёлкина',
    ]);
    assert.deepEqual(names(await admin.get('/api/clients?sort=custom.visits&dir=desc')).slice(0, 2), ['Григорьев', 'Борисов']);
    assert.deepEqual(names(await admin.get('/api/clients?sort=custom.visits')).at(-1), 'Григорьев');
  });
});

describe('custom field keys with an underscore', () => {
  it('come back as they were named, in the card, after an update, in the history, and hide when the role hides them', async () => {
    const f = await admin.post('/api/custom-fields', { key: 'card_number', label: 'Card number', type: 'text' });
    assert.equal(f.status, 201, JSON.stringify(f.body));
    const c = (await admin.post('/api/clients', person('Подчёркнутый', { custom: { card_number: 'C-1' } }))).body.client;
    assert.equal(c.custom.card_number, 'C-1');
    assert.equal((await admin.get(`/api/clients/${c.id}`)).body.custom.card_number, 'C-1');
    const upd = await admin.patch(`/api/clients/${c.id}`, { version: c.version, status: 'vip' });
    assert.equal(upd.status, 200, JSON.stringify(upd.body));
    assert.deepEqual(upd.body.client.custom, { card_number: 'C-1', vip: false });
    const again = await admin.patch(`/api/clients/${c.id}`, { version: upd.body.client.version, custom: { card_number: 'C-2' } });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    const history = (await admin.get(`/api/clients/${c.id}/history`)).body.items;
    assert.deepEqual(history[0].changes, { 'custom.card_number': ['C-1', 'C-2'] });
    const role = await admin.post('/api/roles', {
      key: 'nocard',
      name: 'No card',
      scope: 'all',
      rights: { clients: { read: true } },
      fieldRights: { 'custom.card_number': 'hidden' },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const reader = await t.user(role.body.id);
    const seen = (await reader.get(`/api/clients/${c.id}`)).body;
    assert.equal(seen.custom.card_number, undefined, JSON.stringify(seen.custom));
    assert.deepEqual(Object.keys(seen.custom), ['vip']);
  });
});

describe('date filters: within the next N days, and year-less anniversaries (issue 15)', () => {
  // days from today (UTC: neither the user nor the firm has a time zone set here)
  const day = (n: number, yearsBack = 0) => {
    const d = new Date(Date.now() + n * 86_400_000);
    return `${d.getUTCFullYear() - yearsBack}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  };
  const tagged = (filter: unknown) => q([{ field: 'tags', op: 'contains', value: ['годовщина'] }, filter]);
  before(async () => {
    for (const [surname, birthDate, contract] of [
      ['Скоро', day(3, 30), day(5)],
      ['Сегодня', day(0, 41), day(5, 2)],
      ['Нескоро', day(40, 25), day(40)],
      ['Вчера', day(-1, 20), day(-1)],
    ] as const) {
      const r = await admin.post('/api/clients', person(surname, { birthDate, tags: ['годовщина'], custom: { contract } }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
  });

  it('finds the birthdays of the next 7 days whatever the year of birth', async () => {
    const r = await admin.get(tagged({ field: 'birthDate', op: 'anniversaryNextDays', value: 7 }));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(names(r).sort(), ['Сегодня', 'Скоро']);
    assert.deepEqual(names(await admin.get(tagged({ field: 'birthDate', op: 'anniversaryNextDays', value: '0' }))), ['Сегодня']);
  });

  it('finds a date field within the next N days by its date, or by its anniversary', async () => {
    const exact = await admin.get(tagged({ field: 'custom.contract', op: 'nextDays', value: 7 }));
    assert.deepEqual(names(exact), ['Скоро']);
    const yearly = await admin.get(tagged({ field: 'custom.contract', op: 'anniversaryNextDays', value: 7 }));
    assert.deepEqual(names(yearly).sort(), ['Сегодня', 'Скоро']);
    const count = await admin.get(
      `/api/clients/count?filter=${encodeURIComponent(
        JSON.stringify([
          { field: 'tags', op: 'contains', value: ['годовщина'] },
          { field: 'custom.contract', op: 'nextDays', value: 45 },
        ]),
      )}`,
    );
    assert.equal(count.body.count, 2);
  });

  for (const [title, filter, field] of [
    ['a text field', { field: 'surname', op: 'nextDays', value: 7 }, 'filter.1.op'],
    ['a negative number of days', { field: 'birthDate', op: 'anniversaryNextDays', value: -1 }, 'filter.1.value'],
    ['over a year', { field: 'birthDate', op: 'nextDays', value: 367 }, 'filter.1.value'],
    ['not a number', { field: 'birthDate', op: 'nextDays', value: 'soon' }, 'filter.1.value'],
  ] as const) {
    it(`answers 400 naming ${field} for ${title}`, async () => {
      const r = await admin.get(tagged(filter));
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.error.details[0].field, field);
    });
  }
});
