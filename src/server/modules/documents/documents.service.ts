// Documents (issue 16; docs/documents.md): the firm's requisites, DOCX templates, and issued
// documents. An issue reads its merge data through the other modules' services, so the rights and
// the record scope hold as everywhere (a sale or client out of scope: 404; a field the role hides
// prints empty), takes the next number of its type and year under the counter's row lock, renders
// the template, stores the DOCX as a file on the client and writes the document row and the audit
// rows — all in one transaction. Rights: issuing attaches a file to the client (notes.create);
// reading documents is notes.read; the requisites and templates are changed by administrators.
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { insertAudit } from '../../db/audit-log.js';
import { AppError, Issues } from '../../shared/errors.js';
import { divRound, formatCents, formatMoney, parseMoney, parsePercent, formatPercent } from '../../shared/money.js';
import { type Actor, actorUserId, requireRight } from '../access/rights.js';
import { getClient } from '../clients/clients.service.js';
import { getContract } from '../contracts/contracts.service.js';
import { listFields } from '../custom-fields/custom-fields.service.js';
import type { FileStore } from '../files/file-store.js';
import { attachGeneratedFile, contentDisposition, removeStoredFiles, storedFileBytes } from '../files/files.service.js';
import { userTimezone } from '../planning/planning.service.js';
import { getSale } from '../sales/sales.service.js';
import { amountInWords } from './amount-in-words.js';
import { type DocLang, defaultTemplate, docLangs, shippedTypes, vatLabels } from './default-templates.js';
import { checkTemplate, renderDocx } from './docx-render.js';
import type { TDocumentIn, TDocumentOut, TDocumentsQuery, TFirmIn, TFirmOut, TTemplateOut } from './documents.schemas.js';
import * as repo from './documents.repository.js';
import { docxToPdf } from './pdf-converter.js';

type Db = Kysely<DB>;
const iso = (d: Date | string) => new Date(d).toISOString();
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const MAX_TEMPLATE_BYTES = 10 * 1024 * 1024;

const adminOnly = (actor: Actor, what: string) => {
  if (!actor.isAdmin) throw new AppError('FORBIDDEN', `Only administrators ${what}`);
};

// ----- the firm's requisites

function firmOut(r: repo.FirmRow): TFirmOut {
  const { vatRateBp, updatedAt, ...rest } = r;
  return { ...rest, vatRate: vatRateBp === null ? null : formatPercent(vatRateBp), updatedAt: iso(updatedAt) };
}

export async function getFirm(db: Db): Promise<TFirmOut> {
  return firmOut(await repo.findFirm(db));
}

export async function updateFirm(db: Db, actor: Actor, input: TFirmIn, ip?: string): Promise<TFirmOut> {
  adminOnly(actor, 'change the firm requisites');
  return db.transaction().execute(async (trx) => {
    const before = await repo.findFirm(trx);
    if (before.version !== input.version)
      throw new AppError('VERSION_CONFLICT', 'The requisites were changed elsewhere', { currentVersion: before.version });
    const { version, vatRate, ...fields } = input;
    const trimmed = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v ?? '').trim()]));
    let vatRateBp = before.vatRateBp;
    if (vatRate !== undefined) vatRateBp = vatRate === null || vatRate === '' ? null : parsePercent(vatRate, 'vatRate');
    const { version: _v, updatedAt: _u, ...prev } = before;
    const v: repo.FirmValues = { ...prev, ...trimmed, vatRateBp };
    if (!(await repo.updateFirm(trx, version, v))) throw new AppError('VERSION_CONFLICT', 'The requisites were changed elsewhere');
    const changes = Object.fromEntries(Object.entries(v).filter(([k, x]) => (prev as Record<string, unknown>)[k] !== x));
    await insertAudit(trx, { userId: actorUserId(actor), action: 'firm.changed', entity: 'firm', entityId: 1, changes, ip });
    return firmOut(await repo.findFirm(trx));
  });
}

// ----- templates

function templateOut(r: repo.TemplateRow): TTemplateOut {
  return { ...r, createdAt: iso(r.createdAt) };
}

export async function uploadTemplate(
  db: Db,
  actor: Actor,
  q: { type: string; lang?: DocLang },
  up: { name: string; body: Buffer },
  ip?: string,
): Promise<TTemplateOut> {
  adminOnly(actor, 'upload document templates');
  if (up.body.length === 0) throw new AppError('VALIDATION_FAILED', 'Send the DOCX file as the body', [{ field: 'file', message: 'empty' }]);
  if (up.body.length > MAX_TEMPLATE_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', 'A template is at most 10 MB', [{ field: 'file', message: 'too large' }]);
  checkTemplate(up.body);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertTemplate(trx, { type: q.type, name: up.name, lang: q.lang ?? null, content: up.body, createdBy: actorUserId(actor) });
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'document_template.uploaded',
      entity: 'document_template',
      entityId: id,
      changes: { type: q.type, lang: q.lang ?? null, name: up.name, size: up.body.length },
      ip,
    });
    return templateOut((await repo.listTemplates(trx, q.type)).find((t) => t.id === id)!);
  });
}

export async function listTemplates(db: Db, actor: Actor, type?: string) {
  requireRight(actor, 'notes', 'read');
  return {
    items: (await repo.listTemplates(db, type)).map(templateOut),
    shipped: shippedTypes.filter((t) => type === undefined || t === type).flatMap((t) => docLangs.map((lang) => ({ type: t, lang }))),
  };
}

export async function templateBytes(db: Db, actor: Actor, id: number): Promise<{ name: string; content: Buffer }> {
  requireRight(actor, 'notes', 'read');
  const t = await repo.findTemplate(db, id);
  if (!t) throw new AppError('NOT_FOUND', 'No such template');
  return { name: t.name, content: t.content };
}

export function shippedTemplate(actor: Actor, type: string, lang: DocLang): { name: string; content: Buffer } {
  requireRight(actor, 'notes', 'read');
  const content = defaultTemplate(type, lang);
  if (!content) throw new AppError('NOT_FOUND', 'No template is shipped for this type', [{ field: 'type', message: 'invoice or contract' }]);
  return { name: `${type}-${lang}.docx`, content };
}

export async function deleteTemplate(db: Db, actor: Actor, id: number, ip?: string): Promise<void> {
  adminOnly(actor, 'delete document templates');
  await db.transaction().execute(async (trx) => {
    const t = await repo.findTemplate(trx, id);
    if (!t || !(await repo.deleteTemplate(trx, id))) throw new AppError('NOT_FOUND', 'No such template');
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'document_template.deleted',
      entity: 'document_template',
      entityId: id,
      changes: { type: t.type, name: t.name },
      ip,
    });
  });
}

// ----- merge fields

const FIELDS: [string, string][] = [
  ['number', 'the number of the document (per type and year)'],
  ['displayNumber', 'number/year'],
  ['year', 'the year of the number'],
  ['date', "the day of issue, in the document's language"],
  ['basis', 'the basis: the sale or contract the document is issued on'],
  ['currency', 'the currency code'],
  ['total', 'the total, with two decimals'],
  ['totalInWords', "the total in words, in the document's language and currency"],
  ['vatLine', 'the VAT included ("In that VAT 20 %: …") or "Without VAT"'],
  ['vatAmount', 'the VAT included in the total (empty without VAT)'],
  ['paid', 'paid of the sale'],
  ['debt', 'still to pay of the sale'],
  ['linesCount', 'how many lines'],
  ['firm.legalName', 'the firm: legal name'],
  ['firm.inn', 'INN'],
  ['firm.kpp', 'KPP'],
  ['firm.ogrn', 'OGRN'],
  ['firm.address', 'address'],
  ['firm.bankName', 'bank'],
  ['firm.bic', 'BIC'],
  ['firm.account', 'account'],
  ['firm.corrAccount', 'correspondent account'],
  ['firm.director', 'director'],
  ['firm.accountant', 'accountant'],
  ['firm.phone', 'phone'],
  ['firm.email', 'e-mail'],
  ['client.name', 'the client: display name'],
  ['client.kind', 'person or company'],
  ['client.legalName', 'legal name'],
  ['client.inn', 'INN'],
  ['client.kpp', 'KPP'],
  ['client.ogrn', 'OGRN'],
  ['client.address', 'legal address, else actual'],
  ['client.legalAddress', 'legal address'],
  ['client.actualAddress', 'actual address'],
  ['client.surname', 'surname'],
  ['client.firstName', 'first name'],
  ['client.patronymic', 'patronymic'],
  ['client.position', 'position'],
  ['client.passport', 'passport'],
  ['client.birthDate', 'birth date'],
  ['client.phone', 'first phone'],
  ['client.email', 'first e-mail'],
  ['client.contactPerson', 'first contact person'],
  ['client.industry', 'industry'],
  ['client.region', 'region'],
  ['client.status', 'status'],
  ['client.source', 'source'],
  ['client.notes', 'notes'],
  ['sale.number', 'the sale: number'],
  ['sale.date', 'day of the sale'],
  ['contract.number', 'the contract: number'],
  ['contract.title', 'title'],
  ['contract.signedOn', 'signed on'],
  ['contract.startsOn', 'starts on'],
  ['contract.endsOn', 'ends on'],
  ['user.name', 'the user issuing the document'],
  ['user.email', 'their e-mail'],
];
const LINE_FIELDS = ['n', 'name', 'quantity', 'unit', 'price', 'discount', 'amount'];

export async function listFieldsAvailable(db: Db, actor: Actor) {
  requireRight(actor, 'notes', 'read');
  const custom = await listFields(db);
  return {
    items: [
      ...FIELDS.map(([tag, description]) => ({ tag, description })),
      ...custom.map((f) => ({ tag: `client.custom.${f.key}`, description: `custom field: ${f.label}` })),
    ],
    loops: [{ tag: 'lines', fields: LINE_FIELDS }],
  };
}

// ----- formatting in the document's language

const LOCALE: Record<DocLang, string> = { ru: 'ru-RU', uk: 'uk-UA', en: 'en-GB', ro: 'ro-RO' };

/** An exact amount ("1234.5678") rounded to cents and written with the language's separators. */
export function localAmount(amount: string, lang: DocLang): string {
  const cents = formatCents(parseMoney(amount, 'amount', { negative: true }));
  const [int, frac] = cents.split('.') as [string, string];
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  const group = lang === 'en' ? ',' : lang === 'ro' ? '.' : '\u00a0';
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${neg ? '-' : ''}${grouped}${lang === 'en' ? '.' : ','}${frac}`;
}

const localQuantity = (q: string, lang: DocLang) => (lang === 'en' ? q : q.replace('.', ','));

function localDate(d: Date | string, lang: DocLang, timeZone: string): string {
  const day = typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? new Date(`${d}T12:00:00Z`) : new Date(d);
  const tz = typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? 'UTC' : timeZone;
  return new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: tz }).format(day);
}

const yearIn = (timeZone: string, at = new Date()) => Number(new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone }).format(at));

// ----- issuing

type Line = { n: string; name: string; quantity: string; unit: string; price: string; discount: string; amount: string };

function paymentStatus(r: repo.DocumentRow): TDocumentOut['paymentStatus'] {
  if (r.type !== 'invoice') return null;
  if (r.saleId === null || r.saleTotal === null) return 'unpaid';
  if (r.saleStatus === 'cancelled') return 'cancelled';
  const total = BigInt(r.saleTotal);
  const paid = BigInt(r.salePaid ?? '0');
  if (paid >= total) return 'paid';
  return paid > 0n ? 'partly_paid' : 'unpaid';
}

export function documentOut(r: repo.DocumentRow): TDocumentOut {
  return {
    id: r.id,
    type: r.type,
    number: r.number,
    year: r.year,
    displayNumber: `${r.number}/${r.year}`,
    lang: r.lang,
    templateId: r.templateId,
    client: { id: r.clientId, name: r.clientName },
    saleId: r.saleId,
    contractId: r.contractId,
    fileId: r.fileId,
    total: r.total === null ? null : formatMoney(BigInt(r.total)),
    currency: r.currency,
    paid: r.salePaid === null ? null : formatMoney(BigInt(r.salePaid)),
    paymentStatus: paymentStatus(r),
    authorId: r.authorId,
    authorName: r.authorName,
    createdAt: iso(r.createdAt),
  };
}

const str = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v));

/** The client's merge fields: what getClient answers, so the fields the role hides are simply absent (empty). */
function clientFields(c: Awaited<ReturnType<typeof getClient>>): Record<string, string> {
  const o = c as unknown as Record<string, unknown>;
  const channel = (type: string) => (c.channels ?? []).find((x) => x.type === type)?.value ?? '';
  const out: Record<string, string> = {
    'client.id': String(c.id),
    'client.name': str(o.displayName),
    'client.address': str(o.legalAddress) || str(o.actualAddress),
    'client.phone': channel('phone'),
    'client.email': channel('email'),
    'client.contactPerson': str(c.contacts?.[0]?.name),
  };
  for (const k of [
    'kind',
    'legalName',
    'inn',
    'kpp',
    'ogrn',
    'legalAddress',
    'actualAddress',
    'surname',
    'firstName',
    'patronymic',
    'position',
    'passport',
    'birthDate',
    'industry',
    'region',
    'status',
    'source',
    'notes',
    'tags',
  ]) {
    out[`client.${k}`] = str(o[k]);
  }
  for (const [k, v] of Object.entries((o.custom as Record<string, unknown> | undefined) ?? {})) out[`client.custom.${k}`] = str(v);
  return out;
}

export async function issueDocument(db: Db, store: FileStore, actor: Actor, input: TDocumentIn, ip?: string): Promise<TDocumentOut> {
  requireRight(actor, 'notes', 'create');
  const lang: DocLang = input.lang ?? 'ru';
  const issues = new Issues();
  if (input.saleId === undefined && input.clientId === undefined) issues.add('clientId', 'say the sale or the client of the document');
  issues.throwIfAny();

  // the records, each through its own module: rights and scope as everywhere (404 out of scope)
  const sale = input.saleId !== undefined ? await getSale(db, actor, input.saleId) : undefined;
  if (sale && input.clientId !== undefined && input.clientId !== sale.clientId) issues.add('clientId', 'not the client of the sale');
  issues.throwIfAny();
  const client = await getClient(db, actor, sale?.clientId ?? input.clientId!);
  const contract = input.contractId !== undefined ? await getContract(db, actor, input.contractId) : undefined;
  if (contract && contract.client.id !== client.id) issues.add('contractId', 'not a contract of this client');
  issues.throwIfAny();

  // the template: the one named, else the newest uploaded for the type, else the shipped default
  let content: Buffer | undefined;
  let templateId: number | null = null;
  const tid = input.templateId ?? (await repo.latestTemplateId(db, input.type, lang));
  if (tid !== undefined) {
    const t = await repo.findTemplate(db, tid);
    if (!t) throw new AppError('NOT_FOUND', 'No such template', [{ field: 'templateId', message: 'no such template' }]);
    content = t.content;
    templateId = t.id;
  } else content = defaultTemplate(input.type, lang);
  if (!content) {
    throw new AppError('VALIDATION_FAILED', `No template for documents of type "${input.type}": upload one`, [
      { field: 'type', message: 'no template for this type; upload one' },
    ]);
  }
  checkTemplate(content);

  const firm = await repo.findFirm(db);
  const tz = await userTimezone(db, actor.userId);
  const now = new Date();
  const year = yearIn(tz, now);
  const author = actor.userId > 0 ? await repo.userName(db, actor.userId) : undefined;

  // lines and the total: the sale's, else the contract's amount as one line
  let currency = sale?.currency ?? contract?.currency ?? (await repo.baseCurrency(db));
  let lines: Line[] = [];
  let total: bigint | null = null;
  if (sale) {
    lines = sale.items.map((i, k) => ({
      n: String(k + 1),
      name: i.productName,
      quantity: localQuantity(i.quantity, lang),
      unit: i.unit,
      price: localAmount(i.price, lang),
      discount: i.discount,
      amount: localAmount(i.amount, lang),
    }));
    total = parseMoney(sale.total, 'total', { negative: true });
  } else if (contract?.amount) {
    total = parseMoney(contract.amount, 'amount');
    lines = [
      {
        n: '1',
        name: contract.title || contract.number,
        quantity: '1',
        unit: '',
        price: localAmount(contract.amount, lang),
        discount: '0',
        amount: localAmount(contract.amount, lang),
      },
    ];
  }
  currency = currency.toUpperCase();
  const totalText = total === null ? '0' : formatMoney(total);
  let vatLine = vatLabels[lang].without;
  let vatAmount = '';
  if (firm.vatRateBp !== null && total !== null) {
    const vat = divRound(total * BigInt(firm.vatRateBp), 10_000n + BigInt(firm.vatRateBp));
    vatAmount = localAmount(formatMoney(vat), lang);
    vatLine = `${vatLabels[lang].included} ${formatPercent(firm.vatRateBp)}%: ${vatAmount}`;
  }
  const basis = [sale ? `${sale.number ?? sale.id} (${localDate(sale.day, lang, tz)})` : '', contract ? contract.number : '']
    .filter(Boolean)
    .join('; ');
  const data: Record<string, unknown> = {
    year: String(year),
    date: localDate(now, lang, tz),
    basis,
    currency,
    total: localAmount(totalText, lang),
    totalInWords: amountInWords(totalText, currency, lang),
    vatLine,
    vatAmount,
    paid: sale ? localAmount(sale.paid, lang) : '',
    debt: sale ? localAmount(sale.debt, lang) : '',
    linesCount: String(lines.length),
    lines,
    ...Object.fromEntries(
      Object.entries(firm)
        .filter(([k]) => !['version', 'updatedAt', 'vatRateBp'].includes(k))
        .map(([k, v]) => [`firm.${k}`, str(v)]),
    ),
    ...clientFields(client),
    'sale.number': sale ? str(sale.number ?? sale.id) : '',
    'sale.date': sale ? localDate(sale.day, lang, tz) : '',
    'contract.number': contract?.number ?? '',
    'contract.title': contract?.title ?? '',
    'contract.signedOn': contract?.signedOn ? localDate(contract.signedOn, lang, tz) : '',
    'contract.startsOn': contract?.startsOn ? localDate(contract.startsOn, lang, tz) : '',
    'contract.endsOn': contract?.endsOn ? localDate(contract.endsOn, lang, tz) : '',
    'user.name': author?.name ?? actor.name,
    'user.email': author?.email ?? '',
  };

  const stored: string[] = [];
  try {
    const id = await db.transaction().execute(async (trx) => {
      const number = await repo.nextNumber(trx, input.type, year);
      const docx = renderDocx(content, { ...data, number: String(number), displayNumber: `${number}/${year}` });
      const fileId = await attachGeneratedFile(
        trx,
        store,
        { clientId: client.id, name: `${input.type}-${number}-${year}.docx`, mime: DOCX_MIME, bytes: docx, uploadedBy: actorUserId(actor), ip },
        (k) => stored.push(k),
      );
      const docId = await repo.insertDocument(trx, {
        type: input.type,
        number,
        year,
        lang,
        templateId,
        clientId: client.id,
        saleId: sale?.id ?? null,
        contractId: contract?.id ?? null,
        fileId,
        total,
        currency,
        authorId: actorUserId(actor),
      });
      await insertAudit(trx, {
        userId: actorUserId(actor),
        action: 'document.issued',
        entity: 'document',
        entityId: docId,
        changes: { type: input.type, number, year, clientId: client.id, saleId: sale?.id ?? null, fileId, templateId },
        ip,
      });
      return docId;
    });
    return documentOut((await repo.findDocument(db, actor, id))!);
  } catch (e) {
    await removeStoredFiles(store, stored);
    throw e;
  }
}

export async function getDocument(db: Db, actor: Actor, id: number): Promise<TDocumentOut> {
  requireRight(actor, 'notes', 'read');
  const r = await repo.findDocument(db, actor, id);
  if (!r) throw new AppError('NOT_FOUND', 'No such document');
  return documentOut(r);
}

export async function listDocuments(db: Db, actor: Actor, q: TDocumentsQuery & { unpaidInvoices?: boolean }) {
  requireRight(actor, 'notes', 'read');
  const rows = await repo.findDocuments(db, actor, q, q.limit + 1);
  const items = rows.slice(0, q.limit).map(documentOut);
  return { items, nextBeforeId: rows.length > q.limit ? items.at(-1)!.id : null };
}

async function toBuffer(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}

/** The document exactly as issued (DOCX), or its PDF made now by LibreOffice. */
export async function documentBytes(
  db: Db,
  store: FileStore,
  actor: Actor,
  id: number,
  format: 'docx' | 'pdf' = 'docx',
): Promise<{ name: string; contentType: string; disposition: string; body: Buffer | Readable; size?: number }> {
  const doc = await getDocument(db, actor, id);
  if (doc.fileId === null) throw new AppError('NOT_FOUND', 'The file of this document was deleted', [{ field: 'id', message: 'file deleted' }]);
  const { file, stream } = await storedFileBytes(db, store, doc.fileId);
  if (format === 'docx')
    return { name: file.name, contentType: DOCX_MIME, disposition: contentDisposition('attachment', file.name), body: stream, size: file.size };
  const pdf = await docxToPdf(await toBuffer(stream));
  const name = file.name.replace(/\.docx$/i, '') + '.pdf';
  return { name, contentType: 'application/pdf', disposition: contentDisposition('attachment', name), body: pdf, size: pdf.length };
}
