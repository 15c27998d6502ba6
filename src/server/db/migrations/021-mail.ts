// E-mail (issue 16, F4; docs/mail.md): the firm's SMTP settings, a sender per user, and every
// message sent to a client. All three tables are new, so the migration is instant on any base.
// - mail_settings holds one row (id = 1). The password is stored as given (the server must hand it
//   to the SMTP server); the API never returns it and the audit trail never records it. Its
//   updated_at is NULL until the first change (no now() in the seeded row: a restore of an older
//   backup that runs this migration again gives the same row).
// - mail_senders: a user's own sender name and address (NULL = the firm's), chosen by administrators.
// - mail_messages: one row per message, written 'queued' before the SMTP conversation and set to
//   'sent' or 'failed' with the server's reply after it; on the client's timeline as kind 'mail'
//   (the index walks a client's messages newest first, like the other kinds' indexes).
export const name = '021-mail';
export const sql = /* sql */ `
CREATE TABLE mail_settings (
  id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  host text NOT NULL DEFAULT '',
  port int NOT NULL DEFAULT 587 CHECK (port BETWEEN 1 AND 65535),
  security text NOT NULL DEFAULT 'starttls' CHECK (security IN ('tls', 'starttls', 'none')),
  login text NOT NULL DEFAULT '',
  password text NOT NULL DEFAULT '',
  from_name text NOT NULL DEFAULT '',
  from_address text NOT NULL DEFAULT '',
  version int NOT NULL DEFAULT 1,
  updated_at timestamptz
);
INSERT INTO mail_settings (id) VALUES (1);

CREATE TABLE mail_senders (
  user_id bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  from_name text NOT NULL DEFAULT '',
  from_address text NOT NULL
);

CREATE TABLE mail_messages (
  id bigserial PRIMARY KEY,
  client_id bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  author_id bigint REFERENCES users(id),
  from_address text NOT NULL,
  to_address text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text,
  attachments jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attachments) = 'array'),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  smtp_reply text,
  error_code text,
  message_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX mail_messages_client_idx ON mail_messages (client_id, created_at DESC, id DESC);
`;
