// Notes on clients through HTTP on a real database (issue 15): visible with their client, only
// the author or an administrator changes them, versions, paging, the audit trail, and that
// deleting a client for good takes its notes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let head: ApiClient; // senior, department scope
let anna: ApiClient; // manager, own scope
let boris: ApiClient; // manager, own scope
let reader: ApiClient;
let annaClient: number;
let borisClient: number;

before(async () => {
  t = await startTestApp();
  const a = await t.department('Sales A');
  admin = await t.user('admin');
  head = await t.user('senior', { departmentId: a });
  anna = await t.user('manager', { departmentId: a });
  boris = await t.user('manager', { departmentId: a });
  reader = await t.user('readonly');
  annaClient = (await anna.post('/api/clients', person('Annaclient'))).body.client.id;
  borisClient = (await boris.post('/api/clients', person('Borisclient'))).body.client.id;
});
after(async () => t.close());

describe('notes', () => {
  it('writes notes on a visible client and lists them newest first, page by page', async () => {
    const ids: number[] = [];
    for (const body of ['first', 'second', 'third']) {
      const r = await anna.post(`/api/clients/${annaClient}/notes`, { body });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.authorId, anna.userId);
      assert.equal(r.body.clientId, annaClient);
      assert.equal(r.body.editable, true);
      ids.push(r.body.id);
    }
    const page1 = (await anna.get(`/api/clients/${annaClient}/notes?limit=2`)).body;
    assert.deepEqual(
      page1.items.map((n: { body: string }) => n.body),
      ['third', 'second'],
    );
    const page2 = (await anna.get(`/api/clients/${annaClient}/notes?limit=2&beforeId=${page1.nextBeforeId}`)).body;
    assert.deepEqual(
      page2.items.map((n: { body: string }) => n.body),
      ['first'],
    );
    assert.equal(page2.nextBeforeId, null);
    // the head sees the department's client's notes, but may not change another's note
    const seen = (await head.get(`/api/clients/${annaClient}/notes`)).body.items;
    assert.equal(seen.length, 3);
    assert.equal(seen[0].editable, false);
    const audit = await t.db.selectFrom('auditLog').select('action').where('entity', '=', 'note').where('entityId', '=', ids[0]!).execute();
    assert.deepEqual(
      audit.map((x) => x.action),
      ['note.created'],
    );
  });

  it('hides the notes of a client out of scope (404) and checks the body', async () => {
    assert.equal((await anna.get(`/api/clients/${borisClient}/notes`)).status, 404);
    assert.equal((await anna.post(`/api/clients/${borisClient}/notes`, { body: 'sneaky' })).status, 404);
    assert.equal((await anna.get('/api/clients/999999/notes')).status, 404);
    const b = (await boris.post(`/api/clients/${borisClient}/notes`, { body: 'mine' })).body;
    assert.equal((await anna.patch(`/api/notes/${b.id}`, { version: b.version, body: 'x' })).status, 404);
    assert.equal((await anna.del(`/api/notes/${b.id}`)).status, 404);
    for (const body of [{ body: '' }, { body: '   ' }, { body: 'x'.repeat(20001) }, {}, { body: 'x', extra: 1 }]) {
      const r = await anna.post(`/api/clients/${annaClient}/notes`, body);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 80));
    }
    const blank = await anna.post(`/api/clients/${annaClient}/notes`, { body: '   ' });
    assert.equal(blank.body.error.details[0].field, 'body');
    assert.equal((await anna.post(`/api/clients/${annaClient}/notes`, { body: 'x'.repeat(20000) })).status, 201);
    assert.equal(await t.db.selectFrom('notes').select('id').where('body', '=', 'sneaky').executeTakeFirst(), undefined);
  });

  it('lets only the author or an administrator change or delete a note, with its version', async () => {
    const n = (await anna.post(`/api/clients/${annaClient}/notes`, { body: 'draft' })).body;
    assert.equal((await head.patch(`/api/notes/${n.id}`, { version: n.version, body: 'head was here' })).status, 403);
    assert.equal((await head.del(`/api/notes/${n.id}`)).status, 403);
    const edited = await anna.patch(`/api/notes/${n.id}`, { version: n.version, body: 'final' });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.body, 'final');
    assert.equal(edited.body.version, n.version + 1);
    assert.equal((await anna.patch(`/api/notes/${n.id}`, { version: n.version, body: 'stale' })).status, 409);
    const byAdmin = await admin.patch(`/api/notes/${n.id}`, { version: edited.body.version, body: 'moderated' });
    assert.equal(byAdmin.status, 200);
    assert.equal(byAdmin.body.authorId, anna.userId, 'the author stays');
    assert.equal((await admin.del(`/api/notes/${n.id}`)).status, 200);
    assert.equal((await anna.patch(`/api/notes/${n.id}`, { version: byAdmin.body.version, body: 'gone' })).status, 404);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'userId'])
      .where('entity', '=', 'note')
      .where('entityId', '=', n.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((x) => [x.action, x.userId]),
      [
        ['note.created', anna.userId],
        ['note.changed', anna.userId],
        ['note.changed', admin.userId],
        ['note.deleted', admin.userId],
      ],
    );
  });

  it('needs the rights of the notes section', async () => {
    assert.equal((await reader.get(`/api/clients/${annaClient}/notes`)).status, 200);
    assert.equal((await reader.post(`/api/clients/${annaClient}/notes`, { body: 'x' })).status, 403);
    const n = (await anna.post(`/api/clients/${annaClient}/notes`, { body: 'keep' })).body;
    // a role without notes.delete may not delete even its own notes
    await t.db
      .updateTable('roles')
      .set((eb) => ({ rights: eb.fn<string>('jsonb_set', [eb.ref('rights'), eb.val('{notes,delete}'), eb.val('false')]) }))
      .where('key', '=', 'manager')
      .execute();
    const noDelete = await t.user('manager');
    const own = (await noDelete.post(`/api/clients/${(await noDelete.post('/api/clients', person('Nodel'))).body.client.id}/notes`, { body: 'mine' }))
      .body;
    assert.equal((await noDelete.del(`/api/notes/${own.id}`)).status, 403);
    assert.equal((await anna.get(`/api/clients/${annaClient}/notes`)).body.items[0].id, n.id);
  });

  it('a client deleted for good takes its notes', async () => {
    const c = (await admin.post('/api/clients', person('Shortlived'))).body.client;
    const n = (await admin.post(`/api/clients/${c.id}/notes`, { body: 'x' })).body;
    const del = await admin.del(`/api/clients/${c.id}`);
    assert.ok([200, 204].includes(del.status), JSON.stringify(del.body));
    assert.equal(await t.db.selectFrom('notes').select('id').where('id', '=', n.id).executeTakeFirst(), undefined);
  });
});
