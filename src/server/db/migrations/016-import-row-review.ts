// The preview of an import shows, per updated client, which fields change from what to what, and a
// warning for a row that goes in with something worth a look (a phone kept as typed): both per row
// of the job, next to its outcome. Nullable columns without defaults: adding them rewrites nothing.
export const name = '016-import-row-review';
export const sql = /* sql */ `
ALTER TABLE import_job_rows ADD COLUMN changes jsonb, ADD COLUMN warning text;
`;
