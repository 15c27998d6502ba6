// E-mail (issue 16, F4; docs/mail.md): the SMTP settings (administrators), the test send, and a
// message to a client with merge fields and attachments, recorded in mail_messages and shown on
// the client's timeline. Rights: a message to a client is an interaction — sending needs
// events.create, reading the messages events.read — and the client must be in the sender's scope
// (else 404, as everywhere). Sending happens in the request: the row is written 'queued' first (so
// a crash mid-conversation leaves a trace), then set to 'sent' or 'failed' with the SMTP reply.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { insertAudit } from '../../db/audit-log.js';
import { isForeignKeyViolation } from '../../db/pg-errors.js';
import { AppError, Issues, validationError } from '../../shared/errors.js';
import { type Actor, actorUserId, requireRight } from '../access/rights.js';
import { getClient } from '../clients/clients.service.js';
import { listFields } from '../custom-fields/custom-fields.service.js';
import type { FileStore } from '../files/file-store.js';
import { downloadFile } from '../files/files.service.js';
import type {
  TClientMailIn,
  TMailListQuery,
  TMailMessageList,
  TMailMessageOut,
  TMailSettingsIn,
  TMailSettingsOut,
  TMailTestAnswer,
} from './mail.schemas.js';
import type { MailTransport, OutgoingMail, SendResult } from './mail-transport.js';
import { headerText, mergeIssues, mergeValues, render } from './merge.js';
import * as repo from './mail.repository.js';

type Db = Kysely<DB>;
const iso = (d: Date | string) => new Date(d).toISOString();
/** The most bytes of attachments one message carries. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

function requireAdmin(actor: Actor) {
  if (!actor.isAdmin) throw new AppError('FORBIDDEN', 'Only administrators see and change the e-mail settings');
}

const configured = (s: repo.SettingsRow) => s.host !== '' && s.fromAddress !== '';

async function settingsOut(db: Db, s: repo.SettingsRow): Promise<TMailSettingsOut> {
  return {
    host: s.host,
    port: s.port,
    security: s.security,
    login: s.login,
    passwordSet: s.password !== '',
    fromName: s.fromName,
    fromAddress: s.fromAddress,
    senders: await repo.listSenders(db),
    configured: configured(s),
    version: s.version,
  };
}

export async function getSettings(db: Db, actor: Actor): Promise<TMailSettingsOut> {
  requireAdmin(actor);
  return settingsOut(db, await repo.readSettings(db));
}

/** Changes the settings with their version; the audit row names what changed, and of the password only that it did. */
export async function updateSettings(db: Db, actor: Actor, input: TMailSettingsIn, ip?: string): Promise<TMailSettingsOut> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const before = await repo.readSettings(trx, true);
    if (before.version !== input.version)
      throw new AppError('VERSION_CONFLICT', 'The e-mail settings were changed elsewhere', { currentVersion: before.version });
    const v: repo.SettingsValues = {
      host: input.host?.trim() ?? before.host,
      port: input.port ?? before.port,
      security: input.security ?? before.security,
      login: input.login?.trim() ?? before.login,
      password: input.password === undefined ? before.password : (input.password ?? ''),
      fromName: input.fromName !== undefined ? headerText(input.fromName) : before.fromName,
      fromAddress: input.fromAddress ?? before.fromAddress,
    };
    const changes: Record<string, unknown> = {};
    for (const k of ['host', 'port', 'security', 'login', 'fromName', 'fromAddress'] as const) {
      if (v[k] !== before[k]) changes[k] = [before[k], v[k]];
    }
    if (v.password !== before.password) changes.password = v.password === '' ? 'removed' : 'changed';
    if (input.senders !== undefined) {
      const issues = new Issues();
      const ids = input.senders.map((s) => s.userId);
      const known = await repo.existingUsers(trx, ids);
      input.senders.forEach((s, i) => {
        if (!known.has(s.userId)) issues.add(`senders.${i}.userId`, 'no such user');
        if (ids.indexOf(s.userId) !== i) issues.add(`senders.${i}.userId`, 'named twice');
      });
      issues.throwIfAny();
      const beforeSenders = (await repo.listSenders(trx)).map(({ userId, fromName, fromAddress }) => ({ userId, fromName, fromAddress }));
      const after = input.senders.map((s) => ({ userId: s.userId, fromName: headerText(s.fromName), fromAddress: s.fromAddress }));
      if (JSON.stringify(beforeSenders) !== JSON.stringify([...after].sort((a, b) => a.userId - b.userId))) {
        changes.senders = [beforeSenders, after];
      }
      await repo.replaceSenders(trx, after);
    }
    if (!(await repo.writeSettings(trx, before.version, v))) throw new AppError('VERSION_CONFLICT', 'The e-mail settings were changed elsewhere');
    await insertAudit(trx, { userId: actorUserId(actor), action: 'mail.settings.changed', entity: 'mail_settings', entityId: 1, changes, ip });
    return settingsOut(trx, await repo.readSettings(trx));
  });
}

/** The sender of a user's messages: their own when an administrator gave them one, else the firm's. */
async function senderOf(db: Db, actor: Actor, s: repo.SettingsRow): Promise<{ name: string; address: string }> {
  const u = actor.userId > 0 ? await repo.userMailInfo(db, actor.userId) : undefined;
  if (u?.fromAddress) return { name: u.fromName ?? '', address: u.fromAddress };
  return { name: s.fromName, address: s.fromAddress };
}

const notConfigured = (): SendResult => ({
  ok: false,
  error: { code: 'NOT_CONFIGURED', message: 'E-mail is not set up: give the SMTP host and the sender address', response: null },
});

/** POST /api/mail/test: a short message to the user's own address (or `to`, from the CLI); the answer is the server's reply or the error. */
export async function sendTest(db: Db, mailer: MailTransport, actor: Actor, to?: string): Promise<TMailTestAnswer> {
  requireAdmin(actor);
  const s = await repo.readSettings(db);
  const address = to ?? (actor.userId > 0 ? ((await repo.userMailInfo(db, actor.userId))?.email ?? null) : null);
  const answer = (r: SendResult, addr: string | null): TMailTestAnswer =>
    r.ok
      ? { ok: true, to: addr, response: r.response, messageId: r.messageId, error: null }
      : { ok: false, to: addr, response: null, messageId: null, error: r.error };
  if (!address) {
    return answer({ ok: false, error: { code: 'NO_ADDRESS', message: 'Your user has no e-mail address to send the test to', response: null } }, null);
  }
  if (!configured(s)) return answer(notConfigured(), address);
  const r = await mailer.send(s, {
    from: await senderOf(db, actor, s),
    to: address,
    subject: 'Clientela: test e-mail',
    text: `This is a test e-mail from Clientela, sent through ${s.host}:${s.port} (${s.security}).\n`,
  });
  return answer(r, address);
}

function messageOut(r: repo.MessageRow): TMailMessageOut {
  return {
    id: r.id,
    clientId: r.clientId,
    authorId: r.authorId,
    authorName: r.authorName,
    from: r.fromAddress,
    to: r.toAddress,
    subject: r.subject,
    text: r.bodyText,
    html: r.bodyHtml,
    attachments: r.attachments,
    status: r.status,
    smtpReply: r.smtpReply,
    errorCode: r.errorCode,
    messageId: r.messageId,
    createdAt: iso(r.createdAt),
    sentAt: r.sentAt ? iso(r.sentAt) : null,
  };
}

type Channel = { type?: unknown; value?: unknown };

/** The e-mail channels of a client as the role sees them (none when its role hides the channels). */
function emailsOf(client: Record<string, unknown>): string[] {
  const channels = Array.isArray(client.channels) ? (client.channels as Channel[]) : [];
  return channels.filter((c) => c.type === 'email' && typeof c.value === 'string').map((c) => (c.value as string).trim());
}

/** One mailbox, nothing that could be read as a second address or a header. */
const ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/;

/** POST /api/clients/:id/mail */
export async function sendToClient(
  db: Db,
  store: FileStore,
  mailer: MailTransport,
  actor: Actor,
  clientId: number,
  input: TClientMailIn,
  ip?: string,
): Promise<TMailMessageOut> {
  requireRight(actor, 'events', 'create');
  const client = (await getClient(db, actor, clientId)) as unknown as Record<string, unknown>; // 404 outside the scope
  const issues = new Issues();
  const emails = emailsOf(client);
  let to: string | undefined;
  if (input.to !== undefined) {
    to = emails.find((e) => e.toLowerCase() === input.to!.trim().toLowerCase());
    if (!to) issues.add('to', "not one of the client's e-mail addresses");
  } else {
    to = emails[0];
    if (!to) issues.add('to', 'the client has no e-mail address');
  }
  if (to !== undefined && !ADDRESS.test(to)) issues.add('to', 'not an e-mail address');
  const user = actor.userId > 0 ? await repo.userMailInfo(db, actor.userId) : undefined;
  const customKeys = (await listFields(db)).map((f) => f.key);
  const values = mergeValues(client, customKeys, { name: user?.name ?? actor.name, email: user?.email ?? null });
  for (const i of mergeIssues({ subject: input.subject, text: input.text, html: input.html }, values)) issues.add(i.field, i.message);
  const subject = render(input.subject, values, 'header');
  if (subject === '') issues.add('subject', 'say the subject');
  issues.throwIfAny();

  // attachments: files of this client the user may read (notes.read), read into memory within a limit
  const attachments: NonNullable<OutgoingMail['attachments']> = [];
  const recorded: repo.MessageValues['attachments'] = [];
  let total = 0;
  for (const [i, fileId] of (input.fileIds ?? []).entries()) {
    let bytes: Awaited<ReturnType<typeof downloadFile>>;
    try {
      bytes = await downloadFile(db, store, actor, fileId);
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND') throw validationError([{ field: `fileIds.${i}`, message: 'no such file of this client' }]);
      throw e;
    }
    if (bytes.file.clientId !== clientId) {
      bytes.stream.destroy();
      throw validationError([{ field: `fileIds.${i}`, message: 'no such file of this client' }]);
    }
    total += bytes.file.size;
    if (total > MAX_ATTACHMENT_BYTES) {
      bytes.stream.destroy();
      throw new AppError('PAYLOAD_TOO_LARGE', 'The attachments are larger than 20 MB together', [{ field: 'fileIds', message: 'too large' }]);
    }
    const chunks: Buffer[] = [];
    for await (const c of bytes.stream) chunks.push(c as Buffer);
    attachments.push({ filename: bytes.file.name, content: Buffer.concat(chunks), contentType: bytes.file.mime });
    recorded.push({ fileId, name: bytes.file.name, size: bytes.file.size });
  }

  const s = await repo.readSettings(db);
  if (!configured(s))
    throw new AppError('INVALID_STATE', 'E-mail is not set up: an administrator gives the SMTP settings', { reason: 'NOT_CONFIGURED' });
  const from = await senderOf(db, actor, s);
  const text = render(input.text, values, 'text');
  const html = input.html === undefined ? undefined : render(input.html, values, 'html');
  const row0: repo.MessageValues = {
    clientId,
    authorId: actorUserId(actor),
    fromAddress: from.address,
    toAddress: to!,
    subject,
    bodyText: text,
    bodyHtml: html ?? null,
    attachments: recorded,
  };
  const id = await db.transaction().execute(async (trx) => {
    let messageId: number;
    try {
      messageId = await repo.insertMessage(trx, row0);
    } catch (e) {
      // the client was deleted for good meanwhile
      if (isForeignKeyViolation(e)) throw new AppError('CLIENT_NOT_FOUND', 'No such client');
      throw e;
    }
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'mail.sent',
      entity: 'mail_message',
      entityId: messageId,
      changes: { clientId, to, subject, attachments: recorded.map((a) => a.fileId) },
      ip,
    });
    return messageId;
  });
  const r = await mailer.send(s, { from, to: to!, subject, text, ...(html !== undefined ? { html } : {}), attachments });
  const outcome: repo.Outcome = r.ok
    ? { status: 'sent', smtpReply: r.response, errorCode: null, messageId: r.messageId }
    : { status: 'failed', smtpReply: r.error.response ?? r.error.message, errorCode: r.error.code, messageId: null };
  await repo.finishMessage(db, id, outcome);
  const row = await repo.findMessage(db, id);
  if (row) return messageOut(row);
  // the client (and with it the row) was deleted for good while the message was on its way: the answer still tells what happened
  const now = new Date();
  return messageOut({
    ...row0,
    ...outcome,
    id,
    authorName: user?.name ?? null,
    createdAt: now,
    sentAt: outcome.status === 'sent' ? now : null,
  });
}

/** GET /api/clients/:id/mail */
export async function listClientMail(db: Db, actor: Actor, clientId: number, q: TMailListQuery): Promise<TMailMessageList> {
  requireRight(actor, 'events', 'read');
  await getClient(db, actor, clientId);
  const rows = await repo.clientMessages(db, clientId, q.limit + 1, q.beforeId);
  const items = rows.slice(0, q.limit).map(messageOut);
  return { items, nextBeforeId: rows.length > q.limit ? items[items.length - 1]!.id : null };
}
