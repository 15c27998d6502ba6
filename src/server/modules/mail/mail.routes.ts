// E-mail (issue 16, F4; docs/mail.md): the SMTP settings and their test (administrators), and the
// messages to a client. One pooled transport per app, closed with it.
import type { AppInstance } from '../../app-types.js';
import { IdParams } from '../../shared/id.schemas.js';
import { fileStoreFor } from '../files/file-store.js';
import { MailTransport } from './mail-transport.js';
import { ClientMailIn, MailListQuery, MailMessageList, MailMessageOut, MailSettingsIn, MailSettingsOut, MailTestAnswer } from './mail.schemas.js';
import * as svc from './mail.service.js';

export async function mailRoutes(app: AppInstance) {
  const db = app.deps.db;
  const store = fileStoreFor(app.deps.config);
  const mailer = new MailTransport();
  app.addHook('onClose', async () => mailer.close());
  const tags = ['mail'];

  app.get(
    '/api/mail/settings',
    { schema: { tags, summary: 'The SMTP settings (administrators; the password is never returned)', response: { 200: MailSettingsOut } } },
    async (req) => svc.getSettings(db, req.actor()),
  );
  app.put(
    '/api/mail/settings',
    {
      schema: {
        tags,
        summary: 'Change the SMTP settings and the senders (administrators; with the version)',
        body: MailSettingsIn,
        response: { 200: MailSettingsOut },
      },
    },
    async (req) => svc.updateSettings(db, req.actor(), req.body, req.ip),
  );
  app.post(
    '/api/mail/test',
    {
      schema: {
        tags,
        summary: "Send a test e-mail to your own address: the SMTP server's reply, or the error (code, message, reply)",
        response: { 200: MailTestAnswer },
      },
    },
    async (req) => svc.sendTest(db, mailer, req.actor()),
  );
  app.post(
    '/api/clients/:id/mail',
    {
      schema: {
        tags,
        summary: 'Send a message to the client (merge fields, attachments from its files); recorded with its status, also when it failed',
        params: IdParams,
        body: ClientMailIn,
        response: { 201: MailMessageOut },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.sendToClient(db, store, mailer, req.actor(), req.params.id, req.body, req.ip)),
  );
  app.get(
    '/api/clients/:id/mail',
    {
      schema: {
        tags,
        summary: 'The messages sent to the client, newest first',
        params: IdParams,
        querystring: MailListQuery,
        response: { 200: MailMessageList },
      },
    },
    async (req) => svc.listClientMail(db, req.actor(), req.params.id, req.query),
  );
}
