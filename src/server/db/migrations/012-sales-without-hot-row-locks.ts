// Recording a sale checked foreign keys to rows that every sale shares: the employee and the
// acting user (`users`, four columns), the department and the currency. PostgreSQL checks a
// foreign key by locking the referenced row (FOR KEY SHARE), and when concurrent sales lock the
// same user or department row it has to create a MultiXact for each new locker (a WAL record and
// a page change on that hot row). The sale-write bench (docs/performance.md) measured these
// checks at 15–20 % of PostgreSQL's CPU a sale: 290 -> 405 sales/s at 16 connections without them.
//
// The constraints protected nothing the product does not already guarantee: users, departments
// and currencies are never deleted (users are deactivated), and every writer of these columns
// checks the row itself in the same transaction (a sale's context read names the department and
// the employee, the currency needs a rate or is the base one). The keys to the client, the
// product and the sale itself stay.
export const name = '012-sales-without-hot-row-locks';
export const sql = /* sql */ `
ALTER TABLE sales DROP CONSTRAINT IF EXISTS sales_department_id_fkey,
  DROP CONSTRAINT IF EXISTS sales_employee_id_fkey,
  DROP CONSTRAINT IF EXISTS sales_currency_fkey,
  DROP CONSTRAINT IF EXISTS sales_created_by_fkey;
ALTER TABLE sale_payments DROP CONSTRAINT IF EXISTS sale_payments_created_by_fkey;
ALTER TABLE bonus_movements DROP CONSTRAINT IF EXISTS bonus_movements_user_id_fkey;
`;
