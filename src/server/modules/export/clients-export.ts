// Export of any client list: the journal's search, filters, sort and archive choice, streamed
// page by page (keyset), so a million rows never sit in memory. Only records in the user's scope,
// only fields the role may see; the headers are the ones the importer recognises, so an exported
// file imports back unchanged (matched by ID).
import { Readable } from 'node:stream';
import type { Kysely, RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { csvChunks, type Cell } from '../../shared/tabular.js';
import { xlsxStream } from '../../shared/xlsx-writer.js';
import { fieldHidden, requireRight, type Actor, actorUserId } from '../access/rights.js';
import { insertAudit } from '../../db/audit-log.js';
import type { TClientOut, TListQuery } from '../clients/clients.schemas.js';
import { listClientColumns, listClients } from '../clients/clients.service.js';
import { listFields } from '../custom-fields/custom-fields.service.js';
import type { FieldDef } from '../custom-fields/custom-values.js';
import { channelsSql, columnSelect, columnSql, customFieldSql } from './export.repository.js';

/**
 * `value` formats a client row (vCard, and a relevance-ordered search); `sql` gives the same text
 * computed by PostgreSQL (every other list: the database does that work on its own core, and the
 * server only writes the file — twice the rows a second at 1M).
 */
type Column = { header: string; right?: string; value: (c: TClientOut) => Cell; sql: RawBuilder<unknown>; number?: boolean };

const channels = (type: string) => (c: TClientOut) =>
  (c.channels ?? [])
    .filter((x) => x.type === type)
    .map((x) => x.value)
    .join('; ') || null;

const builtin: Column[] = [
  { header: 'ID', value: (c) => c.id, sql: columnSql.id, number: true },
  { header: 'Kind', value: (c) => c.kind, sql: columnSql.kind },
  { header: 'Surname', right: 'surname', value: (c) => c.surname ?? null, sql: columnSql.surname },
  { header: 'First name', right: 'firstName', value: (c) => c.firstName ?? null, sql: columnSql.firstName },
  { header: 'Patronymic', right: 'patronymic', value: (c) => c.patronymic ?? null, sql: columnSql.patronymic },
  { header: 'Company', right: 'legalName', value: (c) => c.legalName ?? null, sql: columnSql.legalName },
  { header: 'INN', right: 'inn', value: (c) => c.inn ?? null, sql: columnSql.inn },
  { header: 'OGRN', right: 'ogrn', value: (c) => c.ogrn ?? null, sql: columnSql.ogrn },
  { header: 'KPP', right: 'kpp', value: (c) => c.kpp ?? null, sql: columnSql.kpp },
  { header: 'Birth date', right: 'birthDate', value: (c) => c.birthDate ?? null, sql: columnSql.birthDate },
  { header: 'Position', right: 'position', value: (c) => c.position ?? null, sql: columnSql.position },
  { header: 'Phone', right: 'channels', value: channels('phone'), sql: channelsSql('phone') },
  { header: 'Email', right: 'channels', value: channels('email'), sql: channelsSql('email') },
  { header: 'Messenger', right: 'channels', value: channels('messenger'), sql: channelsSql('messenger') },
  {
    header: 'Website',
    right: 'channels',
    value: (c) => [channels('link')(c), channels('website')(c)].filter(Boolean).join('; ') || null,
    sql: channelsSql('link', 'website'),
  },
  { header: 'Legal address', right: 'legalAddress', value: (c) => c.legalAddress ?? null, sql: columnSql.legalAddress },
  { header: 'Address', right: 'actualAddress', value: (c) => c.actualAddress ?? null, sql: columnSql.actualAddress },
  { header: 'Industry', right: 'industry', value: (c) => c.industry ?? null, sql: columnSql.industry },
  { header: 'Region', right: 'region', value: (c) => c.region ?? null, sql: columnSql.region },
  { header: 'Tags', right: 'tags', value: (c) => (c.tags ?? []).join('; ') || null, sql: columnSql.tags },
  { header: 'Status', right: 'status', value: (c) => c.status ?? null, sql: columnSql.status },
  { header: 'Source', right: 'source', value: (c) => c.source ?? null, sql: columnSql.source },
  { header: 'Importance', right: 'importance', value: (c) => c.importance ?? null, sql: columnSql.importance },
  { header: 'Notes', right: 'notes', value: (c) => c.notes ?? null, sql: columnSql.notes },
  // for people to read; not a column the importer maps, so an import of this file leaves contact persons alone
  {
    header: 'Contact persons',
    right: 'contacts',
    value: (c) =>
      ((c.contacts as { name: string; position?: string }[] | undefined) ?? [])
        .map((p) => (p.position ? `${p.name} (${p.position})` : p.name))
        .join('; ') || null,
    sql: columnSql.contacts,
  },
  // the importer reads this header as the external id (a key), so a round trip changes nothing
  { header: 'External ID', right: 'externalIds', value: (c) => (c.externalIds ?? []).join('; ') || null, sql: columnSql.externalIds },
];

function customColumn(f: FieldDef): Column {
  return {
    header: f.label,
    right: `custom.${f.key}`,
    number: f.type === 'number',
    sql: customFieldSql(f.key),
    value: (c) => {
      const v = (c.custom as Record<string, unknown> | undefined)?.[f.key];
      if (v === undefined || v === null || v === '') return null;
      if (Array.isArray(v)) return v.join('; ');
      if (typeof v === 'boolean') return v ? 'yes' : 'no';
      if (f.type === 'number' && typeof v === 'number') return v;
      return String(v);
    },
  };
}

export type ExportFormat = 'csv' | 'xlsx' | 'vcf';

async function columnsFor(db: Kysely<DB>, actor: Actor) {
  const fields = await listFields(db);
  return [...builtin, ...fields.map(customColumn)].filter((c) => !c.right || !fieldHidden(actor, c.right));
}

/**
 * Every client of the list, page by page; the next page is read (on another connection) while
 * this one is formatted and sent, so the database and the formatting overlap.
 */
async function* clients(db: Kysely<DB>, actor: Actor, q: Omit<TListQuery, 'limit' | 'cursor'>): AsyncGenerator<TClientOut> {
  const fetchPage = (cursor: string | undefined) => {
    const p = listClients(db, actor, { ...q, limit: 2000, cursor } as TListQuery);
    p.catch(() => {}); // a download stopped half-way leaves a read nobody awaits: not a crash
    return p;
  };
  let next = fetchPage(undefined);
  for (;;) {
    const page = await next;
    if (page.nextCursor) next = fetchPage(page.nextCursor);
    for (const c of page.items) yield c;
    if (!page.nextCursor) return;
  }
}

/**
 * The list's rows as the columns' text, computed by PostgreSQL, page by page (the next page is
 * read while this one is written). Yields null first and stops when the list cannot be read that
 * way (a relevance-ordered search).
 */
async function* columnRows(db: Kysely<DB>, actor: Actor, q: Omit<TListQuery, 'limit' | 'cursor'>, cols: Column[]): AsyncGenerator<Cell[] | null> {
  const select = columnSelect(cols.map((c) => c.sql));
  const fetchPage = (cursor: string | undefined) => {
    const p = listClientColumns(db, actor, { ...q, limit: 2000, cursor } as TListQuery, select);
    p.catch(() => {}); // a download stopped half-way leaves a read nobody awaits: not a crash
    return p;
  };
  let next = fetchPage(undefined);
  const n = cols.length;
  const numeric = cols.map((c) => !!c.number);
  for (;;) {
    const page = await next;
    if (!page) {
      yield null;
      return;
    }
    if (page.nextCursor) next = fetchPage(page.nextCursor);
    for (const row of page.items as (string | number | null)[][]) {
      // [id, ...cells, sort value]
      const out: Cell[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const v = row[i + 1] ?? null;
        // a custom number field is a number in the file when it holds one
        out[i] = numeric[i] && v !== null ? (typeof v === 'number' ? v : Number.isFinite(Number(v)) && v !== '' ? Number(v) : v) : v;
      }
      yield out;
    }
    if (!page.nextCursor) return;
  }
}

function vcardEscape(s: string) {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/[,;]/g, (m) => `\\${m}`);
}

/** Lines longer than 75 octets are folded (RFC 6350), never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > 75) {
      out.push(cur);
      cur = ' ';
      bytes = 1;
    }
    cur += ch;
    bytes += b;
  }
  out.push(cur);
  return out.join('\r\n');
}

export function vcard(c: TClientOut): string {
  const lines = ['BEGIN:VCARD', 'VERSION:3.0'];
  const person = c.kind === 'person';
  lines.push(`FN:${vcardEscape(c.displayName ?? '')}`);
  lines.push(
    `N:${person ? [c.surname, c.firstName, c.patronymic, '', ''].map((x) => vcardEscape(x ?? '')).join(';') : `${vcardEscape(c.displayName ?? '')};;;;`}`,
  );
  if (!person && c.legalName) lines.push(`ORG:${vcardEscape(c.legalName)}`);
  if (c.position) lines.push(`TITLE:${vcardEscape(c.position)}`);
  for (const ch of c.channels ?? []) {
    if (ch.type === 'phone')
      lines.push(`TEL${ch.label ? `;TYPE=${vcardEscape(ch.label).replace(/[^A-Za-z0-9-]/g, '')}` : ''}:${vcardEscape(ch.normalized ?? ch.value)}`);
    else if (ch.type === 'email') lines.push(`EMAIL:${vcardEscape(ch.value)}`);
    else lines.push(`URL:${vcardEscape(ch.value)}`);
  }
  if (c.birthDate) lines.push(`BDAY:${c.birthDate}`);
  if (c.actualAddress) lines.push(`ADR;TYPE=WORK:;;${vcardEscape(c.actualAddress)};;;;`);
  if (c.notes) lines.push(`NOTE:${vcardEscape(c.notes)}`);
  lines.push(`UID:clientela-${c.id}`, 'END:VCARD');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/**
 * A generator whose first step has already run: a bad filter or sort (unknown, hidden) fails
 * while the answer can still be a JSON 400, not once the file has started streaming.
 */
async function started<T>(gen: AsyncGenerator<T>): Promise<AsyncGenerator<T>> {
  const first = await gen.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* gen;
  })();
}

export async function exportClients(
  db: Kysely<DB>,
  actor: Actor,
  q: Omit<TListQuery, 'limit' | 'cursor'>,
  format: ExportFormat,
  ip?: string,
): Promise<{ stream: Readable; type: string; ext: string }> {
  requireRight(actor, 'clients', 'read');
  requireRight(actor, 'clients', 'export');
  const cols = await columnsFor(db, actor);
  const audit = () =>
    insertAudit(db, {
      userId: actorUserId(actor),
      action: 'clients.exported',
      entity: 'client',
      changes: { format, q: q.q ?? null, filter: q.filter ?? null, archived: q.archived, columns: cols.map((c) => c.header) },
      ip,
    });
  if (format === 'vcf') {
    const list = await started(clients(db, actor, q));
    await audit();
    async function* cards() {
      for await (const c of list) yield vcard(c);
    }
    return { stream: Readable.from(cards()), type: 'text/vcard; charset=utf-8', ext: 'vcf' };
  }
  // the first page is read before anything is sent (and before the export is audited)
  const computed = columnRows(db, actor, q, cols);
  const first = await computed.next();
  const byRelevance = first.value === null ? await started(clients(db, actor, q)) : null;
  await audit();
  async function* rows(): AsyncGenerator<Cell[]> {
    yield cols.map((c) => c.header);
    if (byRelevance) {
      // a relevance-ordered search: from client rows
      for await (const c of byRelevance) yield cols.map((col) => col.value(c));
      return;
    }
    for (let r = first; !r.done; r = await computed.next()) if (r.value) yield r.value;
  }
  if (format === 'xlsx') {
    return {
      stream: xlsxStream(rows(), { sheet: 'Clients', widths: cols.map((c) => (c.header === 'ID' ? 8 : 20)) }),
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ext: 'xlsx',
    };
  }
  return { stream: Readable.from(csvChunks(rows())), type: 'text/csv; charset=utf-8', ext: 'csv' };
}
