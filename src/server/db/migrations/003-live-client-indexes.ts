// The journal lists live (not archived) clients. Partial indexes on archived_at IS NULL let a
// list page and its capped count be answered from the index alone, without visiting the heap
// to check archived_at (bench: list p95 went from ~80 ms to a few ms at 1M clients).
export const name = '003-live-client-indexes';
export const sql = /* sql */ `
DROP INDEX clients_sort_name_idx;
DROP INDEX clients_manager_sort_idx;
CREATE INDEX clients_live_sort_idx ON clients (sort_name COLLATE "C", id) WHERE archived_at IS NULL;
CREATE INDEX clients_live_manager_sort_idx ON clients (manager_id, sort_name COLLATE "C", id) WHERE archived_at IS NULL;
CREATE INDEX clients_manager_idx ON clients (manager_id);
`;
