// E-mail (issue 16, F4; docs/mail.md): the shapes of the SMTP settings, the test send and the
// messages to a client. Imported by the web.
import { Type, type Static } from '@sinclair/typebox';
import { IdInt } from '../../shared/id.schemas.js';

export const mailSecurities = ['tls', 'starttls', 'none'] as const;
export const mailStatuses = ['queued', 'sent', 'failed'] as const;

/** An address as the app accepts it: one mailbox, no spaces or line breaks (so never a second header or recipient). */
const Address = Type.String({ maxLength: 254, pattern: '^[^\\s@<>,;:"()\\[\\]\\\\]+@[^\\s@<>,;:"()\\[\\]\\\\]+$' });
/** A display name: no line breaks or other control characters. */
const DisplayName = Type.String({ maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });

export const Sender = Type.Object(
  { userId: IdInt(), fromName: DisplayName, fromAddress: Address },
  { additionalProperties: false, description: "a user's own sender (messages they send show it instead of the firm's)" },
);
export type TSender = Static<typeof Sender>;

export const MailSettingsOut = Type.Object({
  host: Type.String(),
  port: Type.Integer(),
  security: Type.Union(mailSecurities.map((s) => Type.Literal(s))),
  login: Type.String(),
  /** whether a password is stored (it is never returned) */
  passwordSet: Type.Boolean(),
  fromName: Type.String(),
  fromAddress: Type.String(),
  senders: Type.Array(Type.Object({ userId: Type.Integer(), userName: Type.String(), fromName: Type.String(), fromAddress: Type.String() })),
  /** host and sender address are set: messages can be sent */
  configured: Type.Boolean(),
  version: Type.Integer(),
});
export type TMailSettingsOut = Static<typeof MailSettingsOut>;

export const MailSettingsIn = Type.Object(
  {
    version: Type.Integer({ description: 'the version read (409 when it changed meanwhile)' }),
    host: Type.Optional(Type.String({ maxLength: 253, pattern: '^[A-Za-z0-9.:\\[\\]_-]*$', description: 'empty: e-mail is off' })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    security: Type.Optional(
      Type.Union(
        mailSecurities.map((s) => Type.Literal(s)),
        { description: 'tls: TLS from the start (port 465); starttls: upgrade required (587); none: plain (a local relay only)' },
      ),
    ),
    login: Type.Optional(Type.String({ maxLength: 254, pattern: '^[^\\u0000-\\u001f\\u007f]*$' })),
    password: Type.Optional(
      Type.Union([Type.String({ maxLength: 1000, pattern: '^[^\\u0000-\\u001f\\u007f]*$' }), Type.Null()], {
        description: 'left out: kept as stored; null or "": removed',
      }),
    ),
    fromName: Type.Optional(DisplayName),
    fromAddress: Type.Optional(Type.Union([Address, Type.Literal('')])),
    senders: Type.Optional(Type.Array(Sender, { maxItems: 1000, description: 'replaces the list of users with their own sender' })),
  },
  { additionalProperties: false },
);
export type TMailSettingsIn = Static<typeof MailSettingsIn>;

export const MailError = Type.Object({
  /** NOT_CONFIGURED, NO_ADDRESS, or nodemailer's code (ECONNECTION, EAUTH, EENVELOPE, ETIMEDOUT, ESOCKET, EDNS, ...) */
  code: Type.String(),
  message: Type.String(),
  /** the SMTP server's reply, when it gave one (e.g. "550 5.1.1 no such user") */
  response: Type.Union([Type.String(), Type.Null()]),
});
export type TMailError = Static<typeof MailError>;

export const MailTestAnswer = Type.Object({
  ok: Type.Boolean(),
  to: Type.Union([Type.String(), Type.Null()]),
  /** the server's reply to the message (e.g. "250 OK: queued as ...") */
  response: Type.Union([Type.String(), Type.Null()]),
  messageId: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([MailError, Type.Null()]),
});
export type TMailTestAnswer = Static<typeof MailTestAnswer>;

export const ClientMailIn = Type.Object(
  {
    to: Type.Optional(Type.String({ maxLength: 254, description: "one of the client's e-mail channels; the first by default" })),
    subject: Type.String({ minLength: 1, maxLength: 500, description: 'merge fields {{client.firstName}} etc. (docs/mail.md)' }),
    text: Type.String({ maxLength: 100_000, description: 'the plain-text body, with merge fields' }),
    html: Type.Optional(Type.String({ maxLength: 500_000, description: 'an HTML body beside the text, with merge fields (values HTML-escaped)' })),
    fileIds: Type.Optional(Type.Array(IdInt(), { maxItems: 20, description: "attachments: files of the client's (GET /api/clients/:id/files)" })),
  },
  { additionalProperties: false },
);
export type TClientMailIn = Static<typeof ClientMailIn>;

export const MailMessageOut = Type.Object({
  id: Type.Integer(),
  clientId: Type.Integer(),
  authorId: Type.Union([Type.Integer(), Type.Null()]),
  authorName: Type.Union([Type.String(), Type.Null()]),
  from: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Type.Union([Type.String(), Type.Null()]),
  attachments: Type.Array(Type.Object({ fileId: Type.Integer(), name: Type.String(), size: Type.Integer() })),
  status: Type.Union(mailStatuses.map((s) => Type.Literal(s))),
  /** the SMTP server's reply (sent or refused) */
  smtpReply: Type.Union([Type.String(), Type.Null()]),
  errorCode: Type.Union([Type.String(), Type.Null()]),
  messageId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  sentAt: Type.Union([Type.String(), Type.Null()]),
});
export type TMailMessageOut = Static<typeof MailMessageOut>;

export const MailMessageList = Type.Object({ items: Type.Array(MailMessageOut), nextBeforeId: Type.Union([Type.Integer(), Type.Null()]) });
export type TMailMessageList = Static<typeof MailMessageList>;

export const MailListQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), beforeId: Type.Optional(IdInt()) },
  { additionalProperties: false },
);
export type TMailListQuery = Static<typeof MailListQuery>;
