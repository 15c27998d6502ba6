// Imports with real files: the Northwind customers as CSV, and as XLSX and ODS made by LibreOffice;
// Windows-1251 with semicolons, vCard 3 and 4, rejected rows, duplicates, scope, undo, zip bombs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importClient } from '../../testing/imports.js';
import { startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';
import { withZipBomb } from '../../testing/zip-bomb.js';

const NORTHWIND = path.join(import.meta.dirname, '../../../../fixtures/northwind/customers.csv');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'clientela-import-'));
let t: TestApp;
let admin: ApiClient;
let anna: ApiClient;
let boris: ApiClient;

/** LibreOffice's own conversion (the issue asks for real XLSX / ODS files). */
function convert(file: string, to: 'xlsx' | 'ods'): string {
  // CSV:44,34,76,1 = comma, double quote, UTF-8, from line 1 (LibreOffice assumes Latin-1 otherwise)
  execFileSync(
    'soffice',
    [`-env:UserInstallation=file://${tmp}/lo-${to}`, '--headless', '--infilter=CSV:44,34,76,1', '--convert-to', to, '--outdir', tmp, file],
    { stdio: 'pipe', timeout: 120_000 },
  );
  const out = path.join(tmp, `${path.basename(file, path.extname(file))}.${to}`);
  assert.ok(existsSync(out), `LibreOffice made ${out}`);
  return out;
}

let upload: ReturnType<typeof importClient>['upload'];
let runTo: ReturnType<typeof importClient>['runTo'];
let authOf: ReturnType<typeof importClient>['authOf'];
let withToken: ReturnType<typeof importClient>['withToken'];

before(async () => {
  t = await startTestApp();
  ({ upload, runTo, authOf, withToken } = importClient(t));
  const mk = async (role: string) => withToken(await t.user(role));
  admin = await mk('admin');
  anna = await mk('senior');
  boris = await mk('manager');
});
after(async () => {
  await t.close();
  rmSync(tmp, { recursive: true, force: true });
});

const northwindPlan = (suggested: { column: number; target: string }[]) => ({
  mapping: suggested,
  options: { matchBy: ['externalId'], onMatch: 'update' },
});

async function names() {
  const r = await t.pool.query(
    "SELECT legal_name, phones, contacts->0->>'name' AS contact FROM clients WHERE archived_at IS NULL AND 'northwind' <> ALL(tags) ORDER BY legal_name",
  );
  return r.rows;
}

describe('import', () => {
  it('imports the Northwind customers from CSV with a preview, matches them again, and undoes', async () => {
    const up = await upload(admin, 'customers.csv', readFileSync(NORTHWIND));
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.equal(up.body.job.format, 'csv');
    assert.deepEqual(
      up.body.suggested.map((m: { target: string }) => m.target),
      ['externalId', 'legalName', 'contactName', 'contactPosition', 'actualAddress', 'region', 'phone', 'phone'],
    );
    const preview = await runTo(admin, up.body.job.id, 'preview', northwindPlan(up.body.suggested));
    assert.deepEqual(preview.counts, { created: 91, updated: 0, unchanged: 0, skipped: 0, rejected: 0 });
    assert.equal(Number((await t.pool.query('SELECT count(*) FROM clients')).rows[0].count), 0, 'a preview changes nothing');
    const run = await runTo(admin, up.body.job.id, 'run', northwindPlan(up.body.suggested));
    assert.equal(run.counts.created, 91);
    assert.equal(run.total, 91);
    const quick = (await t.pool.query("SELECT c.* FROM clients c JOIN client_external_ids e ON e.client_id = c.id WHERE e.external_id = 'QUICK'"))
      .rows[0];
    assert.equal(quick.legal_name, 'QUICK-Stop');
    assert.equal(quick.contacts[0].name, 'Horst Kloss');

    // the same file again: every row matches by external id and nothing changes
    const again = await upload(admin, 'customers.csv', readFileSync(NORTHWIND));
    const second = await runTo(admin, again.body.job.id, 'run', northwindPlan(again.body.suggested));
    assert.deepEqual(second.counts, { created: 0, updated: 0, unchanged: 91, skipped: 0, rejected: 0 });

    const undo = await admin.post(`/api/imports/${up.body.job.id}/undo`);
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    assert.equal(undo.body.job.status, 'undone');
    assert.equal(Number((await t.pool.query('SELECT count(*) FROM clients')).rows[0].count), 0);
  });

  it('reads the same customers from XLSX and ODS made by LibreOffice', async () => {
    const expected: unknown[] = [];
    for (const fmt of ['csv', 'xlsx', 'ods'] as const) {
      const file = fmt === 'csv' ? NORTHWIND : convert(NORTHWIND, fmt);
      const up = await upload(admin, path.basename(file), readFileSync(file));
      assert.equal(up.status, 201, JSON.stringify(up.body));
      assert.equal(up.body.job.format, fmt);
      const run = await runTo(admin, up.body.job.id, 'run', northwindPlan(up.body.suggested));
      assert.equal(run.counts.created, 91, fmt);
      const got = await names();
      if (fmt === 'csv') expected.push(...got);
      else assert.deepEqual(got, expected, fmt);
      await admin.post(`/api/imports/${up.body.job.id}/undo`);
    }
  });

  it('reads Windows-1251 with semicolons, splits full names, reads dates and rejects bad rows with reasons', async () => {
    const text = [
      'ФИО;Телефон;Эл. почта;Дата рождения;Примечание',
      'Иванов Иван Иванович;+7 912 345-67-89;ivanov@example.ru;31.12.1980;первый',
      'Петрова Анна;8 (912) 000-11-22;не-почта;01.02.1990;второй',
      ';;;;пустой',
      'Сидоров Пётр;89120001122;;32.13.1990;третий',
    ].join('\r\n');
    const up = await upload(anna, 'клиенты.csv', Buffer.from(iconv1251(text)));
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.equal(up.body.job.encoding, 'windows-1251');
    assert.equal(up.body.job.delimiter, ';');
    assert.deepEqual(
      up.body.suggested.map((m: { target: string }) => m.target),
      ['fullName', 'phone', 'email', 'birthDate', 'notes'],
    );
    const run = await runTo(anna, up.body.job.id, 'run', { mapping: up.body.suggested, options: { matchBy: ['phone', 'email'], onMatch: 'update' } });
    assert.deepEqual(run.counts, { created: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 3 });
    const rows = (await anna.get(`/api/imports/${up.body.job.id}/rows?action=rejected`)).body.items;
    assert.deepEqual(
      rows.map((r: { rowNo: number }) => r.rowNo),
      [2, 3, 4],
    );
    assert.match(rows[0].error, /email/);
    assert.match(rows[1].error, /surname|first name/);
    assert.match(rows[2].error, /birthDate/);
    const c = (await t.pool.query("SELECT surname, first_name, patronymic, birth_date::text, phones FROM clients WHERE surname = 'Иванов'")).rows[0];
    assert.deepEqual([c.surname, c.first_name, c.patronymic, c.birth_date, c.phones], ['Иванов', 'Иван', 'Иванович', '1980-12-31', ['+79123456789']]);
    const file = await t.app.inject({ method: 'GET', url: `/api/imports/${up.body.job.id}/rejected.csv`, headers: authOf(anna) });
    const lines = file.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines[0], 'ФИО,Телефон,Эл. почта,Дата рождения,Примечание,error');
    assert.equal(lines.length, 4);
    assert.match(lines[1]!, /^Петрова Анна,8 \(912\) 000-11-22,не-почта,01.02.1990,второй,/);
    // the file in the downloading user's language: `lang` from the web, else Accept-Language; the reasons translated
    const inRussian = await t.app.inject({ method: 'GET', url: `/api/imports/${up.body.job.id}/rejected.csv?lang=ru`, headers: authOf(anna) });
    const ru = inRussian.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(ru[0], 'ФИО,Телефон,Эл. почта,Дата рождения,Примечание,Причина');
    assert.match(ru[1]!, /не адрес электронной почты/);
    assert.match(ru[3]!, /Дата рождения: не дата \(пишите 31.12.1990/);
    assert.doesNotMatch(ru.slice(1).join('\n'), /\b(is|must|not a|valid)\b/, 'no English reason left');
    const inUkrainian = await t.app.inject({
      method: 'GET',
      url: `/api/imports/${up.body.job.id}/rejected.csv`,
      headers: { ...authOf(anna), 'accept-language': 'de-DE,uk;q=0.9,en;q=0.8' },
    });
    const ukLines = inUkrainian.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(ukLines[0], 'ФИО,Телефон,Эл. почта,Дата рождения,Примечание,Причина');
    assert.match(ukLines[1]!, /не адреса електронної пошти/);
    const unknown = await t.app.inject({ method: 'GET', url: `/api/imports/${up.body.job.id}/rejected.csv?lang=xx`, headers: authOf(anna) });
    assert.match(unknown.body.trim().split('\r\n')[0]!, /,error$/, 'a language we do not have: English');
  });

  it('updates only the mapped fields of a matched client, and a manager cannot reach clients outside the scope', async () => {
    const mine = await anna.post('/api/clients', {
      kind: 'person',
      surname: 'Орлов',
      firstName: 'Олег',
      notes: 'keep me',
      channels: [{ type: 'phone', value: '+7 900 111-22-33' }],
    });
    assert.equal(mine.status, 201);
    const csv = Buffer.from('phone,email\n+79001112233,orlov@example.ru\n');
    const up = await upload(anna, 'update.csv', csv);
    const run = await runTo(anna, up.body.job.id, 'run', {
      mapping: [
        { column: 0, target: 'phone' },
        { column: 1, target: 'email' },
      ],
      options: { matchBy: ['phone'], onMatch: 'update' },
    });
    assert.equal(run.counts.updated, 1, JSON.stringify(run));
    const c = (await anna.get(`/api/clients/${mine.body.client.id}`)).body;
    assert.equal(c.notes, 'keep me');
    assert.equal(c.surname, 'Орлов');
    assert.deepEqual(c.channels.map((x: { value: string }) => x.value).sort(), ['+7 900 111-22-33', 'orlov@example.ru']); // the same number keeps its typed form
    // boris (manager, own scope) has no import right at all
    assert.equal((await upload(boris, 'x.csv', csv)).status, 403);
    // a senior of another department cannot update anna's client through an import
    const dept = await t.department('Other');
    const other = await t.user('senior', { departmentId: dept });
    await withToken(other);
    const up2 = await upload(other, 'update.csv', Buffer.from('phone,notes\n+79001112233,hijacked\n'));
    const run2 = await runTo(other, up2.body.job.id, 'run', {
      mapping: [
        { column: 0, target: 'phone' },
        { column: 1, target: 'notes' },
      ],
      options: { matchBy: ['phone'], onMatch: 'update' },
    });
    assert.equal(run2.counts.rejected, 1);
    assert.equal((await anna.get(`/api/clients/${mine.body.client.id}`)).body.notes, 'keep me');
    // undo restores the values the import replaced
    await anna.post(`/api/imports/${up.body.job.id}/undo`);
    assert.deepEqual(
      (await anna.get(`/api/clients/${mine.body.client.id}`)).body.channels.map((x: { value: string }) => x.value),
      ['+7 900 111-22-33'],
    ); // as first typed
  });

  it('never writes one client from two rows: a later row finding it by a key it had, or by one an earlier row gave it, is rejected naming that row, in the preview and the run alike', async () => {
    const c0 = await admin.post('/api/clients', {
      kind: 'person',
      surname: 'Дважды',
      notes: 'original',
      channels: [
        { type: 'phone', value: '+7 900 555-00-01' },
        { type: 'email', value: 'twice@example.ru' },
      ],
    });
    assert.equal(c0.status, 201);
    const id = c0.body.client.id;
    // row 1 changes the client's email; row 2 has the old email (the key row 1 took away: still the
    // same client); row 3 has row 1's new email (the key row 1 gave it). Both are rejected with the
    // row that took the client, not merged into it, and not made a second client either.
    const csv = Buffer.from(
      'surname,phone,email,notes\nДважды,+79005550001,first@example.ru,first\nДругой,+7 900 555-00-09,twice@example.ru,second\nДважды,+7 900 555-00-02,first@example.ru,third\n',
    );
    const plan = {
      mapping: [
        { column: 0, target: 'surname' },
        { column: 1, target: 'phone' },
        { column: 2, target: 'email' },
        { column: 3, target: 'notes' },
      ],
      options: { matchBy: ['phone', 'email'], onMatch: 'update' },
    };
    const pre = await upload(admin, 'twice.csv', csv);
    const preview = await runTo(admin, pre.body.job.id, 'preview', plan);
    const up = await upload(admin, 'twice.csv', csv);
    const run = await runTo(admin, up.body.job.id, 'run', plan);
    assert.deepEqual(run.counts, { created: 0, updated: 1, unchanged: 0, skipped: 0, rejected: 2 });
    assert.deepEqual(preview.counts, run.counts, 'the preview says what the run does');
    for (const job of [pre, up]) {
      const rej = (await admin.get(`/api/imports/${job.body.job.id}/rows?action=rejected`)).body.items;
      assert.deepEqual(
        rej.map((r: { rowNo: number; error: string }) => [r.rowNo, r.error]),
        [
          [2, 'matches the same client as row 2'],
          [3, 'matches the same client as row 2'],
        ],
      );
    }
    const after = (await admin.get(`/api/clients/${id}`)).body;
    assert.equal(after.notes, 'first');
    assert.equal(after.version, 2, 'one update');
    assert.deepEqual(after.channels.map((x: { value: string }) => x.value).sort(), ['+7 900 555-00-01', 'first@example.ru']);
    assert.equal((await t.pool.query("SELECT count(*)::int AS n FROM clients WHERE notes IN ('second', 'third')")).rows[0].n, 0);
    const undo = await admin.post(`/api/imports/${up.body.job.id}/undo`);
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    assert.deepEqual(undo.body.kept, []);
    const back = (await admin.get(`/api/clients/${id}`)).body;
    assert.equal(back.notes, 'original');
    assert.deepEqual(
      back.channels.map((x: { value: string }) => x.value),
      ['+7 900 555-00-01', 'twice@example.ru'],
    );
    await admin.post(`/api/clients/${id}/archive`, { version: back.version });
  });

  it('two people of one file sharing a phone are not merged: the second row is rejected naming the first, in the preview and in the run alike', async () => {
    const csv = Buffer.from('surname,phone,notes\nПовтор,+7 900 777-00-01,first\nДругая,+7 900 777-00-01,second\n');
    const plan = {
      mapping: [
        { column: 0, target: 'surname' },
        { column: 1, target: 'phone' },
        { column: 2, target: 'notes' },
      ],
      options: { matchBy: ['phone'], onMatch: 'update' },
    };
    const up = await upload(admin, 'repeat.csv', csv);
    const preview = await runTo(admin, up.body.job.id, 'preview', plan);
    assert.deepEqual(preview.counts, { created: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 1 });
    assert.deepEqual(
      (await admin.get(`/api/imports/${up.body.job.id}/rows?action=rejected`)).body.items.map((r: { rowNo: number; error: string }) => [
        r.rowNo,
        r.error,
      ]),
      [[2, 'matches the same client as row 2']],
    );
    const up2 = await upload(admin, 'repeat.csv', csv);
    const run = await runTo(admin, up2.body.job.id, 'run', plan);
    assert.deepEqual(run.counts, preview.counts);
    assert.deepEqual((await t.pool.query("SELECT notes FROM clients WHERE '+79007770001' = ANY(phones)")).rows, [{ notes: 'first' }]);
    // the rejected-rows file has it, to fix and import again
    const file = await t.app.inject({ method: 'GET', url: `/api/imports/${up2.body.job.id}/rejected.csv`, headers: authOf(admin) });
    assert.deepEqual(
      file.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n'),
      ['surname,phone,notes,error', "Другая,'+7 900 777-00-01,second,matches the same client as row 2"],
      'the number with the apostrophe that keeps a spreadsheet from reading a formula',
    );
    // skipping matches does not hide her either
    const up3 = await upload(admin, 'repeat.csv', csv);
    const skip = await runTo(admin, up3.body.job.id, 'preview', { ...plan, options: { matchBy: ['phone'], onMatch: 'skip' } });
    assert.deepEqual(skip.counts, { created: 0, updated: 0, unchanged: 0, skipped: 1, rejected: 1 });
  });

  it('finds what the batches before wrote, though the next batch is looked up while one is written: rows of a client the file took are rejected', async () => {
    const k = await admin.post('/api/clients', {
      kind: 'person',
      surname: 'Пакетный',
      notes: 'original',
      channels: [
        { type: 'phone', value: '+7 902 000-00-00' },
        { type: 'email', value: 'batch@example.ru' },
      ],
    });
    assert.equal(k.status, 201);
    const id = k.body.client.id;
    // row 1 gives the client a new phone (found by e-mail); rows 2-1000 are new clients; the second
    // batch (rows 1001-1003) repeats a new client's phone, the client's new phone, and its old one
    const lines = ['surname,phone,email,notes', 'Пакетный,+7 902 000-00-01,batch@example.ru,row 1'];
    for (let i = 2; i <= 1000; i++) lines.push(`Новый${i},+7 903 ${String(i).padStart(7, '0')},,row ${i}`);
    lines.push('Новый5,+7 903 000-00-05,,row 1001', 'Пакетный,+7 902 000-00-01,second@example.ru,row 1002', 'Старый,+7 902 000-00-00,,row 1003');
    const file = Buffer.from(lines.join('\n') + '\n');
    const plan = {
      mapping: [
        { column: 0, target: 'surname' },
        { column: 1, target: 'phone' },
        { column: 2, target: 'email' },
        { column: 3, target: 'notes' },
      ],
      options: { matchBy: ['phone', 'email'], onMatch: 'update' },
    };
    const preview = await runTo(admin, (await upload(admin, 'batches.csv', file)).body.job.id, 'preview', plan);
    const up = await upload(admin, 'batches.csv', file);
    const run = await runTo(admin, up.body.job.id, 'run', plan);
    assert.deepEqual(run.counts, { created: 999, updated: 1, unchanged: 0, skipped: 0, rejected: 3 });
    assert.deepEqual(preview.counts, run.counts);
    const rej = (await admin.get(`/api/imports/${up.body.job.id}/rows?action=rejected`)).body.items;
    assert.deepEqual(
      rej.map((r: { rowNo: number; error: string }) => [r.rowNo, r.error]),
      [
        [1001, 'matches the same client as row 6'], // the phone of a client the batch before created
        [1002, 'matches the same client as row 2'], // the phone row 1 gave the client
        [1003, 'matches the same client as row 2'], // the phone row 1 took away from it
      ],
    );
    const q = async (phone: string) => (await t.pool.query('SELECT id::int, notes FROM clients WHERE $1 = ANY(phones) ORDER BY id', [phone])).rows;
    assert.deepEqual(
      (await q('+79030000005')).map((r) => r.notes),
      ['row 5'],
    );
    assert.deepEqual(await q('+79020000001'), [{ id, notes: 'row 1' }]);
    assert.deepEqual(await q('+79020000000'), []);
    const undo = await admin.post(`/api/imports/${up.body.job.id}/undo`);
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    assert.equal((await admin.get(`/api/clients/${id}`)).body.notes, 'original');
    assert.equal((await t.pool.query("SELECT count(*)::int AS n FROM clients WHERE notes LIKE 'row %'")).rows[0].n, 0);
  });

  it("a row of the next batch with a phone the batch before took away from a client is that client's, and rejected", async () => {
    const k = await admin.post('/api/clients', {
      kind: 'person',
      surname: 'Переезд',
      channels: [
        { type: 'phone', value: '+7 904 000-00-00' },
        { type: 'email', value: 'moved@example.ru' },
      ],
    });
    assert.equal(k.status, 201);
    // only the check "the batch before updated a client this batch found" catches this: the old
    // phone is no key the first batch wrote
    const lines = ['surname,phone,email,notes', 'Переезд,+7 904 000-00-01,moved@example.ru,moved'];
    for (let i = 2; i <= 1000; i++) lines.push(`Другой${i},+7 905 ${String(i).padStart(7, '0')},,filler ${i}`);
    lines.push('Оставшийся,+7 904 000-00-00,,left behind');
    const up = await upload(admin, 'moved.csv', Buffer.from(lines.join('\n') + '\n'));
    const plan = {
      mapping: [
        { column: 0, target: 'surname' },
        { column: 1, target: 'phone' },
        { column: 2, target: 'email' },
        { column: 3, target: 'notes' },
      ],
      options: { matchBy: ['phone', 'email'], onMatch: 'update' },
    };
    const run = await runTo(admin, up.body.job.id, 'run', plan);
    assert.deepEqual(run.counts, { created: 999, updated: 1, unchanged: 0, skipped: 0, rejected: 1 });
    assert.deepEqual(
      (await admin.get(`/api/imports/${up.body.job.id}/rows?action=rejected`)).body.items.map((r: { error: string }) => r.error),
      ['matches the same client as row 2'],
    );
    assert.equal((await t.pool.query("SELECT count(*)::int AS n FROM clients WHERE '+79040000000' = ANY(phones)")).rows[0].n, 0);
    assert.equal((await admin.post(`/api/imports/${up.body.job.id}/undo`)).status, 200);
  });

  it('undo keeps a created client edited since', async () => {
    const csv = Buffer.from('surname,phone,notes\nПравленый,+7 906 000-00-01,first\nУдаляемый,+7 906 000-00-02,other\n');
    const plan = {
      mapping: [
        { column: 0, target: 'surname' },
        { column: 1, target: 'phone' },
        { column: 2, target: 'notes' },
      ],
      options: { matchBy: ['phone'], onMatch: 'update' },
    };
    const up = await upload(admin, 'edited.csv', csv);
    const run = await runTo(admin, up.body.job.id, 'run', plan);
    assert.deepEqual(run.counts, { created: 2, updated: 0, unchanged: 0, skipped: 0, rejected: 0 });
    const c = (await t.pool.query("SELECT id::int, version FROM clients WHERE '+79060000001' = ANY(phones)")).rows[0];
    assert.equal(c.version, 1);
    assert.equal((await admin.patch(`/api/clients/${c.id}`, { version: c.version, notes: 'edited by hand' })).status, 200);
    const undo = await admin.post(`/api/imports/${up.body.job.id}/undo`);
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    assert.deepEqual(undo.body.kept, [{ rowNo: 1, clientId: c.id, why: 'changed since the import' }]);
    assert.equal((await admin.get(`/api/clients/${c.id}`)).body.notes, 'edited by hand');
    assert.equal((await t.pool.query("SELECT count(*)::int AS n FROM clients WHERE '+79060000002' = ANY(phones)")).rows[0].n, 0);
  });

  it('imports contact persons of existing clients: found by INN or name, merged by name, unknown clients rejected, undone as a whole', async () => {
    const org = await admin.post('/api/clients', {
      kind: 'organization',
      legalName: 'ООО Контактная',
      inn: '7707083893',
      contacts: [{ name: 'Пётр Старый', position: 'директор', channels: [{ type: 'phone', value: '+7 900 100-00-01' }] }],
    });
    assert.equal(org.status, 201, JSON.stringify(org.body));
    const org2 = await admin.post('/api/clients', { kind: 'organization', legalName: 'Second Contacts Ltd' });
    const csv = Buffer.from(
      [
        'Company,INN,Contact person,Contact title,Contact phone,Contact email',
        'ООО Контактная,7707083893,Анна Новая,бухгалтер,+7 900 100-00-02,anna@example.ru',
        ',7707083893,пётр старый,генеральный директор,8 (900) 100-00-01,petr@example.ru', // same person: the position changes, the e-mail is added, the phone is known
        'Second Contacts Ltd,,John Smith,buyer,,',
        'Nobody Such,,Lost Person,,,',
        'ООО Контактная,7707083893,,,+7 900 100-00-09,',
      ].join('\n'),
    );
    const up = await upload(admin, 'contacts.csv', csv);
    assert.equal(up.status, 201);
    const mapping = [
      { column: 0, target: 'legalName' },
      { column: 1, target: 'inn' },
      { column: 2, target: 'contactName' },
      { column: 3, target: 'contactPosition' },
      { column: 4, target: 'contactPhone' },
      { column: 5, target: 'contactEmail' },
    ];
    // a plan without the contact's name is refused, with the field named
    const bad = await admin.post(`/api/imports/${up.body.job.id}/preview`, {
      mapping: mapping.filter((m) => m.target !== 'contactName'),
      options: { matchBy: ['inn', 'name'], onMatch: 'update', target: 'contacts' },
    });
    assert.equal(bad.status, 400);
    assert.ok(JSON.stringify(bad.body).includes('contactName'));
    const plan = { mapping, options: { matchBy: ['inn', 'name'], onMatch: 'create', target: 'contacts' } };
    const preview = await runTo(admin, up.body.job.id, 'preview', plan);
    assert.deepEqual(preview.counts, { created: 0, updated: 3, unchanged: 0, skipped: 0, rejected: 2 }, 'never creates, whatever onMatch says');
    const before = await t.pool.query('SELECT count(*)::int AS n FROM clients');
    const run = await runTo(admin, up.body.job.id, 'run', plan);
    assert.deepEqual(run.counts, { created: 0, updated: 3, unchanged: 0, skipped: 0, rejected: 2 });
    assert.equal((await t.pool.query('SELECT count(*)::int AS n FROM clients')).rows[0].n, before.rows[0].n, 'no client created');
    const rows = (await admin.get(`/api/imports/${up.body.job.id}/rows?action=rejected`)).body.items;
    assert.deepEqual(
      rows.map((r: { rowNo: number; error: string }) => [r.rowNo, r.error]),
      [
        [4, 'no client matches the row (by inn, name)'],
        [5, 'contactName: a contact person needs a name'],
      ],
    );
    const c = (await admin.get(`/api/clients/${org.body.client.id}`)).body;
    assert.deepEqual(
      c.contacts.map((x: { name: string; position?: string; channels: { value: string }[] }) => [
        x.name,
        x.position,
        x.channels.map((ch) => ch.value),
      ]),
      [
        ['Пётр Старый', 'генеральный директор', ['+7 900 100-00-01', 'petr@example.ru']],
        ['Анна Новая', 'бухгалтер', ['+7 900 100-00-02', 'anna@example.ru']],
      ],
    );
    assert.equal(c.legalName, 'ООО Контактная');
    assert.deepEqual(
      (await admin.get(`/api/clients/${org2.body.client.id}`)).body.contacts.map((x: { name: string }) => x.name),
      ['John Smith'],
    );
    // undo: the clients' contact persons as they were
    const undo = await admin.post(`/api/imports/${up.body.job.id}/undo`);
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    const back = (await admin.get(`/api/clients/${org.body.client.id}`)).body;
    assert.deepEqual(
      back.contacts.map((x: { name: string; position?: string }) => [x.name, x.position]),
      [['Пётр Старый', 'директор']],
    );
    assert.deepEqual((await admin.get(`/api/clients/${org2.body.client.id}`)).body.contacts, []);
    // a client file with a contact column adds to the contact persons, never drops the others
    const up2 = await upload(admin, 'clients.csv', Buffer.from('INN,Contact person\n7707083893,Вера Третья\n'));
    const run2 = await runTo(admin, up2.body.job.id, 'run', {
      mapping: [
        { column: 0, target: 'inn' },
        { column: 1, target: 'contactName' },
      ],
      options: { matchBy: ['inn'], onMatch: 'update' },
    });
    assert.equal(run2.counts.updated, 1);
    assert.deepEqual(
      (await admin.get(`/api/clients/${org.body.client.id}`)).body.contacts.map((x: { name: string }) => x.name),
      ['Пётр Старый', 'Вера Третья'],
    );
    await admin.post(`/api/imports/${up2.body.job.id}/undo`);
    for (const x of [org, org2]) {
      const cur = (await admin.get(`/api/clients/${x.body.client.id}`)).body;
      await admin.post(`/api/clients/${x.body.client.id}/archive`, { version: cur.version });
    }
  });

  it('imports the Northwind products into the catalog: suggested mapping, matched by SKU on the second run, rejected rows, rights, undo', async () => {
    const file = readFileSync(path.join(path.dirname(NORTHWIND), 'products.csv'));
    const up = await upload(admin, 'products.csv', file);
    assert.equal(up.status, 201);
    assert.deepEqual(
      up.body.suggestedProducts.map((m: { target: string }) => m.target),
      ['product.sku', 'product.name', 'product.unit', 'product.price', 'product.discontinued'],
    );
    const plan = { mapping: up.body.suggestedProducts, options: { matchBy: ['sku'], onMatch: 'update', target: 'products' } };
    // client fields and client keys are refused for a products file, with the field named
    const bad = await admin.post(`/api/imports/${up.body.job.id}/preview`, {
      mapping: [{ column: 1, target: 'surname' }],
      options: { matchBy: ['phone'], onMatch: 'update', target: 'products' },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.map((d: { field: string }) => d.field).sort(), ['mapping.0.target', 'options.matchBy.0']);
    // a role with the import right but only reading the catalog may preview, not run
    const role = await admin.post('/api/roles', {
      key: 'importer',
      name: 'Importer',
      scope: 'all',
      rights: { clients: { read: true, create: true, import: true }, catalog: { read: true } },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const imp = await t.user(role.body.role?.id ?? role.body.id);
    await withToken(imp);
    const upI = await upload(imp, 'products.csv', file);
    assert.equal(upI.status, 201);
    assert.equal((await imp.post(`/api/imports/${upI.body.job.id}/run`, plan)).status, 403);
    await runTo(imp, upI.body.job.id, 'preview', plan);
    assert.equal((await t.pool.query('SELECT count(*)::int AS n FROM products')).rows[0].n, 0);
    const run = await runTo(admin, up.body.job.id, 'run', plan);
    assert.deepEqual(run.counts, { created: 77, updated: 0, unchanged: 0, skipped: 0, rejected: 0 });
    const chai = (await t.pool.query("SELECT sku, unit, price::text, active FROM products WHERE name = 'Chai'")).rows[0];
    assert.deepEqual(
      chai,
      { sku: '1', unit: '10 boxes x 30 bags', price: '180000', active: false },
      '18 -> 18.0000 exactly; discontinued 1 -> inactive',
    );
    const mishi = (await t.pool.query("SELECT price::text FROM products WHERE name = 'Mishi Kobe Niku'")).rows[0];
    assert.equal(mishi.price, '970000');
    // the same file with two changed prices, a bad price, a missing name for a new SKU, a service
    const lines = file.toString('utf8').trim().split(/\r?\n/);
    lines[1] = lines[1]!.replace(',18,', ',"19,50",');
    lines.push('900,Gift wrapping,,,,abc,0,0,0,0', '901,,,,,5,0,0,0,0');
    const up2 = await upload(admin, 'products2.csv', Buffer.from(lines.join('\n')));
    const run2 = await runTo(admin, up2.body.job.id, 'run', {
      mapping: up2.body.suggestedProducts,
      options: { matchBy: ['sku'], onMatch: 'update', target: 'products' },
    });
    assert.deepEqual(run2.counts, { created: 0, updated: 1, unchanged: 76, skipped: 0, rejected: 2 });
    const rej = (await admin.get(`/api/imports/${up2.body.job.id}/rows?action=rejected`)).body.items.map((r: { error: string }) => r.error);
    assert.deepEqual(rej, ['price: "abc" is not an amount', 'name: is required for a new product']);
    assert.equal((await t.pool.query("SELECT price::text FROM products WHERE name = 'Chai'")).rows[0].price, '195000');
    // undo the second run: Chai's price back; undo the first: the catalog as it was
    assert.equal((await admin.post(`/api/imports/${up2.body.job.id}/undo`)).status, 200);
    assert.equal((await t.pool.query("SELECT price::text FROM products WHERE name = 'Chai'")).rows[0].price, '180000');
    const undo = await admin.post(`/api/imports/${up.body.job.id}/undo`);
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    // Chai was changed after the first import (by the second and its undo): it stays, with the reason
    assert.deepEqual(
      undo.body.kept.map((k: { why: string }) => k.why),
      ['changed since the import'],
    );
    assert.deepEqual((await t.pool.query("SELECT name FROM products WHERE sku ~ '^[0-9]+$'")).rows, [{ name: 'Chai' }]);
  });

  it('reads vCard 3 and 4', async () => {
    const vcf = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Смирнова;Мария;Петровна;;',
      'FN:Смирнова Мария Петровна',
      'TEL;TYPE=CELL:+7 916 555-44-33',
      'EMAIL:maria@example.ru',
      'BDAY:1985-04-12',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'N:Doe;John;;;',
      'FN:John Doe',
      'ORG:Acme Ltd',
      'TEL;VALUE=uri;TYPE=work:tel:+1-202-555-0173',
      'EMAIL:john@acme.example',
      'NOTE:long note',
      ' continued',
      'END:VCARD',
    ].join('\r\n');
    const up = await upload(admin, 'contacts.vcf', Buffer.from(vcf));
    assert.equal(up.body.job.format, 'vcf');
    const run = await runTo(admin, up.body.job.id, 'run', { mapping: up.body.suggested, options: { matchBy: ['email'], onMatch: 'skip' } });
    assert.equal(run.counts.created, 2, JSON.stringify(await admin.get(`/api/imports/${up.body.job.id}/rows`)));
    const m = (await t.pool.query("SELECT first_name, patronymic, birth_date::text, emails FROM clients WHERE surname = 'Смирнова'")).rows[0];
    assert.deepEqual([m.first_name, m.patronymic, m.birth_date, m.emails], ['Мария', 'Петровна', '1985-04-12', ['maria@example.ru']]);
    const j = (await t.pool.query("SELECT legal_name, notes, phones FROM clients WHERE 'john@acme.example' = ANY(emails)")).rows[0];
    assert.equal(j.notes, 'long notecontinued');
    assert.deepEqual(j.phones, ['+12025550173']);
  });

  it('accepts an upload over a real socket (the NUL check does not walk the request stream), and closes the connection of a refused one', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const r = await fetch(`${base}/api/imports?name=customers.csv`, {
      method: 'POST',
      body: readFileSync(NORTHWIND),
      signal: AbortSignal.timeout(10_000),
      headers: { ...authOf(anna), 'content-type': 'application/octet-stream', origin: base },
    });
    assert.equal(r.status, 201, await r.text());
    // a refused upload closes its connection: the rest of its body must not hold up the next request
    const svc = t.app.imports as unknown as { limit: number };
    const saved = svc.limit;
    svc.limit = 1024 * 1024;
    try {
      const send = (bytes: Buffer) =>
        fetch(`${base}/api/imports?name=x.csv`, {
          method: 'POST',
          body: new Uint8Array(bytes),
          signal: AbortSignal.timeout(10_000),
          headers: { ...authOf(anna), 'content-type': 'application/octet-stream', origin: base },
        });
      const big = await send(Buffer.from('Name,Notes\n' + `Someone,${'x'.repeat(1000)}\n`.repeat(1500)));
      assert.equal(big.status, 413);
      assert.equal(big.headers.get('connection'), 'close');
      assert.match((await big.json()).error.message, /larger than 1 MB/);
      assert.equal((await send(Buffer.from([0, 1, 2, 0]))).status, 400);
    } finally {
      svc.limit = saved;
    }
  });

  it('refuses binary junk and zip bombs with bounded memory, and keeps no file', async () => {
    const junk = await upload(admin, 'x.xlsx', Buffer.from([0, 1, 2, 3, 4, 5, 0, 0]));
    assert.equal(junk.status, 400);
    await withZipBomb(tmp, async (bomb) => {
      const before = process.memoryUsage().rss;
      const r = await upload(admin, 'bomb.xlsx', readFileSync(bomb));
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, /zip bomb/);
      assert.ok(process.memoryUsage().rss - before < 100 * 1024 * 1024);
    });
    const left = execFileSync('ls', [t.app.deps.config.uploadDir]).toString().trim().split('\n').filter(Boolean);
    const jobs = Number((await t.pool.query('SELECT count(*) FROM import_jobs')).rows[0].count);
    assert.equal(left.length, jobs, 'refused uploads leave no file behind');
  });
});

/** Windows-1251 bytes for Cyrillic text (Node has no encoder for it; the table is small). */
function iconv1251(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c >= 0x410 && c <= 0x44f) out.push(c - 0x410 + 0xc0);
    else if (c === 0x401) out.push(0xa8);
    else if (c === 0x451) out.push(0xb8);
    else throw new Error(`no 1251 byte for ${ch}`);
  }
  return Uint8Array.from(out);
}

describe('mapping templates', () => {
  it('saves a mapping per user by header names, replaces by name, refuses unknown fields', async () => {
    const r = await anna.post('/api/import-templates', {
      name: 'Shop export',
      mapping: { ФИО: 'fullName', Телефон: 'phone' },
      options: { matchBy: ['phone'], onMatch: 'skip' },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    await anna.post('/api/import-templates', { name: 'shop export', mapping: { ФИО: 'fullName' } });
    const list = (await anna.get('/api/import-templates')).body.items;
    assert.deepEqual(
      list.map((x: { name: string; mapping: object }) => [x.name, x.mapping]),
      [['shop export', { ФИО: 'fullName' }]],
    );
    assert.deepEqual((await admin.get('/api/import-templates')).body.items, []);
    const bad = await anna.post('/api/import-templates', { name: 'x', mapping: { A: 'password_hash' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'mapping.A');
    assert.equal((await boris.get('/api/import-templates')).status, 403);
  });
});
