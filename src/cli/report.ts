// clientela report rating|employees|managers — the same reports as the web app, as a table, CSV or XLSX.
import { writeFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from '../server/db/schema.js';
import { SaleFacts } from '../server/modules/reports/facts.js';
import { managersReport, managersSheet } from '../server/modules/planning/agenda.service.js';
import { employeesReport, ratingReport } from '../server/modules/reports/rating.js';
import { scanInThisThread } from '../server/modules/reports/rating-scan.js';
import { parseFilters } from '../server/modules/clients/client-filters.js';
import { ratingSheet } from '../server/modules/reports/reports.routes.js';
import { toCsv, toXlsx, type Cell } from '../server/shared/tabular.js';
import { cliActor } from './actor.js';
import type { Values } from './values.js';

/** Right-aligned numbers, left-aligned text, one line per row. */
export function formatTable(rows: Cell[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((v, i) =>
          typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)).padStart(widths[i]!) : String(v ?? '').padEnd(widths[i]!),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function output(rows: Cell[][], format: string, name: string, out: string | undefined) {
  if (format === 'table') {
    const text = `${formatTable(rows.map((r) => r.map((v) => v)))}\n`;
    if (out) writeFileSync(out, text);
    else process.stdout.write(text);
    return;
  }
  const body = format === 'csv' ? toCsv(rows) : await toXlsx(name, rows, { boldRows: [0] });
  if (format === 'xlsx' && !out) throw new Error('--format xlsx needs --out FILE');
  if (out) writeFileSync(out, body);
  else process.stdout.write(body);
}

type ReportValues = {
  from?: string;
  to?: string;
  top?: string;
  department?: string[];
  manager?: string;
  filter?: string;
  format?: string;
  out?: string;
};

function format(values: ReportValues): string {
  const f = values.format ?? 'table';
  if (!['table', 'csv', 'xlsx'].includes(f)) throw new Error('--format is table, csv or xlsx');
  return f;
}

function day(v: string | undefined, name: string) {
  if (v === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new Error(`--${name} must be a date like 2026-01-31`);
  return v;
}

const id = (v: string, name: string) => {
  const n = Number(v);
  if (!/^\d{1,10}$/.test(v) || n < 1 || n > 2147483647) throw new Error(`--${name} must be an id (a whole number), not "${v}"`);
  return n;
};

export async function reportRating(db: Kysely<DB>, v: Values) {
  const values = v as ReportValues;
  const fmt = format(values);
  const from = day(values.from, 'from');
  const to = day(values.to, 'to');
  if (!from || !to) throw new Error('--from and --to are required');
  const top = Number(values.top ?? 50);
  if (!Number.isInteger(top) || top < 1 || top > 10_000) throw new Error('--top must be a whole number from 1 to 10000');
  // one report and exit: the scan runs in this thread (a worker would only add its start-up)
  scanInThisThread();
  const r = await ratingReport(db, new SaleFacts(db), cliActor, {
    from,
    to,
    top,
    departmentIds: values.department?.map((d) => id(d, 'department')),
    managerId: values.manager ? id(values.manager, 'manager') : undefined,
    filters: parseFilters(values.filter),
  });
  await output(ratingSheet(r), fmt, `rating-${from}-${to}`, values.out);
  if (fmt === 'table' && !values.out)
    console.error(`${r.rows.length} of ${r.allClients.clients} clients, ${r.currency}; ${r.timing.facts} sale facts`);
}

export async function reportEmployees(db: Kysely<DB>, v: Values) {
  const values = v as ReportValues;
  const fmt = format(values);
  const rows = await employeesReport(db, cliActor, { from: day(values.from, 'from'), to: day(values.to, 'to') });
  await output(
    [['Employee', 'Clients', 'Orders', 'Revenue'], ...rows.map((r) => [r.name, r.customers, r.orders, Number(r.revenue)] as Cell[])],
    fmt,
    'employees',
    values.out,
  );
}

export async function reportManagers(db: Kysely<DB>, v: Values) {
  const values = v as ReportValues;
  const fmt = format(values);
  const from = day(values.from, 'from');
  const to = day(values.to, 'to');
  if (!from || !to) throw new Error('--from and --to are required');
  const r = await managersReport(db, cliActor, { from, to });
  await output(managersSheet(r), fmt, `managers-${from}-${to}`, values.out);
}
