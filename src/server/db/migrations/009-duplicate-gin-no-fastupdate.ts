// The phone and email indexes answer duplicate checks (every create, every import batch). With
// GIN's fast update, new entries wait in a pending list that every lookup reads whole: after a large
// import a batch's lookup of 1,000 emails took seconds (18 ms after the list was cleaned). These
// arrays are short, so entries go straight into the index.
export const name = '009-duplicate-gin-no-fastupdate';
export const sql = /* sql */ `
ALTER INDEX clients_phones_idx SET (fastupdate = off);
ALTER INDEX clients_emails_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('clients_phones_idx'::regclass), gin_clean_pending_list('clients_emails_idx'::regclass);
`;
