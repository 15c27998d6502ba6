// Documents (issue 16, "Documents"; docs/documents.md): the firm's requisites (one row), DOCX
// templates per document type, a counter per document type and year (numbers without gaps or
// duplicates: the counter row is locked by the transaction, which also writes the document
// row), and the issued documents, each stored as a file on its client (attachments).
export const name = '020-documents';
export const sql = /* sql */ `
CREATE TABLE firm_requisites (
  id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  legal_name text NOT NULL DEFAULT '',
  inn text NOT NULL DEFAULT '',
  kpp text NOT NULL DEFAULT '',
  ogrn text NOT NULL DEFAULT '',
  address text NOT NULL DEFAULT '',
  bank_name text NOT NULL DEFAULT '',
  bic text NOT NULL DEFAULT '',
  account text NOT NULL DEFAULT '',
  corr_account text NOT NULL DEFAULT '',
  director text NOT NULL DEFAULT '',
  accountant text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  email text NOT NULL DEFAULT '',
  vat_rate_bp int CHECK (vat_rate_bp BETWEEN 0 AND 10000),
  version int NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- a fixed time, not now(): a restore that runs this migration again makes the same row
INSERT INTO firm_requisites (id, updated_at) VALUES (1, 'epoch');

CREATE TABLE document_templates (
  id bigserial PRIMARY KEY,
  type text NOT NULL CHECK (type ~ '^[a-z][a-z0-9_-]{0,39}$'),
  name text NOT NULL,
  lang text CHECK (lang IN ('en', 'ru', 'uk', 'ro')),
  content bytea NOT NULL,
  size int NOT NULL,
  created_by bigint REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_templates_type ON document_templates (type, id DESC);

CREATE TABLE document_counters (
  type text NOT NULL,
  year int NOT NULL,
  last int NOT NULL DEFAULT 0,
  PRIMARY KEY (type, year)
);

CREATE TABLE documents (
  id bigserial PRIMARY KEY,
  type text NOT NULL,
  number int NOT NULL,
  year int NOT NULL,
  lang text NOT NULL,
  template_id bigint REFERENCES document_templates(id) ON DELETE SET NULL,
  client_id bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  sale_id bigint REFERENCES sales(id) ON DELETE SET NULL,
  contract_id bigint REFERENCES contracts(id) ON DELETE SET NULL,
  file_id bigint REFERENCES attachments(id) ON DELETE SET NULL,
  total bigint,
  currency text,
  author_id bigint REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (type, year, number)
);
CREATE INDEX documents_client ON documents (client_id, id DESC);
CREATE INDEX documents_sale ON documents (sale_id) WHERE sale_id IS NOT NULL;
`;
