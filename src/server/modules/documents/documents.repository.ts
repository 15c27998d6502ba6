// The SQL of documents (issue 16; docs/documents.md): the firm's requisites, the templates, the
// counters that number documents per type and year, and the issued documents (read in the actor's
// record scope through their client, aliased `c`).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/rights.js';
import { scopeSql } from '../access/scope.js';

type Db = Kysely<DB>;

export type FirmValues = {
  legalName: string;
  inn: string;
  kpp: string;
  ogrn: string;
  address: string;
  bankName: string;
  bic: string;
  account: string;
  corrAccount: string;
  director: string;
  accountant: string;
  phone: string;
  email: string;
  vatRateBp: number | null;
};
export type FirmRow = FirmValues & { version: number; updatedAt: Date };

export async function findFirm(db: Db): Promise<FirmRow> {
  const r = await db.selectFrom('firmRequisites').selectAll().where('id', '=', 1).executeTakeFirst();
  if (r) {
    const { id: _, ...rest } = r;
    return rest;
  }
  // the row of the migration was removed by hand: put it back
  await db
    .insertInto('firmRequisites')
    .values({ id: 1 })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return findFirm(db);
}

/** Writes the requisites when the version still matches; false when someone changed them meanwhile. */
export async function updateFirm(db: Db, version: number, v: FirmValues): Promise<boolean> {
  const r = await db
    .updateTable('firmRequisites')
    .set({ ...v, version: sql`version + 1`, updatedAt: sql`now()` })
    .where('id', '=', 1)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type TemplateRow = { id: number; type: string; name: string; lang: string | null; size: number; createdBy: number | null; createdAt: Date };

const templateColumns = ['id', 'type', 'name', 'lang', 'size', 'createdBy', 'createdAt'] as const;

export async function insertTemplate(
  db: Db,
  v: { type: string; name: string; lang: string | null; content: Buffer; createdBy: number | null },
): Promise<number> {
  const r = await db
    .insertInto('documentTemplates')
    .values({ ...v, size: v.content.length })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function listTemplates(db: Db, type?: string): Promise<TemplateRow[]> {
  let q = db.selectFrom('documentTemplates').select(templateColumns).orderBy('type').orderBy('id', 'desc');
  if (type !== undefined) q = q.where('type', '=', type);
  return (await q.execute()).map((r) => ({ ...r, id: Number(r.id), createdBy: r.createdBy === null ? null : Number(r.createdBy) }));
}

export async function findTemplate(db: Db, id: number): Promise<(TemplateRow & { content: Buffer }) | undefined> {
  const r = await db
    .selectFrom('documentTemplates')
    .select([...templateColumns, 'content'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { ...r, id: Number(r.id), createdBy: r.createdBy === null ? null : Number(r.createdBy) };
}

/** The newest uploaded template of a type: of the language, else one for every language. */
export async function latestTemplateId(db: Db, type: string, lang: string): Promise<number | undefined> {
  const r = await db
    .selectFrom('documentTemplates')
    .select('id')
    .where('type', '=', type)
    .where((eb) => eb.or([eb('lang', '=', lang), eb('lang', 'is', null)]))
    .orderBy(sql`lang IS NULL`)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? Number(r.id) : undefined;
}

export async function deleteTemplate(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('documentTemplates').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/**
 * The next number of a document type in a year: the counter row is created if need be, then locked
 * FOR UPDATE and advanced in the caller's transaction, so concurrent issues wait for each other and a
 * rolled-back issue gives its number back (no gaps, no duplicates).
 */
export async function nextNumber(trx: Db, type: string, year: number): Promise<number> {
  await sql`INSERT INTO document_counters (type, year) VALUES (${type}, ${year}) ON CONFLICT DO NOTHING`.execute(trx);
  const locked = await sql<{ last: number }>`SELECT last FROM document_counters WHERE type = ${type} AND year = ${year} FOR UPDATE`.execute(trx);
  const next = locked.rows[0]!.last + 1;
  await sql`UPDATE document_counters SET last = ${next} WHERE type = ${type} AND year = ${year}`.execute(trx);
  return next;
}

export type DocumentValues = {
  type: string;
  number: number;
  year: number;
  lang: string;
  templateId: number | null;
  clientId: number;
  saleId: number | null;
  contractId: number | null;
  fileId: number;
  total: bigint | null;
  currency: string | null;
  authorId: number | null;
};

export async function insertDocument(trx: Db, v: DocumentValues): Promise<number> {
  const r = await trx
    .insertInto('documents')
    .values({ ...v, total: v.total === null ? null : sql<number>`${v.total.toString()}::bigint` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export type DocumentRow = {
  id: number;
  type: string;
  number: number;
  year: number;
  lang: string;
  templateId: number | null;
  clientId: number;
  clientName: string;
  saleId: number | null;
  contractId: number | null;
  fileId: number | null;
  total: string | null;
  currency: string | null;
  authorId: number | null;
  authorName: string | null;
  createdAt: Date;
  saleStatus: string | null;
  saleTotal: string | null;
  salePaid: string | null;
};

const documentColumns = sql`SELECT d.id::int, d.type, d.number, d.year, d.lang, d.template_id::int AS template_id,
    d.client_id::int AS client_id, c.display_name AS client_name, d.sale_id::int AS sale_id, d.contract_id::int AS contract_id,
    d.file_id::int AS file_id, d.total::text AS total, d.currency, d.author_id::int AS author_id, u.name AS author_name, d.created_at,
    s.status AS sale_status, s.total::text AS sale_total, s.paid::text AS sale_paid
  FROM documents d JOIN clients c ON c.id = d.client_id
  LEFT JOIN users u ON u.id = d.author_id
  LEFT JOIN sales s ON s.id = d.sale_id`;

export async function findDocument(db: Db, actor: Actor, id: number): Promise<DocumentRow | undefined> {
  return (await sql<DocumentRow>`${documentColumns} WHERE d.id = ${id} AND ${scopeSql(actor)}`.execute(db)).rows[0];
}

export type DocumentFilter = { clientId?: number; saleId?: number; type?: string; unpaidInvoices?: boolean; beforeId?: number };

/** Documents in the actor's scope, newest first. Unpaid invoices: invoices whose sale is paid less than its total, or without a sale. */
export async function findDocuments(db: Db, actor: Actor, f: DocumentFilter, limit: number): Promise<DocumentRow[]> {
  const where = [scopeSql(actor)];
  if (f.clientId !== undefined) where.push(sql<boolean>`d.client_id = ${f.clientId}`);
  if (f.saleId !== undefined) where.push(sql<boolean>`d.sale_id = ${f.saleId}`);
  if (f.type !== undefined) where.push(sql<boolean>`d.type = ${f.type}`);
  if (f.beforeId !== undefined) where.push(sql<boolean>`d.id < ${f.beforeId}`);
  if (f.unpaidInvoices) where.push(sql<boolean>`d.type = 'invoice' AND (s.id IS NULL OR (s.status <> 'cancelled' AND s.paid < s.total))`);
  return (await sql<DocumentRow>`${documentColumns} WHERE ${sql.join(where, sql` AND `)} ORDER BY d.id DESC LIMIT ${limit}`.execute(db)).rows;
}

/** The firm's base currency (settings), for a document without a sale. */
export async function baseCurrency(db: Db): Promise<string> {
  const r = await sql<{ v: string | null }>`SELECT value #>> '{}' AS v FROM settings WHERE key = 'baseCurrency'`.execute(db);
  return r.rows[0]?.v ?? 'RUB';
}

/** The name of a user (the author of a document). */
export async function userName(db: Db, id: number): Promise<{ name: string; email: string | null } | undefined> {
  return db.selectFrom('users').select(['name', 'email']).where('id', '=', id).executeTakeFirst();
}
