// Issue 13, docs/security.md §14: every malformed upload answers 400 with a reason the wizard shows, never
// a 500, and leaves no job and no file behind. Real files: zips written by yazl (and one patched
// to lie about its sizes), CSV text.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import yazl from 'yazl';
import { importClient } from '../../testing/imports.js';
import { startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

let t: TestApp;
let admin: ApiClient;
let io: ReturnType<typeof importClient>;

before(async () => {
  t = await startTestApp();
  io = importClient(t);
  admin = await io.withToken(await t.user('admin'));
});
after(async () => t.close());

/** An XLSX (a zip with xl/workbook.xml) with the given entries. */
async function xlsx(entries: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(
    Buffer.from(
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="A" sheetId="1"/></sheets></workbook>',
    ),
    'xl/workbook.xml',
  );
  for (const [name, body] of Object.entries(entries)) zip.addBuffer(Buffer.isBuffer(body) ? body : Buffer.from(body), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
const sheet = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** The zip with the listed unpacked size of `name` in its central directory changed to `size`. */
function lieAboutSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let i = out.length - 46; i >= 0; i--) {
    if (out.readUInt32LE(i) !== 0x02014b50) continue;
    const n = out.readUInt16LE(i + 28);
    if (out.subarray(i + 46, i + 46 + n).toString() === name) {
      out.writeUInt32LE(size, i + 24);
      return out;
    }
  }
  throw new Error(`no ${name} in the zip`);
}

describe('malformed uploads', () => {
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`;
  const cases: [string, string, () => Promise<Buffer>, RegExp][] = [
    [
      'XXE (an external entity in the sheet)',
      'xxe.xlsx',
      () =>
        xlsx({
          'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${sheet(`<row r="1">${inline('A1', '&xxe;')}</row>`).replace(/^<\?xml[^>]*>/, '')}`,
        }),
      /DOCTYPE/,
    ],
    [
      'billion laughs (nested entities in the shared strings)',
      'laughs.xlsx',
      () =>
        xlsx({
          'xl/sharedStrings.xml': `${laughs}<sst><si><t>&lol9;</t></si></sst>`,
          'xl/worksheets/sheet1.xml': sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
        }),
      /DOCTYPE/,
    ],
    [
      'a zip that lies about its unpacked sizes',
      'liar.xlsx',
      async () =>
        lieAboutSize(
          await xlsx({
            'xl/worksheets/sheet1.xml': sheet(
              Array.from({ length: 2000 }, (_, i) => `<row r="${i + 1}">${inline(`A${i + 1}`, `Client ${i}`)}</row>`).join(''),
            ),
          }),
          'xl/worksheets/sheet1.xml',
          100,
        ),
      /damaged zip file: its contents do not match its listed sizes/,
    ],
    [
      'a 60 MB cell (CSV)',
      'huge-cell.csv',
      async () => Buffer.concat([Buffer.from('Фамилия,Примечание\r\nИванов,"'), Buffer.alloc(60 * 1024 * 1024, 'x'), Buffer.from('"\r\n')]),
      /a cell longer than 1,000,000 characters/,
    ],
    [
      'a 2 MB cell (XLSX)',
      'huge-cell.xlsx',
      () =>
        xlsx({
          'xl/worksheets/sheet1.xml': sheet(`<row r="1">${inline('A1', 'Фамилия')}</row><row r="2">${inline('A2', 'x'.repeat(2_000_000))}</row>`),
        }),
      /a cell longer than 1,000,000 characters/,
    ],
    [
      'a million columns (CSV)',
      'wide.csv',
      async () => Buffer.from(`${'a,'.repeat(1_000_000)}b\r\n1,2\r\n`),
      /more than 16,384 columns|a cell longer/,
    ],
    [
      'a cell in column 1,000,000 (XLSX)',
      'wide.xlsx',
      () => xlsx({ 'xl/worksheets/sheet1.xml': sheet(`<row r="1">${inline('A1', 'Фамилия')}${inline('BDWGN1', 'far')}</row>`) }),
      /more than 16,384 columns/,
    ],
    [
      'an unterminated quote',
      'quote.csv',
      async () => Buffer.from('Фамилия,Имя\r\nИванов,Иван\r\nПетров,"Пётр\r\nСидоров,Сидор\r\n'),
      /a quoted value is never closed \(it opens at line \d+\)/,
    ],
    [
      'XML that is not well formed',
      'broken.xlsx',
      () => xlsx({ 'xl/worksheets/sheet1.xml': sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></ro></row>') }),
      /XML is not valid/,
    ],
  ];
  for (const [what, name, make, reason] of cases) {
    it(`answers 400 with the reason for ${what}`, async () => {
      const jobs = Number((await t.pool.query('SELECT count(*) FROM import_jobs')).rows[0].count);
      const r = await io.upload(admin, name, await make());
      assert.equal(r.status, 400, JSON.stringify(r.body).slice(0, 300));
      assert.equal(r.body.error.code, 'VALIDATION_FAILED');
      assert.equal(r.body.error.details[0].field, 'file');
      assert.match(r.body.error.details[0].message, reason);
      assert.ok(!/etc\/passwd|root:/.test(JSON.stringify(r.body)));
      assert.equal(Number((await t.pool.query('SELECT count(*) FROM import_jobs')).rows[0].count), jobs, 'no job');
      assert.equal(readdirSync(t.app.deps.config.uploadDir).length, jobs, 'no file left');
    });
  }

  it('a file that is read whole at upload counts its rows there: the preview needs no second count', async () => {
    const r = await io.upload(admin, 'ok.csv', Buffer.from('Фамилия,Имя\r\nИванов,Иван\r\n"Петров",Пётр\r\n'));
    assert.equal(r.status, 201);
    assert.equal(r.body.job.total, 2);
  });
});
