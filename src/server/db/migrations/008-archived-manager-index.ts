// The rating report's scope mask (reports/rating.ts) lists a manager's clients: the live ones come
// from clients_live_manager_sort_idx alone (index-only), the archived ones from this small partial
// index. Without it the archived part was a bitmap scan visiting every page holding one of the
// manager's clients (1M clients: ~240 ms warm, 1 s cold, per report). IF NOT EXISTS: bench bases
// made on its branch created it under the name 005-archived-manager-index.
export const name = '008-archived-manager-index';
export const sql = /* sql */ `
CREATE INDEX IF NOT EXISTS clients_archived_manager_idx ON clients (manager_id, id) WHERE archived_at IS NOT NULL;
`;
