// A discount given by hand on one line at the counter (issue 13), and who may give how much.
// sale_items.manual_bp: the manual discount as a percentage (basis points) when it was given as
// one, NULL when it was given as an amount or not at all; manual_amount: what the manual discount
// took off the line, exact (ten-thousandths), 0 without one. The line's amount already has it
// deducted, so every sum over amounts (totals, reports, facts) is unchanged in shape. Both columns
// are added without a table rewrite or scan (a constant default; no CHECK: the service checks
// 0..100 %), so the migration is instant on a base with millions of lines.
// roles.max_discount_bp: the largest manual discount a role's people may give, as a percentage of
// the line after its automatic discount; NULL = no maximum. The right itself is
// rights.sales.discount; the built-in Senior manager gets it unless its sales rights already say
// (Administrators have every right); a restore that runs this again changes nothing.
export const name = '017-manual-line-discounts';
export const sql = /* sql */ `
ALTER TABLE sale_items ADD COLUMN manual_bp int, ADD COLUMN manual_amount bigint NOT NULL DEFAULT 0;
ALTER TABLE roles ADD COLUMN max_discount_bp int CHECK (max_discount_bp BETWEEN 0 AND 10000);
UPDATE roles SET rights = jsonb_set(rights, '{sales,discount}', 'true'::jsonb), version = version + 1
  WHERE builtin AND key = 'senior' AND jsonb_typeof(rights->'sales') = 'object' AND NOT (rights->'sales') ? 'discount';
`;
