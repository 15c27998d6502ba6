// The sales feature's services in one place, for their callers (routes, the sales-history import,
// the demo data, the benchmark): a new sale and a quote (sale-record.service.ts), the life of a
// sale (sale-lifecycle.service.ts), reading sales (sales.read.ts), bonus points and tiers
// (loyalty.service.ts), the rules of a sale's request (sale-rules.ts). The SQL is in
// sales.repository.ts, the API contract in sales.schemas.ts.
export { createSale, quoteSale, recordSale, type RecordedSale } from './sale-record.service.js';
export { cancelSale, completeSale, paySale, returnSale, updateSale } from './sale-lifecycle.service.js';
export { getSale, listSales } from './sales.read.js';
export { recomputeCategory } from './loyalty.service.js';
export { assertSalesDepartment } from './sale-rules.js';
export type { PaymentInput, PaymentMethod, SaleInput, SaleItemInput } from './sales.schemas.js';
