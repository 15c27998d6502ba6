// A return looks up the earlier returns of each sold line (`WHERE r.corrects_item_id = i.id`);
// without an index that is a sequential scan of sale_items per returned line (25M items in the
// bench base). Partial: only correcting lines have the column set, so the index stays tiny.
// Building it reads sale_items once (an upgrade of a base with 25M items: a few seconds).
export const name = '010-sale-item-corrections-index';
export const sql = /* sql */ `
CREATE INDEX IF NOT EXISTS sale_items_corrects_idx ON sale_items (corrects_item_id) WHERE corrects_item_id IS NOT NULL;
`;
