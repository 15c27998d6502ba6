// The CRM half (issue 15; docs/interactions.md): events, tasks, promises, contracts, notes, files,
// reminders and the notification centre, and the calendar feeds. Every table here is new, so the
// migration is instant on a base with millions of clients.
// - events / tasks carry a UID and a SEQUENCE (RFC 5545) and a version, so a CalDAV sync can map
//   them later without a new key; tasks repeat by an RRULE subset, the next occurrence is created
//   when one is closed (series_id = the first task of the series).
// - Every record that belongs to a client references it ON DELETE CASCADE: deleting a client for
//   good takes its records (and their pending reminders, which are rows here) with it.
// - notifications.dedup_key is UNIQUE: a reminder is a row inserted ON CONFLICT DO NOTHING, so it
//   is delivered exactly once however many server processes compute it.
// - users.timezone: NULL = the firm's (settings.timezone).
// The built-in roles get rights on the new sections when their rights do not mention them yet
// (a restore that runs this again changes nothing); new bases get them from access/rights.ts.
export const name = '018-interactions';
export const sql = /* sql */ `
ALTER TABLE users ADD COLUMN timezone text;

CREATE TABLE event_types (
  id bigserial PRIMARY KEY,
  key text,
  names jsonb NOT NULL CHECK (jsonb_typeof(names) = 'object'),
  colour text NOT NULL DEFAULT '#228be6' CHECK (colour ~ '^#[0-9a-f]{6}$'),
  icon text NOT NULL DEFAULT 'calendar',
  result_required boolean NOT NULL DEFAULT false,
  next_mode text NOT NULL DEFAULT 'none' CHECK (next_mode IN ('none', 'suggest', 'create')),
  next_type_id bigint REFERENCES event_types(id) ON DELETE SET NULL,
  next_after_days int NOT NULL DEFAULT 1 CHECK (next_after_days BETWEEN 0 AND 3650),
  active boolean NOT NULL DEFAULT true,
  position int NOT NULL DEFAULT 0,
  version int NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX event_types_key ON event_types (key) WHERE key IS NOT NULL;
INSERT INTO event_types (key, names, colour, icon, position) VALUES
  ('call', '{"en":"Call","ru":"Звонок","uk":"Дзвінок","ro":"Apel"}', '#228be6', 'phone', 1),
  ('letter', '{"en":"Letter","ru":"Письмо","uk":"Лист","ro":"Scrisoare"}', '#7950f2', 'mail', 2),
  ('email', '{"en":"E-mail","ru":"Эл. письмо","uk":"Ел. лист","ro":"E-mail"}', '#15aabf', 'at', 3),
  ('meeting', '{"en":"Meeting","ru":"Встреча","uk":"Зустріч","ro":"Întâlnire"}', '#40c057', 'users', 4),
  ('negotiation', '{"en":"Negotiation","ru":"Переговоры","uk":"Переговори","ro":"Negociere"}', '#fab005', 'messages', 5),
  ('visit', '{"en":"Visit","ru":"Визит","uk":"Візит","ro":"Vizită"}', '#fd7e14', 'map-pin', 6),
  ('agreement', '{"en":"Agreement","ru":"Договорённость","uk":"Домовленість","ro":"Înțelegere"}', '#e64980', 'handshake', 7);

CREATE TABLE event_results (
  id bigserial PRIMARY KEY,
  key text,
  names jsonb NOT NULL CHECK (jsonb_typeof(names) = 'object'),
  success boolean NOT NULL DEFAULT true,
  active boolean NOT NULL DEFAULT true,
  position int NOT NULL DEFAULT 0,
  version int NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX event_results_key ON event_results (key) WHERE key IS NOT NULL;
INSERT INTO event_results (key, names, success, position) VALUES
  ('done', '{"en":"Done","ru":"Состоялось","uk":"Відбулося","ro":"Realizat"}', true, 1),
  ('interested', '{"en":"Interested","ru":"Заинтересован","uk":"Зацікавлений","ro":"Interesat"}', true, 2),
  ('no_answer', '{"en":"No answer","ru":"Не дозвонились","uk":"Не додзвонилися","ro":"Fără răspuns"}', false, 3),
  ('refused', '{"en":"Refused","ru":"Отказ","uk":"Відмова","ro":"Refuz"}', false, 4),
  ('postponed', '{"en":"Postponed","ru":"Перенесено","uk":"Перенесено","ro":"Amânat"}', false, 5);

CREATE TABLE events (
  id bigserial PRIMARY KEY,
  uid uuid NOT NULL DEFAULT gen_random_uuid(),
  sequence int NOT NULL DEFAULT 0,
  type_id bigint NOT NULL REFERENCES event_types(id),
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'cancelled')),
  subject text NOT NULL,
  client_id bigint REFERENCES clients(id) ON DELETE CASCADE,
  contact_person text,
  employee_id bigint NOT NULL REFERENCES users(id),
  starts_at timestamptz NOT NULL,
  duration_min int NOT NULL DEFAULT 0 CHECK (duration_min BETWEEN 0 AND 100000),
  result_id bigint REFERENCES event_results(id),
  notes text NOT NULL DEFAULT '',
  sale_id bigint REFERENCES sales(id) ON DELETE SET NULL,
  remind_before_min int CHECK (remind_before_min BETWEEN 0 AND 40320),
  done_at timestamptz,
  created_by bigint REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version int NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX events_uid_key ON events (uid);
CREATE INDEX events_client_idx ON events (client_id, starts_at DESC, id DESC);
CREATE INDEX events_employee_idx ON events (employee_id, starts_at, id);
CREATE TABLE event_participants (
  event_id bigint NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_participants_user_idx ON event_participants (user_id, event_id);

CREATE TABLE contracts (
  id bigserial PRIMARY KEY,
  number text NOT NULL,
  title text NOT NULL DEFAULT '',
  client_id bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  responsible_id bigint REFERENCES users(id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'closed', 'cancelled')),
  signed_on date,
  starts_on date,
  ends_on date,
  amount bigint CHECK (amount >= 0),
  currency text REFERENCES currencies(code),
  remind_days_before int CHECK (remind_days_before BETWEEN 0 AND 365),
  notes text NOT NULL DEFAULT '',
  created_by bigint REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version int NOT NULL DEFAULT 1,
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
CREATE UNIQUE INDEX contracts_number_key ON contracts (lower(number));
CREATE INDEX contracts_client_idx ON contracts (client_id, created_at DESC, id DESC);
CREATE INDEX contracts_ends_idx ON contracts (ends_on) WHERE status = 'active';

CREATE TABLE tasks (
  id bigserial PRIMARY KEY,
  uid uuid NOT NULL DEFAULT gen_random_uuid(),
  sequence int NOT NULL DEFAULT 0,
  title text NOT NULL,
  notes text NOT NULL DEFAULT '',
  assignee_id bigint NOT NULL REFERENCES users(id),
  client_id bigint REFERENCES clients(id) ON DELETE CASCADE,
  contact_person text,
  sale_id bigint REFERENCES sales(id) ON DELETE SET NULL,
  contract_id bigint REFERENCES contracts(id) ON DELETE SET NULL,
  type_id bigint REFERENCES event_types(id) ON DELETE SET NULL,
  due_at timestamptz,
  all_day boolean NOT NULL DEFAULT false,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  done_at timestamptz,
  rrule text,
  series_id bigint,
  occurrence int NOT NULL DEFAULT 1,
  snoozed_until timestamptz,
  remind_before_min int CHECK (remind_before_min BETWEEN 0 AND 40320),
  created_by bigint REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version int NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX tasks_uid_key ON tasks (uid);
CREATE INDEX tasks_assignee_open_idx ON tasks (assignee_id, due_at, id) WHERE status = 'open';
CREATE INDEX tasks_assignee_idx ON tasks (assignee_id, due_at, id);
CREATE INDEX tasks_client_idx ON tasks (client_id, created_at DESC, id DESC);

CREATE TABLE promises (
  id bigserial PRIMARY KEY,
  client_id bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  text text NOT NULL,
  promised_by text NOT NULL CHECK (promised_by IN ('us', 'client')),
  responsible_id bigint NOT NULL REFERENCES users(id),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken')),
  closed_at timestamptz,
  event_id bigint REFERENCES events(id) ON DELETE SET NULL,
  created_by bigint REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version int NOT NULL DEFAULT 1
);
CREATE INDEX promises_responsible_open_idx ON promises (responsible_id, due_on, id) WHERE status = 'open';
CREATE INDEX promises_client_idx ON promises (client_id, created_at DESC, id DESC);

CREATE TABLE notes (
  id bigserial PRIMARY KEY,
  client_id bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  body text NOT NULL,
  author_id bigint REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version int NOT NULL DEFAULT 1
);
CREATE INDEX notes_client_idx ON notes (client_id, created_at DESC, id DESC);

-- Files live in CLIENTELA_DATA_DIR/files under storage_key (random, never the uploaded name).
CREATE TABLE attachments (
  id bigserial PRIMARY KEY,
  client_id bigint REFERENCES clients(id) ON DELETE CASCADE,
  target text NOT NULL CHECK (target IN ('client', 'event', 'task', 'sale', 'contract', 'promise')),
  target_id bigint NOT NULL,
  storage_key text NOT NULL,
  name text NOT NULL,
  mime text NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  sha256 text NOT NULL,
  uploaded_by bigint REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX attachments_storage_key ON attachments (storage_key);
CREATE INDEX attachments_client_idx ON attachments (client_id, created_at DESC, id DESC);
CREATE INDEX attachments_target_idx ON attachments (target, target_id);

-- Reminders on date fields (B3): birthday, contract end, a custom date field, N months after the
-- last purchase; who is reminded: the client's manager, or one named user.
CREATE TABLE reminder_rules (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('birthday', 'contract_end', 'custom_date', 'after_last_purchase')),
  field text,
  days_before int NOT NULL DEFAULT 0 CHECK (days_before BETWEEN 0 AND 365),
  months_after int CHECK (months_after BETWEEN 1 AND 120),
  at_time time NOT NULL DEFAULT '09:00',
  recipient text NOT NULL DEFAULT 'manager' CHECK (recipient IN ('manager', 'user')),
  recipient_id bigint REFERENCES users(id) ON DELETE CASCADE,
  active boolean NOT NULL DEFAULT true,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'custom_date' OR field IS NOT NULL),
  CHECK (kind <> 'after_last_purchase' OR months_after IS NOT NULL),
  CHECK (recipient <> 'user' OR recipient_id IS NOT NULL)
);

-- The notification centre: one row per reminder delivered to one user.
CREATE TABLE notifications (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL,
  dedup_key text NOT NULL,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  link text,
  client_id bigint REFERENCES clients(id) ON DELETE CASCADE,
  due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE UNIQUE INDEX notifications_dedup_key ON notifications (dedup_key);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id, id) WHERE read_at IS NULL;

-- The scheduler's health, one row per job name (settings page).
CREATE TABLE scheduler_state (
  name text PRIMARY KEY,
  last_run_at timestamptz,
  last_ok_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  failures bigint NOT NULL DEFAULT 0,
  runs bigint NOT NULL DEFAULT 0,
  delivered bigint NOT NULL DEFAULT 0
);

-- iCalendar feeds: only the hash of the 32-byte token is stored.
CREATE TABLE calendar_feeds (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE UNIQUE INDEX calendar_feeds_token_key ON calendar_feeds (token_hash);
CREATE INDEX calendar_feeds_user_idx ON calendar_feeds (user_id);

UPDATE roles SET rights = roles.rights
    || jsonb_build_object('events', r.crud, 'tasks', r.crud, 'promises', r.crud, 'contracts', r.contracts, 'notes', r.crud),
  version = roles.version + 1
FROM (VALUES
  ('senior', '{"read":true,"create":true,"edit":true,"delete":true,"export":true}'::jsonb, '{"read":true,"create":true,"edit":true,"delete":true,"export":true}'::jsonb),
  ('manager', '{"read":true,"create":true,"edit":true,"delete":true}'::jsonb, '{"read":true,"create":true,"edit":true}'::jsonb),
  ('readonly', '{"read":true}'::jsonb, '{"read":true}'::jsonb)
) AS r(key, crud, contracts)
WHERE roles.builtin AND roles.key = r.key AND jsonb_typeof(roles.rights) = 'object' AND NOT roles.rights ? 'events';
`;
