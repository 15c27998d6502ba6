// Attached files through HTTP on a real database (issue 15; docs/crm-files.md, docs/security.md §23):
// streamed uploads under generated names, the type recognised from the bytes, downloads that never
// render, the size limit with nothing left behind, the rights and the record scope on every path,
// the files of a client deleted for good.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { insertTask } from '../tasks/tasks.repository.js';
import { fileStoreFor } from './file-store.js';
import { sweepOrphanFiles } from './files.service.js';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let anna: ApiClient; // manager, own scope
let boris: ApiClient; // manager, own scope
let reader: ApiClient;
let annaClient: number;
let filesDir: string;

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005000201a0e5d8e60000000049454e44ae426082',
  'hex',
);

const upload = (who: ApiClient, target: string, targetId: number, bytes: Buffer, name: string, type = 'application/octet-stream') =>
  who.req('POST', `/api/files?target=${target}&targetId=${targetId}`, bytes, {
    'content-type': type,
    'x-file-name': encodeURIComponent(name),
  });

/** Every file under the store's folder (relative paths). */
function stored(): string[] {
  if (!existsSync(filesDir)) return [];
  return readdirSync(filesDir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(filesDir, path.join(d.parentPath, d.name)));
}

const rowCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('attachments')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

before(async () => {
  t = await startTestApp({ env: { CLIENTELA_FILE_LIMIT_MB: '1' } });
  filesDir = t.app.deps.config.filesDir;
  admin = await t.user('admin');
  anna = await t.user('manager');
  boris = await t.user('manager');
  reader = await t.user('readonly');
  annaClient = (await anna.post('/api/clients', person('Annafiles'))).body.client.id;
});
after(async () => t.close());

describe('files', () => {
  it('stores an upload under a generated name and downloads the same bytes as an attachment', async () => {
    const bytes = Buffer.from('Договір №7\nline two\n');
    const r = await upload(anna, 'client', annaClient, bytes, 'Договір 7 "final".txt', 'text/plain; charset=utf-8');
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.name, 'Договір 7 "final".txt');
    assert.equal(r.body.mime, 'text/plain');
    assert.equal(r.body.size, bytes.length);
    assert.equal(r.body.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(r.body.clientId, annaClient);
    assert.equal(r.body.uploadedBy, anna.userId);
    assert.equal(r.body.preview, false);
    const row = await t.db.selectFrom('attachments').select('storageKey').where('id', '=', r.body.id).executeTakeFirstOrThrow();
    assert.match(row.storageKey, /^[0-9a-f]{32}$/);
    assert.ok(stored().includes(path.join(row.storageKey.slice(0, 2), row.storageKey)));

    const d = await anna.get(`/api/files/${r.body.id}/download`);
    assert.equal(d.status, 200);
    assert.deepEqual(d.raw, bytes);
    assert.equal(d.headers['content-type'], 'text/plain');
    assert.equal(d.headers['x-content-type-options'], 'nosniff');
    assert.equal(
      d.headers['content-disposition'],
      `attachment; filename="_______ 7 _final_.txt"; filename*=UTF-8''${encodeURIComponent('Договір 7 "final".txt')}`,
    );
    assert.equal(d.headers['content-security-policy'], "sandbox; default-src 'none'");

    const list = await anna.get(`/api/files?target=client&targetId=${annaClient}`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((f: { id: number }) => f.id),
      [r.body.id],
    );
    const audit = await t.db.selectFrom('auditLog').select('action').where('entity', '=', 'file').where('entityId', '=', r.body.id).execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['file.uploaded'],
    );
  });

  it('previews only images and PDFs whose bytes prove their type', async () => {
    const png = await upload(anna, 'client', annaClient, PNG, 'pixel.bin', 'application/octet-stream');
    assert.equal(png.body.mime, 'image/png');
    assert.equal(png.body.preview, true);
    const p = await anna.get(`/api/files/${png.body.id}/preview`);
    assert.equal(p.status, 200);
    assert.deepEqual(p.raw, PNG);
    assert.equal(p.headers['content-type'], 'image/png');
    assert.match(String(p.headers['content-disposition']), /^inline; /);
    assert.equal(p.headers['content-security-policy'], "sandbox; default-src 'none'");
    assert.equal(p.headers['x-content-type-options'], 'nosniff');

    const pdf = await upload(anna, 'client', annaClient, Buffer.from('%PDF-1.4\n%EOF\n'), 'a.pdf', 'application/octet-stream');
    assert.equal(pdf.body.mime, 'application/pdf');
    assert.equal((await anna.get(`/api/files/${pdf.body.id}/preview`)).status, 200);

    // claims to be a PNG but is text: stored as plain bytes, no preview
    const fake = await upload(anna, 'client', annaClient, Buffer.from('<script>alert(1)</script>'), 'x.png', 'image/png');
    assert.equal(fake.body.mime, 'application/octet-stream');
    assert.equal(fake.body.preview, false);
    const fp = await anna.get(`/api/files/${fake.body.id}/preview`);
    assert.equal(fp.status, 404);
    assert.equal(fp.body.error.code, 'NOT_FOUND');
    const fd = await anna.get(`/api/files/${fake.body.id}/download`);
    assert.equal(fd.headers['content-type'], 'application/octet-stream');
  });

  it('downloads HTML and SVG as plain bytes in an attachment, never as a page (security)', async () => {
    for (const [name, type, body] of [
      ['page.html', 'text/html', '<html><script>alert(document.cookie)</script></html>'],
      ['logo.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
      ['page.xhtml', 'application/xhtml+xml', '<html xmlns="http://www.w3.org/1999/xhtml"/>'],
    ] as const) {
      const r = await upload(anna, 'client', annaClient, Buffer.from(body), name, type);
      assert.equal(r.status, 201);
      assert.equal(r.body.preview, false);
      const d = await anna.get(`/api/files/${r.body.id}/download`);
      assert.equal(d.status, 200);
      assert.equal(d.headers['content-type'], 'application/octet-stream', name);
      assert.match(String(d.headers['content-disposition']), /^attachment; /);
      assert.equal(d.headers['x-content-type-options'], 'nosniff');
      assert.equal(d.raw.toString(), body);
      assert.equal((await anna.get(`/api/files/${r.body.id}/preview`)).status, 404);
    }
  });

  it('takes only the last segment of the name: a path in X-File-Name has no effect (security)', async () => {
    const before = stored();
    for (const evil of ['../../../../etc/passwd', '..\\..\\windows\\win.ini', '/tmp/abs', 'a/../../b\u0000c\u202e.txt']) {
      const r = await upload(anna, 'client', annaClient, Buffer.from('x'), evil);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.ok(!/[/\\\u0000\u202e]/.test(r.body.name), r.body.name);
    }
    const names = (await anna.get(`/api/files?target=client&targetId=${annaClient}`)).body.items.map((f: { name: string }) => f.name);
    for (const n of ['passwd', 'win.ini', 'abs', 'bc.txt']) assert.ok(names.includes(n), n);
    const added = stored().filter((f) => !before.includes(f));
    assert.equal(added.length, 4);
    for (const f of added) assert.match(f, /^[0-9a-f]{2}[/\\][0-9a-f]{32}$/);
    assert.equal(existsSync(path.join(filesDir, '..', 'passwd')), false);
    // a name that is only a path, or not percent-encoding, is refused with the field named
    for (const bad of ['..', '../', '%E0%A4%A']) {
      const r = await anna.req('POST', `/api/files?target=client&targetId=${annaClient}`, Buffer.from('x'), {
        'content-type': 'text/plain',
        'x-file-name': bad,
      });
      assert.equal(r.status, 400, bad);
      assert.equal(r.body.error.details[0].field, 'X-File-Name');
    }
    const none = await anna.req('POST', `/api/files?target=client&targetId=${annaClient}`, Buffer.from('x'), { 'content-type': 'text/plain' });
    assert.equal(none.status, 400);
  });

  it('takes an empty file, a file sent without a type, and a JSON file as its bytes', async () => {
    const empty = await anna.req('POST', `/api/files?target=client&targetId=${annaClient}`, undefined, { 'x-file-name': 'empty.txt' });
    assert.equal(empty.status, 201, JSON.stringify(empty.body));
    assert.equal(empty.body.size, 0);
    assert.equal(empty.body.sha256, createHash('sha256').digest('hex'));
    assert.equal((await anna.get(`/api/files/${empty.body.id}/download`)).raw.length, 0);
    const untyped = await anna.req('POST', `/api/files?target=client&targetId=${annaClient}`, Buffer.from('abc'), { 'x-file-name': 'a' });
    assert.equal(untyped.status, 201, JSON.stringify(untyped.body));
    assert.equal(untyped.body.mime, 'application/octet-stream');
    const json = Buffer.from('{"not": "parsed", "x": [1, 2]}');
    const j = await upload(anna, 'client', annaClient, json, 'data.json', 'application/json');
    assert.equal(j.status, 201, JSON.stringify(j.body));
    assert.equal(j.body.mime, 'application/json');
    assert.deepEqual((await anna.get(`/api/files/${j.body.id}/download`)).raw, json);
  });

  it('refuses a file over the limit with 413 and leaves nothing on disk or in the table (security)', async () => {
    const rows = await rowCount();
    const files = stored();
    const r = await upload(anna, 'client', annaClient, Buffer.alloc(1024 * 1024 + 10, 7), 'big.bin');
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(await rowCount(), rows);
    assert.deepEqual(stored(), files);
    // exactly the limit passes
    const ok = await upload(anna, 'client', annaClient, Buffer.alloc(1024 * 1024, 7), 'limit.bin');
    assert.equal(ok.status, 201);
    assert.equal(ok.body.size, 1024 * 1024);
  });

  it('answers 404 on every path to a manager who does not see the record (security)', async () => {
    const f = (await upload(anna, 'client', annaClient, Buffer.from('secret'), 'secret.txt', 'text/plain')).body;
    assert.equal((await boris.get(`/api/files?target=client&targetId=${annaClient}`)).status, 404);
    assert.equal((await boris.get(`/api/clients/${annaClient}/files`)).status, 404);
    assert.equal((await boris.get(`/api/files/${f.id}/download`)).status, 404);
    assert.equal((await boris.get(`/api/files/${f.id}/preview`)).status, 404);
    assert.equal((await boris.del(`/api/files/${f.id}`)).status, 404);
    const up = await upload(boris, 'client', annaClient, Buffer.from('x'), 'x.txt');
    assert.equal(up.status, 404);
    assert.equal((await anna.get(`/api/files/${f.id}/download`)).raw.toString(), 'secret');
    // a file that does not exist answers the same
    assert.equal((await boris.get('/api/files/2147483000/download')).status, 404);
  });

  it('needs the notes rights: read to list and download, create to upload, delete to delete', async () => {
    const f = (await upload(anna, 'client', annaClient, Buffer.from('r'), 'r.txt', 'text/plain')).body;
    assert.equal((await reader.get(`/api/files/${f.id}/download`)).status, 200);
    assert.equal((await reader.get(`/api/clients/${annaClient}/files`)).status, 200);
    const up = await upload(reader, 'client', annaClient, Buffer.from('x'), 'x.txt');
    assert.equal(up.status, 403);
    assert.equal(up.body.error.code, 'FORBIDDEN');
    assert.equal((await reader.del(`/api/files/${f.id}`)).status, 403);
  });

  it('attaches to events and tasks: the client of the record, none for a task without one', async () => {
    const types = (await admin.get('/api/event-types')).body.items as { id: number; key: string }[];
    const ev = await anna.post('/api/events', {
      typeId: types.find((x) => x.key === 'call')!.id,
      subject: 'Call',
      clientId: annaClient,
      startsAt: '2026-12-10T10:00:00Z',
    });
    const fe = await upload(anna, 'event', ev.body.id, Buffer.from('minutes'), 'minutes.txt', 'text/plain');
    assert.equal(fe.status, 201, JSON.stringify(fe.body));
    assert.equal(fe.body.clientId, annaClient);
    assert.equal((await boris.get(`/api/files?target=event&targetId=${ev.body.id}`)).status, 404);
    assert.equal((await upload(anna, 'event', 2147483000, Buffer.from('x'), 'x')).status, 404);

    const task = await insertTask(
      t.db,
      {
        title: 'Own task',
        notes: '',
        assigneeId: anna.userId,
        clientId: null,
        contactPerson: null,
        saleId: null,
        contractId: null,
        typeId: null,
        dueAt: null,
        allDay: false,
        priority: 'normal',
        rrule: null,
        remindBeforeMin: null,
      },
      anna.userId,
    );
    const ft = await upload(anna, 'task', task, Buffer.from('todo'), 'todo.txt', 'text/plain');
    assert.equal(ft.status, 201, JSON.stringify(ft.body));
    assert.equal(ft.body.clientId, null);
    assert.equal((await anna.get(`/api/files?target=task&targetId=${task}`)).body.items.length, 1);
    assert.equal((await boris.get(`/api/files?target=task&targetId=${task}`)).status, 404);
    assert.equal((await boris.get(`/api/files/${ft.body.id}/download`)).status, 404);
    assert.equal((await admin.get(`/api/files/${ft.body.id}/download`)).raw.toString(), 'todo');
    for (const target of ['contract', 'promise', 'sale']) {
      assert.equal((await upload(anna, target, 2147483000, Buffer.from('x'), 'x')).status, 404, target);
    }
    assert.equal((await anna.get('/api/files?target=note&targetId=1')).status, 400);

    // the client's list gathers the files of the client and of its records
    const all = (await anna.get(`/api/clients/${annaClient}/files`)).body.items as { id: number; target: string }[];
    assert.ok(all.some((f) => f.id === fe.body.id && f.target === 'event'));
    assert.ok(!all.some((f) => f.id === ft.body.id));
  });

  it('deletes the row with its audit row, then the bytes', async () => {
    const f = (await upload(anna, 'client', annaClient, Buffer.from('bye'), 'bye.txt', 'text/plain')).body;
    const key = (await t.db.selectFrom('attachments').select('storageKey').where('id', '=', f.id).executeTakeFirstOrThrow()).storageKey;
    assert.ok(stored().some((s) => s.endsWith(key)));
    const r = await anna.del(`/api/files/${f.id}`);
    assert.equal(r.status, 200);
    assert.ok(!stored().some((s) => s.endsWith(key)));
    assert.equal((await anna.get(`/api/files/${f.id}/download`)).status, 404);
    assert.equal((await anna.del(`/api/files/${f.id}`)).status, 404);
    const audit = await t.db.selectFrom('auditLog').select('action').where('entity', '=', 'file').where('entityId', '=', f.id).execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['file.deleted', 'file.uploaded']);
  });

  it('removes the files of a client deleted for good', async () => {
    const c = (await anna.post('/api/clients', person('Gone'))).body.client.id;
    const f = (await upload(anna, 'client', c, Buffer.from('gone'), 'gone.txt', 'text/plain')).body;
    const key = (await t.db.selectFrom('attachments').select('storageKey').where('id', '=', f.id).executeTakeFirstOrThrow()).storageKey;
    const other = stored().filter((s) => !s.endsWith(key));
    assert.equal((await admin.del(`/api/clients/${c}`)).status, 200);
    assert.equal(await t.db.selectFrom('attachments').select('id').where('id', '=', f.id).executeTakeFirst(), undefined);
    assert.deepEqual(stored(), other);
  });

  it('sweeps the files of a record deleted by its own module, and only those', async () => {
    const types = (await admin.get('/api/event-types')).body.items as { id: number; key: string }[];
    const ev = await anna.post('/api/events', {
      typeId: types.find((x) => x.key === 'call')!.id,
      subject: 'To be deleted',
      clientId: annaClient,
      startsAt: '2026-12-12T10:00:00Z',
    });
    const f = (await upload(anna, 'event', ev.body.id, Buffer.from('orphan'), 'orphan.txt', 'text/plain')).body;
    const key = (await t.db.selectFrom('attachments').select('storageKey').where('id', '=', f.id).executeTakeFirstOrThrow()).storageKey;
    const rows = await rowCount();
    assert.equal(await sweepOrphanFiles(t.db, fileStoreFor(t.app.deps.config)), 0, 'nothing to sweep while the event exists');
    assert.equal((await anna.del(`/api/events/${ev.body.id}`)).status, 200);
    assert.equal((await anna.get(`/api/files/${f.id}/download`)).status, 404);
    const others = stored().filter((s) => !s.endsWith(key));
    assert.equal(await sweepOrphanFiles(t.db, fileStoreFor(t.app.deps.config)), 1);
    assert.equal(await rowCount(), rows - 1);
    assert.deepEqual(stored(), others);
    const audit = await t.db.selectFrom('auditLog').select('changes').where('action', '=', 'file.swept').executeTakeFirstOrThrow();
    assert.deepEqual((audit.changes as { ids: number[] }).ids, [f.id]);
  });
});
