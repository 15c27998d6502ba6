// The first schema. Money and other later sections get their own migrations.
// Nothing here names a schema: the connection's search_path decides (CLIENTELA_DB_SCHEMA).
export const name = '001-init';
export const sql = /* sql */ `
CREATE TABLE departments (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  version int NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX departments_name_key ON departments (lower(name));

CREATE TABLE roles (
  id bigserial PRIMARY KEY,
  key text NOT NULL UNIQUE,
  name text NOT NULL,
  is_admin boolean NOT NULL DEFAULT false,
  builtin boolean NOT NULL DEFAULT false,
  scope text NOT NULL CHECK (scope IN ('own', 'department', 'all')),
  rights jsonb NOT NULL,
  field_rights jsonb NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  login text NOT NULL,
  name text NOT NULL,
  email text,
  password_hash text NOT NULL,
  role_id bigint NOT NULL REFERENCES roles(id),
  department_id bigint REFERENCES departments(id),
  active boolean NOT NULL DEFAULT true,
  locale text NOT NULL DEFAULT 'en',
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_login_key ON users (lower(login));
CREATE INDEX users_department_idx ON users (department_id);

CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);

CREATE TABLE setup_tokens (
  token_hash text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);

CREATE TABLE custom_fields (
  id bigserial PRIMARY KEY,
  entity text NOT NULL DEFAULT 'client',
  key text NOT NULL,
  label text NOT NULL,
  type text NOT NULL CHECK (type IN ('text','number','money','date','boolean','choice','multichoice','link')),
  required boolean NOT NULL DEFAULT false,
  default_value jsonb,
  options jsonb NOT NULL DEFAULT '[]',
  position int NOT NULL DEFAULT 0,
  hidden boolean NOT NULL DEFAULT false,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity, key)
);

CREATE TABLE clients (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('person', 'organization')),
  display_name text NOT NULL,
  surname text, first_name text, patronymic text,
  birth_date date, position text, passport jsonb,
  legal_name text, inn text, ogrn text, kpp text,
  legal_address text, actual_address text, industry text, region text,
  channels jsonb NOT NULL DEFAULT '[]',
  contacts jsonb NOT NULL DEFAULT '[]',
  tags text[] NOT NULL DEFAULT '{}',
  status text, source text, importance text,
  manager_id bigint REFERENCES users(id),
  notes text,
  custom jsonb NOT NULL DEFAULT '{}',
  -- derived, maintained by the service on every write (search and duplicate lookups)
  sort_name text NOT NULL,
  phones text[] NOT NULL DEFAULT '{}',
  emails text[] NOT NULL DEFAULT '{}',
  contact_search text NOT NULL DEFAULT '',
  tax_search text NOT NULL DEFAULT '',
  version int NOT NULL DEFAULT 1,
  archived_at timestamptz,
  created_by bigint REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- list sorted by name (keyset), alone and per manager
CREATE INDEX clients_sort_name_idx ON clients (sort_name COLLATE "C", id);
CREATE INDEX clients_manager_sort_idx ON clients (manager_id, sort_name COLLATE "C", id);
-- search: substring by trigram per part, so that a hidden part can be left out of the query
CREATE INDEX clients_name_trgm_idx ON clients USING gin (sort_name gin_trgm_ops);
CREATE INDEX clients_contact_trgm_idx ON clients USING gin (contact_search gin_trgm_ops);
CREATE INDEX clients_tax_trgm_idx ON clients USING gin (tax_search gin_trgm_ops);
-- duplicates
CREATE INDEX clients_phones_idx ON clients USING gin (phones);
CREATE INDEX clients_emails_idx ON clients USING gin (emails);
CREATE INDEX clients_inn_idx ON clients (inn) WHERE inn IS NOT NULL;
CREATE INDEX clients_updated_idx ON clients (updated_at, id);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id bigint,
  action text NOT NULL,
  entity text,
  entity_id bigint,
  changes jsonb,
  ip text
);
CREATE INDEX audit_entity_idx ON audit_log (entity, entity_id, id);
CREATE INDEX audit_at_idx ON audit_log (at);
`;
