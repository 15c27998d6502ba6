import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { person, type ApiClient, type Res } from '../../testing/test-app.js';
import { c, d1, q, snapshot, t, u, usePermissionsFixture, version } from '../../testing/permissions-fixture.js';

// docs/security.md §2: "own records" on every path.
usePermissionsFixture();

describe('"own records" on every path', () => {
  type ScopeActor = 'manager' | 'senior' | 'custom';
  /** The ids this actor may see, straight from the database. */
  async function inScope(who: ScopeActor, archived: 'no' | 'all' = 'no'): Promise<number[]> {
    let query = t.db.selectFrom('clients').select('id');
    query =
      who === 'manager'
        ? query.where('managerId', '=', u.manager.userId)
        : query.where('managerId', 'in', t.db.selectFrom('users').select('id').where('departmentId', '=', d1));
    if (archived === 'no') query = query.where('archivedAt', 'is', null);
    return (await query.execute()).map((r) => r.id).sort((a, b) => a - b);
  }
  const idsOf = (items: { id: number }[]) => items.map((x) => x.id).sort((a, b) => a - b);

  /** Walks every page of a list with a small page size; returns every id seen. */
  async function walk(who: ApiClient, query: string) {
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 500; page++) {
      const r: Res = await who.get(`/api/clients?limit=7&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      seen.push(...r.body.items.map((x: { id: number }) => x.id));
      cursor = r.body.nextCursor;
      if (!cursor) break;
    }
    return seen.sort((a, b) => a - b);
  }

  for (const who of ['manager', 'senior', 'custom'] as const) {
    it(`${who}: list, every sort, paging, archived views, count and total hold only records in scope`, async () => {
      const expected = await inScope(who);
      assert.ok(expected.length > 0 && !expected.includes(c.other.id));
      for (const sort of ['name', 'createdAt', 'updatedAt', 'managerId', 'id', 'status', 'kind', 'surname']) {
        for (const dir of ['asc', 'desc']) assert.deepEqual(await walk(u[who], `sort=${sort}&dir=${dir}`), expected, `${sort} ${dir}`);
      }
      // Search by relevance pages through its two groups (prefix, then the rest) inside the scope too.
      const everyone = await u.admin.get('/api/clients?sort=relevance&q=test&limit=500');
      assert.ok(everyone.body.items.some((x: { id: number }) => x.id === c.other.id));
      const foundByAll = await walk(u[who], 'sort=relevance&q=test');
      assert.ok(foundByAll.length > 0 && foundByAll.every((id) => expected.includes(id)), JSON.stringify(foundByAll));
      const withArchived = await inScope(who, 'all');
      assert.deepEqual(await walk(u[who], 'archived=all'), withArchived);
      assert.deepEqual(
        await walk(u[who], 'archived=only'),
        withArchived.filter((id) => !expected.includes(id)),
      );
      assert.equal((await u[who].get('/api/clients')).body.total.value, expected.length);
      assert.equal((await u[who].get('/api/clients/count')).body.count, expected.length);
      assert.equal((await u[who].get('/api/clients/count?archived=all')).body.count, withArchived.length);
    });

    it(`${who}: filters and search never reach another's record`, async () => {
      const vip = await u[who].get(`/api/clients?limit=500&filter=${q([{ field: 'status', op: 'eq', value: 'vip' }])}`);
      assert.ok(vip.body.items.length >= 1);
      assert.ok(idsOf(vip.body.items).every((id) => id !== c.other.id));
      for (const f of [
        [{ field: 'managerId', op: 'eq', value: u.stranger.userId }],
        [{ field: 'managerId', op: 'in', value: [u.stranger.userId] }],
        [{ field: 'name', op: 'contains', value: 'чуж' }],
        [{ field: 'tags', op: 'contains', value: ['secret-deal'] }],
        [{ field: 'email', op: 'contains', value: ['chuzhoy@example.com'] }],
        [{ field: 'phone', op: 'contains', value: '0000003' }],
        [{ field: 'id', op: 'eq', value: c.other.id }],
      ]) {
        const r = await u[who].get(`/api/clients?filter=${q(f)}&archived=all`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.items.length, 0, JSON.stringify(f));
        assert.equal((await u[who].get(`/api/clients/count?filter=${q(f)}&archived=all`)).body.count, 0);
      }
      for (const term of ['Чужой', 'чуж', 'ЧУЖ', '9000000003', '+7 900 000-00-03', '0003', 'chuzhoy', 'chuzhoy@example.com', 'заметка']) {
        const s = await u[who].get(`/api/clients/search?q=${encodeURIComponent(term)}`);
        assert.equal(s.status, 200);
        assert.equal(s.body.items.length, 0, term);
        assert.equal((await u[who].get(`/api/clients?q=${encodeURIComponent(term)}`)).body.total.value, 0, term);
        const byRelevance = await u[who].get(`/api/clients?sort=relevance&q=${encodeURIComponent(term)}`);
        assert.deepEqual([byRelevance.body.items.length, byRelevance.body.total.value], [0, 0], term);
        assert.equal((await u[who].get(`/api/clients/count?q=${encodeURIComponent(term)}`)).body.count, 0, term);
        assert.equal((await u[who].get(`/api/clients/count?cap=5&q=${encodeURIComponent(term)}`)).body.count, 0, term);
      }
      // The admin finds the same record by the same terms: the searches above could have matched.
      assert.equal((await u.admin.get('/api/clients/search?q=%D1%87%D1%83%D0%B6')).body.items.length, 1);
      assert.equal((await u.admin.get('/api/clients/search?q=0003')).body.items.length, 1);
    });

    it(`${who}: history answers 404 outside the scope`, async () => {
      const r = await u[who].get(`/api/clients/${c.other.id}/history`);
      assert.equal(r.status, 404);
      assert.equal(r.body.error.code, 'CLIENT_NOT_FOUND');
      assert.equal((await u[who].get(`/api/clients/${c.own.id}/history`)).status, 200);
      assert.equal((await u[who].get(`/api/clients/${c.other.id}/history?limit=1&beforeId=2147483647`)).status, 404);
    });

    it(`${who}: a duplicate outside the scope is reported as "exists, whose" only`, async () => {
      for (const draft of [
        { kind: 'person', surname: 'Зюзя', channels: [{ type: 'phone', value: '8 900 000 00 03' }] },
        { kind: 'person', surname: 'Зюзя', channels: [{ type: 'email', value: 'CHUZHOY@example.com' }] },
      ]) {
        const r = await u[who].post('/api/clients/duplicates', draft);
        assert.equal(r.status, 200);
        assert.deepEqual(r.body.duplicates, [{ matchedOn: [draft.channels[0]!.type], visible: false, managerName: `User ${u.stranger.login}` }]);
        assert.doesNotMatch(JSON.stringify(r.body), new RegExp(`Чужой|"id"|${c.other.id}`));
      }
      // The same check on a record in scope shows it.
      const mine = await u[who].post('/api/clients/duplicates', {
        kind: 'person',
        surname: 'X',
        channels: [{ type: 'phone', value: '+79000000001' }],
      });
      assert.deepEqual(
        mine.body.duplicates.map((d: { id: number; visible: boolean; displayName: string }) => [d.id, d.visible, d.displayName]),
        [[c.own.id, true, 'Свой Test']],
      );
      // Creating a client whose phone is someone else's: the answer's duplicate list is just as guarded.
      if (who !== 'custom') {
        const created = await u[who].post('/api/clients', person('Двойник', { channels: [{ type: 'phone', value: '+7 900 000-00-03' }] }));
        assert.equal(created.status, 201);
        assert.deepEqual(created.body.duplicates, [{ matchedOn: ['phone'], visible: false, managerName: `User ${u.stranger.login}` }]);
        await u.admin.del(`/api/clients/${created.body.client.id}`);
      }
    });
  }

  it("the senior and the department role see a colleague's duplicate in full", async () => {
    for (const who of ['senior', 'custom'] as const) {
      const r = await u[who].post('/api/clients/duplicates', {
        kind: 'person',
        surname: 'X',
        channels: [{ type: 'email', value: 'kollega@example.com' }],
      });
      assert.deepEqual(
        r.body.duplicates.map((d: { id: number; visible: boolean }) => [d.id, d.visible]),
        [[c.dept.id, true]],
      );
    }
  });

  it('refuses to hand a client to a manager outside the scope', async () => {
    const before = await snapshot();
    for (const [who, managerId] of [
      ['manager', u.colleague.userId],
      ['manager', u.stranger.userId],
      ['senior', u.stranger.userId],
      ['manager', null],
    ] as const) {
      const r = await u[who].post('/api/clients', person('Подарок', { managerId }));
      assert.equal(r.status, 400, `${who} -> ${managerId}`);
      assert.equal(r.body.error.details[0].field, 'managerId');
      const v = await version('clients', c.own.id);
      const p = await u.manager.patch(`/api/clients/${c.own.id}`, { version: v, managerId: u.stranger.userId });
      assert.equal(p.status, 400);
    }
    assert.deepEqual(await snapshot(), before);
    const ok = await u.senior.post('/api/clients', person('Коллеге', { managerId: u.colleague.userId }));
    assert.equal(ok.status, 201, 'within the department it works');
    await u.admin.del(`/api/clients/${ok.body.client.id}`);
  });

  it('private saved views of others do not exist for the actor', async () => {
    const v = await u.stranger.post('/api/views', { name: 'Мой вид', config: { columns: [{ field: 'name' }] } });
    assert.equal(v.status, 201);
    assert.equal(
      (await u.manager.get('/api/views')).body.items.some((x: { id: number }) => x.id === v.body.id),
      false,
    );
    const before = await snapshot();
    assert.equal((await u.manager.patch(`/api/views/${v.body.id}`, { version: 1, name: 'Украден' })).status, 404);
    assert.equal((await u.manager.del(`/api/views/${v.body.id}`)).status, 404);
    assert.deepEqual(await snapshot(), before);
  });

  it('fails closed: a department-scope user without a department sees only their own clients', async () => {
    const lone = await t.user('senior');
    const mine = await lone.post('/api/clients', person('Одиночка'));
    assert.equal(mine.status, 201);
    assert.deepEqual(idsOf((await lone.get('/api/clients?archived=all&limit=500')).body.items), [mine.body.client.id]);
    assert.equal((await lone.get(`/api/clients/${c.own.id}`)).status, 404);
    assert.equal((await lone.get('/api/clients/count?archived=all')).body.count, 1);
  });
});
