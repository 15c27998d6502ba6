// Invitations: an administrator (or a department's user manager) invites a user; the invitee
// opens a one-time link and sets their own password. Only the token's SHA-256 is stored.
export const name = '005-user-invites';
export const sql = /* sql */ `
CREATE TABLE user_invites (
  id bigserial PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  login text NOT NULL,
  name text NOT NULL,
  email text,
  role_id bigint NOT NULL REFERENCES roles(id),
  department_id bigint REFERENCES departments(id),
  locale text NOT NULL DEFAULT 'en',
  invited_by bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- one pending invitation per login
CREATE UNIQUE INDEX user_invites_login_key ON user_invites (lower(login));
`;
