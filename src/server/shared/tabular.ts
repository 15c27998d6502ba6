// Tables out: CSV and XLSX (D7, F2). Numbers stay numbers; text that a spreadsheet would run as a
// formula (= + - @ tab CR at the start) is neutralised in CSV with a leading apostrophe and is
// written as a plain string cell in XLSX (SECURITY 12).
import ExcelJS from 'exceljs';

export type Cell = string | number | null;

const risky = /^[=+\-@\t\r]/;

export function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const s = risky.test(v) ? `'${v}` : v;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
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
