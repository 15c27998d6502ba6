// E-mail through HTTP on a real database and a real SMTP server on loopback (issue 16, F4): the
// settings (administrators only, the password never returned nor audited), the test send and its
// structured errors, a message to a client with merge fields (field rights and record scope), an
// attachment's bytes, the failed status with the server's reply, no header injection, the
// client's timeline, and the one pooled transport rebuilt when the settings change.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';

type Received = { from: string; to: string[]; raw: string; session: string };

/** A loopback SMTP server that keeps every message; `reject` names recipients it answers 550. */
function smtp() {
  const received: Received[] = [];
  const reject = new Set<string>();
  const sessions = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(session, cb) {
      sessions.add(session.id);
      cb();
    },
    onRcptTo(address, _session, cb) {
      if (reject.has(address.address)) {
        const e = new Error('5.1.1 no such mailbox here') as Error & { responseCode: number };
        e.responseCode = 550;
        return cb(e);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          session: session.id,
        });
        cb(null, `queued as m${received.length}`);
      });
    },
  });
  return {
    received,
    reject,
    sessions,
    server,
    listen: () =>
      new Promise<number>((resolve) => {
        server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port));
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The header block of a raw message, unfolded, as [name, value] pairs. */
function headers(raw: string): [string, string][] {
  const head = raw.split(/\r\n\r\n/)[0]!.replace(/\r\n[ \t]+/g, ' ');
  return head.split('\r\n').map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i).toLowerCase(), l.slice(i + 1).trim()];
  });
}
const header = (raw: string, name: string) => headers(raw).filter(([n]) => n === name.toLowerCase());

/** Decodes RFC 2047 encoded words (what nodemailer writes for non-ASCII headers). */
function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** The MIME parts of a multipart message (one level deep, and the parts of nested multiparts). */
function parts(raw: string): { headers: [string, string][]; body: string }[] {
  const out: { headers: [string, string][]; body: string }[] = [];
  const walk = (text: string) => {
    const ct = header(text, 'content-type')[0]?.[1] ?? '';
    const b = /boundary="?([^";]+)"?/.exec(ct)?.[1];
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    if (!b) {
      out.push({ headers: headers(text), body });
      return;
    }
    for (const chunk of body.split(`--${b}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      walk(chunk.replace(/^\r\n/, ''));
    }
  };
  walk(raw);
  return out;
}
const decodeQp = (s: string) =>
  Buffer.from(
    s.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
function partText(p: { headers: [string, string][]; body: string }): string {
  const enc = p.headers.find(([n]) => n === 'content-transfer-encoding')?.[1].toLowerCase();
  if (enc === 'base64') return Buffer.from(p.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') return decodeQp(p.body);
  return p.body;
}

let t: TestApp;
let admin: ApiClient;
let anna: ApiClient; // manager, own scope
let boris: ApiClient; // manager, own scope
let restricted: ApiClient; // all clients, inn hidden
let reader: ApiClient;
let server: ReturnType<typeof smtp>;
let port: number;
let annaClient: number;
let settingsVersion: number;

async function configure(extra: Record<string, unknown> = {}) {
  const cur = (await admin.get('/api/mail/settings')).body;
  const r = await admin.put('/api/mail/settings', { version: cur.version, ...extra });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  settingsVersion = r.body.version;
  return r.body;
}

before(async () => {
  server = smtp();
  port = await server.listen();
  t = await startTestApp();
  admin = await t.user('admin');
  anna = await t.user('manager');
  boris = await t.user('manager');
  reader = await t.user('readonly');
  const role = await admin.post('/api/roles', {
    key: 'mailrestricted',
    name: 'Mail restricted',
    scope: 'all',
    rights: { clients: { read: true }, events: { read: true, create: true }, notes: { read: true } },
    fieldRights: { inn: 'hidden' },
  });
  assert.equal(role.status, 201, JSON.stringify(role.body));
  restricted = await t.user(role.body.id);
  const c = await anna.post(
    '/api/clients',
    person('Ivanova', {
      firstName: 'Мария',
      channels: [
        { type: 'phone', value: '+7 999 123-45-67' },
        { type: 'email', value: 'maria@example.test' },
        { type: 'email', value: 'maria.work@example.test' },
      ],
    }),
  );
  assert.equal(c.status, 201, JSON.stringify(c.body));
  annaClient = c.body.client.id;
  await t.db.updateTable('clients').set({ inn: '7707083893' }).where('id', '=', annaClient).execute();
});
after(async () => {
  await t.close();
  await server.close();
});

describe('mail settings', () => {
  it('are for administrators only; the password is stored, never returned, never audited', async () => {
    assert.equal((await anna.get('/api/mail/settings')).status, 403);
    assert.equal((await anna.put('/api/mail/settings', { version: 1, host: 'x' })).status, 403);
    assert.equal((await anna.post('/api/mail/test')).status, 403);
    const first = (await admin.get('/api/mail/settings')).body;
    assert.equal(first.configured, false);
    const crlf = await admin.put('/api/mail/settings', { version: first.version, fromName: 'Firm\r\nBcc: evil@x.test' });
    assert.equal(crlf.status, 400, 'a line break in a sender name is refused');
    const s = await configure({
      host: '127.0.0.1',
      port,
      security: 'none',
      login: '',
      password: 'pa55-secret',
      fromName: 'Firm',
      fromAddress: 'office@firm.test',
      senders: [{ userId: boris.userId, fromName: 'Boris', fromAddress: 'boris@firm.test' }],
    });
    assert.equal(s.passwordSet, true);
    assert.equal(s.fromName, 'Firm');
    assert.equal(s.configured, true);
    assert.deepEqual(
      s.senders.map((x: { userId: number }) => x.userId),
      [boris.userId],
    );
    assert.ok(!JSON.stringify((await admin.get('/api/mail/settings')).body).includes('pa55-secret'));
    const row = await t.db.selectFrom('mailSettings').select('password').executeTakeFirstOrThrow();
    assert.equal(row.password, 'pa55-secret');
    const audit = await t.db.selectFrom('auditLog').select(['action', 'changes']).where('action', '=', 'mail.settings.changed').execute();
    assert.equal(audit.length, 1);
    assert.ok(!JSON.stringify(audit).includes('pa55-secret'));
    assert.equal((audit[0]!.changes as Record<string, unknown>).password, 'changed');
    // a stale version is 409; bad values 400
    assert.equal((await admin.put('/api/mail/settings', { version: first.version, host: 'y' })).status, 409);
    assert.equal((await admin.put('/api/mail/settings', { version: settingsVersion, fromAddress: 'a@b\r\nBcc: c@d' })).status, 400);
    assert.equal((await admin.put('/api/mail/settings', { version: settingsVersion, port: 0 })).status, 400);
    assert.equal(
      (await admin.put('/api/mail/settings', { version: settingsVersion, senders: [{ userId: 999999, fromName: '', fromAddress: 'a@b.c' }] })).status,
      400,
    );
    // the password is removed with null and kept when left out
    await configure({ password: null });
    assert.equal((await admin.get('/api/mail/settings')).body.passwordSet, false);
  });

  it('a change of settings is rolled back with its audit row (same transaction)', async () => {
    const before = (await admin.get('/api/mail/settings')).body;
    // make the audit insert fail for this action only, through a constraint
    await sql`ALTER TABLE audit_log ADD CONSTRAINT no_mail_audit CHECK (action <> 'mail.settings.changed') NOT VALID`.execute(t.db);
    try {
      const r = await admin.put('/api/mail/settings', { version: before.version, host: 'changed.example' });
      assert.ok(r.status >= 400);
      assert.equal((await admin.get('/api/mail/settings')).body.host, before.host);
    } finally {
      await sql`ALTER TABLE audit_log DROP CONSTRAINT no_mail_audit`.execute(t.db);
    }
  });
});

describe('the test e-mail', () => {
  it("goes to the user's own address and answers the server's reply", async () => {
    const me = (await admin.get(`/api/users/${admin.userId}`)).body;
    assert.equal((await admin.patch(`/api/users/${admin.userId}`, { version: me.version, email: 'admin@firm.test' })).status, 200);
    const r = await admin.post('/api/mail/test');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.ok, true, JSON.stringify(r.body));
    assert.match(r.body.response, /^250 .*queued as m\d+/);
    const got = server.received.at(-1)!;
    assert.deepEqual(got.to, ['admin@firm.test']);
    assert.equal(got.from, 'office@firm.test');
    assert.match(header(got.raw, 'subject')[0]![1], /test e-mail/);
  });

  it('answers a refusal or an unreachable server as a structured error, never a 500', async () => {
    server.reject.add('admin@firm.test');
    try {
      const r = await admin.post('/api/mail/test');
      assert.equal(r.status, 200);
      assert.equal(r.body.ok, false);
      assert.equal(r.body.error.code, 'EENVELOPE');
      assert.match(r.body.error.response, /^550 /);
    } finally {
      server.reject.delete('admin@firm.test');
    }
    // a port nobody listens on
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    await configure({ port: closed });
    try {
      const r = await admin.post('/api/mail/test');
      assert.equal(r.status, 200);
      assert.equal(r.body.ok, false);
      assert.equal(r.body.error.code, 'ESOCKET', JSON.stringify(r.body));
      assert.match(r.body.error.message, /ECONNREFUSED/);
    } finally {
      await configure({ port });
    }
    // a user without an address
    const other = await t.user('admin');
    const none = await other.post('/api/mail/test');
    assert.equal(none.status, 200);
    assert.equal(none.body.error.code, 'NO_ADDRESS');
  });
});

describe('a message to a client', () => {
  it('sends with merge values, records it sent, and shows it on the timeline', async () => {
    const before = server.received.length;
    const r = await anna.post(`/api/clients/${annaClient}/mail`, {
      subject: 'Hello {{client.firstName}} {{ client.surname }}',
      text: 'Dear {{client.firstName}}, your INN is {{client.inn}}.\nRegards, {{user.name}}',
      html: '<p>Dear <b>{{client.firstName}}</b></p>',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'sent');
    assert.equal(r.body.to, 'maria@example.test', 'the first e-mail channel by default');
    assert.equal(r.body.subject, 'Hello Мария Ivanova');
    assert.match(r.body.smtpReply, /^250 /);
    assert.ok(r.body.messageId);
    assert.ok(r.body.sentAt);
    assert.equal(server.received.length, before + 1);
    const got = server.received.at(-1)!;
    assert.deepEqual(got.to, ['maria@example.test']);
    assert.equal(decodeWords(header(got.raw, 'subject')[0]![1]), 'Hello Мария Ivanova');
    assert.match(header(got.raw, 'content-type')[0]![1], /^multipart\/alternative/);
    const ps = parts(got.raw);
    const text = ps.find((p) => p.headers.some(([n, v]) => n === 'content-type' && v.startsWith('text/plain')))!;
    const html = ps.find((p) => p.headers.some(([n, v]) => n === 'content-type' && v.startsWith('text/html')))!;
    assert.equal(partText(text).trimEnd(), `Dear Мария, your INN is 7707083893.\nRegards, User ${anna.login}`.replace(/\n/g, '\r\n'));
    assert.equal(partText(html).trimEnd(), '<p>Dear <b>Мария</b></p>');
    assert.equal(header(got.raw, 'message-id')[0]![1], r.body.messageId);
    // the timeline and the list
    const tl = (await anna.get(`/api/clients/${annaClient}/timeline?kinds=mail`)).body;
    assert.deepEqual(tl.kinds, ['mail']);
    assert.equal(tl.items[0].kind, 'mail');
    assert.equal(tl.items[0].id, r.body.id);
    assert.equal(tl.items[0].title, 'Hello Мария Ivanova');
    assert.equal(tl.items[0].status, 'sent');
    const all = (await anna.get(`/api/clients/${annaClient}/timeline`)).body;
    assert.ok(all.kinds.includes('mail'));
    const list = (await anna.get(`/api/clients/${annaClient}/mail`)).body;
    assert.equal(list.items[0].id, r.body.id);
    assert.equal(list.items[0].text, `Dear Мария, your INN is 7707083893.\nRegards, User ${anna.login}`);
  });

  it('chooses another e-mail channel, refuses an address that is not the client’s, and a merge field it does not know', async () => {
    const r = await anna.post(`/api/clients/${annaClient}/mail`, { to: 'MARIA.WORK@example.test', subject: 'Hi', text: 'x' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.to, 'maria.work@example.test');
    assert.deepEqual(server.received.at(-1)!.to, ['maria.work@example.test']);
    const n = server.received.length;
    const bad = await anna.post(`/api/clients/${annaClient}/mail`, { to: 'someone@else.test', subject: 'Hi', text: 'x' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].field, 'to');
    const two = await anna.post(`/api/clients/${annaClient}/mail`, { to: 'maria@example.test, other@else.test', subject: 'Hi', text: 'x' });
    assert.equal(two.status, 400);
    const unknown = await anna.post(`/api/clients/${annaClient}/mail`, { subject: 'Hi {{client.nosuch}}', text: '{{password}}' });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body.error.details.map((d: { field: string }) => d.field).sort(), ['subject', 'text']);
    assert.equal(server.received.length, n, 'nothing sent');
  });

  it('renders a field the role may not see as empty, and a client outside the scope is 404', async () => {
    const r = await restricted.post(`/api/clients/${annaClient}/mail`, { subject: 'INN [{{client.inn}}]', text: 'INN [{{client.inn}}]' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.subject, 'INN []');
    assert.ok(!server.received.at(-1)!.raw.includes('7707083893'));
    assert.equal((await boris.post(`/api/clients/${annaClient}/mail`, { subject: 'x', text: 'x' })).status, 404);
    assert.equal((await boris.get(`/api/clients/${annaClient}/mail`)).status, 404);
    assert.equal((await reader.post(`/api/clients/${annaClient}/mail`, { subject: 'x', text: 'x' })).status, 403);
  });

  it('attaches a file of the client byte for byte, and refuses a file of another client', async () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
    const up = await anna.req('POST', `/api/files?target=client&targetId=${annaClient}`, bytes, {
      'content-type': 'application/octet-stream',
      'x-file-name': encodeURIComponent('счёт 1.bin'),
    });
    assert.equal(up.status, 201, JSON.stringify(up.body));
    const r = await anna.post(`/api/clients/${annaClient}/mail`, { subject: 'Invoice', text: 'attached', fileIds: [up.body.id] });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(r.body.attachments, [{ fileId: up.body.id, name: 'счёт 1.bin', size: 3000 }]);
    const got = server.received.at(-1)!;
    assert.match(header(got.raw, 'content-type')[0]![1], /^multipart\/mixed/);
    const att = parts(got.raw).find((p) => p.headers.some(([n, v]) => n === 'content-disposition' && v.startsWith('attachment')))!;
    assert.ok(att, 'an attachment part');
    assert.deepEqual(Buffer.from(att.body.replace(/\s+/g, ''), 'base64'), bytes);
    const other = (await boris.post('/api/clients', person('Otherclient'))).body.client.id;
    const theirs = await boris.req('POST', `/api/files?target=client&targetId=${other}`, Buffer.from('x'), {
      'content-type': 'application/octet-stream',
      'x-file-name': 'x.bin',
    });
    const refused = await admin.post(`/api/clients/${annaClient}/mail`, { subject: 'x', text: 'x', fileIds: [theirs.body.id] });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.details[0].field, 'fileIds.0');
  });

  it('records a refusal as failed with the SMTP reply', async () => {
    server.reject.add('maria@example.test');
    try {
      const r = await anna.post(`/api/clients/${annaClient}/mail`, { subject: 'Refused', text: 'x' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.status, 'failed');
      assert.equal(r.body.errorCode, 'EENVELOPE');
      assert.match(r.body.smtpReply, /^550 .*no such mailbox/);
      assert.equal(r.body.sentAt, null);
      const tl = (await anna.get(`/api/clients/${annaClient}/timeline?kinds=mail`)).body;
      assert.equal(tl.items[0].status, 'failed');
    } finally {
      server.reject.delete('maria@example.test');
    }
  });

  it('lets no merge value, subject or recipient add a header', async () => {
    const c = await admin.post(
      '/api/clients',
      person('Evil\r\nBcc: x@y.test', { firstName: 'A\nCc: z@y.test', channels: [{ type: 'email', value: 'victim@example.test' }] }),
    );
    assert.equal(c.status, 201, JSON.stringify(c.body));
    const id = c.body.client.id;
    // whatever the client's create normalised, the stored name carries the line break
    await t.db.updateTable('clients').set({ surname: 'Evil\r\nBcc: x@y.test', displayName: 'Evil\r\nBcc: x@y.test' }).where('id', '=', id).execute();
    const r = await admin.post(`/api/clients/${id}/mail`, {
      subject: 'Hi {{client.surname}}\r\nX-Injected: 1 {{client.firstName}}',
      text: 'Body {{client.displayName}}',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.status, 'sent');
    const got = server.received.at(-1)!;
    assert.deepEqual(got.to, ['victim@example.test'], 'one recipient');
    assert.equal(header(got.raw, 'bcc').length, 0);
    assert.equal(header(got.raw, 'cc').length, 0);
    assert.equal(header(got.raw, 'x-injected').length, 0);
    assert.equal(header(got.raw, 'subject').length, 1);
    assert.equal(header(got.raw, 'to').length, 1);
    assert.equal(decodeWords(header(got.raw, 'subject')[0]![1]), 'Hi Evil Bcc: x@y.test X-Injected: 1 A Cc: z@y.test');
    // a recipient with a line break is not one of the client's addresses
    const inj = await admin.post(`/api/clients/${id}/mail`, { to: 'victim@example.test\r\nBcc: x@y.test', subject: 'x', text: 'x' });
    assert.equal(inj.status, 400);
  });

  it("sends from the user's own sender when an administrator gave one", async () => {
    const c = (await boris.post('/api/clients', person('Borisclient', { channels: [{ type: 'email', value: 'bc@example.test' }] }))).body.client.id;
    const r = await boris.post(`/api/clients/${c}/mail`, { subject: 'From Boris', text: 'x' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.from, 'boris@firm.test');
    const got = server.received.at(-1)!;
    assert.equal(got.from, 'boris@firm.test');
    assert.match(header(got.raw, 'from')[0]![1], /Boris <boris@firm\.test>/);
  });

  it('keeps one pooled connection across messages and builds a new pool when the settings change', async () => {
    const n = server.received.length;
    for (let i = 0; i < 3; i++)
      assert.equal((await anna.post(`/api/clients/${annaClient}/mail`, { subject: `Pooled ${i}`, text: 'x' })).body.status, 'sent');
    const pooled = server.received.slice(n);
    assert.equal(new Set(pooled.map((m) => m.session)).size, 1, 'one SMTP session for three messages');
    // a second server: the change of port takes effect at the next send
    const second = smtp();
    const port2 = await second.listen();
    try {
      await configure({ port: port2 });
      const r = await anna.post(`/api/clients/${annaClient}/mail`, { subject: 'Second', text: 'x' });
      assert.equal(r.body.status, 'sent');
      assert.equal(second.received.length, 1);
    } finally {
      await configure({ port });
      // the next send closes the pool of the old settings (else the second server waits for its idle connection)
      assert.equal((await anna.post(`/api/clients/${annaClient}/mail`, { subject: 'Back', text: 'x' })).body.status, 'sent');
      await second.close();
    }
    assert.equal(server.received.at(-1)!.raw.includes('Subject: Back'), true);
  });

  it('refuses to send while e-mail is not set up (409), and a deleted client takes its messages', async () => {
    await configure({ host: '' });
    try {
      const r = await anna.post(`/api/clients/${annaClient}/mail`, { subject: 'x', text: 'x' });
      assert.equal(r.status, 409);
      assert.equal(r.body.error.details.reason, 'NOT_CONFIGURED');
    } finally {
      await configure({ host: '127.0.0.1' });
    }
    const c = (await admin.post('/api/clients', person('Shortlived', { channels: [{ type: 'email', value: 's@example.test' }] }))).body.client.id;
    const m = (await admin.post(`/api/clients/${c}/mail`, { subject: 'x', text: 'x' })).body;
    assert.ok([200, 204].includes((await admin.del(`/api/clients/${c}`)).status));
    assert.equal(await t.db.selectFrom('mailMessages').select('id').where('id', '=', m.id).executeTakeFirst(), undefined);
  });
});
