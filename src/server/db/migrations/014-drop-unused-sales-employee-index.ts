// sales (employee_id, day) served no query: the per-employee figures come from the report's
// in-memory fact copy, the sales list filters by client, day, status and department, and the key
// to users that might have used it for deletes is gone (migration 012). Every sale paid for it
// (an index entry and its WAL record; 300 MB at 10M sales).
export const name = '014-drop-unused-sales-employee-index';
export const sql = /* sql */ `
DROP INDEX IF EXISTS sales_employee_idx;
`;
