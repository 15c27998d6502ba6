// The audit trail and a card's history as a reader sees them (docs/security.md §2, §3): the record scope
// of the card, the field masks of the card, no-op entries hidden, ids given with their names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { person, type ApiClient } from '../../testing/test-app.js';
import { c, d1, t, u, usePermissionsFixture } from '../../testing/permissions-fixture.js';

usePermissionsFixture();

type Item = {
  id: number;
  action: string;
  entity: string | null;
  entityId: number | null;
  userId: number | null;
  clientId: number | null;
  clientName: string | null;
  changes: unknown;
};
const all = async (who: ApiClient, query = '') => {
  const r = await who.get(`/api/audit?limit=500${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as { items: Item[]; nextBeforeId: number | null; names: Record<string, Record<string, string>> };
};
const aboutClient = (items: Item[], id: number) => items.filter((i) => i.clientId === id || (i.entity === 'client' && i.entityId === id));

async function roleUser(key: string, body: Record<string, unknown>, departmentId: number | null = d1) {
  const r = await u.admin.post('/api/roles', { key, name: key, ...body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return t.user(r.body.id, { departmentId });
}

describe('the audit trail keeps to the record scope', () => {
  it('a senior manager of department 1 reads no entry about a department-2 client, nor its notes', async () => {
    const mine = await all(u.senior, '&action=client.updated');
    assert.equal(aboutClient(mine.items, c.other.id).length, 0, JSON.stringify(mine.items));
    assert.doesNotMatch(JSON.stringify(mine), /чужая заметка/);
    // the same query by an administrator finds the entry, so the filter above is what hides it
    const admins = await all(u.admin, '&action=client.updated');
    assert.equal(aboutClient(admins.items, c.other.id).length, 1);
    assert.match(JSON.stringify(admins), /чужая заметка/);
    // with no filter, and asked for by the client's id: nothing either
    assert.equal(aboutClient((await all(u.senior)).items, c.other.id).length, 0);
    assert.deepEqual((await all(u.senior, `&clientId=${c.other.id}`)).items, []);
    // the department's own clients are there
    assert.ok(aboutClient((await all(u.senior)).items, c.dept.id).length > 0);
    assert.ok((await all(u.senior, `&clientId=${c.dept.id}`)).items.every((i) => i.clientId === c.dept.id));
  });

  it("entries about anything else follow their author: own scope reads its own, department scope its department's", async () => {
    const own = await roleUser('auditor_own', { scope: 'own', rights: { clients: { read: true }, audit: { read: true } } });
    assert.equal((await own.get('/api/users')).status, 403); // a denial: an entry of their own
    const items = (await all(own)).items;
    assert.ok(items.length > 0);
    for (const i of items) {
      if (i.entity === 'client' && i.entityId)
        assert.fail(`a client entry reached an own-scope reader without a client of their own: ${JSON.stringify(i)}`);
      else assert.equal(i.userId, own.userId, JSON.stringify(i));
    }
    const seniors = (await all(u.senior)).items.filter((i) => i.entity !== 'client' && i.entity !== 'sale');
    assert.ok(seniors.length > 0);
    const dept1 = new Set([u.senior.userId, u.manager.userId, u.colleague.userId, u.custom.userId, own.userId]);
    for (const i of seniors) assert.ok(i.userId !== null && dept1.has(i.userId), JSON.stringify(i));
    // the stranger (department 2) logged in and created a client: none of it reaches department 1
    assert.ok((await all(u.admin)).items.some((i) => i.userId === u.stranger.userId));
    assert.equal((await all(u.senior, `&userId=${u.stranger.userId}`)).items.length, 0);
  });
});

describe('the audit trail and the history keep to the field rights', () => {
  it('a role with inn, notes and a custom field hidden reads none of their values, in audit entries or in the history', async () => {
    assert.equal((await u.admin.post('/api/custom-fields', { key: 'gift', label: 'Birthday gift', type: 'text' })).status, 201);
    const masked = await roleUser('masked', {
      scope: 'all',
      rights: { clients: { read: true }, audit: { read: true } },
      fieldRights: { inn: 'hidden', notes: 'hidden', 'custom.gift': 'hidden' },
    });
    const org = await u.admin.post('/api/clients', {
      kind: 'organization',
      legalName: 'ООО Маски',
      inn: '7707083893',
      notes: 'тайная заметка',
      custom: { gift: 'тайный подарок' },
    });
    assert.equal(org.status, 201, JSON.stringify(org.body));
    const id = org.body.client.id;
    assert.equal(
      (
        await u.admin.patch(`/api/clients/${id}`, {
          version: 1,
          inn: '500100732259',
          notes: 'вторая тайна',
          custom: { gift: 'другой подарок' },
          status: 'vip',
        })
      ).status,
      200,
    );
    assert.equal((await u.admin.patch(`/api/clients/${id}`, { version: 2, notes: 'только скрытое' })).status, 200);
    const secrets = /7707083893|500100732259|тайн|подарок|только скрытое/;

    const audit = await all(masked, `&clientId=${id}`);
    const updates = audit.items.filter((i) => i.action === 'client.updated');
    assert.equal(updates.length, 1, 'the edit of hidden fields only is not listed');
    assert.deepEqual(updates[0]!.changes, { status: [null, 'vip'] });
    assert.doesNotMatch(JSON.stringify(audit), secrets);
    assert.doesNotMatch(JSON.stringify(await all(masked)), secrets);

    const history = await masked.get(`/api/clients/${id}/history`);
    assert.equal(history.status, 200);
    assert.deepEqual(
      history.body.items.map((i: Item) => i.action),
      ['client.updated', 'client.created'],
    );
    assert.doesNotMatch(JSON.stringify(history.body), secrets);
    assert.equal(history.body.names.fields['custom.gift'], undefined, "not even the hidden field's label");

    // the administrator sees all of it, so the masks above are what removed it
    const full = await all(u.admin, `&clientId=${id}`);
    assert.equal(full.items.filter((i) => i.action === 'client.updated').length, 2);
    assert.match(JSON.stringify(full), /500100732259/);
    assert.match(JSON.stringify(full), /другой подарок/);
    assert.equal(full.names.fields?.['custom.gift'], 'Birthday gift');
  });
});

describe('bonus corrections in the history', () => {
  it('show their amount and reason only to roles that read loyalty', async () => {
    const r = await u.admin.post(`/api/clients/${c.dept.id}/bonus`, { amount: '77.50', reason: 'за отзыв' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const entry = async (who: ApiClient) =>
      (await who.get(`/api/clients/${c.dept.id}/history`)).body.items.find((i: Item) => i.action === 'bonus.adjusted');
    assert.deepEqual((await entry(u.senior)).changes, { amount: '77.50', reason: 'за отзыв' });
    // the assistant role reads clients but not loyalty: the entry stays, its figures do not
    assert.equal((await entry(u.custom)).changes, null);
  });
});

describe('history entries', () => {
  it('leave out no-op changes and give the names behind ids and custom fields', async () => {
    const list = await u.admin.post('/api/price-lists', { name: 'Опт', currency: 'RUB' });
    assert.equal(list.status, 201, JSON.stringify(list.body));
    const cl = (await u.admin.post('/api/clients', person('Условия', { managerId: u.manager.userId }))).body.client;
    // a price list set alone: the category is not "changed" (it used to be recorded as categoryId: — → —)
    assert.equal((await u.admin.patch(`/api/clients/${cl.id}/terms`, { priceListId: list.body.id })).status, 200);
    // the same price list again: nothing changed, nothing shown
    assert.equal((await u.admin.patch(`/api/clients/${cl.id}/terms`, { priceListId: list.body.id })).status, 200);
    assert.equal((await u.admin.patch(`/api/clients/${cl.id}`, { version: 1, managerId: u.colleague.userId })).status, 200);
    const h = (await u.admin.get(`/api/clients/${cl.id}/history`)).body;
    assert.deepEqual(
      h.items.map((i: Item) => [i.action, i.changes]),
      [
        ['client.updated', { managerId: [u.manager.userId, u.colleague.userId] }],
        ['client.terms', { priceListId: [null, list.body.id] }],
        ['client.created', null],
      ],
    );
    assert.equal(h.names.priceLists[String(list.body.id)], 'Опт');
    assert.equal(h.names.users[String(u.manager.userId)], (await u.admin.get(`/api/users/${u.manager.userId}`)).body.name);
    assert.ok(h.names.users[String(u.colleague.userId)]);
  });

  it('pages the audit trail with nextBeforeId and filters by period', async () => {
    const first = await all(u.admin);
    // pages of 3 (a page may hold fewer when an entry of it is not shown), walked to the end, give the whole trail
    const seen: number[] = [];
    let before: number | null = null;
    do {
      const page: { items: Item[]; nextBeforeId: number | null } = (await u.admin.get(`/api/audit?limit=3${before ? `&beforeId=${before}` : ''}`))
        .body;
      assert.ok(page.items.length <= 3);
      seen.push(...page.items.map((i: Item) => i.id));
      before = page.nextBeforeId;
    } while (before !== null);
    assert.deepEqual(
      seen,
      first.items.map((i) => i.id),
    );
    const future = new Date(Date.now() + 86_400_000).toISOString();
    assert.equal((await all(u.admin, `&from=${encodeURIComponent(future)}`)).items.length, 0);
    assert.equal((await all(u.admin, `&to=${encodeURIComponent(future)}`)).items.length, first.items.length);
    assert.equal((await u.admin.get('/api/audit?from=yesterday')).status, 400);
  });
});
