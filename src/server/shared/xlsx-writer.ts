// A streaming XLSX writer: rows go into the zip as they come, so a million rows never sit in
// memory. Strings are inline string cells (never formulas — docs/security.md §18), numbers are numbers.
import type { Readable } from 'node:stream';
import { zipStream } from './zip-writer.js';
import type { Cell } from './tabular.js';

const needsEsc = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const esc = (s: string) =>
  !needsEsc.test(s)
    ? s
    : s
        .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
        // characters XML 1.0 cannot hold at all
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WB_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;
// style 0: general; 1: bold (header); 2: #,##0.00 (money)
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

const workbook = (sheet: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${esc(sheet.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '))}" sheetId="1" r:id="rId1"/></sheets></workbook>`;

export type XlsxOptions = { sheet: string; moneyColumns?: Set<number>; widths?: number[] };

/** An XLSX file as a stream, from rows that arrive as an async iterable (the first is the bold header). */
export function xlsxStream(rows: AsyncIterable<Cell[]> | Iterable<Cell[]>, opts: XlsxOptions): Readable {
  const parts = [
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: '_rels/.rels', data: Buffer.from(RELS) },
    { name: 'xl/workbook.xml', data: Buffer.from(workbook(opts.sheet)) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(WB_RELS) },
    { name: 'xl/styles.xml', data: Buffer.from(STYLES) },
  ];
  // deflate level 1: the sheet's XML is very repetitive, so the file is still ~6x smaller than the
  // XML, and level 1 costs a fraction of the default level's CPU
  return zipStream(parts, { name: 'xl/worksheets/sheet1.xml', content: sheetXml(rows, opts), level: 1 });
}

/**
 * The sheet's XML in buffers of ~256 KB. Each row's XML goes straight into a reused buffer as
 * UTF-8, and full buffers are copied out: encoding one long string built by += (a rope of
 * thousands of pieces) cost ~9 µs a row (flattening, then a fresh large allocation each time),
 * this ~3 (docs/performance.md).
 */
async function* sheetXml(rows: AsyncIterable<Cell[]> | Iterable<Cell[]>, opts: XlsxOptions): AsyncGenerator<Buffer> {
  const pool = Buffer.allocUnsafe(256 * 1024);
  let off = 0;
  /** buffers filled and waiting to be yielded */
  const ready: Buffer[] = [];
  const put = (s: string) => {
    // a string of n UTF-16 units is at most 3n bytes of UTF-8
    if (off + s.length * 3 > pool.length) {
      if (off > 0) ready.push(Buffer.from(pool.subarray(0, off)));
      off = 0;
      if (s.length * 3 > pool.length) {
        ready.push(Buffer.from(s));
        return;
      }
    }
    off += pool.write(s, off);
  };
  put('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">');
  if (opts.widths?.length)
    put(`<cols>${opts.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`);
  put('<sheetData>');
  let r = 0;
  const cols: string[] = [];
  for await (const row of rows) {
    r++;
    let x = `<row r="${r}">`;
    // a cell right after the previous one needs no reference (the next column is implied)
    let prev = -1;
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (v === null || v === '' || v === undefined) continue;
      const ref = i === prev + 1 ? '' : ` r="${(cols[i] ??= colName(i))}${r}"`;
      prev = i;
      if (typeof v === 'number' && Number.isFinite(v)) x += `<c${ref}${r > 1 && opts.moneyColumns?.has(i) ? ' s="2"' : ''}><v>${v}</v></c>`;
      else x += `<c${ref} t="inlineStr"${r === 1 ? ' s="1"' : ''}><is><t xml:space="preserve">${esc(String(v))}</t></is></c>`;
    }
    put(`${x}</row>`);
    while (ready.length) yield ready.shift()!;
  }
  put('</sheetData></worksheet>');
  yield* ready;
  if (off > 0) yield Buffer.from(pool.subarray(0, off));
}
