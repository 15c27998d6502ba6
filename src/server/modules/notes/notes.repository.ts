// The SQL of notes on clients (issue 15; docs/crm-records.md). A note is visible exactly when its
// client is (access/scope.ts scopeSql over the client joined as `c`).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Row } from '../../db/rows.js';
import type { Actor } from '../access/rights.js';
import { scopeSql } from '../access/scope.js';

type Db = Kysely<DB>;

export type NoteRow = Row<'notes'> & { authorName: string | null };

const columns = sql`SELECT n.id::int, n.client_id::int AS client_id, n.body, n.author_id::int AS author_id, u.name AS author_name,
    n.created_at, n.updated_at, n.version`;
const from = sql`FROM notes n JOIN clients c ON c.id = n.client_id LEFT JOIN users u ON u.id = n.author_id`;

export async function findNote(db: Db, actor: Actor, id: number, lock = false): Promise<NoteRow | undefined> {
  const r = await sql<NoteRow>`${columns} ${from} WHERE n.id = ${id} AND ${scopeSql(actor)} ${lock ? sql`FOR UPDATE OF n` : sql``}`.execute(db);
  return r.rows[0];
}

/** Up to `limit` notes of the client, newest first (by id: the order they were written; the client's visibility is the caller's check). */
export async function findNotes(db: Db, clientId: number, beforeId: number | undefined, limit: number): Promise<NoteRow[]> {
  const r = await sql<NoteRow>`${columns} ${from} WHERE n.client_id = ${clientId} ${beforeId === undefined ? sql`` : sql`AND n.id < ${beforeId}`}
    ORDER BY n.id DESC LIMIT ${limit}`.execute(db);
  return r.rows;
}

export async function insertNote(db: Db, clientId: number, body: string, authorId: number | null): Promise<number> {
  const r = await db.insertInto('notes').values({ clientId, body, authorId }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateNote(db: Db, id: number, version: number, body: string): Promise<boolean> {
  const r = await db
    .updateTable('notes')
    .set((eb) => ({ body, updatedAt: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function deleteNote(db: Db, id: number): Promise<void> {
  await db.deleteFrom('notes').where('id', '=', id).execute();
}
