// Documents through HTTP on a real database (issue 16): the firm's requisites, templates (upload,
// a broken one answers 400 with the tag), issuing an invoice from a sale (the lines, the total and
// the total in words in the DOCX), field rights and record scope in the merge data, numbering
// without gaps under concurrency, the issued file on the client's files, download as issued, the
// PDF through LibreOffice, unpaid invoices, and structured errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import PizZip from 'pizzip';
import { startTestApp, type ApiClient, type Res, type TestApp } from '../../testing/test-app.js';
import { docxOf } from './default-templates.js';
import { findSoffice } from './pdf-converter.js';

let t: TestApp;
let admin: ApiClient;
let anna: ApiClient; // manager, own scope
let boris: ApiClient; // manager, own scope
let hidden: ApiClient; // sees every client but not the INN
let dept: number;
let company: number;
let sale: { id: number; version: number; total: string };

const xmlOf = (raw: Buffer) => new PizZip(raw).file('word/document.xml')!.asText();
/** The text of a DOCX without its XML (runs split by Word are joined). */
const textOf = (raw: Buffer) => xmlOf(raw).replace(/<[^>]+>/g, '');
const upload = (who: ApiClient, type: string, body: Buffer, name = 'tpl.docx') =>
  who.req('POST', `/api/documents/templates?type=${type}`, body, { 'content-type': 'application/octet-stream', 'x-file-name': name });
const structured = (r: Res, status: number, code: string) => {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.error.code, code, JSON.stringify(r.body));
  assert.equal(typeof r.body.error.message, 'string');
};

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  dept = await t.department('Shop');
  anna = await t.user('manager', { departmentId: dept });
  boris = await t.user('manager', { departmentId: dept });
  const role = await admin.post('/api/roles', {
    key: 'noinn',
    name: 'No INN',
    scope: 'all',
    rights: { clients: { read: true }, sales: { read: true }, notes: { read: true, create: true } },
    fieldRights: { inn: 'hidden' },
  });
  assert.equal(role.status, 201, JSON.stringify(role.body));
  hidden = await t.user(role.body.id);
  const c = await anna.post('/api/clients', {
    kind: 'organization',
    legalName: 'ООО «Ромашка»',
    inn: '7707083893',
    kpp: '773601001',
    legalAddress: 'Москва, ул. Ленина, 1',
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  company = c.body.client.id;
  const tea = (await admin.post('/api/products', { name: 'Чай зелёный', price: '500.00', unit: 'шт' })).body.id;
  const cake = (await admin.post('/api/products', { name: 'Торт', price: '250.50', unit: 'шт' })).body.id;
  const s = await anna.post('/api/sales', {
    clientId: company,
    departmentId: dept,
    items: [
      { productId: tea, quantity: '2' },
      { productId: cake, quantity: '1' },
    ],
    payments: [{ method: 'card', amount: '100.00' }],
  });
  assert.equal(s.status, 201, JSON.stringify(s.body));
  sale = s.body;
  const firm = (await admin.get('/api/firm')).body;
  const put = await admin.put('/api/firm', {
    version: firm.version,
    legalName: 'ООО «Клиентела»',
    inn: '7701234567',
    kpp: '770101001',
    bankName: 'ПАО Сбербанк',
    bic: '044525225',
    account: '40702810900000000001',
    corrAccount: '30101810400000000225',
    director: 'Иванов И. И.',
    accountant: 'Петрова П. П.',
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
});
after(async () => t.close());

describe('documents', () => {
  it('keeps the firm requisites, changed by administrators only, with their version and audit', async () => {
    const firm = (await anna.get('/api/firm')).body;
    assert.equal(firm.inn, '7701234567');
    assert.equal(firm.vatRate, null);
    structured(await anna.put('/api/firm', { version: firm.version, inn: '1' }), 403, 'FORBIDDEN');
    structured(await admin.put('/api/firm', { version: firm.version + 5, inn: '1' }), 409, 'VERSION_CONFLICT');
    const audit = await t.db.selectFrom('auditLog').select('action').where('entity', '=', 'firm').execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['firm.changed'],
    );
  });

  it('issues an invoice from a sale: the lines, the total and the total in words, stored on the client', async () => {
    const r = await anna.post('/api/documents', { type: 'invoice', saleId: sale.id, lang: 'ru' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.type, 'invoice');
    assert.equal(r.body.number, 1);
    assert.equal(r.body.client.id, company);
    assert.equal(r.body.total, '1250.50');
    assert.equal(r.body.paymentStatus, 'partly_paid');
    const file = await anna.get(`/api/documents/${r.body.id}/download`);
    assert.equal(file.status, 200);
    assert.match(String(file.headers['content-type']), /wordprocessingml/);
    const text = textOf(file.raw);
    for (const s of [
      'Чай зелёный',
      'Торт',
      '1\u00a0250,50',
      '250,50',
      'Одна тысяча двести пятьдесят рублей 50 копеек',
      'Без НДС',
      'ООО «Клиентела»',
      '7707083893',
      '40702810900000000001',
      'Счёт на оплату № 1',
    ]) {
      assert.ok(text.includes(s), `the invoice shows ${s}: ${text.slice(0, 2000)}`);
    }
    // the numbered table: one row per line
    assert.equal((xmlOf(file.raw).match(/<w:tr>/g) ?? []).length, 4 + 3 + 3);
    // the file is on the client's files, and the download is exactly it
    const files = (await anna.get(`/api/clients/${company}/files`)).body.items;
    const f = files.find((x: { id: number }) => x.id === r.body.fileId);
    assert.ok(f, 'the issued document is among the client files');
    assert.equal(f.name, `invoice-1-${r.body.year}.docx`);
    const raw = await anna.get(`/api/files/${r.body.fileId}/download`);
    assert.deepEqual(raw.raw, file.raw);
    const audit = await t.db.selectFrom('auditLog').select('action').where('entity', '=', 'document').where('entityId', '=', r.body.id).execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['document.issued'],
    );
  });

  it('a field the role hides prints empty; a sale or client out of scope is 404', async () => {
    const r = await hidden.post('/api/documents', { type: 'invoice', saleId: sale.id, lang: 'ru' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const text = textOf((await hidden.get(`/api/documents/${r.body.id}/download`)).raw);
    assert.ok(!text.includes('7707083893'), 'the hidden INN is not printed');
    assert.ok(text.includes('ООО «Ромашка»'));
    structured(await boris.post('/api/documents', { type: 'invoice', saleId: sale.id }), 404, 'SALE_NOT_FOUND');
    structured(await boris.post('/api/documents', { type: 'contract', clientId: company }), 404, 'CLIENT_NOT_FOUND');
    structured(await boris.get(`/api/documents/${r.body.id}`), 404, 'NOT_FOUND');
    structured(await boris.get(`/api/documents/${r.body.id}/download`), 404, 'NOT_FOUND');
    assert.ok(!(await boris.get('/api/documents')).body.items.some((d: { id: number }) => d.id === r.body.id));
  });

  it('uploads templates (administrators), answers 400 with the tag for one that does not parse', async () => {
    const body = (xml: string) => docxOf(`<w:p><w:r><w:t>${xml}</w:t></w:r></w:p>`);
    structured(await upload(anna, 'act', body('{client.name}')), 403, 'FORBIDDEN');
    const bad = await upload(admin, 'act', body('Акт {#lines}{name} {client.name'));
    structured(bad, 400, 'TEMPLATE_INVALID');
    assert.ok(
      bad.body.error.details.some((d: { field: string; message: string }) => d.field === 'template' && d.message.includes('client.name')),
      JSON.stringify(bad.body),
    );
    structured(await upload(admin, 'act', Buffer.from('not a zip')), 400, 'TEMPLATE_INVALID');
    const ok = await upload(admin, 'act', body('Акт № {number} для {client.name}: {total} {currency}, {totalInWords}'), 'Акт.docx');
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.name, 'Акт.docx');
    const list = (await anna.get('/api/documents/templates')).body;
    assert.ok(list.items.some((x: { id: number }) => x.id === ok.body.id));
    assert.ok(list.shipped.some((x: { type: string; lang: string }) => x.type === 'invoice' && x.lang === 'ro'));
    const act = await anna.post('/api/documents', { type: 'act', saleId: sale.id, lang: 'en' });
    assert.equal(act.status, 201, JSON.stringify(act.body));
    assert.equal(act.body.templateId, ok.body.id);
    assert.equal(
      textOf((await anna.get(`/api/documents/${act.body.id}/download`)).raw),
      `Акт № 1 для ООО «Ромашка»: 1,250.50 RUB, One thousand two hundred fifty Russian roubles 50 kopecks`,
    );
    // a custom type without a template
    structured(await anna.post('/api/documents', { type: 'receipt', saleId: sale.id }), 400, 'VALIDATION_FAILED');
    const fields = (await anna.get('/api/documents/fields')).body;
    assert.ok(fields.items.some((f: { tag: string }) => f.tag === 'firm.inn'));
    assert.deepEqual(fields.loops[0].tag, 'lines');
    assert.equal((await admin.del(`/api/documents/templates/${ok.body.id}`)).status, 200);
    structured(await admin.del(`/api/documents/templates/${ok.body.id}`), 404, 'NOT_FOUND');
    structured(await anna.post('/api/documents', { type: 'invoice' }), 400, 'VALIDATION_FAILED');
    structured(await anna.post('/api/documents', { type: 'Bad Type!', clientId: company }), 400, 'VALIDATION_FAILED');
  });

  it('numbers 20 concurrent issues of a type 1..20 without gaps or duplicates', async () => {
    const all = await Promise.all(Array.from({ length: 20 }, () => anna.post('/api/documents', { type: 'contract', clientId: company, lang: 'uk' })));
    for (const r of all) assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(
      all.map((r) => r.body.number).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const counter = await t.db.selectFrom('documentCounters').selectAll().where('type', '=', 'contract').executeTakeFirstOrThrow();
    assert.equal(counter.last, 20);
  });

  it('lists unpaid invoices and shows the payment status from the sale', async () => {
    const unpaid = (await anna.get('/api/documents/unpaid-invoices')).body.items;
    assert.ok(unpaid.length >= 1);
    assert.ok(unpaid.every((d: { type: string; paymentStatus: string }) => d.type === 'invoice' && d.paymentStatus !== 'paid'));
    assert.ok(unpaid.some((d: { saleId: number }) => d.saleId === sale.id));
    const pay = await anna.post(`/api/sales/${sale.id}/payments`, { payments: [{ method: 'cash', amount: '1150.50' }] });
    assert.equal(pay.status, 200, JSON.stringify(pay.body));
    const after = (await anna.get('/api/documents/unpaid-invoices')).body.items;
    assert.ok(!after.some((d: { saleId: number }) => d.saleId === sale.id), 'a paid sale leaves the unpaid invoices');
    const one = (await anna.get(`/api/documents?type=invoice&clientId=${company}`)).body.items[0];
    assert.equal(one.paymentStatus, 'paid');
    assert.equal(one.paid, '1250.50');
  });

  it('converts to PDF with LibreOffice, or says that no converter is installed', async () => {
    const doc = (await anna.get('/api/documents?type=invoice')).body.items[0];
    const r = await anna.get(`/api/documents/${doc.id}/download?format=pdf`);
    if (findSoffice()) {
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.raw.subarray(0, 5).toString(), '%PDF-');
      assert.equal(r.headers['content-type'], 'application/pdf');
    } else structured(r, 503, 'PDF_CONVERTER_MISSING');
  });
});
