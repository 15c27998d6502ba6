// A streaming XLSX writer: rows go into the zip as they come, so a million rows never sit in
// memory. Strings are inline string cells (never formulas — SECURITY 12), numbers are numbers.
import { PassThrough, Readable } from 'node:stream';
import yazl from 'yazl';
import type { Cell } from './tabular.js';

const needsEsc = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const esc = (s: string) =>
  !needsEsc.test(s) ? s : s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
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
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(CONTENT_TYPES), '[Content_Types].xml');
  zip.addBuffer(Buffer.from(RELS), '_rels/.rels');
  zip.addBuffer(Buffer.from(workbook(opts.sheet)), 'xl/workbook.xml');
  zip.addBuffer(Buffer.from(WB_RELS), 'xl/_rels/workbook.xml.rels');
  zip.addBuffer(Buffer.from(STYLES), 'xl/styles.xml');
  const sheet = new PassThrough();
  // deflate level 1: the sheet's XML is very repetitive, so the file is still ~6x smaller than the
  // XML, and level 1 costs a fraction of the default level's CPU (the export's bottleneck)
  zip.addReadStream(sheet, 'xl/worksheets/sheet1.xml', { compressionLevel: 1 });
  zip.end();
  void (async () => {
    const write = (s: string) => (sheet.write(s) ? Promise.resolve() : new Promise<void>((r) => sheet.once('drain', () => r())));
    try {
      await write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">');
      if (opts.widths?.length) await write(`<cols>${opts.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`);
      await write('<sheetData>');
      let r = 0;
      let buf = '';
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
        buf += `${x}</row>`;
        if (buf.length > 64 * 1024) {
          await write(buf);
          buf = '';
        }
      }
      await write(`${buf}</sheetData></worksheet>`);
      sheet.end();
    } catch (e) {
      sheet.destroy(e as Error);
    }
  })();
  return zip.outputStream as unknown as Readable;
}
