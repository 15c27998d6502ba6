// The SQL of attached files (issue 15; docs/crm-files.md). Whether the record a file hangs on is in
// the actor's scope is read here for tasks, contracts, promises and sales straight from their tables
// (their modules are written in parallel; events go through the events service): the record with its
// client LEFT JOINed as `c` and the record scope (access/scope.ts).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/rights.js';
import { recordScopeSql, scopeSql } from '../access/scope.js';
import type { TFileTarget } from './files.schemas.js';

type Db = Kysely<DB>;

export type AttachmentRow = {
  id: number;
  clientId: number | null;
  target: TFileTarget;
  targetId: number;
  storageKey: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  uploadedBy: number | null;
  uploadedByName: string | null;
  createdAt: Date;
};

/** A task, contract, promise or sale in the actor's scope: found (with its client, if any) or not. */
export async function recordClient(
  db: Db,
  actor: Actor,
  target: 'task' | 'contract' | 'promise' | 'sale',
  id: number,
): Promise<{ clientId: number | null } | undefined> {
  const q =
    target === 'task'
      ? sql`SELECT t.client_id::int AS client_id FROM tasks t LEFT JOIN clients c ON c.id = t.client_id
          WHERE t.id = ${id} AND ${recordScopeSql(actor, sql`t.assignee_id`)}`
      : target === 'contract'
        ? sql`SELECT k.client_id::int AS client_id FROM contracts k LEFT JOIN clients c ON c.id = k.client_id
          WHERE k.id = ${id} AND ${recordScopeSql(actor, sql`k.responsible_id`)}`
        : target === 'promise'
          ? sql`SELECT p.client_id::int AS client_id FROM promises p LEFT JOIN clients c ON c.id = p.client_id
          WHERE p.id = ${id} AND ${recordScopeSql(actor, sql`p.responsible_id`)}`
          : // a sale is seen through its client, as the sales module shows it (sales.repository.ts)
            sql`SELECT s.client_id::int AS client_id FROM sales s JOIN clients c ON c.id = s.client_id
          WHERE s.id = ${id} AND ${scopeSql(actor)}`;
  const r = await sql<{ clientId: number | null }>`${q}`.execute(db);
  return r.rows[0];
}

const columns = sql`SELECT a.id::int, a.client_id::int AS client_id, a.target, a.target_id::int AS target_id, a.storage_key, a.name, a.mime,
    a.size::int AS size, a.sha256, a.uploaded_by::int AS uploaded_by, u.name AS uploaded_by_name, a.created_at
  FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by`;

export async function findAttachment(db: Db, id: number): Promise<AttachmentRow | undefined> {
  return (await sql<AttachmentRow>`${columns} WHERE a.id = ${id}`.execute(db)).rows[0];
}

/** The files of one record, newest first (at most `limit`). */
export async function attachmentsOf(db: Db, target: TFileTarget, targetId: number, limit: number): Promise<AttachmentRow[]> {
  return (
    await sql<AttachmentRow>`${columns} WHERE a.target = ${target} AND a.target_id = ${targetId}
      ORDER BY a.created_at DESC, a.id DESC LIMIT ${limit}`.execute(db)
  ).rows;
}

/** Every file of a client, on the client itself or on any of its records, newest first. */
export async function attachmentsOfClient(db: Db, clientId: number, limit: number): Promise<AttachmentRow[]> {
  return (
    await sql<AttachmentRow>`${columns} WHERE a.client_id = ${clientId}
      ORDER BY a.created_at DESC, a.id DESC LIMIT ${limit}`.execute(db)
  ).rows;
}

export type AttachmentValues = {
  clientId: number | null;
  target: TFileTarget;
  targetId: number;
  storageKey: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  uploadedBy: number | null;
};

export async function insertAttachment(db: Db, v: AttachmentValues): Promise<number> {
  const r = await db.insertInto('attachments').values(v).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function deleteAttachment(db: Db, id: number): Promise<void> {
  await db.deleteFrom('attachments').where('id', '=', id).execute();
}

/** The storage keys of a client's files (read before the client is deleted, which cascades to their rows). */
export async function clientStorageKeys(db: Db, clientId: number): Promise<string[]> {
  const rows = await db.selectFrom('attachments').select('storageKey').where('clientId', '=', clientId).execute();
  return rows.map((r) => r.storageKey);
}

/**
 * Deletes the rows of files whose record is gone (an event, task, sale, contract or promise deleted
 * by its own module; a client's files cascade with it) and answers their ids and storage keys.
 */
export async function deleteOrphans(db: Db): Promise<{ id: number; storageKey: string }[]> {
  const r = await sql<{ id: number; storageKey: string }>`
    DELETE FROM attachments a WHERE
         (a.target = 'client' AND NOT EXISTS (SELECT 1 FROM clients x WHERE x.id = a.target_id))
      OR (a.target = 'event' AND NOT EXISTS (SELECT 1 FROM events x WHERE x.id = a.target_id))
      OR (a.target = 'task' AND NOT EXISTS (SELECT 1 FROM tasks x WHERE x.id = a.target_id))
      OR (a.target = 'sale' AND NOT EXISTS (SELECT 1 FROM sales x WHERE x.id = a.target_id))
      OR (a.target = 'contract' AND NOT EXISTS (SELECT 1 FROM contracts x WHERE x.id = a.target_id))
      OR (a.target = 'promise' AND NOT EXISTS (SELECT 1 FROM promises x WHERE x.id = a.target_id))
    RETURNING a.id::int AS id, a.storage_key`.execute(db);
  return r.rows;
}
