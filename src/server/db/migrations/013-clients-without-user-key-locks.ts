// A client's responsible manager and creator were foreign keys to users: PostgreSQL checked each
// inserted or re-assigned client by locking the user's row (FOR KEY SHARE), one SPI query a row.
// A bulk creation or an import of thousands of clients for a handful of managers paid that on
// every row (`npm run bench -- bulk`: the statements alone 5,700–6,400 -> 6,300–9,300 clients/s
// without them, docs/performance.md). Users are never deleted (they are deactivated), and every
// writer checks the manager itself (checkManager / managerIssues: an active user inside the
// actor's scope; the import and the bulk path check all of a batch's managers in one query), so
// the keys guarded nothing the product does not. Migration 012 did the same for sales.
export const name = '013-clients-without-user-key-locks';
export const sql = /* sql */ `
ALTER TABLE clients DROP CONSTRAINT IF EXISTS clients_manager_id_fkey,
  DROP CONSTRAINT IF EXISTS clients_created_by_fkey;
`;
