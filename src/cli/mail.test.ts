// `clientela mail test` and `clientela mail send` as real processes against a test database and a
// real SMTP server on loopback (the commands run asynchronously: the server answers in this process).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { createClient } from '../server/modules/clients/clients.service.js';
import { cliActor } from './actor.js';
import { BIN, cliHarness } from './cli-harness.js';

const h = cliHarness('clientela-mail-', (dir) => ({ CLIENTELA_FILES_DIR: `${dir}/files` }));
const received: { to: string[]; raw: string }[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _s, cb) {
    if (address.address.startsWith('bounce')) return cb(Object.assign(new Error('5.1.1 unknown user'), { responseCode: 550 }));
    cb();
  },
  onData(stream, session, cb) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
      cb();
    });
  },
});
let port = 0;

const run = (...args: string[]) =>
  new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: h.env(), encoding: 'utf8' }, (e, out, err) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });

before(async () => {
  port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.server.address() as { port: number }).port)));
});
after(async () => new Promise<void>((resolve) => server.close(() => resolve())));

describe('clientela mail', () => {
  it('says what is wrong before e-mail is set up, then sends a test and a message to a client', async () => {
    const none = await run('mail', 'test', '--to', 'me@firm.test');
    assert.equal(none.code, 1);
    assert.match(none.err, /NOT_CONFIGURED/);
    await h.t.db
      .updateTable('mailSettings')
      .set({ host: '127.0.0.1', port, security: 'none', fromName: 'Firm', fromAddress: 'office@firm.test' })
      .execute();
    const ok = await run('mail', 'test', '--to', 'me@firm.test');
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /^sent to me@firm\.test: 250 /);
    assert.deepEqual(received.at(-1)!.to, ['me@firm.test']);

    const c = await createClient(h.t.db, cliActor, {
      kind: 'person',
      surname: 'Petrov',
      firstName: 'Ivan',
      managerId: null,
      channels: [
        { type: 'email', value: 'ivan@example.test' },
        { type: 'email', value: 'bounce@example.test' },
      ],
    } as never);
    const id = String(c.client.id);
    const sent = await run('mail', 'send', '--client', id, '--subject', 'Hello {{client.firstName}}', '--text', 'Hi {{client.surname}}');
    assert.equal(sent.code, 0, sent.err);
    assert.match(sent.out, /^message \d+ to ivan@example\.test: sent \(250 /);
    assert.match(received.at(-1)!.raw, /Subject: Hello Ivan/);
    assert.match(received.at(-1)!.raw, /Hi Petrov/);

    const bounced = await run('mail', 'send', '--client', id, '--to', 'bounce@example.test', '--subject', 'x', '--text', 'x');
    assert.equal(bounced.code, 1);
    assert.match(bounced.out, /: failed \(550 /);
    const rows = await h.t.db.selectFrom('mailMessages').select(['status', 'authorId']).orderBy('id').execute();
    assert.deepEqual(rows, [
      { status: 'sent', authorId: null },
      { status: 'failed', authorId: null },
    ]);

    const usage = await run('mail', 'send', '--client', id);
    assert.equal(usage.code, 1);
    assert.match(usage.err, /--subject and --text are required/);
  });
});
