// Tables out: CSV and XLSX (report downloads and client exports). Numbers stay numbers; text that a spreadsheet would run as a
// formula (= + - @ tab CR at the start) is neutralised in CSV with a leading apostrophe and is
// written as a plain string cell in XLSX (docs/security.md §18).
import ExcelJS from 'exceljs';

export type Cell = string | number | null;

/** = + - @ tab CR: a spreadsheet may run a cell that starts with one of these as a formula */
const riskyFirst = new Set([61, 43, 45, 64, 9, 13]);
const needsQuotes = /[",\n\r;]/;

export function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const s = riskyFirst.has(v.charCodeAt(0)) ? `'${v}` : v;
  return needsQuotes.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A CSV file (UTF-8 with a BOM, CRLF) from rows, in buffers of ~256 KB: each line is written
 * straight into a buffer as UTF-8, as the XLSX sheet is (xlsx-writer.ts), instead of a long string
 * built by += and encoded by the response every 64 KB (server CPU 15.1 -> 14.5 µs a row at 1M,
 * one run each: most of a row's cost is reading it from PostgreSQL, docs/performance.md).
 */
export async function* csvChunks(rows: AsyncIterable<Cell[]> | Iterable<Cell[]>): AsyncGenerator<Buffer> {
  const size = 256 * 1024;
  let pool = Buffer.allocUnsafe(size);
  let off = pool.write('\uFEFF', 0);
  for await (const r of rows) {
    let line = '';
    for (let i = 0; i < r.length; i++) line += i === 0 ? csvCell(r[i]!) : `,${csvCell(r[i]!)}`;
    line += '\r\n';
    // a string of n UTF-16 units is at most 3n bytes of UTF-8
    if (off + line.length * 3 > size) {
      if (off > 0) yield pool.subarray(0, off);
      pool = Buffer.allocUnsafe(size);
      off = 0;
      if (line.length * 3 > size) {
        yield Buffer.from(line);
        continue;
      }
    }
    off += pool.write(line, off);
  }
  if (off > 0) yield pool.subarray(0, off);
}

/** UTF-8 with a BOM so that Excel reads Cyrillic right; CRLF as RFC 4180 says. */
export function toCsv(rows: Cell[][]): Buffer {
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8');
}

export async function toXlsx(sheet: string, rows: Cell[][], opts: { boldRows?: number[]; numberFormat?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Clientela';
  const ws = wb.addWorksheet(sheet.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  for (const r of rows) {
    // strings go in as plain text values: ExcelJS writes a formula only for { formula } objects
    const row = ws.addRow(r.map((v) => (v === null ? null : v)));
    row.eachCell((cell) => {
      if (typeof cell.value === 'number') cell.numFmt = opts.numberFormat ?? '#,##0.00';
    });
  }
  for (const i of opts.boldRows ?? []) ws.getRow(i + 1).font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = Math.min(50, Math.max(10, ...rows.map((r) => String(r[i] ?? '').length + 2)));
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
