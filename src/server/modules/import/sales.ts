// The import pass for a file of past sales (options.target = 'sales'): a firm's history from its
// old program. One row per sale line; the rows of one sale are next to each other and share its
// number (without a number column every row is a sale of one line). Each sale is recorded through
// the sales service (recordSale, as a sale of the past: it may name a product discontinued since,
// earns no bonus points, and is paid in full by the file's payment method or the import's), so the
// prices, the report facts and the cumulative tiers are what a sale rung up then would have given.
//
// - The client is found by the sale's client columns (external id, INN, e-mail, phone, name, in
//   that order), only among the clients the importing user may see; a sale whose client is not
//   found is rejected, never a client created.
// - The product by SKU, else by name (any case).
// - A sale whose number the base already has is skipped: a file imported twice adds nothing.
// - A sale is all or nothing: one bad line rejects all its rows, each with the reason.
// - Batches of about 1,000 rows, cut between sales; each batch is one transaction with its rows'
//   outcome and the job's progress, and each sale in it a savepoint (a dry run rolls back to it).
//
// Undo removes the sales the import recorded (their report facts negated, their clients' tiers
// recomputed), except those returned or changed since.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { formatPercent, parseMoney, parsePercent } from '../../shared/money.js';
import type { Actor } from '../access/rights.js';
import { insertAudit } from '../../db/audit-log.js';
import { parsePhone, searchForm } from '../clients/client-validation.js';
import { recomputeCategory, recordSale, type PaymentMethod, type SaleInput } from '../sales/sales.service.js';
import { getSettings } from '../settings/settings.service.js';
import { lookup } from './client-lookup.js';
import { dataRows, type Outcome } from './engine.js';
import type { ImportOptions, Mapping, MatchKey } from './import-fields.schemas.js';
import { parseDate, parseDecimal } from './mapping.js';
import { readTable, type TableInfo } from './readers.js';
import { saleClientKeys } from './sale-fields.schemas.js';
import { createDepartment } from './import.repository.js';
import * as repo from './import-sales.repository.js';
import { actorUserId } from '../access/rights.js';

export const BATCH = 1000;

type Payment = Exclude<PaymentMethod, 'bonus'> | 'none';
/** the header of a sale: given on its first row; later rows repeat it or leave it empty */
type Head = {
  date?: string;
  client: Partial<Record<MatchKey, string>>;
  employee?: string;
  department?: string;
  currency?: string;
  payment?: Payment;
  notes?: string;
};
type Line = { sku?: string; product?: string; quantity: string; price?: string; discount?: string };
type Parsed = { rowNo: number; raw: string[]; number: string | null; head: Head; line: Line; problems: string[] };

const clientKeyOf: Record<(typeof saleClientKeys)[number], MatchKey> = {
  'sale.clientExternalId': 'externalId',
  'sale.clientInn': 'inn',
  'sale.clientEmail': 'email',
  'sale.clientPhone': 'phone',
  'sale.clientName': 'name',
};
/** the client's keys, strongest first */
const clientKeyOrder: MatchKey[] = saleClientKeys.map((k) => clientKeyOf[k]);

const payments: [RegExp, Payment][] = [
  [/^(cash|наличн\S*|нал\.?)$/i, 'cash'],
  [/^(card|bank card|credit card|карта|карт[аой]й?|банковская карта|эквайринг)$/i, 'card'],
  [/^(transfer|bank transfer|wire|invoice|перевод|безнал\S*|безналичн\S*|по сч[её]ту|р\/с)$/i, 'transfer'],
  [/^(none|unpaid|not paid|не оплачен[ао]?|долг|в долг)$/i, 'none'],
];

/** "2024-03-05", "05.03.2024", "05.03.2024 14:30", "2024-03-05T14:30:00+03:00" -> a local time (in the firm's zone) or an instant; null if not a date */
export function parseSaleDate(s: string): { local: string } | { instant: string } | null {
  const t = s.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(t)) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? null : { instant: d.toISOString() };
  }
  const m = /^([^\sT:]+)(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?$/.exec(t);
  if (!m) return null;
  const day = parseDate(m[1]!);
  // a sale between 1900 and 2100 (a year 0 or 20240 is a typing error, and out of the database's range)
  if (!day || day < '1900-01-01' || day > '2100-12-31') return null;
  // a date without a time: midday, so the day is the same in any zone the firm may set later
  if (m[2] === undefined) return { local: `${day} 12:00:00` };
  const [h, min, sec] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (h > 23 || min > 59 || sec > 59) return null;
  return { local: `${day} ${String(h).padStart(2, '0')}:${m[3]}:${String(sec).padStart(2, '0')}` };
}

/** A cell as the import reads it: trimmed, without the apostrophe an export puts before = + - @ (formula injection). */
const cell = (raw: string[], column: number) => (raw[column] ?? '').trim().replace(/^'(?=[=+\-@\t\r])/, '');

/** One file row -> its sale's number, header fields and line, or the reasons to reject it. */
export function rowToSaleLine(rowNo: number, raw: string[], mapping: Mapping): Parsed {
  const p: Parsed = { rowNo, raw, number: null, head: { client: {} }, line: { quantity: '1' }, problems: [] };
  const bad = (field: string, message: string) => p.problems.push(`${field}: ${message}`);
  for (const { column, target } of mapping) {
    const v = cell(raw, column);
    const t = target as string;
    if ((saleClientKeys as readonly string[]).includes(t)) {
      if (v) p.head.client[clientKeyOf[t as (typeof saleClientKeys)[number]]] = v;
      continue;
    }
    switch (t) {
      case 'sale.number':
        p.number = v ? v.slice(0, 100) : null;
        break;
      case 'sale.date':
        if (v) p.head.date = v;
        break;
      case 'sale.employee':
        if (v) p.head.employee = v;
        break;
      case 'sale.department':
        if (v) p.head.department = v;
        break;
      case 'sale.notes':
        if (v) p.head.notes = v.slice(0, 2000);
        break;
      case 'sale.currency':
        if (!v) break;
        if (!/^[A-Za-z]{3}$/.test(v)) bad('currency', `"${v}" is not a currency code (like USD)`);
        else p.head.currency = v.toUpperCase();
        break;
      case 'sale.payment': {
        if (!v) break;
        const m = payments.find(([re]) => re.test(v));
        if (!m) bad('payment', `"${v}" is not cash, card, transfer or none`);
        else p.head.payment = m[1];
        break;
      }
      case 'item.sku':
        if (v) p.line.sku = v;
        break;
      case 'item.product':
        if (v) p.line.product = v;
        break;
      case 'item.quantity':
      case 'item.price': {
        const key = t === 'item.quantity' ? 'quantity' : 'price';
        if (!v) {
          if (key === 'quantity') bad('quantity', 'is empty');
          break;
        }
        // a quantity "1,500" is 1.5 (a decimal comma), not fifteen hundred
        const d = key === 'quantity' && /^\d+,\d+$/.test(v) ? v.replace(',', '.') : parseDecimal(v);
        if (d === null || d.startsWith('-')) bad(key, `"${v}" is not ${key === 'quantity' ? 'a quantity' : 'an amount'}`);
        else p.line[key] = d;
        break;
      }
      case 'item.discount':
      case 'item.discountFraction': {
        if (!v) break;
        const d = parseDecimal(v.replace(/\s*%$/, ''));
        let bp: number | null = null;
        try {
          // a percentage has up to 2 decimals ("12.5"); a fraction up to 4 ("0.125"): both are whole basis points
          if (d !== null) bp = t === 'item.discount' ? parsePercent(d, 'discount') : Number(parseMoney(d, 'discount'));
        } catch {
          bp = null;
        }
        if (bp === null || bp > 10_000)
          bad('discount', `"${v}" is not a discount ${t === 'item.discount' ? 'in per cent (0–100)' : 'as a fraction (0–1)'}`);
        else p.line.discount = formatPercent(bp);
        break;
      }
      default:
        bad(t, 'is not a field of sales');
    }
  }
  if (!p.line.sku && !p.line.product) bad('product', 'is empty');
  return p;
}

/** The row of the file a reason names: the data row's number plus the header, as the wizard's Row column and a spreadsheet show it. */
const line = (rowNo: number) => rowNo + 1;

/** A sale of the file: its rows (in order) and the header of its first row, completed by the others. */
type Group = { number: string | null; rows: Parsed[]; head: Head; error?: string };

function group(rows: Parsed[]): Group {
  const first = rows[0]!;
  const g: Group = { number: first.number, rows, head: { ...first.head, client: { ...first.head.client } } };
  const problems: string[] = [];
  for (const r of rows) {
    for (const x of r.problems) problems.push(r === first || rows.length === 1 ? x : `row ${line(r.rowNo)}: ${x}`);
    if (r === first) continue;
    // a later row may leave the header empty, or repeat it; a different value is a mistake
    for (const k of ['date', 'employee', 'department', 'currency', 'payment', 'notes'] as const) {
      const v = r.head[k];
      if (v === undefined) continue;
      if (g.head[k] === undefined) (g.head as Record<string, unknown>)[k] = v;
      else if (g.head[k] !== v && k !== 'notes') problems.push(`row ${line(r.rowNo)}: ${k}: "${v}" differs from the sale's "${g.head[k]}"`);
    }
    for (const [k, v] of Object.entries(r.head.client) as [MatchKey, string][]) {
      if (g.head.client[k] === undefined) g.head.client[k] = v;
      else if (g.head.client[k] !== v) problems.push(`row ${line(r.rowNo)}: client: "${v}" differs from the sale's "${g.head.client[k]}"`);
    }
  }
  if (!g.head.date) problems.push('date: is empty');
  else if (!parseSaleDate(g.head.date)) problems.push(`date: "${g.head.date}" is not a date`);
  if (!Object.keys(g.head.client).length) problems.push('client: no client column is filled');
  if (problems.length) g.error = problems.join('; ');
  return g;
}

/** the form a key has in the base (as the client import looks clients up) */
function keyValue(k: MatchKey, v: string): string {
  switch (k) {
    case 'inn':
      return v.replace(/\D/g, '');
    case 'email':
      return v.toLowerCase();
    case 'phone':
      return parsePhone(v).e164 ?? v.replace(/\D/g, '');
    case 'name':
      return searchForm(v);
    default:
      return v;
  }
}

type Job = { id: number; path: string; info: TableInfo; mapping: Mapping; options: ImportOptions; dryRun: boolean; startRow: number };

export async function salePass(
  db: Kysely<DB>,
  actor: Actor,
  job: Job,
  onBatch: (trx: Kysely<DB>, outcomes: Outcome[], lastRow: number) => Promise<void>,
): Promise<void> {
  const { rows } = await readTable(job.path, job.info);
  const settings = await getSettings(db);
  const users = await repo.usersForSales(db);
  const departments = await repo.departmentsForSales(db);
  const findUser = (s: string) => {
    const n = s.trim().toLowerCase();
    return users.find((u) => u.login === n) ?? users.find((u) => u.name === n);
  };
  let batch: Group[] = [];
  let batchRows = 0;
  let current: Parsed[] = [];

  const flush = async () => {
    if (!batch.length) return;
    const groups = batch;
    batch = [];
    batchRows = 0;
    const lastRow = groups.at(-1)!.rows.at(-1)!.rowNo;
    // the clients, among those the user may see (a key of a client out of scope finds nothing)
    const found = await lookup(
      db,
      actor,
      groups
        .filter((g) => !g.error)
        .map((g) => ({
          keys: new Map(Object.entries(g.head.client).map(([k, v]) => [k as MatchKey, [keyValue(k as MatchKey, v)]])),
        })),
    );
    await db.transaction().execute(async (trx) => {
      const numbers = [...new Set(groups.flatMap((g) => (g.number && !g.error ? [g.number] : [])))];
      // a sale already in the base: the same number for the same client (numbers may restart each
      // year or per shop, so the number alone does not say it)
      const existing = new Set(numbers.length ? await repo.existingSaleKeys(trx, numbers) : []);
      const skus = [...new Set(groups.flatMap((g) => g.rows.flatMap((r) => (r.line.sku ? [r.line.sku.toLowerCase()] : []))))];
      const names = [...new Set(groups.flatMap((g) => g.rows.flatMap((r) => (r.line.product ? [r.line.product.toLowerCase()] : []))))];
      const products = await repo.productsByKeys(trx, skus, names);
      const bySku = new Map<string, number>();
      const byName = new Map<string, number>();
      for (const p of products) {
        if (p.sku && !bySku.has(p.sku)) bySku.set(p.sku, p.id);
        if (!byName.has(p.name)) byName.set(p.name, p.id);
      }
      // the local times of the batch's sales as instants in the firm's time zone, in one statement
      const locals = [
        ...new Set(
          groups.flatMap((g) => {
            const w = !g.error && g.head.date ? parseSaleDate(g.head.date) : null;
            return w && 'local' in w ? [w.local] : [];
          }),
        ),
      ];
      const instants = new Map(
        locals.length ? (await repo.localInstants(trx, locals, settings.timezone)).map((r) => [r.local, r.t.toISOString()]) : [],
      );
      const outcomes: Outcome[] = [];
      const reject = (g: Group, error: string) => {
        for (const r of g.rows) outcomes.push({ rowNo: r.rowNo, action: 'rejected', error, raw: r.raw });
      };
      for (const g of groups) {
        if (g.error) {
          reject(g, g.error);
          continue;
        }
        const problems: string[] = [];
        // the client: the first of its columns, in the order of saleClientKeys (the strongest key
        // first, whatever the order of the file's columns), that finds one
        let clientId: number | undefined;
        for (const k of clientKeyOrder) {
          const v = g.head.client[k];
          const f = v === undefined ? undefined : found.get(`${k}:${keyValue(k, v)}`);
          if (f?.visible) {
            clientId = f.id;
            break;
          }
        }
        if (clientId === undefined)
          problems.push(
            `client: no client with ${Object.entries(g.head.client)
              .map(([k, v]) => `${k} "${v}"`)
              .join(' or ')}`,
          );
        else if (g.number && existing.has(`${g.number}|${clientId}`)) {
          for (const r of g.rows)
            outcomes.push({ rowNo: r.rowNo, action: 'skipped', clientId, error: `sale "${g.number}" of this client is already in the base` });
          continue;
        }
        const items = g.rows.map((r) => {
          const id =
            (r.line.sku ? bySku.get(r.line.sku.toLowerCase()) : undefined) ?? (r.line.product ? byName.get(r.line.product.toLowerCase()) : undefined);
          if (id === undefined)
            problems.push(
              `${g.rows.length > 1 ? `row ${line(r.rowNo)}: ` : ''}product: no product ${r.line.sku ? `with SKU "${r.line.sku}"` : ''}${r.line.sku && r.line.product ? ' or ' : ''}${r.line.product ? `named "${r.line.product}"` : ''}`,
            );
          return {
            productId: id ?? 0,
            quantity: r.line.quantity,
            ...(r.line.price !== undefined ? { price: r.line.price } : {}),
            ...(r.line.discount !== undefined ? { discount: r.line.discount } : {}),
          };
        });
        let employeeId: number | undefined;
        if (g.head.employee) {
          employeeId = findUser(g.head.employee)?.id;
          if (employeeId === undefined) problems.push(`employee: no user with the login or name "${g.head.employee}"`);
        } else if (job.options.employeeId) employeeId = job.options.employeeId;
        else if (actor.userId <= 0) problems.push("employee: say who made the sales (an employee column, or the import's employee)");
        let departmentId: number | undefined;
        // a department the base lacks: the sale is rejected, or (the user's choice) the department is
        // created together with the sale, so a refused sale or a dry run leaves none behind
        let newDepartment: string | undefined;
        if (g.head.department) {
          departmentId = departments.find((d) => d.name === g.head.department!.trim().toLowerCase())?.id;
          if (departmentId === undefined && job.options.unknownDepartments === 'create') newDepartment = g.head.department.trim();
          else if (departmentId === undefined) problems.push(`department: no department "${g.head.department}"`);
        } else {
          const who = employeeId ?? (actor.userId > 0 ? actor.userId : undefined);
          departmentId =
            job.options.departmentId ?? users.find((u) => u.id === who)?.departmentId ?? (departments.length === 1 ? departments[0]!.id : undefined);
          if (departmentId === undefined)
            problems.push("department: say which department made the sales (a department column, or the import's department)");
        }
        if (problems.length) {
          reject(g, problems.join('; '));
          continue;
        }
        const when = parseSaleDate(g.head.date!)!;
        const soldAt = 'instant' in when ? when.instant : instants.get(when.local)!;
        const payment = g.head.payment ?? job.options.payment ?? 'cash';
        const input: SaleInput = {
          clientId: clientId!,
          departmentId: departmentId ?? 0,
          ...(employeeId !== undefined ? { employeeId } : {}),
          soldAt,
          number: g.number,
          status: 'completed',
          // in the file's currency, else the base one (not the client's price list of today)
          currency: g.head.currency ?? settings.baseCurrency,
          notes: g.head.notes ?? null,
          items,
        };
        await repo.saleSavepoint(trx);
        try {
          if (newDepartment !== undefined) {
            input.departmentId = await createDepartment(trx, newDepartment);
            await insertAudit(trx, {
              userId: actorUserId(actor),
              action: 'department.created',
              entity: 'department',
              entityId: input.departmentId,
              changes: { name: newDepartment, importJob: job.id },
            });
          }
          const { id: saleId } = await recordSale(trx, actor, input, {
            history: true,
            importJob: job.id,
            ...(payment !== 'none' ? { payInFull: payment } : {}),
          });
          await repo.releaseSale(trx, job.dryRun);
          // the next sales of the file find the department made for this one
          if (newDepartment !== undefined && !job.dryRun) departments.push({ id: input.departmentId, name: newDepartment.toLowerCase() });
          for (const r of g.rows) outcomes.push({ rowNo: r.rowNo, action: 'created', ...(job.dryRun ? {} : { clientId: saleId }), versionAfter: 1 });
          if (g.number) existing.add(`${g.number}|${clientId}`);
        } catch (e) {
          // rolled back and released: the next sale's savepoint is not nested in this one
          await repo.abandonSale(trx);
          // a value the database cannot hold (a quantity of 10^12, an amount past bigint) rejects
          // the sale, not the whole import
          const code = (e as { code?: unknown }).code;
          if (!(e instanceof AppError) && !(typeof code === 'string' && /^2[23]/.test(code))) throw e;
          reject(g, e instanceof AppError ? saleError(e, g) : `the database refused the sale: ${(e as Error).message}`);
        }
      }
      await onBatch(trx, outcomes, lastRow);
    });
  };

  const close = () => {
    if (!current.length) return;
    const g = group(current);
    current = [];
    // a number whose rows are not all together: every part of it is refused (none is recorded
    // half), found by a first pass over the whole file
    const split = g.number !== null ? splitNumbers.get(g.number) : undefined;
    if (split !== undefined && !g.error)
      g.error = `number: sale "${g.number}" has rows at row ${line(split[0]!)} and at row ${line(split[1]!)} (the rows of one sale must be next to each other)`;
    batch.push(g);
    batchRows += g.rows.length;
  };

  const numbered = job.mapping.some((m) => m.target === 'sale.number');
  const splitNumbers = numbered ? await findSplitNumbers(job) : new Map<string, number[]>();
  for await (const { rowNo, raw } of dataRows(rows, job.startRow)) {
    if (raw.every((c) => !c.trim())) continue;
    const p = rowToSaleLine(rowNo, raw, job.mapping);
    // a row with the number of the sale before it, or with no number under a numbered sale, is
    // its next line; without a number column every row is a sale
    const sameSale = current.length > 0 && current[0]!.number !== null && (p.number === current[0]!.number || p.number === null);
    if (sameSale && p.number === null) p.number = current[0]!.number;
    if (!sameSale) {
      close();
      if (batchRows >= BATCH) await flush();
    }
    current.push(p);
  }
  close();
  await flush();
}

/**
 * Numbers whose rows are not next to each other in the file (the first row of the first two
 * parts): a pass over the whole file, numbers only, before the import starts.
 */
async function findSplitNumbers(job: Job): Promise<Map<string, number[]>> {
  const column = job.mapping.find((m) => m.target === 'sale.number')!.column;
  const { rows } = await readTable(job.path, job.info);
  const seen = new Map<string, number>();
  const split = new Map<string, number[]>();
  let prev: string | null = null;
  for await (const { rowNo, raw } of dataRows(rows, 1)) {
    if (raw.every((c) => !c.trim())) continue;
    const n = cell(raw, column).slice(0, 100) || null;
    if (n === null || n === prev) continue; // a continuation line, or the same sale
    prev = n;
    const at = seen.get(n);
    if (at === undefined) seen.set(n, rowNo);
    else if (!split.has(n)) split.set(n, [at, rowNo]);
  }
  return split;
}

/** The sales service's reason, with a line's field named by its row of the file. */
function saleError(e: AppError, g: Group): string {
  const details = Array.isArray(e.details) ? (e.details as { field: string; message: string }[]) : [];
  if (!details.length) return e.message;
  return details
    .map((d) => {
      const m = /^items\.(\d+)\.(\w+)$/.exec(d.field);
      if (!m)
        return `${d.field === 'clientId' ? 'client' : d.field === 'employeeId' ? 'employee' : d.field === 'departmentId' ? 'department' : d.field}: ${d.message}`;
      const row = g.rows[Number(m[1])];
      const field = m[2] === 'productId' ? 'product' : m[2]!;
      return `${g.rows.length > 1 && row ? `row ${line(row.rowNo)}: ` : ''}${field}: ${d.message}`;
    })
    .join('; ');
}

/** Undo of a sales import: the sales it recorded go (facts negated, tiers recomputed), unless returned or changed since. */
export async function undoSales(
  trx: Kysely<DB>,
  actor: Actor,
  jobId: number,
): Promise<{ removed: number; kept: { rowNo: number; clientId: number; why: string }[] }> {
  const rows = await repo.createdSaleRows(trx, jobId);
  const ids = [...new Set(rows.map((r) => r.saleId))];
  // every sale of the import locked first: a payment or a return that commits while this runs is
  // either seen below (the sale stays) or waits for the undo
  await repo.lockSales(trx, ids);
  const busy = new Map((await repo.busyImportedSales(trx, ids)).map((b) => [b.id, b.why]));
  const kept = rows.filter((r) => busy.has(r.saleId)).map((r) => ({ rowNo: r.rowNo, clientId: r.saleId, why: busy.get(r.saleId)! }));
  const gone = ids.filter((x) => !busy.has(x));
  const clients: number[] = [];
  for (let i = 0; i < gone.length; i += 10_000) {
    const part = gone.slice(i, i + 10_000);
    // the report's facts are append-only: a removed sale leaves its negation, as a cancellation does
    clients.push(...(await repo.removeSales(trx, part)));
  }
  if (await repo.hasCumulativeTiers(trx)) {
    const s = await getSettings(trx);
    for (const c of [...new Set(clients)].sort((a, b) => a - b)) await recomputeCategory(trx, c, s.timezone, s.loyaltyPeriodDays, actorUserId(actor));
  }
  if (gone.length) {
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'sale.import_undone',
      entity: 'import',
      entityId: jobId,
      changes: { removedSales: gone.length },
    });
  }
  return { removed: gone.length, kept };
}
