import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';
import type { Actor } from '../access/rights.js';
import { prefixSql, substringSql } from './client-query.js';
import { scopeSql } from '../access/scope.js';
import { listOtherGroup } from './clients.repository.js';

let t: TestApp;
let admin: ApiClient;
let manager: ApiClient;

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  manager = await t.user('manager');
});
after(async () => t.close());

describe('creating clients', () => {
  it('creates a person with typed channels, normalising phones to E.164 and keeping what was typed', async () => {
    const r = await manager.post(
      '/api/clients',
      person('Иванов', {
        firstName: 'Пётр',
        channels: [
          { type: 'phone', label: 'mobile', value: '8 (912) 000-11-22' },
          { type: 'email', value: 'Petr@Example.COM' },
        ],
      }),
    );
    assert.equal(r.status, 201);
    assert.equal(r.body.client.displayName, 'Иванов Пётр');
    assert.deepEqual(r.body.client.channels[0], { type: 'phone', label: 'mobile', value: '8 (912) 000-11-22', normalized: '+79120001122' });
    assert.equal(r.body.client.channels[1].normalized, 'petr@example.com');
    assert.equal(r.body.client.managerId, manager.userId);
    assert.equal(r.body.client.version, 1);
  });

  it('creates an organization with contact persons and a valid INN, OGRN and KPP', async () => {
    const r = await manager.post('/api/clients', {
      kind: 'organization',
      legalName: 'ООО «Ромашка»',
      inn: '7707083893',
      ogrn: '1027700132195',
      kpp: '773601001',
      contacts: [{ name: 'Сергей Орлов', position: 'директор', channels: [{ type: 'phone', value: '+7 495 123-45-67' }] }],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.client.contacts[0].channels[0].normalized, '+74951234567');
  });

  for (const [field, value, body] of [
    ['inn', '7707083894', { kind: 'organization', legalName: 'X', inn: '7707083894' }],
    ['inn', '12345', { kind: 'organization', legalName: 'X', inn: '12345' }],
    ['ogrn', '1027700132194', { kind: 'organization', legalName: 'X', ogrn: '1027700132194' }],
    ['kpp', '77360100', { kind: 'organization', legalName: 'X', kpp: '77360100' }],
    ['channels.0.value', 'not-an-email', person('X', { channels: [{ type: 'email', value: 'not-an-email' }] })],
    ['channels.0.value', 'javascript:alert(1)', person('X', { channels: [{ type: 'link', value: 'javascript:alert(1)' }] })],
    ['surname', '', { kind: 'person' }],
    ['legalName', '', { kind: 'organization' }],
  ] as const) {
    it(`refuses ${field} = "${value}" with VALIDATION_FAILED naming the field, and stores nothing`, async () => {
      const before = await t.db
        .selectFrom('clients')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const r = await manager.post('/api/clients', body);
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 'VALIDATION_FAILED');
      assert.ok(
        r.body.error.details.some((d: { field: string }) => d.field === field),
        JSON.stringify(r.body),
      );
      const afterCount = await t.db
        .selectFrom('clients')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n));
    });
  }

  it('rejects server-owned fields (mass assignment) and changes nothing', async () => {
    for (const extra of [{ id: 999 }, { version: 7 }, { createdBy: admin.userId }, { archivedAt: '2020-01-01' }, { sortName: 'a' }]) {
      const r = await manager.post('/api/clients', person('Mass', extra));
      assert.equal(r.status, 400, JSON.stringify(extra));
      assert.equal(r.body.error.details[0].field, Object.keys(extra)[0]);
    }
    const n = await t.db.selectFrom('clients').select('id').where('surname', '=', 'Mass').execute();
    assert.equal(n.length, 0);
  });

  it('says what is wrong with a too-long field (its limit), not that it "must match a schema in anyOf"', async () => {
    const r = await manager.post('/api/clients', person('Я'.repeat(5000), { inn: '1'.repeat(13) }));
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.error.details, [
      { field: 'surname', message: 'must NOT have more than 200 characters' },
      { field: 'inn', message: 'must NOT have more than 12 characters' },
    ]);
    // a wrong type alone still says so
    const typed = await manager.post('/api/clients', person('Typed', { region: { a: 1 } }));
    assert.equal(typed.status, 400);
    assert.ok(typed.body.error.details.some((d: { field: string }) => d.field === 'region'));
  });
});

describe('search-as-you-type', () => {
  before(async () => {
    await admin.post('/api/clients/bulk', {
      clients: [
        person('Семёнов', { firstName: 'Алексей', managerId: admin.userId, channels: [{ type: 'phone', value: '+7 (903) 555-12-34' }] }),
        person('СЕМЕНОВА', { firstName: 'Ольга', managerId: admin.userId }),
        person('Ёлкин', { firstName: 'Борис', managerId: admin.userId }),
        person('Smith', { firstName: 'Anna', managerId: admin.userId, channels: [{ type: 'email', value: 'anna.smith@corp.example' }] }),
        { kind: 'organization', legalName: 'АО «Меридиан»', inn: '7096544259', managerId: admin.userId },
      ],
    });
  });
  const names = async (q: string, who = admin) => {
    const r = await who.get(`/api/clients/search?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200);
    return r.body.items.map((i: { displayName: string }) => i.displayName) as string[];
  };
  it('matches any part of a name, ignoring case in Cyrillic and folding ё to е', async () => {
    assert.deepEqual(await names('семен'), ['Семёнов Алексей', 'СЕМЕНОВА Ольга']);
    assert.deepEqual(await names('ЁЛК'), ['Ёлкин Борис']);
    assert.deepEqual(await names('мёнова'), ['СЕМЕНОВА Ольга']);
    assert.deepEqual(await names('smi'), ['Smith Anna']);
    assert.deepEqual(await names('ридиа'), ['АО «Меридиан»']);
  });
  it('finds phones by their digits whatever the formatting, emails and INN by any part', async () => {
    assert.deepEqual(await names('5551234'), ['Семёнов Алексей']);
    assert.deepEqual(await names('555-12'), ['Семёнов Алексей']);
    assert.deepEqual(await names('89035551234'), ['Семёнов Алексей']);
    assert.deepEqual(await names('corp.exam'), ['Smith Anna']);
    assert.deepEqual(await names('9654425'), ['АО «Меридиан»']);
  });
  it('treats % and _ as plain characters', async () => {
    assert.deepEqual(await names('%'), []);
    assert.deepEqual(await names('___'), []);
  });
  it('never returns clients outside the scope of a manager', async () => {
    assert.deepEqual(await names('семен', manager), []);
  });
});

describe('the journal while searching (sort=relevance)', () => {
  const ids: Record<string, number> = {};
  before(async () => {
    // Created in this order, so "newest first" is Zeta, then Омега, then the phone match.
    for (const [key, body] of [
      ['phone', person('Телефонов', { managerId: admin.userId, channels: [{ type: 'phone', value: '+7 (921) 777-05-05' }] })],
      ['b', person('Релевантов', { firstName: 'Борис', managerId: admin.userId })],
      ['a', person('РЕЛЕВАНТОВА', { firstName: 'Анна', managerId: admin.userId })],
      ['inside', person('Омега', { firstName: 'Нерелевантова', managerId: admin.userId })],
      ['email', person('Zeta', { managerId: admin.userId, channels: [{ type: 'email', value: 'relevantov@example.com' }] })],
      ['c', person('Релевантов', { firstName: 'Сергей', managerId: admin.userId })],
    ] as const) {
      const r = await admin.post('/api/clients', body);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      ids[key] = r.body.client.id;
    }
  });
  const page = async (query: string, who = admin) => {
    const r = await who.get(`/api/clients?sort=relevance&${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as { items: { id: number; displayName: string }[]; nextCursor: string | null; total: { value: number; exact: boolean } | null };
  };

  it('lists names starting with the text first (by name), then other matches newest first', async () => {
    const r = await page('q=релевант');
    assert.deepEqual(
      r.items.map((c) => c.displayName),
      ['Релевантов Борис', 'Релевантов Сергей', 'РЕЛЕВАНТОВА Анна', 'Омега Нерелевантова'],
    );
    assert.deepEqual(r.total, { value: 4, exact: true });
    // Latin: the e-mail is a match too (and "relevantov" starts no name)
    assert.deepEqual(
      (await page('q=RELEVANT')).items.map((c) => c.id),
      [ids.email],
    );
    // phone digits whatever the formatting
    assert.deepEqual(
      (await page(`q=${encodeURIComponent('777-05')}`)).items.map((c) => c.id),
      [ids.phone],
    );
  });

  it('pages through both groups with its cursor, every match once', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const r = await page(`q=релевант&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(r.total === null, cursor !== null, 'the total comes with the first page only');
      seen.push(...r.items.map((c) => c.id));
      cursor = r.nextCursor;
      if (!cursor) break;
    }
    assert.deepEqual(seen, [ids.b, ids.c, ids.a, ids.inside]);
  });

  it('leaves the total out when asked, counts with a cap on /count, and refuses a foreign cursor', async () => {
    assert.equal((await page('q=релевант&total=none')).total, null);
    assert.deepEqual((await admin.get('/api/clients/count?q=релевант&cap=2')).body, { count: 2, exact: false });
    assert.deepEqual((await admin.get('/api/clients/count?q=релевант&cap=4')).body, { count: 4, exact: true });
    assert.deepEqual((await admin.get('/api/clients/count?q=релевант')).body, { count: 4, exact: true });
    for (const cursor of ['x', Buffer.from('{"g":3,"id":1}').toString('base64url'), Buffer.from('{"g":1,"id":1}').toString('base64url')]) {
      const r = await admin.get(`/api/clients?sort=relevance&q=релевант&cursor=${cursor}`);
      assert.equal(r.status, 400);
      assert.equal(r.body.error.details[0].field, 'cursor');
    }
  });

  it('finds the same "other matches" whether the bounded walk or the trigram bitmap answers', async () => {
    const actors: Actor[] = [
      {
        userId: admin.userId,
        login: 'a',
        name: 'a',
        roleId: 0,
        roleKey: 'admin',
        isAdmin: true,
        scope: 'all',
        rights: {},
        fieldRights: {},
        departmentId: null,
        via: 'cli',
      },
      {
        userId: manager.userId,
        login: 'm',
        name: 'm',
        roleId: 0,
        roleKey: 'manager',
        isAdmin: false,
        scope: 'own',
        rights: {},
        fieldRights: {},
        departmentId: null,
        via: 'cli',
      },
    ];
    for (const actor of actors) {
      for (const term of ['релевант', 'test', 'ова', '777', 'zzz']) {
        const base = [scopeSql(actor), sql<boolean>`c.archived_at IS NULL`];
        const ids = async (walkRows: number, before: number | null, limit: number) =>
          (await listOtherGroup(t.db, base, substringSql(term, actor), prefixSql(term), before, limit, walkRows)).map((r) => r.id);
        const byWalk = await ids(1_000_000, null, 50);
        assert.deepEqual(await ids(1, null, 50), byWalk, `${actor.scope} ${term}`);
        assert.deepEqual(
          byWalk,
          [...byWalk].sort((a, b) => b - a),
          'newest first',
        );
        if (byWalk.length > 2) assert.deepEqual(await ids(2, byWalk[1]!, 50), byWalk.slice(2), 'after a cursor');
      }
    }
  });

  it('is the name order without a search text, and finds only what the scope holds', async () => {
    const all = await admin.get('/api/clients?limit=500');
    assert.deepEqual(
      (await page('limit=500')).items.map((c) => c.id),
      all.body.items.map((c: { id: number }) => c.id),
    );
    assert.deepEqual((await page('q=релевант', manager)).items, []);
  });
});

describe('bulk creation', () => {
  it("creates 5,000 clients in one request (beyond one INSERT's parameter limit), all or nothing", async () => {
    const clients = Array.from({ length: 5000 }, (_, i) =>
      person(`Массовый${i}`, { managerId: admin.userId, channels: [{ type: 'phone', value: `+7 900 ${String(1000000 + i).slice(1)}` }] }),
    );
    const r = await admin.post('/api/clients/bulk', { clients });
    assert.equal(r.status, 201, JSON.stringify(r.body).slice(0, 300));
    assert.equal(new Set(r.body.ids).size, 5000);
    const bad = [...clients.slice(0, 10), person('Плохой', { inn: '123' })];
    const before = (await admin.get('/api/clients/count')).body.count;
    const refused = await admin.post('/api/clients/bulk', { clients: bad });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.details[0].field, 'clients.10.inn');
    assert.equal((await admin.get('/api/clients/count')).body.count, before);
  });

  it('returns the ids in the order sent, keeps every value, and writes a "created" entry into each history', async () => {
    const clients = [
      person('Первый', {
        managerId: manager.userId,
        tags: ['a', 'b'],
        birthDate: '1990-05-06',
        channels: [{ type: 'email', value: 'First@Example.com' }],
        custom: {},
      }),
      {
        kind: 'organization',
        legalName: 'ООО «Второй»',
        inn: '7707083893',
        managerId: admin.userId,
        passport: null,
        notes: 'строка\nвторая "в кавычках"',
      },
    ];
    const r = await admin.post('/api/clients/bulk', { clients });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const [a, b] = await Promise.all(r.body.ids.map(async (id: number) => (await admin.get(`/api/clients/${id}`)).body));
    assert.deepEqual(
      [a.displayName, a.tags, a.birthDate, a.channels[0].normalized, a.managerId, a.createdBy],
      ['Первый Test', ['a', 'b'], '1990-05-06', 'first@example.com', manager.userId, admin.userId],
    );
    assert.deepEqual([b.displayName, b.inn, b.notes], ['ООО «Второй»', '7707083893', 'строка\nвторая "в кавычках"']);
    for (const id of r.body.ids) {
      const h = (await admin.get(`/api/clients/${id}/history`)).body.items;
      assert.deepEqual(
        h.map((x: { action: string; userId: number }) => [x.action, x.userId]),
        [['client.created', admin.userId]],
      );
    }
    assert.deepEqual(
      (await manager.get('/api/clients?q=первый')).body.items.map((c: { id: number }) => c.id),
      [a.id],
    );
  });

  it('stores nothing when a row in a later chunk is bad, and names every bad row', async () => {
    const before = (await admin.get('/api/clients/count')).body.count;
    const clients = Array.from({ length: 600 }, (_, i) => person(`Куски${i}`, { managerId: admin.userId }));
    clients[5] = person('Плохой', { managerId: admin.userId, inn: '1' });
    clients[550] = person('Плохой', { managerId: admin.userId, channels: [{ type: 'email', value: 'nope' }] });
    const r = await admin.post('/api/clients/bulk', { clients });
    assert.equal(r.status, 400);
    assert.deepEqual(
      r.body.error.details.map((d: { field: string }) => d.field),
      ['clients.5.inn', 'clients.550.channels.0.value'],
    );
    assert.equal((await admin.get('/api/clients/count')).body.count, before);
    clients[5] = person('Хороший', { managerId: admin.userId });
    clients[550] = person('Хороший', { managerId: admin.userId });
    const ok = await admin.post('/api/clients/bulk', { clients });
    assert.equal(ok.status, 201);
    assert.equal(ok.body.ids.length, 600);
    assert.deepEqual(
      ok.body.ids,
      [...ok.body.ids].sort((a: number, b: number) => a - b),
      'ids in the order sent',
    );
    assert.equal((await admin.get('/api/clients/count')).body.count, before + 600);
  });

  it('checks each distinct manager: refuses, row by row, another manager for a manager and an unknown user for anyone', async () => {
    const own = person('Свой пакет');
    const foreign = person('Чужой пакет', { managerId: admin.userId });
    const r = await manager.post('/api/clients/bulk', { clients: [own, foreign, own, foreign] });
    assert.equal(r.status, 400);
    assert.deepEqual(
      r.body.error.details.map((d: { field: string }) => d.field),
      ['clients.1.managerId', 'clients.3.managerId'],
    );
    const ghost = await admin.post('/api/clients/bulk', {
      clients: [person('Призрак', { managerId: 999999 }), person('Есть', { managerId: manager.userId })],
    });
    assert.equal(ghost.status, 400);
    assert.deepEqual(ghost.body.error.details, [{ field: 'clients.0.managerId', message: 'no such active user' }]);
    assert.equal((await admin.get('/api/clients/count?q=пакет')).body.count, 0);
  });
});

describe('optimistic concurrency', () => {
  it('answers 409 with the current version to a stale update and keeps the newer data', async () => {
    const c = (await manager.post('/api/clients', person('Версия'))).body.client;
    const first = await manager.patch(`/api/clients/${c.id}`, { version: 1, status: 'vip' });
    assert.equal(first.status, 200);
    assert.equal(first.body.client.version, 2);
    const stale = await manager.patch(`/api/clients/${c.id}`, { version: 1, status: 'lost' });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'VERSION_CONFLICT');
    assert.equal(stale.body.error.details.currentVersion, 2);
    // what a form needs to show the conflict: the client as it is now, and who changed it last
    assert.equal(stale.body.error.details.client.status, 'vip');
    assert.equal(stale.body.error.details.client.version, 2);
    assert.equal(stale.body.error.details.changedBy.userId, manager.userId);
    assert.equal(stale.body.error.details.changedBy.action, 'client.updated');
    assert.equal((await manager.get(`/api/clients/${c.id}`)).body.status, 'vip');
  });

  it('leaves the client being edited out of its own duplicates (the draft sent with its id)', async () => {
    const channels = [{ type: 'phone', value: '+7 900 700-70-70' }];
    const draft = person('Самоповтор', { channels });
    const c = (await manager.post('/api/clients', draft)).body.client;
    const without = (await manager.post('/api/clients/duplicates', draft)).body.duplicates;
    assert.deepEqual(
      without.map((d: { id: number }) => d.id),
      [c.id],
      'a new draft like it is a duplicate of it',
    );
    assert.deepEqual((await manager.post('/api/clients/duplicates', { ...draft, id: c.id })).body.duplicates, []);
    const twin = (await manager.post('/api/clients', person('Самоповторова', { channels }))).body.client;
    assert.deepEqual(
      (await manager.post('/api/clients/duplicates', { ...draft, id: c.id })).body.duplicates.map((d: { id: number }) => d.id),
      [twin.id],
    );
  });

  it('32 concurrent read-modify-write clients end with exactly the successful writes applied', async () => {
    const c = (await manager.post('/api/clients', person('Счётчик', { custom: {} }))).body.client;
    const results = await Promise.all(
      Array.from({ length: 32 }, async (_, i) => {
        const cur = (await manager.get(`/api/clients/${c.id}`)).body;
        const tags = [...cur.tags, `t${i}`];
        return (await manager.patch(`/api/clients/${c.id}`, { version: cur.version, tags })).status;
      }),
    );
    const ok = results.filter((s) => s === 200).length;
    assert.ok(ok >= 1);
    assert.equal(results.filter((s) => s === 409).length, 32 - ok);
    const final = (await manager.get(`/api/clients/${c.id}`)).body;
    assert.equal(final.version, 1 + ok);
    assert.equal(final.tags.length, ok);
  });
});

describe('history and audit', () => {
  it('records who changed what, with old and new values', async () => {
    const c = (await manager.post('/api/clients', person('История', { status: 'new' }))).body.client;
    await manager.patch(`/api/clients/${c.id}`, { version: 1, status: 'active', region: 'Казань' });
    const h = await manager.get(`/api/clients/${c.id}/history`);
    assert.equal(h.status, 200);
    const [upd, created] = h.body.items;
    assert.equal(created.action, 'client.created');
    assert.equal(upd.action, 'client.updated');
    assert.equal(upd.userId, manager.userId);
    assert.deepEqual(upd.changes, { status: ['new', 'active'], region: [null, 'Казань'] });
  });
});

describe('archive, restore and delete', () => {
  it('archives and restores (soft delete), and only administrators delete for good', async () => {
    const senior = await t.user('senior');
    const c = (await senior.post('/api/clients', person('Архивный'))).body.client;
    const arch = await senior.post(`/api/clients/${c.id}/archive`, { version: 1 });
    assert.equal(arch.status, 200);
    assert.equal(arch.body.archived, true);
    const list = await senior.get('/api/clients?q=архивн');
    assert.equal(list.body.items.length, 0);
    const archivedList = await senior.get('/api/clients?q=архивн&archived=only');
    assert.equal(archivedList.body.items.length, 1);
    const restored = await senior.post(`/api/clients/${c.id}/restore`, { version: 2 });
    assert.equal(restored.body.archived, false);
    assert.equal((await senior.del(`/api/clients/${c.id}`)).status, 403);
    assert.equal((await admin.del(`/api/clients/${c.id}`)).status, 200);
    assert.equal((await admin.get(`/api/clients/${c.id}`)).status, 404);
  });
});
