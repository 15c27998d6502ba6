// `clientela import` as a real process: a progress bar, a dry run, and kill -9 half-way leaving
// whole batches and a job that resumes to exactly the file's rows (docs/security.md §19).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ImportService, jobOut } from '../server/modules/import/import.service.js';
import { BIN, cliHarness } from './cli-harness.js';
import { cliActor } from './actor.js';

const h = cliHarness('clientela-cli-import-', (d) => ({ CLIENTELA_UPLOAD_DIR: path.join(d, 'uploads') }));
const { cli, dir, env } = h;
const uploads = path.join(dir, 'uploads');

const count = async (sql: string) => Number((await h.t.pool.query(sql)).rows[0].n);

describe('clientela import', () => {
  it('imports a CSV with a dry run first, writes the rejected rows next to the file', async () => {
    const file = path.join(dir, 'small.csv');
    writeFileSync(file, 'Фамилия;Имя;Телефон;Email\nИванов;Иван;+7 912 000-00-01;ivan@example.ru\nПетров;;+7 912 000-00-02;не почта\n');
    const dry = cli('import', 'clients', file, '--dry-run', '--match', 'phone');
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /would be created 1, updated 0, unchanged 0, skipped 0, rejected 1/);
    assert.equal(await count('SELECT count(*)::int AS n FROM clients'), 0);
    const run = cli('import', 'clients', file, '--match', 'phone');
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^created 1, updated 0, unchanged 0, skipped 0, rejected 1/m);
    assert.match(run.err, /CSV, utf-8, delimiter ";"; mapping: Фамилия -> surname, Имя -> firstName, Телефон -> phone, Email -> email/);
    assert.match(run.err, /\[#{30}\] 100% 2\/2 rows/);
    const rejected = readFileSync(`${file}.rejected.csv`, 'utf8').replace(/^\uFEFF/, '');
    // '+7…' is written with a protective apostrophe (formula injection); the importer takes it off again
    assert.match(rejected, /^Фамилия,Имя,Телефон,Email,error\r\nПетров,,'\+7 912 000-00-02,не почта,.*email/);
    assert.match(cli('import', 'clients', path.join(dir, 'missing.csv')).err, /no such file/);
    // an empty cell keeps Иванов's e-mail unless told to clear it; a wrong choice is named
    const upd = path.join(dir, 'update.csv');
    writeFileSync(upd, 'Фамилия;Имя;Телефон;Email\nИванов;Иван;+7 912 000-00-01;\n');
    assert.match(cli('import', 'clients', upd, '--match', 'phone').out, /^created 0, updated 0, unchanged 1/m);
    assert.match(cli('import', 'clients', upd, '--match', 'phone', '--empty-cells', 'wipe').err, /--empty-cells is keep or clear/);
    assert.match(cli('import', 'clients', upd, '--match', 'phone', '--empty-cells', 'clear').out, /^created 0, updated 1, unchanged 0/m);
    assert.equal(await count("SELECT cardinality(emails) AS n FROM clients WHERE surname = 'Иванов'"), 0);
  });

  it("imports contact persons of existing clients: the plain phone and position columns are the contact's", async () => {
    const file = path.join(dir, 'contacts.csv');
    // the client Иванов Иван exists from the test above (phone +7 912 000-00-01); the company does not
    writeFileSync(file, 'Фамилия,Имя,ФИО,Должность,Телефон\nИванов,Иван,Сидорова Мария Ивановна,жена,+7 912 000-00-07\nНиктоНеТакой,,Кто-то,,\n');
    const run = cli('import', 'contacts', file, '--match', 'name');
    assert.equal(run.code, 0, run.err);
    assert.match(run.err, /mapping: Фамилия -> surname, Имя -> firstName, ФИО -> contactName, Должность -> contactPosition, Телефон -> contactPhone/);
    assert.match(run.out, /^created 0, updated 1, unchanged 0, skipped 0, rejected 1/m);
    const c = await h.t.pool.query("SELECT contacts, phones FROM clients WHERE surname = 'Иванов'");
    assert.deepEqual(
      c.rows[0].contacts.map((x: { name: string; position: string }) => [x.name, x.position]),
      [['Сидорова Мария Ивановна', 'жена']],
    );
    assert.deepEqual(c.rows[0].phones, ['+79120000001'], "the client's own phones stay");
    assert.match(readFileSync(`${file}.rejected.csv`, 'utf8'), /no client matches/);
  });

  it('imports the Northwind products into the catalog, then matches them by SKU', async () => {
    const file = path.join(import.meta.dirname, '../../fixtures/northwind/products.csv');
    const run = cli('import', 'products', file);
    assert.equal(run.code, 0, run.err);
    assert.match(
      run.err,
      /mapping: product_id -> product\.sku, product_name -> product\.name, quantity_per_unit -> product\.unit, unit_price -> product\.price, discontinued -> product\.discontinued/,
    );
    assert.match(run.out, /^created 77, updated 0, unchanged 0, skipped 0, rejected 0/m);
    const discontinued = readFileSync(file, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l.endsWith(',1')).length;
    assert.equal(await count('SELECT count(*)::int AS n FROM products WHERE NOT active'), discontinued, 'discontinued 1 -> inactive');
    assert.equal(discontinued, 10);
    const again = cli('import', 'products', file, '--dry-run');
    assert.match(again.out, /would be created 0, updated 0, unchanged 77/);
  });

  it('imports a sales history: the employee and department from the options, the products from the catalog, undo', async () => {
    // Иванов Иван (+7 912 000-00-01) exists from the first test; Chai and Chang from the products test
    await h.t.pool.query("INSERT INTO departments (name) VALUES ('Магазин')");
    const user = cli('user', 'add', '--login', 'olga', '--name', 'Ольга Кассир', '--role', 'manager', '--password', 'correct-horse-battery');
    assert.equal(user.code, 0, user.err);
    const file = path.join(dir, 'sales.csv');
    writeFileSync(
      file,
      'Номер;Дата;Телефон;Товар;Кол-во;Цена\nЧ-1;01.02.2024;+7 912 000-00-01;Chai;2;18\nЧ-1;;;Chang;1;19\nЧ-2;02.02.2024;+7 912 000-00-01;Нет такого;1;5\n',
    );
    const nobody = cli('import', 'sales', file, '--dry-run');
    assert.equal(nobody.code, 0, nobody.err);
    assert.match(
      nobody.err,
      /mapping: Номер -> sale\.number, Дата -> sale\.date, Телефон -> sale\.clientPhone, Товар -> item\.product, Кол-во -> item\.quantity, Цена -> item\.price/,
    );
    assert.match(nobody.out, /would be created 0, .* rejected 3/, 'the CLI is nobody: it must be told who made the sales');
    assert.match(cli('import', 'sales', file, '--employee', 'nobody').err, /--employee: no user "nobody"/);
    const run = cli('import', 'sales', file, '--employee', 'olga', '--department', 'магазин', '--payment', 'card');
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^created 2, updated 0, unchanged 0, skipped 0, rejected 1/m);
    assert.match(readFileSync(`${file}.rejected.csv`, 'utf8'), /product: no product named ""?Нет такого""?/);
    const sale = (
      await h.t.pool.query(`SELECT s.total::text, u.login, d.name AS department, (SELECT method FROM sale_payments p WHERE p.sale_id = s.id) AS method
      FROM sales s JOIN users u ON u.id = s.employee_id JOIN departments d ON d.id = s.department_id WHERE s.number = 'Ч-1'`)
    ).rows;
    assert.deepEqual(sale, [{ total: '550000', login: 'olga', department: 'Магазин', method: 'card' }]);
    const id = (await h.t.pool.query("SELECT id::int FROM import_jobs WHERE kind = 'sales' AND NOT dry_run ORDER BY id DESC LIMIT 1")).rows[0].id;
    const undo = cli('import', 'undo', String(id));
    assert.equal(undo.code, 0, undo.err);
    assert.equal(await count('SELECT count(*)::int AS n FROM sales'), 0);
  });

  it('after kill -9 half-way, holds whole batches only and resumes to exactly the file', async () => {
    await h.t.pool.query('DELETE FROM clients');
    const file = path.join(dir, 'big.csv');
    const n = 12_000;
    const lines = ['surname,first name,phone,email'];
    for (let i = 0; i < n; i++) lines.push(`Клиент${i},Имя${i % 97},+7 9${String(100000000 + i).padStart(9, '0')},c${i}@example.com`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const child = spawn(process.execPath, [BIN, 'import', 'clients', file, '--match', 'phone', '--quiet'], { env: env(), stdio: 'ignore' });
    const started = Date.now();
    let job: { id: number; done: number } | undefined;
    while (Date.now() - started < 120_000) {
      const r = await h.t.pool.query("SELECT id::int, done FROM import_jobs WHERE file_name = 'big.csv' ORDER BY id DESC LIMIT 1");
      job = r.rows[0];
      if (job && job.done >= 3000) break;
      await new Promise((r2) => setTimeout(r2, 20));
    }
    assert.ok(job && job.done >= 3000 && job.done < n, `killed half-way (done ${job?.done})`);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const j = (await h.t.pool.query('SELECT done, created FROM import_jobs WHERE id = $1', [job.id])).rows[0];
    const clients = await count('SELECT count(*)::int AS n FROM clients');
    assert.equal(j.done % 1000, 0, 'progress moves by whole batches');
    assert.equal(clients, j.created, 'every committed client is accounted for by the job');
    assert.equal(await count(`SELECT count(*)::int AS n FROM import_job_rows WHERE job_id = ${job.id}`), j.done);
    assert.equal(await count(`SELECT max(row_no)::int AS n FROM import_job_rows WHERE job_id = ${job.id}`), j.done);

    const svc = new ImportService(h.t.db, uploads, 1 << 30, 200);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(jobOut(await svc.job(cliActor, job.id)).status, 'interrupted');
    await svc.resume(cliActor, job.id);
    await svc.waitFor(job.id);
    const done = jobOut(await svc.job(cliActor, job.id));
    assert.equal(done.status, 'done', JSON.stringify(done));
    assert.equal(done.counts.created, n);
    assert.equal(await count('SELECT count(*)::int AS n FROM clients'), n);
    assert.equal(await count('SELECT count(DISTINCT phones[1])::int AS n FROM clients'), n, 'no row imported twice');

    // and the whole import can be undone
    const u = cli('import', 'undo', String(job.id));
    assert.equal(u.code, 0, u.err);
    assert.equal(await count('SELECT count(*)::int AS n FROM clients'), 0);
  });
});
