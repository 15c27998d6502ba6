// What an update from a file may change, and how the preview shows it (issue 13): empty cells keep
// stored values unless the user chose "clear", a matched client's name is only filled in unless the
// user chose "overwrite", the preview lists per updated client the fields from -> to (the first 50,
// all of them as CSV, without fields the reader's role hides), phones kept as typed get a warning,
// and a "manager" column sets each client's manager within the importing user's scope.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { importClient } from '../../testing/imports.js';
import { startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';
import { findRoleByKey } from '../users/users.repository.js';
import { createUser } from '../users/users.service.js';

let t: TestApp;
let admin: ApiClient;
let io: ReturnType<typeof importClient>;

before(async () => {
  t = await startTestApp();
  io = importClient(t);
  admin = await io.withToken(await t.user('admin'));
});
after(async () => t.close());

type Review = {
  changes: { rowNo: number; clientId: number; client: string; fields: { field: string; from: string; to: string }[] }[];
  warnings: { rowNo: number; action: string; warning: string }[];
  totals: { changes: number; warnings: number };
};
const review = async (who: ApiClient, id: number): Promise<Review> => {
  const r = await who.get(`/api/imports/${id}/review`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};
const changesCsv = async (who: ApiClient, id: number) => {
  const r = await t.app.inject({ method: 'GET', url: `/api/imports/${id}/changes.csv`, headers: io.authOf(who) });
  assert.equal(r.statusCode, 200, r.body);
  return r.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
};

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Clients');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const cols = (...targets: string[]) => targets.map((target, column) => ({ column, target }));

describe('updates from a file', () => {
  it('keep stored values under empty cells and the stored name by default, show every change from -> to, and clear or overwrite only when asked', async () => {
    const c = await admin.post('/api/clients', {
      kind: 'person',
      surname: 'Петров',
      firstName: 'Иван',
      patronymic: 'Сергеевич',
      region: 'Москва',
      notes: 'old',
      channels: [
        { type: 'phone', value: '+7 910 000-00-01' },
        { type: 'email', value: 'petrov@example.ru' },
      ],
    });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const id = c.body.client.id;
    const file = Buffer.from('Фамилия,Имя,Отчество,Телефон,Эл. почта,Регион,Примечание\nПетрова,Ивана,,+79100000001,,,new note\n');
    const mapping = cols('surname', 'firstName', 'patronymic', 'phone', 'email', 'region', 'notes');
    const plan = { mapping, options: { matchBy: ['phone'], onMatch: 'update' } };

    const up = await io.upload(admin, 'update.csv', file);
    const preview = await io.runTo(admin, up.body.job.id, 'preview', plan);
    assert.deepEqual(preview.counts, { created: 0, updated: 1, unchanged: 0, skipped: 0, rejected: 0 });
    const r = await review(admin, up.body.job.id);
    assert.deepEqual(
      r.changes,
      [{ rowNo: 1, clientId: id, client: 'Петров Иван Сергеевич', fields: [{ field: 'notes', from: 'old', to: 'new note' }] }],
      'only the notes change: the patronymic, e-mail and region under empty cells stay, the name is kept',
    );
    assert.deepEqual(
      r.warnings.map((w) => w.warning),
      ['name: the file says "Петрова Ивана", the stored name "Петров Иван Сергеевич" is kept'],
    );
    const run = await io.runTo(admin, up.body.job.id, 'run', plan);
    assert.deepEqual(run.counts, preview.counts);
    let now = (await admin.get(`/api/clients/${id}`)).body;
    assert.deepEqual([now.surname, now.firstName, now.patronymic, now.region, now.notes], ['Петров', 'Иван', 'Сергеевич', 'Москва', 'new note']);
    assert.deepEqual(
      now.channels.map((x: { value: string }) => x.value),
      ['+7 910 000-00-01', 'petrov@example.ru'],
    );

    // the user chooses: empty cells clear, names are overwritten
    const up2 = await io.upload(
      admin,
      'update.xlsx',
      await xlsx([
        ['Фамилия', 'Имя', 'Отчество', 'Телефон', 'Эл. почта', 'Регион', 'Примечание'],
        ['Петрова', 'Ивана', '', '+79100000001', '', '', 'new note'],
      ]),
    );
    assert.equal(up2.body.job.format, 'xlsx');
    const plan2 = { mapping, options: { matchBy: ['phone'], onMatch: 'update', emptyCells: 'clear', names: 'overwrite' } };
    await io.runTo(admin, up2.body.job.id, 'preview', plan2);
    const r2 = await review(admin, up2.body.job.id);
    assert.deepEqual(r2.changes[0]!.fields, [
      { field: 'surname', from: 'Петров', to: 'Петрова' },
      { field: 'firstName', from: 'Иван', to: 'Ивана' },
      { field: 'patronymic', from: 'Сергеевич', to: '' },
      { field: 'region', from: 'Москва', to: '' },
      { field: 'email', from: 'petrov@example.ru', to: '' },
    ]);
    assert.deepEqual(r2.warnings, [], 'nothing is kept back, nothing to warn about');
    assert.deepEqual(await changesCsv(admin, up2.body.job.id), [
      'row,client id,client,field,from,to',
      `2,${id},Петров Иван Сергеевич,surname,Петров,Петрова`,
      `2,${id},Петров Иван Сергеевич,firstName,Иван,Ивана`,
      `2,${id},Петров Иван Сергеевич,patronymic,Сергеевич,`,
      `2,${id},Петров Иван Сергеевич,region,Москва,`,
      `2,${id},Петров Иван Сергеевич,email,petrov@example.ru,`,
    ]);
    await io.runTo(admin, up2.body.job.id, 'run', plan2);
    now = (await admin.get(`/api/clients/${id}`)).body;
    assert.deepEqual([now.surname, now.firstName, now.patronymic, now.region], ['Петрова', 'Ивана', null, null]);
    assert.deepEqual(
      now.channels.map((x: { value: string }) => x.value),
      ['+7 910 000-00-01'],
    );
    // undo gives the name back
    assert.equal((await admin.post(`/api/imports/${up2.body.job.id}/undo`)).status, 200);
    now = (await admin.get(`/api/clients/${id}`)).body;
    assert.deepEqual([now.surname, now.patronymic, now.region], ['Петров', 'Сергеевич', 'Москва']);
  });

  it("lists the first 50 changed clients with the total, all of them in the CSV; a field the reader's role hides is not shown", async () => {
    const role = await admin.post('/api/roles', {
      key: 'review_importer',
      name: 'Importer',
      scope: 'all',
      rights: { clients: { read: true, create: true, edit: true, import: true } },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const imp = await io.withToken(await t.user(role.body.id));
    const lines = ['Phone,Notes,Region'];
    for (let i = 0; i < 60; i++) {
      const c = await imp.post('/api/clients', {
        kind: 'person',
        surname: `Много${i}`,
        notes: 'before',
        region: 'Old',
        channels: [{ type: 'phone', value: `+7 911 000-00-${String(i).padStart(2, '0')}` }],
      });
      assert.equal(c.status, 201);
      lines.push(`+7911000${String(i).padStart(4, '0')},after,New`);
    }
    const up = await io.upload(imp, 'many.csv', Buffer.from(lines.join('\n')));
    await io.runTo(imp, up.body.job.id, 'preview', { mapping: cols('phone', 'notes', 'region'), options: { matchBy: ['phone'], onMatch: 'update' } });
    let r = await review(imp, up.body.job.id);
    assert.equal(r.changes.length, 50);
    assert.equal(r.totals.changes, 60);
    assert.deepEqual(
      r.changes[0]!.fields.map((f) => f.field),
      ['region', 'notes'],
    );
    assert.equal((await changesCsv(imp, up.body.job.id)).length, 1 + 120);
    // the role now hides the notes: its changes are no longer shown, in the list or the file
    const cur = (await admin.get('/api/roles')).body.items.find((x: { id: number }) => x.id === role.body.id);
    assert.equal((await admin.patch(`/api/roles/${role.body.id}`, { version: cur.version, fieldRights: { notes: 'hidden' } })).status, 200);
    r = await review(imp, up.body.job.id);
    assert.deepEqual(r.changes[0]!.fields, [{ field: 'region', from: 'Old', to: 'New' }]);
    const csv = await changesCsv(imp, up.body.job.id);
    assert.equal(csv.length, 1 + 60);
    assert.ok(!csv.some((l) => l.includes('notes')));
  });

  it('warns about a phone kept as typed because it is no valid number', async () => {
    const up = await io.upload(admin, 'phones.csv', Buffer.from('Name,Phone\nHansen Lars,+453 3331 9991\nOlsen Mette,+45 33 31 99 91\n'));
    const preview = await io.runTo(admin, up.body.job.id, 'preview', {
      mapping: cols('fullName', 'phone'),
      options: { matchBy: ['phone'], onMatch: 'update' },
    });
    assert.deepEqual(preview.counts, { created: 2, updated: 0, unchanged: 0, skipped: 0, rejected: 0 });
    const r = await review(admin, up.body.job.id);
    assert.deepEqual(r.warnings, [
      { rowNo: 1, action: 'created', clientId: null, warning: 'phone: "+453 3331 9991" is not a valid phone number (kept as typed)' },
    ]);
    assert.equal(r.totals.warnings, 1);
  });
});

describe('a resumed run', () => {
  it('still knows the clients the batches before the crash took', async () => {
    const up = await io.upload(admin, 'resume.csv', Buffer.from('Name,Phone\nПервая Особа,+7 914 000-00-01\nВторая Особа,+7 914 000-00-01\n'));
    const run = await io.runTo(admin, up.body.job.id, 'run', {
      mapping: cols('fullName', 'phone'),
      options: { matchBy: ['phone'], onMatch: 'update' },
    });
    assert.deepEqual(run.counts, { created: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 1 });
    // as if the process died after the first row's batch: the second row's outcome was never written
    await t.pool.query(`DELETE FROM import_job_rows WHERE job_id = $1 AND row_no = 2`, [up.body.job.id]);
    await t.pool.query(
      `UPDATE import_jobs SET status = 'running', done = 1, rejected = 0, heartbeat_at = now() - interval '1 hour', finished_at = NULL WHERE id = $1`,
      [up.body.job.id],
    );
    assert.equal((await admin.get(`/api/imports/${up.body.job.id}`)).body.status, 'interrupted');
    assert.equal((await admin.post(`/api/imports/${up.body.job.id}/resume`)).status, 200);
    await t.app.imports.waitFor(up.body.job.id);
    const job = (await admin.get(`/api/imports/${up.body.job.id}`)).body;
    assert.deepEqual(job.counts, { created: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 1 });
    assert.deepEqual(
      (await admin.get(`/api/imports/${up.body.job.id}/rows?action=rejected`)).body.items.map((r: { error: string }) => r.error),
      ['matches the same client as row 2'],
    );
    assert.deepEqual((await t.pool.query(`SELECT first_name FROM clients WHERE '+79140000001' = ANY(phones)`)).rows, [{ first_name: 'Особа' }]);
    assert.equal(
      (await t.pool.query(`SELECT version FROM clients WHERE '+79140000001' = ANY(phones)`)).rows[0].version,
      1,
      'not updated by the second row',
    );
  });
});

describe('a manager column', () => {
  it("sets each client's manager by login, e-mail or name; unknown and ambiguous names reject the row; an empty cell keeps the stored manager", async () => {
    const managerRole = (await findRoleByKey(t.db, 'manager'))!;
    const password = randomBytes(18).toString('base64url');
    const olga = await createUser(t.db, null, { login: 'olga', name: 'Ольга Смирнова', email: 'olga@example.ru', password, roleId: managerRole.id });
    const petr = await createUser(t.db, null, { login: 'petr', name: 'Пётр Иванов', email: 'petr@example.ru', password, roleId: managerRole.id });
    await createUser(t.db, null, { login: 'anna1', name: 'Анна Ким', password, roleId: managerRole.id });
    await createUser(t.db, null, { login: 'anna2', name: 'Анна Ким', password, roleId: managerRole.id });
    const kept = await admin.post('/api/clients', {
      kind: 'person',
      surname: 'Хранимый',
      managerId: petr.id,
      channels: [{ type: 'phone', value: '+7 912 100-00-09' }],
    });
    assert.equal(kept.status, 201);
    const file = await xlsx([
      ['Клиент', 'Телефон', 'Менеджер'],
      ['Первый Клиент', '+7 912 100-00-01', 'OLGA'],
      ['Второй Клиент', '+7 912 100-00-02', 'petr@example.ru'],
      ['Третий Клиент', '+7 912 100-00-03', 'ольга  смирнова'],
      ['Четвёртый Клиент', '+7 912 100-00-04', 'Никто Такой'],
      ['Пятый Клиент', '+7 912 100-00-05', 'Анна Ким'],
      ['Шестой Клиент', '+7 912 100-00-06', ''],
      ['Хранимый', '+7 912 100-00-09', ''],
    ]);
    const up = await io.upload(admin, 'managers.xlsx', file);
    assert.deepEqual(
      up.body.suggested.map((m: { target: string }) => m.target),
      ['fullName', 'phone', 'manager'],
    );
    const plan = { mapping: up.body.suggested, options: { matchBy: ['phone'], onMatch: 'update' } };
    const run = await io.runTo(admin, up.body.job.id, 'run', plan);
    assert.deepEqual(run.counts, { created: 4, updated: 0, unchanged: 1, skipped: 0, rejected: 2 });
    const rej = (await admin.get(`/api/imports/${up.body.job.id}/rows?action=rejected`)).body.items;
    assert.deepEqual(
      rej.map((r: { rowNo: number; error: string }) => [r.rowNo, r.error]),
      [
        [4, 'manager: no user with the login, name or e-mail "Никто Такой"'],
        [5, 'manager: several users are called "Анна Ким" (use the login or e-mail)'],
      ],
    );
    const managers = (
      await t.pool.query("SELECT surname, manager_id::int AS m FROM clients WHERE first_name = 'Клиент' OR surname = 'Хранимый' ORDER BY phones[1]")
    ).rows;
    assert.deepEqual(
      managers.map((r) => r.m),
      [olga.id, petr.id, olga.id, admin.userId, petr.id],
    );
  });

  it('follows the scope rules of the client form: a role that may only assign itself cannot name another manager', async () => {
    const role = await admin.post('/api/roles', {
      key: 'own_importer',
      name: 'Own importer',
      scope: 'own',
      rights: { clients: { read: true, create: true, edit: true, import: true } },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const me = await io.withToken(await t.user(role.body.id, { login: 'selfie' }));
    const up = await io.upload(
      me,
      'own.csv',
      Buffer.from('Name,Phone,Manager\nМой Клиент,+7 913 000-00-01,selfie\nЧужой Клиент,+7 913 000-00-02,olga\n'),
    );
    const run = await io.runTo(me, up.body.job.id, 'run', {
      mapping: cols('fullName', 'phone', 'manager'),
      options: { matchBy: ['phone'], onMatch: 'update' },
    });
    assert.deepEqual(run.counts, { created: 1, updated: 0, unchanged: 0, skipped: 0, rejected: 1 });
    assert.deepEqual(
      (await me.get(`/api/imports/${up.body.job.id}/rows?action=rejected`)).body.items.map((r: { error: string }) => r.error),
      ['managerId: you may assign clients only to yourself'],
    );
    // a role whose managerId field is read-only cannot import it at all
    const ro = await admin.post('/api/roles', {
      key: 'ro_manager',
      name: 'RO',
      scope: 'all',
      rights: { clients: { read: true, create: true, edit: true, import: true } },
      fieldRights: { managerId: 'readonly' },
    });
    const u = await io.withToken(await t.user(ro.body.id));
    const up2 = await io.upload(u, 'ro.csv', Buffer.from('Name,Phone,Manager\nЕщё Клиент,+7 913 000-00-03,olga\n'));
    const run2 = await io.runTo(u, up2.body.job.id, 'run', {
      mapping: cols('fullName', 'phone', 'manager'),
      options: { matchBy: ['phone'], onMatch: 'update' },
    });
    assert.equal(run2.counts.rejected, 1);
    assert.match((await u.get(`/api/imports/${up2.body.job.id}/rows?action=rejected`)).body.items[0].error, /managerId: is read-only/);
  });
});
