import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { cliHarness } from './cli-harness.js';

// `clientela seed --northwind` and `clientela report` as real processes (server mode).
const { cli, dir } = cliHarness('clientela-report-');
const northwind = path.join(import.meta.dirname, '../../fixtures/northwind');

describe('clientela report', () => {
  it('imports Northwind and prints the 1997 rating as a table, CSV and XLSX', async () => {
    const seeded = cli('seed', '--northwind', northwind);
    assert.equal(seeded.code, 0, seeded.err);
    assert.match(seeded.out, /imported 91 clients, 9 employees, 8 departments, \d+ sales/);

    const table = cli('report', 'rating', '--from', '1997-01-01', '--to', '1997-12-31', '--top', '3');
    assert.equal(table.code, 0, table.err);
    const lines = table.out.trim().split('\n');
    assert.match(lines[0]!, /^#\s+Client\s+Price list\s+Beverages\s+Condiments/);
    assert.match(lines[1]!, /^1\s+QUICK-Stop\s+.*61109\.91$/);
    assert.match(lines[2]!, /^2\s+Save-a-lot Markets\s+.*57713\.58$/);
    assert.match(lines[3]!, /^3\s+Ernst Handel\s+.*48096\.26$/);
    assert.match(table.err, /3 of \d+ clients, USD/);

    const csv = cli('report', 'rating', '--from', '1997-01-01', '--to', '1997-12-31', '--top', '10', '--format', 'csv');
    assert.equal(
      csv.out
        .replace(/^\uFEFF/, '')
        .split('\r\n')[5]!
        .split(',')
        .at(-1),
      '20454.41',
    ); // HUNGO, an exact half cent

    const file = path.join(dir, 'rating.xlsx');
    assert.equal(cli('report', 'rating', '--from', '1997-01-01', '--to', '1997-12-31', '--top', '10', '--format', 'xlsx', '--out', file).code, 0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    assert.equal(wb.worksheets[0]!.getRow(2).getCell(2).value, 'QUICK-Stop');
    assert.equal(wb.worksheets[0]!.getRow(2).getCell(12).value, 61109.91);

    const reps = cli('report', 'employees', '--format', 'csv');
    assert.match(reps.out, /\r\nMargaret Peacock,75,156,232890\.85\r\n/);

    // the managers' effectiveness counts the same sales and revenue (returns taken off) per employee
    const managers = cli('report', 'managers', '--from', '1996-01-01', '--to', '1998-12-31', '--format', 'csv');
    assert.equal(managers.code, 0, managers.err);
    assert.match(managers.out, /^\uFEFF?Manager,Events planned,Events done,/);
    assert.match(managers.out, /\r\nMargaret Peacock,0,0,0,0,0,0,0,0,\d+,156,232890\.8[45]\d*\r\n/);
    assert.match(cli('report', 'managers', '--from', '1997-01-01').err, /--from and --to are required/);
  });

  it('refuses bad options with a clear message', () => {
    const r = cli('report', 'rating', '--from', '1997-13-45', '--to', '1997-12-31');
    assert.equal(r.code, 1);
    assert.match(r.err, /--from must be a date/);
    assert.match(cli('report', 'rating', '--from', '1997-01-01', '--to', '1997-12-31', '--top', '0').err, /--top must be/);
    assert.match(cli('report', 'rating', '--from', '1997-01-01', '--to', '1997-12-31', '--format', 'pdf').err, /--format is table, csv or xlsx/);
    assert.match(cli('report', 'rating', '--from', '1997-01-01', '--to', '1997-12-31', '--filter', '{bad').err, /filter/);
  });
});
