// Recording a sale checked ten foreign keys, and PostgreSQL checks each one by locking the
// referenced row (FOR KEY SHARE): a WAL record and a changed page per check, and, when concurrent
// sales lock the same row (the cashier, the department, a popular product), a new MultiXact for
// every locker. The sale-write bench (docs/performance.md) measured these checks at about a third
// of PostgreSQL's CPU a sale (2026-11-25, 1M clients, 16 connections): 290 sales/s with them all,
// 466 without the keys to users, departments and currencies, 568 without those to products and
// to the sale as well.
//
// What replaces them (each writer already holds the row, so the checks added nothing but cost):
// - users, departments, currencies: never deleted (users are deactivated); a sale's context read
//   checks the department and the employee, a currency other than the base one needs a rate;
// - sales (from sale_items, sale_payments, bonus_movements): every child row is written in the
//   transaction that inserts its sale (in the same statement, or later before the commit), or
//   while the sale is locked FOR UPDATE; the only delete of a sale (the undo of a sales import)
//   locks the sales and deletes their children first;
// - products (from sale_items): a sale's lines are inserted joined with products, so a product
//   gone before the statement's snapshot fails the sale; the only delete of a product (the undo of
//   a products import) locks sale_items (SHARE) before it checks a product has no sales, so a sale
//   either committed before that check or takes its snapshot after the delete. This needs READ
//   COMMITTED (PostgreSQL's default, which Clientela never changes): a statement takes its table
//   locks before its snapshot, and each statement has a new snapshot.
// The keys to clients stay (an administrator may delete a client; one with sales is refused).
export const name = '012-sale-writes-without-key-locks';
export const sql = /* sql */ `
ALTER TABLE sales DROP CONSTRAINT IF EXISTS sales_department_id_fkey,
  DROP CONSTRAINT IF EXISTS sales_employee_id_fkey,
  DROP CONSTRAINT IF EXISTS sales_currency_fkey,
  DROP CONSTRAINT IF EXISTS sales_created_by_fkey;
ALTER TABLE sale_items DROP CONSTRAINT IF EXISTS sale_items_sale_id_fkey,
  DROP CONSTRAINT IF EXISTS sale_items_product_id_fkey;
ALTER TABLE sale_payments DROP CONSTRAINT IF EXISTS sale_payments_sale_id_fkey,
  DROP CONSTRAINT IF EXISTS sale_payments_created_by_fkey;
ALTER TABLE bonus_movements DROP CONSTRAINT IF EXISTS bonus_movements_sale_id_fkey,
  DROP CONSTRAINT IF EXISTS bonus_movements_user_id_fkey;
`;
