// clientela report rating|employees — the same reports as the web app, as a table, CSV or XLSX.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { DB } from '../server/db/schema.js';
import type { Actor } from '../server/modules/access/rights.js';
import { SaleFacts } from '../server/modules/reports/facts.js';
import { employeesReport, ratingReport } from '../server/modules/reports/rating.js';
import { parseFilters, ratingSheet } from '../server/modules/reports/reports.routes.js';
import { toCsv, toXlsx, type Cell } from '../server/shared/tabular.js';

export const cliActor: Actor = { userId: 0, login: 'cli', name: 'CLI', roleId: 0, roleKey: 'admin', isAdmin: true, scope: 'all', rights: {}, fieldRights: {}, departmentId: null, via: 'cli' };

export const REPORT_HELP = `  report rating --from YYYY-MM-DD --to YYYY-MM-DD [--top N] [--department ID ...] [--manager ID]
                [--filter JSON] [--format table|csv|xlsx] [--out FILE]
  report employees [--from D] [--to D] [--format table|csv|xlsx] [--out FILE]`;

/** Right-aligned numbers, left-aligned text, one line per row. */
export function formatTable(rows: Cell[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  return rows.map((r) => r.map((v, i) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)).padStart(widths[i]!) : String(v ?? '').padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
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

export async function reportCommand(db: Kysely<DB>, args: string[]) {
  const [what, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      from: { type: 'string' }, to: { type: 'string' }, top: { type: 'string' }, department: { type: 'string', multiple: true },
      manager: { type: 'string' }, filter: { type: 'string' }, format: { type: 'string', default: 'table' }, out: { type: 'string' },
    },
  });
  const format = values.format!;
  if (!['table', 'csv', 'xlsx'].includes(format)) throw new Error('--format is table, csv or xlsx');
  const day = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new Error(`--${name} must be a date like 2026-01-31`);
    return v;
  };
  if (what === 'rating') {
    const from = day(values.from, 'from');
    const to = day(values.to, 'to');
    if (!from || !to) throw new Error(`usage:\n${REPORT_HELP}`);
    const top = Number(values.top ?? 50);
    if (!Number.isInteger(top) || top < 1 || top > 10_000) throw new Error('--top must be a whole number from 1 to 10000');
    const r = await ratingReport(db, new SaleFacts(db), cliActor, {
      from, to, top, departmentIds: values.department?.map(Number), managerId: values.manager ? Number(values.manager) : undefined, filters: parseFilters(values.filter),
    });
    await output(ratingSheet(r), format, `rating-${from}-${to}`, values.out);
    if (format === 'table' && !values.out) console.error(`${r.rows.length} of ${r.allClients.clients} clients, ${r.currency}; ${r.timing.facts} sale facts`);
    return;
  }
  if (what === 'employees') {
    const rows = await employeesReport(db, cliActor, { from: day(values.from, 'from'), to: day(values.to, 'to') });
    await output([['Employee', 'Clients', 'Orders', 'Revenue'], ...rows.map((r) => [r.name, r.customers, r.orders, Number(r.revenue)] as Cell[])], format, 'employees', values.out);
    return;
  }
  throw new Error(`usage:\n${REPORT_HELP}`);
}
