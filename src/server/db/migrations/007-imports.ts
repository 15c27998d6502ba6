// Import jobs (issue 5): a job per uploaded file, its outcome per row (for the preview, the
// rejected-rows file and undo), mapping templates, and external ids of imported clients.
export const name = '007-imports';
export const sql = /* sql */ `
CREATE TABLE import_jobs (
  id bigserial PRIMARY KEY,
  user_id bigint REFERENCES users(id) ON DELETE SET NULL,
  kind text NOT NULL DEFAULT 'clients',
  file_name text NOT NULL,
  stored_name text NOT NULL,
  file_size bigint NOT NULL,
  format text NOT NULL CHECK (format IN ('csv', 'xlsx', 'ods', 'vcf')),
  encoding text,
  delimiter text,
  header jsonb NOT NULL DEFAULT '[]',
  mapping jsonb,
  options jsonb,
  status text NOT NULL CHECK (status IN ('uploaded', 'previewing', 'previewed', 'running', 'interrupted', 'done', 'failed', 'undoing', 'undone')),
  dry_run boolean NOT NULL DEFAULT false,
  total int,
  done int NOT NULL DEFAULT 0,
  created int NOT NULL DEFAULT 0,
  updated int NOT NULL DEFAULT 0,
  unchanged int NOT NULL DEFAULT 0,
  skipped int NOT NULL DEFAULT 0,
  rejected int NOT NULL DEFAULT 0,
  error text,
  started_at timestamptz,
  heartbeat_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  version int NOT NULL DEFAULT 1
);
CREATE INDEX import_jobs_user_idx ON import_jobs (user_id, id);

CREATE TABLE import_job_rows (
  job_id bigint NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
  row_no int NOT NULL,
  action text NOT NULL CHECK (action IN ('created', 'updated', 'unchanged', 'skipped', 'rejected')),
  client_id bigint,
  version_after int,
  before jsonb,
  error text,
  raw jsonb,
  PRIMARY KEY (job_id, row_no)
);
CREATE INDEX import_job_rows_action_idx ON import_job_rows (job_id, action, row_no);

CREATE TABLE import_templates (
  id bigserial PRIMARY KEY,
  owner_id bigint REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL,
  mapping jsonb NOT NULL,
  options jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_id, name)
);

CREATE TABLE client_external_ids (
  external_id text PRIMARY KEY,
  client_id bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE
);
CREATE INDEX client_external_ids_client_idx ON client_external_ids (client_id);

-- the import right: administrators have every right; senior managers import
UPDATE roles SET rights = jsonb_set(rights, '{clients,import}', 'true') WHERE key = 'senior' AND rights ? 'clients';
`;
