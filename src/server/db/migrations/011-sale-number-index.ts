// The sales-history import skips a sale whose number the base already has (a file imported twice
// adds nothing): a lookup of a batch's numbers, which without an index scans every sale. Partial:
// a sale rung up at the counter has no number, so those rows are not in it.
export const name = '011-sale-number-index';
export const sql = /* sql */ `
CREATE INDEX IF NOT EXISTS sales_number_idx ON sales (number) WHERE number IS NOT NULL;
`;
