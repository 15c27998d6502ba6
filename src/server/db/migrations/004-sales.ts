// Sales, loyalty and currencies (issue 4; docs/sales.md): catalog and price lists, sales,
// discounts and bonus points, currencies, client health and the rating report.
// Money columns are bigint in ten-thousandths of the currency unit ("e4": 24.6075 -> 246075):
// a line amount price × quantity × (1 − discount) is exact at 4 decimals for 2-decimal prices
// and 2-decimal percentages, so sums are exact and rounding happens once, where a figure is
// shown or paid (half away from zero, src/server/shared/money.ts). Totals that are paid
// (sales.total, payments) are whole cents (multiples of 100).
export const name = '004-sales';
export const sql = /* sql */ `
CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);
INSERT INTO settings (key, value) VALUES
  ('timezone', '"UTC"'),
  ('baseCurrency', '"RUB"'),
  ('loyaltyPeriodDays', '365'),
  ('health', '{"lapsingDays": 90, "lostDays": 180, "overdueDays": 30}'),
  ('checkDiscounts', '[]');

CREATE TABLE currencies (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO currencies (code, name) VALUES ('RUB', 'Russian rouble'), ('USD', 'US dollar'), ('EUR', 'Euro');

-- rate = base-currency units for one unit of code, valid from day on (until the next row)
CREATE TABLE currency_rates (
  code text NOT NULL REFERENCES currencies(code) ON DELETE CASCADE,
  day date NOT NULL,
  rate numeric(20,8) NOT NULL CHECK (rate > 0),
  PRIMARY KEY (code, day)
);

CREATE TABLE product_groups (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX product_groups_name_key ON product_groups (lower(name));

CREATE TABLE products (
  id bigserial PRIMARY KEY,
  kind text NOT NULL DEFAULT 'product' CHECK (kind IN ('product', 'service')),
  name text NOT NULL,
  sku text,
  group_id bigint REFERENCES product_groups(id),
  unit text NOT NULL DEFAULT 'pcs',
  price bigint NOT NULL CHECK (price >= 0),
  cost bigint CHECK (cost >= 0),
  active boolean NOT NULL DEFAULT true,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_name_idx ON products (lower(name) COLLATE "C", id);
CREATE INDEX products_group_idx ON products (group_id);
CREATE UNIQUE INDEX products_sku_key ON products (lower(sku)) WHERE sku IS NOT NULL;

CREATE TABLE price_lists (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  currency text NOT NULL REFERENCES currencies(code),
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX price_lists_name_key ON price_lists (lower(name));

CREATE TABLE price_list_items (
  price_list_id bigint NOT NULL REFERENCES price_lists(id) ON DELETE CASCADE,
  product_id bigint NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  price bigint NOT NULL CHECK (price >= 0),
  PRIMARY KEY (price_list_id, product_id)
);

-- Client categories: a category gives a fixed discount, or is a tier reached by cumulative purchases over the
-- loyalty period (bronze / silver / gold). Discounts by one check's amount are the setting
-- checkDiscounts ([{ "from": "1000.00", "percent": "3" }], for every client).
CREATE TABLE client_categories (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('fixed', 'cumulative')),
  discount_bp int NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 10000),
  min_purchases bigint NOT NULL DEFAULT 0 CHECK (min_purchases >= 0),
  bonus_bp int NOT NULL DEFAULT 0 CHECK (bonus_bp BETWEEN 0 AND 10000),
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX client_categories_name_key ON client_categories (lower(name));

ALTER TABLE clients
  ADD COLUMN price_list_id bigint REFERENCES price_lists(id),
  ADD COLUMN category_id bigint REFERENCES client_categories(id);

CREATE TABLE sales (
  id bigserial PRIMARY KEY,
  number text,
  kind text NOT NULL DEFAULT 'sale' CHECK (kind IN ('sale', 'return')),
  corrects_id bigint REFERENCES sales(id),
  status text NOT NULL CHECK (status IN ('draft', 'preorder', 'completed', 'cancelled')),
  sold_at timestamptz NOT NULL,
  day date NOT NULL,
  client_id bigint NOT NULL REFERENCES clients(id),
  department_id bigint NOT NULL REFERENCES departments(id),
  employee_id bigint NOT NULL REFERENCES users(id),
  currency text NOT NULL REFERENCES currencies(code),
  rate numeric(20,8) NOT NULL,
  subtotal bigint NOT NULL,
  total bigint NOT NULL,
  base_total bigint NOT NULL,
  paid bigint NOT NULL DEFAULT 0,
  bonus_accrued bigint NOT NULL DEFAULT 0,
  notes text,
  version int NOT NULL DEFAULT 1,
  created_by bigint REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  cancelled_at timestamptz
);
CREATE INDEX sales_client_idx ON sales (client_id, day);
CREATE INDEX sales_day_idx ON sales (day, id);
CREATE INDEX sales_employee_idx ON sales (employee_id, day);
CREATE INDEX sales_corrects_idx ON sales (corrects_id) WHERE corrects_id IS NOT NULL;

CREATE TABLE sale_items (
  id bigserial PRIMARY KEY,
  sale_id bigint NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
  line int NOT NULL,
  product_id bigint NOT NULL REFERENCES products(id),
  corrects_item_id bigint REFERENCES sale_items(id),
  quantity numeric(14,3) NOT NULL,
  price bigint NOT NULL,
  discount_bp int NOT NULL CHECK (discount_bp BETWEEN 0 AND 10000),
  amount bigint NOT NULL,
  base_amount bigint NOT NULL,
  UNIQUE (sale_id, line)
);
CREATE INDEX sale_items_product_idx ON sale_items (product_id);

CREATE TABLE sale_payments (
  id bigserial PRIMARY KEY,
  sale_id bigint NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
  method text NOT NULL CHECK (method IN ('cash', 'card', 'transfer', 'bonus')),
  amount bigint NOT NULL,
  paid_at timestamptz NOT NULL DEFAULT now(),
  created_by bigint REFERENCES users(id)
);
CREATE INDEX sale_payments_sale_idx ON sale_payments (sale_id);

CREATE TABLE bonus_accounts (
  client_id bigint PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
  balance bigint NOT NULL DEFAULT 0 CHECK (balance >= 0),
  version int NOT NULL DEFAULT 1
);

CREATE TABLE bonus_movements (
  id bigserial PRIMARY KEY,
  client_id bigint NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  sale_id bigint REFERENCES sales(id),
  kind text NOT NULL CHECK (kind IN ('accrual', 'redemption', 'reversal', 'adjustment')),
  amount bigint NOT NULL,
  balance_after bigint NOT NULL CHECK (balance_after >= 0),
  at timestamptz NOT NULL DEFAULT now(),
  user_id bigint REFERENCES users(id)
);
CREATE INDEX bonus_movements_client_idx ON bonus_movements (client_id, id);

-- Append-only facts for the in-memory rating report (src/server/modules/reports/facts.ts):
-- one row when a sale or return is completed, a negated row when it is cancelled.
CREATE TABLE sale_facts (
  seq bigserial PRIMARY KEY,
  sale_id bigint NOT NULL,
  client_id bigint NOT NULL,
  department_id bigint NOT NULL,
  employee_id bigint NOT NULL,
  day date NOT NULL,
  amount bigint NOT NULL
);

-- the new sections for the built-in roles
UPDATE roles SET rights = rights
  || '{"catalog": {"read": true, "create": true, "edit": true, "delete": true, "export": true},
       "sales": {"read": true, "create": true, "edit": true, "delete": true, "export": true},
       "reports": {"read": true, "create": true, "edit": true, "delete": true, "export": true},
       "loyalty": {"read": true, "create": true, "edit": true, "delete": true, "export": true}}'::jsonb
  WHERE key = 'admin';
UPDATE roles SET rights = rights
  || '{"catalog": {"read": true, "create": true, "edit": true}, "sales": {"read": true, "create": true, "edit": true, "export": true},
       "reports": {"read": true, "export": true}, "loyalty": {"read": true, "create": true, "edit": true}}'::jsonb
  WHERE key = 'senior';
UPDATE roles SET rights = rights
  || '{"catalog": {"read": true}, "sales": {"read": true, "create": true, "edit": true}, "reports": {"read": true}, "loyalty": {"read": true}}'::jsonb
  WHERE key = 'manager';
UPDATE roles SET rights = rights
  || '{"catalog": {"read": true}, "sales": {"read": true}, "reports": {"read": true}, "loyalty": {"read": true}}'::jsonb
  WHERE key = 'readonly';
`;
