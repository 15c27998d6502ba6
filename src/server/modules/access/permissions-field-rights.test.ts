import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { person, type ApiClient } from '../../testing/test-app.js';
import { q, snapshot, t, u, usePermissionsFixture, version } from '../../testing/permissions-fixture.js';

// docs/security.md §3: field rights.
usePermissionsFixture();

describe('field rights', () => {
  let restricted: ApiClient;
  let org: number;
  const innOf = async (id: number) => (await u.admin.get(`/api/clients/${id}`)).body.inn;
  before(async () => {
    assert.equal((await u.admin.post('/api/custom-fields', { key: 'secret', label: 'Secret', type: 'text' })).status, 201);
    const r = await u.admin.post('/api/clients', {
      kind: 'organization',
      legalName: 'ООО Тайное',
      inn: '7707083893',
      region: 'Тверь',
      custom: { secret: 'тайна-42' },
      channels: [{ type: 'phone', value: '+7 900 111-22-33' }],
      managerId: u.admin.userId,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    org = r.body.client.id;
    // History with every kind of change: hidden, read-only and ordinary fields.
    assert.equal(
      (
        await u.admin.patch(`/api/clients/${org}`, {
          version: 1,
          inn: '500100732259',
          custom: { secret: 'тайна-43' },
          region: 'Тула',
          status: 'lead',
        })
      ).status,
      200,
    );
    const role = await u.admin.post('/api/roles', {
      key: 'restricted',
      name: 'Restricted',
      scope: 'all',
      rights: { clients: { read: true, create: true, edit: true }, customFields: { read: true } },
      fieldRights: { inn: 'hidden', 'custom.secret': 'hidden', region: 'readonly' },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    restricted = await t.user(role.body.id);
  });

  it('leaves hidden fields out of the card, the list, search results, history and the field list', async () => {
    const card = (await restricted.get(`/api/clients/${org}`)).body;
    assert.equal('inn' in card, false);
    assert.deepEqual(card.custom, {});
    assert.equal(card.region, 'Тула', 'read-only fields are shown');
    const adminCard = (await u.admin.get(`/api/clients/${org}`)).body;
    assert.equal(adminCard.inn, '500100732259', 'the admin sees it: the test could fail');
    assert.equal(adminCard.custom.secret, 'тайна-43');

    const list = await restricted.get('/api/clients?limit=500');
    const item = list.body.items.find((x: { id: number }) => x.id === org);
    assert.ok(item);
    assert.doesNotMatch(JSON.stringify(list.body), /500100732259|7707083893|тайна/);
    assert.equal('inn' in item, false);

    const s = await restricted.get('/api/clients/search?q=%D1%82%D0%B0%D0%B9%D0%BD%D0%BE%D0%B5');
    assert.equal(s.body.items.length, 1);
    assert.equal(s.body.items[0].inn, null);

    const h = await restricted.get(`/api/clients/${org}/history`);
    assert.equal(h.status, 200);
    const changes = h.body.items.map((i: { changes: Record<string, unknown> | null }) => i.changes ?? {});
    assert.ok(
      changes.some((ch: Record<string, unknown>) => 'region' in ch && 'status' in ch),
      'ordinary changes are listed',
    );
    assert.ok(changes.every((ch: Record<string, unknown>) => !('inn' in ch) && !('custom.secret' in ch)));
    assert.doesNotMatch(JSON.stringify(h.body), /500100732259|7707083893|тайна/);
    assert.match(JSON.stringify((await u.admin.get(`/api/clients/${org}/history`)).body), /тайна-43/);

    const fields = (await restricted.get('/api/custom-fields')).body.items.map((f: { key: string }) => f.key);
    assert.equal(fields.includes('secret'), false);
    assert.ok((await u.admin.get('/api/custom-fields')).body.items.some((f: { key: string }) => f.key === 'secret'));
  });

  it('treats hidden fields in filters and sorts exactly like unknown fields (the same 400)', async () => {
    const norm = (body: { error: { message: string; details: unknown } }, name: string) => JSON.stringify(body).replaceAll(name, 'X');
    const unknown = await restricted.get(`/api/clients?filter=${q([{ field: 'nosuch', op: 'eq', value: '1' }])}`);
    assert.equal(unknown.status, 400);
    for (const [field, value] of [
      ['inn', '500100732259'],
      ['custom.secret', 'тайна-43'],
    ] as const) {
      for (const op of ['eq', 'contains', 'empty', 'notEmpty', 'ne', 'in']) {
        const f = q([{ field, op, value: op === 'in' ? [value] : value }]);
        const r = await restricted.get(`/api/clients?filter=${f}`);
        assert.equal(r.status, 400, `${field} ${op}`);
        const u2 = await restricted.get(`/api/clients?filter=${q([{ field: 'nosuch', op, value: op === 'in' ? [value] : value }])}`);
        assert.equal(norm(r.body, field), norm(u2.body, 'nosuch'));
        const cnt = await restricted.get(`/api/clients/count?filter=${f}`);
        assert.equal(cnt.status, 400);
        assert.equal(norm(cnt.body, field), norm(u2.body, 'nosuch'));
      }
      const sort = await restricted.get(`/api/clients?sort=${field}`);
      assert.equal(sort.status, 400);
      assert.equal(norm(sort.body, field), norm((await restricted.get('/api/clients?sort=nosuch')).body, 'nosuch'));
      assert.equal((await u.admin.get(`/api/clients?sort=${field}`)).status, 200, 'the admin may sort by it');
      assert.equal((await u.admin.get(`/api/clients/count?filter=${q([{ field, op: 'eq', value }])}`)).body.count, 1);
    }
  });

  it('searching by a hidden value finds nothing, while the admin finds it', async () => {
    for (const term of ['500100732259', '0100732', '7322']) {
      assert.equal((await restricted.get(`/api/clients/search?q=${term}`)).body.items.length, 0, term);
      assert.equal((await restricted.get(`/api/clients?q=${term}`)).body.total.value, 0, term);
      assert.equal((await restricted.get(`/api/clients?sort=relevance&q=${term}`)).body.items.length, 0, term);
      assert.equal((await restricted.get(`/api/clients/count?q=${term}`)).body.count, 0, term);
      assert.equal((await restricted.get(`/api/clients/count?cap=10&q=${term}`)).body.count, 0, term);
      assert.equal((await u.admin.get(`/api/clients/search?q=${term}`)).body.items.length, 1, term);
      assert.equal((await u.admin.get(`/api/clients/count?q=${term}`)).body.count, 1, term);
    }
  });

  it('never lets a count vary with a hidden value', async () => {
    const probes = [
      '',
      'q=5001',
      'q=7707',
      'q=тайна',
      'q=%D1%82%D0%B0%D0%B9',
      'q=50',
      'q=77',
      `filter=${q([{ field: 'name', op: 'contains', value: '5001' }])}`,
      `filter=${q([{ field: 'status', op: 'eq', value: 'lead' }])}`,
      `filter=${q([{ field: 'region', op: 'eq', value: 'Тула' }])}`,
    ];
    const counts = async (who: ApiClient) => Promise.all(probes.map(async (p) => (await who.get(`/api/clients/count?${p}`)).body.count as number));
    const before = await counts(restricted);
    const adminBefore = await counts(u.admin);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('7707083893', '500100732259', '7736050003', null), fc.string({ maxLength: 12 }), async (inn, secret) => {
        const v = await version('clients', org);
        const r = await u.admin.patch(`/api/clients/${org}`, { version: v, inn, custom: { secret } });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.deepEqual(await counts(restricted), before);
      }),
      { numRuns: 15 },
    );
    await u.admin.patch(`/api/clients/${org}`, { version: await version('clients', org), inn: '7707083893', custom: { secret: 'тайна-42' } });
    assert.notDeepEqual(await counts(u.admin), adminBefore, 'the same probes do see the hidden value for the admin');
  });

  it('duplicates are not matched on a hidden field', async () => {
    await u.admin.patch(`/api/clients/${org}`, { version: await version('clients', org), inn: '7707083893' });
    const r = await restricted.post('/api/clients/duplicates', { kind: 'organization', legalName: 'Совсем другое', inn: '7707083893' });
    assert.equal(r.status, 200);
    assert.equal(
      r.body.duplicates.some((d: { matchedOn: string[] }) => d.matchedOn.includes('inn')),
      false,
      JSON.stringify(r.body),
    );
    const a = await u.admin.post('/api/clients/duplicates', { kind: 'organization', legalName: 'Совсем другое', inn: '7707083893' });
    assert.ok(a.body.duplicates.some((d: { id: number; matchedOn: string[] }) => d.id === org && d.matchedOn.includes('inn')));
  });

  it('refuses to write a read-only or hidden field, on create, bulk create and update, and changes nothing', async () => {
    const v = await version('clients', org);
    const before = await snapshot();
    for (const [patch, field] of [
      [{ region: 'Москва' }, 'region'],
      [{ inn: '7736050003' }, 'inn'],
      [{ custom: { secret: 'x' } }, 'custom.secret'],
      [{ region: null }, 'region'],
    ] as const) {
      const r = await restricted.patch(`/api/clients/${org}`, { version: v, status: 'ok', ...patch });
      assert.equal(r.status, 400, JSON.stringify(patch));
      assert.equal(r.body.error.code, 'VALIDATION_FAILED');
      assert.deepEqual(
        r.body.error.details.map((d: { field: string }) => d.field),
        [field],
      );
      assert.match(r.body.error.details[0].message, /read-only for your role/);
      const created = await restricted.post('/api/clients', { kind: 'organization', legalName: 'Новая', ...patch });
      assert.equal(created.status, 400);
      assert.equal(created.body.error.details[0].field, field);
      assert.equal((await restricted.post('/api/clients/bulk', { clients: [{ kind: 'organization', legalName: 'Новая', ...patch }] })).status, 400);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('an update by the restricted role keeps the hidden values it cannot see', async () => {
    const adminBefore = (await u.admin.get(`/api/clients/${org}`)).body;
    const r = await restricted.patch(`/api/clients/${org}`, { version: adminBefore.version, status: 'customer', legalName: 'ООО Тайное 2' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal('inn' in r.body.client, false);
    assert.deepEqual(r.body.client.custom, {});
    const adminAfter = (await u.admin.get(`/api/clients/${org}`)).body;
    assert.equal(adminAfter.inn, adminBefore.inn);
    assert.equal(adminAfter.custom.secret, adminBefore.custom.secret);
    assert.equal(adminAfter.region, adminBefore.region);
    assert.equal(adminAfter.status, 'customer');
    assert.equal(await innOf(org), adminBefore.inn);
  });

  it('refuses field rights the server could not enforce, naming the field', async () => {
    const before = await snapshot();
    for (const [fieldRights, field] of [
      [{ status: 'hidden' }, 'fieldRights.status'],
      [{ region: 'hidden' }, 'fieldRights.region'],
      [{ surname: 'hidden' }, 'fieldRights.surname'],
      [{ tags: 'hidden' }, 'fieldRights.tags'],
      [{ nosuch: 'readonly' }, 'fieldRights.nosuch'],
      [{ 'custom.': 'hidden' }, 'fieldRights.custom.'],
    ] as const) {
      const r = await u.admin.post('/api/roles', { key: `fr${Date.now()}`, name: 'FR', scope: 'own', rights: {}, fieldRights });
      assert.equal(r.status, 400, JSON.stringify(fieldRights));
      assert.deepEqual(
        r.body.error.details.map((d: { field: string }) => d.field),
        [field],
      );
      const role = (await u.admin.get('/api/roles')).body.items.find((x: { key: string }) => x.key === 'restricted');
      assert.equal((await u.admin.patch(`/api/roles/${role.id}`, { version: role.version, fieldRights })).status, 400);
    }
    assert.deepEqual(await snapshot(), before);
    const options = (await u.admin.get('/api/roles')).body.clientFields as { field: string; hideable: boolean }[];
    assert.deepEqual(
      options
        .filter((o) => o.hideable)
        .map((o) => o.field)
        .sort(),
      ['actualAddress', 'birthDate', 'channels', 'contacts', 'externalIds', 'inn', 'kpp', 'legalAddress', 'notes', 'ogrn', 'passport'],
    );
    assert.ok(options.some((o) => o.field === 'status' && !o.hideable));
  });

  it('applies a change of field rights on the very next request: card, list and history', async () => {
    const role = (await u.admin.get('/api/roles')).body.items.find((x: { key: string }) => x.key === 'restricted');
    await u.admin.patch(`/api/clients/${org}`, { version: await version('clients', org), notes: 'служебная заметка' });
    assert.equal((await restricted.get(`/api/clients/${org}`)).body.notes, 'служебная заметка');
    const hide = await u.admin.patch(`/api/roles/${role.id}`, { version: role.version, fieldRights: { ...role.fieldRights, notes: 'hidden' } });
    assert.equal(hide.status, 200, JSON.stringify(hide.body));
    assert.equal('notes' in (await restricted.get(`/api/clients/${org}`)).body, false);
    assert.doesNotMatch(JSON.stringify((await restricted.get('/api/clients?limit=500')).body), /служебная/);
    assert.doesNotMatch(JSON.stringify((await restricted.get(`/api/clients/${org}/history`)).body), /служебная/);
    const show = await u.admin.patch(`/api/roles/${role.id}`, { version: hide.body.version, fieldRights: role.fieldRights });
    assert.equal(show.status, 200);
    assert.equal((await restricted.get(`/api/clients/${org}`)).body.notes, 'служебная заметка');
  });

  it('keeps custom keys with an underscore as they are: values read back, and a field right on them holds everywhere', async () => {
    assert.equal((await u.admin.post('/api/custom-fields', { key: 'card_no', label: 'Card number', type: 'text' })).status, 201);
    const created = await u.admin.post('/api/clients', person('Подчерк', { custom: { card_no: 'CARD-777' } }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.client.custom, { card_no: 'CARD-777' });
    assert.deepEqual((await u.admin.get(`/api/clients/${created.body.client.id}`)).body.custom, { card_no: 'CARD-777' });
    assert.equal((await u.admin.patch(`/api/clients/${created.body.client.id}`, { version: 1, custom: { card_no: 'CARD-778' } })).status, 200);
    const history = (await u.admin.get(`/api/clients/${created.body.client.id}/history`)).body;
    assert.ok(
      history.items.some((i: { changes: Record<string, unknown> | null }) => i.changes?.['custom.card_no']),
      JSON.stringify(history),
    );
    const role = await u.admin.post('/api/roles', {
      key: 'no-cards',
      name: 'No cards',
      scope: 'all',
      rights: { clients: { read: true }, customFields: { read: true } },
      fieldRights: { 'custom.card_no': 'hidden' },
    });
    assert.deepEqual(role.body.fieldRights, { 'custom.card_no': 'hidden' });
    const who = await t.user(role.body.id);
    assert.deepEqual((await who.get(`/api/clients/${created.body.client.id}`)).body.custom, {});
    assert.doesNotMatch(JSON.stringify((await who.get(`/api/clients/${created.body.client.id}/history`)).body), /CARD-77/);
    assert.equal(
      (await who.get('/api/custom-fields')).body.items.some((f: { key: string }) => f.key === 'card_no'),
      false,
    );
    const filter = await who.get(`/api/clients/count?filter=${q([{ field: 'custom.card_no', op: 'eq', value: 'CARD-777' }])}`);
    assert.equal(filter.status, 400, 'filtering by the hidden field fails like an unknown field');
    assert.equal((await u.admin.get(`/api/clients/count?filter=${q([{ field: 'custom.card_no', op: 'eq', value: 'CARD-778' }])}`)).body.count, 1);
  });
});
