// Column mapping for a file of past sales (the sales history): one row per sale line, the rows
// of one sale next to each other and sharing its number. Targets and suggestions from header names
// in English and Russian. Pure (the web wizard uses it too).
import type { Mapping } from './import-fields.schemas.js';

export const saleTargets = [
  'sale.number',
  'sale.date',
  'sale.clientExternalId',
  'sale.clientInn',
  'sale.clientEmail',
  'sale.clientPhone',
  'sale.clientName',
  'sale.employee',
  'sale.department',
  'sale.currency',
  'sale.payment',
  'sale.notes',
  'item.sku',
  'item.product',
  'item.quantity',
  'item.price',
  'item.discount',
  'item.discountFraction',
] as const;
export type SaleTarget = (typeof saleTargets)[number];

/** the columns that find a sale's client, in the order they are tried */
export const saleClientKeys = ['sale.clientExternalId', 'sale.clientInn', 'sale.clientEmail', 'sale.clientPhone', 'sale.clientName'] as const;

const names: Record<SaleTarget, string[]> = {
  'sale.number': [
    'number',
    'no',
    'order',
    'order id',
    'order_id',
    'order number',
    'invoice',
    'invoice number',
    'receipt',
    'receipt number',
    'document',
    'sale number',
    'номер',
    '№',
    'номер документа',
    'номер заказа',
    'заказ',
    'чек',
    'номер чека',
    'документ',
    'номер продажи',
  ],
  'sale.date': ['date', 'order date', 'order_date', 'sale date', 'sold at', 'дата', 'дата продажи', 'дата заказа', 'дата документа', 'дата чека'],
  'sale.clientExternalId': [
    'customer id',
    'customer_id',
    'client id',
    'client code',
    'customer code',
    'код клиента',
    'код покупателя',
    'код контрагента',
  ],
  'sale.clientInn': ['inn', 'tax id', 'инн', 'инн покупателя', 'инн клиента', 'инн контрагента'],
  'sale.clientEmail': ['email', 'e-mail', 'customer email', 'почта', 'email клиента'],
  'sale.clientPhone': ['phone', 'telephone', 'customer phone', 'телефон', 'телефон клиента'],
  'sale.clientName': [
    'customer',
    'client',
    'customer name',
    'client name',
    'company',
    'company name',
    'company_name',
    'buyer',
    'клиент',
    'покупатель',
    'контрагент',
    'фио',
    'фио клиента',
    'наименование клиента',
  ],
  'sale.employee': [
    'employee',
    'employee id',
    'employee_id',
    'seller',
    'salesperson',
    'sales rep',
    'manager',
    'cashier',
    'сотрудник',
    'продавец',
    'менеджер',
    'кассир',
    'ответственный',
  ],
  'sale.department': ['department', 'store', 'shop', 'branch', 'отдел', 'подразделение', 'магазин', 'филиал', 'точка'],
  'sale.currency': ['currency', 'валюта'],
  'sale.payment': ['payment', 'payment method', 'paid by', 'оплата', 'способ оплаты', 'вид оплаты', 'форма оплаты'],
  'sale.notes': ['notes', 'note', 'comment', 'примечание', 'комментарий'],
  'item.sku': ['sku', 'article', 'product id', 'product_id', 'product code', 'item code', 'артикул', 'код товара'],
  'item.product': [
    'product',
    'product name',
    'product_name',
    'item',
    'goods',
    'service',
    'товар',
    'наименование',
    'номенклатура',
    'услуга',
    'наименование товара',
  ],
  'item.quantity': ['quantity', 'qty', 'количество', 'кол-во', 'кол'],
  'item.price': ['price', 'unit price', 'unit_price', 'цена', 'цена за единицу'],
  'item.discount': ['discount', 'discount %', 'discount, %', 'скидка', 'скидка %', 'скидка, %'],
  'item.discountFraction': ['discount fraction', 'доля скидки'],
};

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[_\-.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * A target for every header it recognises; each target once. A "discount" column whose sample
 * values are all fractions (0, 0.15, 1) is taken as a fraction (15 %), else as a percentage.
 */
export function suggestSaleMapping(header: string[], sample: string[][] = []): Mapping {
  const out: Mapping = [];
  const taken = new Set<string>();
  header.forEach((h, column) => {
    const n = norm(h);
    if (!n) return;
    let target: SaleTarget | undefined = saleTargets.find((t) => names[t].some((x) => norm(x) === n));
    if (target === 'item.discount') {
      const values = sample.map((r) => (r[column] ?? '').trim()).filter(Boolean);
      // all zeros too: read as a percentage, a later 0.15 would silently be 0.15 %; read as a
      // fraction, a later 15 is refused with its reason
      if (values.length && values.every((v) => /^0?[.,]\d+$|^[01]$/.test(v))) target = 'item.discountFraction';
    }
    if (!target || taken.has(target)) return;
    taken.add(target);
    out.push({ column, target: target as unknown as Mapping[number]['target'] });
  });
  return out;
}
