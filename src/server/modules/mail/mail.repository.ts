// The SQL of e-mail (issue 16, F4; docs/mail.md): the one row of SMTP settings, the users' own
// senders, and the messages to clients. Whether a client is in the actor's scope is asked of the
// clients service before any of this runs (mail.service.ts).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export type SettingsRow = {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  login: string;
  password: string;
  fromName: string;
  fromAddress: string;
  version: number;
};

/** The settings (with the password: for the transport only, never for an answer). `lock`: FOR UPDATE. */
export async function readSettings(db: Db, lock = false): Promise<SettingsRow> {
  const r = await sql<SettingsRow>`SELECT host, port, security, login, password, from_name, from_address, version
    FROM mail_settings WHERE id = 1 ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  return r.rows[0]!;
}

export type SettingsValues = Omit<SettingsRow, 'version'>;

/** Writes the settings when the version matches: false when it does not. */
export async function writeSettings(db: Db, version: number, v: SettingsValues): Promise<boolean> {
  const r = await db
    .updateTable('mailSettings')
    .set((eb) => ({ ...v, updatedAt: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .where('version', '=', version)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export type SenderRow = { userId: number; userName: string; fromName: string; fromAddress: string };

export async function listSenders(db: Db): Promise<SenderRow[]> {
  const r = await sql<SenderRow>`SELECT s.user_id::int AS user_id, u.name AS user_name, s.from_name, s.from_address
    FROM mail_senders s JOIN users u ON u.id = s.user_id ORDER BY u.name, s.user_id`.execute(db);
  return r.rows;
}

export async function replaceSenders(db: Db, senders: { userId: number; fromName: string; fromAddress: string }[]): Promise<void> {
  await db.deleteFrom('mailSenders').execute();
  if (senders.length > 0) await db.insertInto('mailSenders').values(senders).execute();
}

/** The ids among `ids` that are users. */
export async function existingUsers(db: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('users').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => Number(r.id)));
}

/** A user's name and address, and their own sender when they have one. */
export async function userMailInfo(
  db: Db,
  userId: number,
): Promise<{ name: string; email: string | null; fromName: string | null; fromAddress: string | null } | undefined> {
  const r = await sql<{ name: string; email: string | null; fromName: string | null; fromAddress: string | null }>`
    SELECT u.name, u.email, s.from_name, s.from_address FROM users u LEFT JOIN mail_senders s ON s.user_id = u.id WHERE u.id = ${userId}`.execute(db);
  return r.rows[0];
}

export type MessageValues = {
  clientId: number;
  authorId: number | null;
  fromAddress: string;
  toAddress: string;
  subject: string;
  bodyText: string;
  bodyHtml: string | null;
  attachments: { fileId: number; name: string; size: number }[];
};

export async function insertMessage(db: Db, v: MessageValues): Promise<number> {
  const r = await db
    .insertInto('mailMessages')
    .values({ ...v, attachments: JSON.stringify(v.attachments) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export type Outcome = { status: 'sent' | 'failed'; smtpReply: string | null; errorCode: string | null; messageId: string | null };

export async function finishMessage(db: Db, id: number, o: Outcome): Promise<void> {
  await db
    .updateTable('mailMessages')
    .set({ ...o, sentAt: o.status === 'sent' ? new Date() : null })
    .where('id', '=', id)
    .execute();
}

export type MessageRow = {
  id: number;
  clientId: number;
  authorId: number | null;
  authorName: string | null;
  fromAddress: string;
  toAddress: string;
  subject: string;
  bodyText: string;
  bodyHtml: string | null;
  attachments: { fileId: number; name: string; size: number }[];
  status: 'queued' | 'sent' | 'failed';
  smtpReply: string | null;
  errorCode: string | null;
  messageId: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

const columns = sql`SELECT m.id::int, m.client_id::int AS client_id, m.author_id::int AS author_id, u.name AS author_name, m.from_address,
    m.to_address, m.subject, m.body_text, m.body_html, m.attachments, m.status, m.smtp_reply, m.error_code, m.message_id, m.created_at, m.sent_at
  FROM mail_messages m LEFT JOIN users u ON u.id = m.author_id`;

export async function findMessage(db: Db, id: number): Promise<MessageRow | undefined> {
  return (await sql<MessageRow>`${columns} WHERE m.id = ${id}`.execute(db)).rows[0];
}

/** A client's messages, newest first, `limit` of them before `beforeId`. */
export async function clientMessages(db: Db, clientId: number, limit: number, beforeId?: number): Promise<MessageRow[]> {
  const r = await sql<MessageRow>`${columns} WHERE m.client_id = ${clientId} ${beforeId === undefined ? sql`` : sql`AND m.id < ${beforeId}`}
    ORDER BY m.id DESC LIMIT ${limit}`.execute(db);
  return r.rows;
}
