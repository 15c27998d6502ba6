// clientela document issue|list (docs/cli.md, docs/documents.md): issue a document of a sale or a
// client as the CLI's administrator (numbered like the web's, stored on the client's files), write
// its DOCX or PDF to a file; list issued documents.
import { writeFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../server/db/schema.js';
import type { FileStore } from '../server/modules/files/file-store.js';
import type { TDocLang } from '../server/modules/documents/documents.schemas.js';
import { documentBytes, issueDocument, listDocuments } from '../server/modules/documents/documents.service.js';
import { cliActor } from './actor.js';
import { formatTable } from './report.js';
import type { Values } from './values.js';

const id = (v: unknown, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 2147483647) throw new Error(`--${name} must be a positive whole number`);
  return n;
};

async function bytesOf(body: Buffer | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}

export async function documentIssue(db: Kysely<DB>, store: FileStore, v: Values): Promise<void> {
  const type = String(v.type ?? '');
  if (!/^[a-z][a-z0-9_-]{0,39}$/.test(type)) throw new Error('--type: invoice, contract, act, offer, receipt or a custom key (a-z, 0-9, _ -)');
  const lang = v.lang === undefined ? undefined : String(v.lang);
  if (lang !== undefined && !['en', 'ru', 'uk', 'ro'].includes(lang)) throw new Error('--lang: en, ru, uk or ro');
  if (!v.out) throw new Error('--out FILE: where to write the document');
  const saleId = id(v.sale, 'sale');
  const clientId = id(v.client, 'client');
  if (saleId === undefined && clientId === undefined) throw new Error('name --sale N or --client N');
  const doc = await issueDocument(db, store, cliActor, {
    type,
    ...(saleId !== undefined && { saleId }),
    ...(clientId !== undefined && { clientId }),
    ...(v.contract !== undefined && { contractId: id(v.contract, 'contract')! }),
    ...(v.template !== undefined && { templateId: id(v.template, 'template')! }),
    ...(lang !== undefined && { lang: lang as TDocLang }),
  });
  const b = await documentBytes(db, store, cliActor, doc.id, v.pdf ? 'pdf' : 'docx');
  writeFileSync(String(v.out), await bytesOf(b.body));
  console.log(`${doc.type} ${doc.displayNumber} (document ${doc.id}, client ${doc.client.id}) written to ${String(v.out)}`);
}

export async function documentList(db: Kysely<DB>, v: Values): Promise<void> {
  const r = await listDocuments(db, cliActor, {
    limit: 500,
    ...(v.client !== undefined && { clientId: id(v.client, 'client')! }),
    ...(v.type !== undefined && { type: String(v.type) }),
    ...(v.unpaid ? { type: 'invoice', unpaidInvoices: true } : {}),
  });
  const rows = [
    ['id', 'type', 'number', 'date', 'client', 'sale', 'total', 'currency', 'status'],
    ...r.items.map((d) => [
      d.id,
      d.type,
      d.displayNumber,
      d.createdAt.slice(0, 10),
      d.client.name,
      d.saleId ?? '',
      d.total ?? '',
      d.currency ?? '',
      d.paymentStatus ?? '',
    ]),
  ];
  process.stdout.write(`${formatTable(rows.map((row) => row.map((c) => (typeof c === 'number' ? String(c) : c))))}\n`);
}
