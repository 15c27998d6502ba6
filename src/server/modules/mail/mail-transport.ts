// One pooled SMTP transport per process (issue 16, F4; docs/mail.md): nodemailer with pool: true,
// and with file and URL access off (GHSA-wqvq-jvpq-h66f, GHSA-p6gq-j5cr-w38f) — an attachment or
// an HTML image can never make the server read its own files or fetch a URL. The transport is
// built from the settings it is given and rebuilt (the old pool closed) when they change: every
// send reads the settings, so a change made by another process is picked up at its next send.
import nodemailer, { type Transporter as NmTransporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { TMailError } from './mail.schemas.js';

export type SmtpSettings = {
  host: string;
  port: number;
  security: 'tls' | 'starttls' | 'none';
  login: string;
  password: string;
};

export type OutgoingMail = {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
};

export type SendResult = { ok: true; response: string; messageId: string } | { ok: false; error: TMailError };

type Transporter = NmTransporter<SMTPPool.SentMessageInfo>;

/** Connection limits: a dead or silent server fails a send in seconds, never holds a request for minutes. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function transportOptions(s: SmtpSettings): SMTPPool.Options {
  return {
    pool: true,
    maxConnections: 3,
    maxMessages: 100,
    host: s.host,
    port: s.port,
    secure: s.security === 'tls',
    requireTLS: s.security === 'starttls',
    ignoreTLS: s.security === 'none',
    ...(s.login ? { auth: { user: s.login, pass: s.password } } : {}),
    disableFileAccess: true,
    disableUrlAccess: true,
    ...TIMEOUTS,
  };
}

/** A nodemailer failure as the API tells it: a code, a message, and the SMTP server's reply if any. */
export function mailError(e: unknown): TMailError {
  const err = e as { code?: unknown; message?: unknown; response?: unknown };
  return {
    code: typeof err.code === 'string' && err.code ? err.code : 'ESEND',
    message: typeof err.message === 'string' ? err.message : String(e),
    response: typeof err.response === 'string' ? err.response : null,
  };
}

export class MailTransport {
  private current: { key: string; transporter: Transporter } | undefined;

  private transporter(s: SmtpSettings): Transporter {
    const key = JSON.stringify([s.host, s.port, s.security, s.login, s.password]);
    if (this.current?.key !== key) {
      this.current?.transporter.close();
      this.current = { key, transporter: nodemailer.createTransport(transportOptions(s)) };
    }
    return this.current.transporter;
  }

  /** Sends one message; never throws for an SMTP or network failure (they are the answer). */
  async send(s: SmtpSettings, m: OutgoingMail): Promise<SendResult> {
    try {
      const info = await this.transporter(s).sendMail({
        from: m.from,
        // an address object, never a string to parse: one recipient whatever the text holds
        to: { name: '', address: m.to },
        subject: m.subject,
        text: m.text,
        ...(m.html !== undefined ? { html: m.html } : {}),
        ...(m.attachments?.length ? { attachments: m.attachments } : {}),
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      const rejected = (info.rejected ?? []).length;
      if (rejected > 0 || (info.accepted ?? []).length === 0) {
        return { ok: false, error: { code: 'EENVELOPE', message: 'The server refused the recipient', response: info.response ?? null } };
      }
      return { ok: true, response: info.response, messageId: info.messageId };
    } catch (e) {
      return { ok: false, error: mailError(e) };
    }
  }

  close(): void {
    this.current?.transporter.close();
    this.current = undefined;
  }
}
