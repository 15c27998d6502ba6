// clientela mail test|send — the e-mail of issue 16 (docs/mail.md) from the command line, through
// the same service as the API, as the CLI's administrator (the message's author is "CLI").
import type { Kysely } from 'kysely';
import type { DB } from '../server/db/schema.js';
import { fileStoreFor } from '../server/modules/files/file-store.js';
import { MailTransport } from '../server/modules/mail/mail-transport.js';
import { sendTest, sendToClient } from '../server/modules/mail/mail.service.js';
import { loadConfig } from '../server/config.js';
import { cliActor } from './actor.js';
import type { Values } from './values.js';

const id = (v: string | undefined, name: string) => {
  if (v === undefined) throw new Error(`--${name} is required`);
  const n = Number(v);
  if (!/^\d{1,10}$/.test(v) || n < 1 || n > 2147483647) throw new Error(`--${name} must be an id (a whole number), not "${v}"`);
  return n;
};

export async function mailTest(db: Kysely<DB>, v: Values) {
  const to = v.to as string | undefined;
  if (!to) throw new Error('--to is required (the CLI has no address of its own)');
  const mailer = new MailTransport();
  try {
    const r = await sendTest(db, mailer, cliActor, to);
    if (!r.ok) {
      const e = r.error!;
      throw new Error(`${e.code}: ${e.message}${e.response ? ` (${e.response})` : ''}`);
    }
    console.log(`sent to ${r.to}: ${r.response}`);
  } finally {
    mailer.close();
  }
}

export async function mailSend(db: Kysely<DB>, v: Values) {
  const clientId = id(v.client as string | undefined, 'client');
  const subject = v.subject as string | undefined;
  const text = v.text as string | undefined;
  if (!subject || text === undefined) throw new Error('--subject and --text are required');
  const files = ((v.file as string[] | undefined) ?? []).map((f) => id(f, 'file'));
  const mailer = new MailTransport();
  try {
    const m = await sendToClient(db, fileStoreFor(loadConfig()), mailer, cliActor, clientId, {
      subject,
      text,
      ...(v.html !== undefined ? { html: v.html as string } : {}),
      ...(v.to !== undefined ? { to: v.to as string } : {}),
      ...(files.length ? { fileIds: files } : {}),
    });
    console.log(`message ${m.id} to ${m.to}: ${m.status}${m.smtpReply ? ` (${m.smtpReply})` : ''}`);
    if (m.status !== 'sent') process.exitCode = 1;
  } finally {
    mailer.close();
  }
}
