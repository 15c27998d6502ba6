// Attached files (issue 15; docs/crm-files.md): a file on a client, an event, a task, a sale, a
// contract or a promise. The rights are those of the `notes` section (read: list, download,
// preview; create: upload; delete: delete) AND the scope of the record the file hangs on: a file of
// a record the actor does not see is answered 404 like a file that does not exist.
// Uploads stream to the FileStore (never held in memory), limited in size; the type images and
// PDFs are served with is the one their first bytes show, never the one the uploader claimed.
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { insertAudit } from '../../db/audit-log.js';
import { AppError, Issues } from '../../shared/errors.js';
import { type Actor, actorUserId, requireRight } from '../access/rights.js';
import { getEvent } from '../events/events.service.js';
import { visibleClientName } from '../planning/planning.service.js';
import type { FileStore } from './file-store.js';
import type { TFileList, TFileOut, TFileTarget, TFileTargetQuery } from './files.schemas.js';
import * as repo from './files.repository.js';

type Db = Kysely<DB>;

const LIST_LIMIT = 1000;

/** The types shown inline by the preview, recognised from the file's first bytes. */
export const PREVIEW_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

/** The type the first bytes of a file show (PNG, JPEG, GIF, WebP, PDF), or undefined. */
export function sniffType(head: Buffer): string | undefined {
  const starts = (bytes: number[], at = 0) => head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
  const ascii = (s: string, at = 0) => starts([...Buffer.from(s, 'latin1')], at);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii('GIF87a') || ascii('GIF89a')) return 'image/gif';
  if (ascii('RIFF') && ascii('WEBP', 8)) return 'image/webp';
  if (ascii('%PDF-')) return 'application/pdf';
  return undefined;
}

const MIME_RE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * The type to store: what the bytes show for images and PDF; else the type sent (its parameters
 * dropped), except that a claimed image or PDF whose bytes are not one is stored as plain bytes.
 */
export function storedType(claimed: string | undefined, head: Buffer): string {
  const sniffed = sniffType(head);
  if (sniffed) return sniffed;
  const t = (claimed ?? '').split(';')[0]!.trim().toLowerCase();
  if (!MIME_RE.test(t) || PREVIEW_TYPES.has(t) || t === 'image/jpg') return 'application/octet-stream';
  return t;
}

/** The type a download is served with: anything a browser would run or render as a page goes as plain bytes. */
export function servedType(mime: string): string {
  return /html|xml|svg|script|^multipart\//.test(mime) ? 'application/octet-stream' : mime;
}

/** A Content-Disposition value: an ASCII fallback name and the UTF-8 name (RFC 6266, RFC 8187). */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The shown name from the X-File-Name header (percent-encoded UTF-8): only its last path segment,
 * without control or direction-override characters, at most 255 characters.
 */
export function fileName(header: string | undefined): string {
  const issues = new Issues();
  let name = '';
  if (header === undefined || header === '') issues.add('X-File-Name', 'send the file name (percent-encoded UTF-8) in the X-File-Name header');
  else {
    try {
      name = decodeURIComponent(header);
    } catch {
      issues.add('X-File-Name', 'not percent-encoded UTF-8');
    }
  }
  issues.throwIfAny();
  name = (name.split(/[/\\]/).pop() ?? '').replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '').trim();
  name = [...name].slice(0, 255).join('');
  if (name === '' || name === '.' || name === '..') issues.add('X-File-Name', 'the file name is empty');
  issues.throwIfAny();
  return name;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function fileOut(r: repo.AttachmentRow): TFileOut {
  return {
    id: r.id,
    target: r.target,
    targetId: r.targetId,
    clientId: r.clientId,
    name: r.name,
    mime: r.mime,
    size: r.size,
    sha256: r.sha256,
    uploadedBy: r.uploadedBy,
    uploadedByName: r.uploadedByName,
    createdAt: iso(r.createdAt),
    preview: PREVIEW_TYPES.has(r.mime),
  };
}

const notFound = (what: string) => new AppError('NOT_FOUND', `No such ${what}`);

/** The client of the record (null for a task without one); 404 when the record is not in the actor's scope. */
async function targetClient(db: Db, actor: Actor, target: TFileTarget, id: number, what: string = target): Promise<number | null> {
  if (target === 'client') {
    if ((await visibleClientName(db, actor, id)) === undefined) throw notFound(what);
    return id;
  }
  if (target === 'event') {
    try {
      return (await getEvent(db, actor, id)).client?.id ?? null;
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND') throw notFound(what);
      throw e;
    }
  }
  const r = await repo.recordClient(db, actor, target, id);
  if (!r) throw notFound(what);
  return r.clientId;
}

/** A file the actor may reach: it exists and the record it hangs on is in their scope. */
async function reachable(db: Db, actor: Actor, id: number): Promise<repo.AttachmentRow> {
  const row = await repo.findAttachment(db, id);
  if (!row) throw notFound('file');
  await targetClient(db, actor, row.target, row.targetId, 'file');
  return row;
}

export type Upload = { name: string | undefined; type: string | undefined; body: Readable | undefined; limitBytes: number };

export async function uploadFile(db: Db, store: FileStore, actor: Actor, q: TFileTargetQuery, up: Upload, ip?: string): Promise<TFileOut> {
  requireRight(actor, 'notes', 'create');
  const name = fileName(up.name);
  const clientId = await targetClient(db, actor, q.target, q.targetId);
  let head = Buffer.alloc(0);
  let size = 0;
  const limit = up.limitBytes;
  async function* limited(src: AsyncIterable<Buffer | string>) {
    for await (const c of src) {
      const chunk = typeof c === 'string' ? Buffer.from(c) : c;
      size += chunk.length;
      if (size > limit) {
        throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${Math.round(limit / 1024 / 1024)} MB`, [
          { field: 'file', message: 'too large' },
        ]);
      }
      if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
      yield chunk;
    }
  }
  const stored = await store.put(limited(up.body ?? (async function* () {})()));
  const mime = storedType(up.type, head);
  try {
    const id = await db.transaction().execute(async (trx) => {
      const fileId = await repo.insertAttachment(trx, {
        clientId,
        target: q.target,
        targetId: q.targetId,
        storageKey: stored.key,
        name,
        mime,
        size: stored.size,
        sha256: stored.sha256,
        uploadedBy: actorUserId(actor),
      });
      await insertAudit(trx, {
        userId: actorUserId(actor),
        action: 'file.uploaded',
        entity: 'file',
        entityId: fileId,
        changes: { target: q.target, targetId: q.targetId, name, mime, size: stored.size },
        ip,
      });
      return fileId;
    });
    return fileOut((await repo.findAttachment(db, id))!);
  } catch (e) {
    // the row was not written (the record went away meanwhile, the database failed): nor are the bytes kept
    await store.delete(stored.key).catch(() => {});
    throw e;
  }
}

export async function listFiles(db: Db, actor: Actor, q: TFileTargetQuery): Promise<TFileList> {
  requireRight(actor, 'notes', 'read');
  await targetClient(db, actor, q.target, q.targetId);
  return { items: (await repo.attachmentsOf(db, q.target, q.targetId, LIST_LIMIT)).map(fileOut) };
}

export async function listClientFiles(db: Db, actor: Actor, clientId: number): Promise<TFileList> {
  requireRight(actor, 'notes', 'read');
  await targetClient(db, actor, 'client', clientId);
  return { items: (await repo.attachmentsOfClient(db, clientId, LIST_LIMIT)).map(fileOut) };
}

export type FileBytes = { file: TFileOut; stream: Readable; contentType: string; disposition: string };

async function bytes(store: FileStore, row: repo.AttachmentRow): Promise<Readable> {
  try {
    return await store.get(row.storageKey);
  } catch {
    throw new AppError('NOT_FOUND', 'The content of this file is missing from the storage', [{ field: 'id', message: 'content missing' }]);
  }
}

/** The bytes to download: always as an attachment, active content (HTML, SVG, XML, scripts) as plain bytes. */
export async function downloadFile(db: Db, store: FileStore, actor: Actor, id: number): Promise<FileBytes> {
  requireRight(actor, 'notes', 'read');
  const row = await reachable(db, actor, id);
  return {
    file: fileOut(row),
    stream: await bytes(store, row),
    contentType: servedType(row.mime),
    disposition: contentDisposition('attachment', row.name),
  };
}

/** The bytes to show inline: only images and PDFs whose first bytes proved their type. */
export async function previewFile(db: Db, store: FileStore, actor: Actor, id: number): Promise<FileBytes> {
  requireRight(actor, 'notes', 'read');
  const row = await reachable(db, actor, id);
  if (!PREVIEW_TYPES.has(row.mime)) {
    throw new AppError('NOT_FOUND', 'This file has no preview; download it', [{ field: 'id', message: 'no preview for this type' }]);
  }
  return { file: fileOut(row), stream: await bytes(store, row), contentType: row.mime, disposition: contentDisposition('inline', row.name) };
}

/** Removes the row with its audit row in one transaction, then the bytes. */
export async function deleteFile(db: Db, store: FileStore, actor: Actor, id: number, ip?: string): Promise<void> {
  requireRight(actor, 'notes', 'delete');
  const row = await reachable(db, actor, id);
  await db.transaction().execute(async (trx) => {
    await repo.deleteAttachment(trx, id);
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'file.deleted',
      entity: 'file',
      entityId: id,
      changes: { target: row.target, targetId: row.targetId, name: row.name, size: row.size },
      ip,
    });
  });
  await store.delete(row.storageKey).catch(() => {});
}

/**
 * A file made by the application (an issued document, issue 16), attached to a client inside the
 * caller's transaction: the bytes go to the store, the row and its audit row to `trx`. The caller
 * removes the stored key (`removeStoredFiles`) when its transaction fails.
 */
export async function attachGeneratedFile(
  trx: Db,
  store: FileStore,
  f: { clientId: number; name: string; mime: string; bytes: Buffer; uploadedBy: number | null; ip?: string },
  onStored: (key: string) => void,
): Promise<number> {
  const stored = await store.put(
    (async function* () {
      yield f.bytes;
    })(),
  );
  onStored(stored.key);
  const fileId = await repo.insertAttachment(trx, {
    clientId: f.clientId,
    target: 'client',
    targetId: f.clientId,
    storageKey: stored.key,
    name: f.name,
    mime: f.mime,
    size: stored.size,
    sha256: stored.sha256,
    uploadedBy: f.uploadedBy,
  });
  await insertAudit(trx, {
    userId: f.uploadedBy,
    action: 'file.uploaded',
    entity: 'file',
    entityId: fileId,
    changes: { target: 'client', targetId: f.clientId, name: f.name, mime: f.mime, size: stored.size, generated: true },
    ip: f.ip,
  });
  return fileId;
}

/** The bytes of a file by its id, for a caller that has checked the rights itself (issued documents). */
export async function storedFileBytes(db: Db, store: FileStore, id: number): Promise<{ file: TFileOut; stream: Readable }> {
  const row = await repo.findAttachment(db, id);
  if (!row) throw new AppError('NOT_FOUND', 'The file of this document was deleted', [{ field: 'id', message: 'file deleted' }]);
  return { file: fileOut(row), stream: await bytes(store, row) };
}

/**
 * For a client about to be deleted for good (its file rows cascade): the storage keys of its files,
 * read in the delete's transaction; remove them with `removeStoredFiles` after it commits.
 */
export const clientFileKeys = (db: Db, clientId: number) => repo.clientStorageKeys(db, clientId);

export async function removeStoredFiles(store: FileStore, keys: string[]): Promise<void> {
  for (const k of keys) await store.delete(k).catch(() => {});
}

/**
 * Removes the files whose record is gone (deleted by the events, tasks, sales, contracts or promises
 * module, which know nothing of files): the rows with one audit row in a transaction, then the bytes.
 * Runs every hour in the server (files.routes.ts) and answers how many files it removed.
 */
export async function sweepOrphanFiles(db: Db, store: FileStore): Promise<number> {
  const gone = await db.transaction().execute(async (trx) => {
    const rows = await repo.deleteOrphans(trx);
    if (rows.length > 0) {
      await insertAudit(trx, {
        userId: null,
        action: 'file.swept',
        entity: 'file',
        changes: { ids: rows.map((r) => r.id), reason: 'record deleted' },
      });
    }
    return rows;
  });
  await removeStoredFiles(
    store,
    gone.map((r) => r.storageKey),
  );
  return gone.length;
}
