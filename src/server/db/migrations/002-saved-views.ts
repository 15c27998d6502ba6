// Saved views of the client journal: per user, or shared with everyone (made by administrators).
export const name = '002-saved-views';
export const sql = /* sql */ `
CREATE TABLE saved_views (
  id bigserial PRIMARY KEY,
  owner_id bigint REFERENCES users(id) ON DELETE CASCADE,
  shared boolean NOT NULL DEFAULT false,
  name text NOT NULL,
  config jsonb NOT NULL,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saved_views_owner_idx ON saved_views (owner_id);
`;
