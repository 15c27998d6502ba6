// Column mapping for a file of products and services (the catalog): targets and suggestions
// from header names in English and Russian. Pure (the web wizard uses it too).
import type { Mapping } from './import-fields.schemas.js';

export const productTargets = [
  'product.name',
  'product.sku',
  'product.group',
  'product.kind',
  'product.unit',
  'product.price',
  'product.cost',
  'product.active',
  'product.discontinued',
] as const;
export type ProductTarget = (typeof productTargets)[number];

const names: Record<ProductTarget, string[]> = {
  'product.name': [
    'name',
    'product',
    'product name',
    'product_name',
    'item',
    'service',
    'title',
    'наименование',
    'название',
    'товар',
    'услуга',
    'номенклатура',
  ],
  'product.sku': ['sku', 'code', 'article', 'product id', 'product_id', 'item code', 'артикул', 'код', 'код товара'],
  'product.group': ['group', 'category', 'category name', 'category_name', 'группа', 'категория', 'группа товаров'],
  'product.kind': ['kind', 'type', 'вид', 'тип'],
  'product.unit': ['unit', 'units', 'uom', 'quantity per unit', 'quantity_per_unit', 'ед', 'ед.', 'ед. изм.', 'единица', 'единица измерения'],
  'product.price': ['price', 'unit price', 'unit_price', 'base price', 'цена', 'цена продажи', 'розничная цена', 'стоимость'],
  'product.cost': ['cost', 'purchase price', 'себестоимость', 'закупочная цена', 'цена закупки'],
  'product.active': ['active', 'активен', 'активный', 'в продаже'],
  'product.discontinued': ['discontinued', 'снят с продажи', 'архив'],
};

const norm = (s: string) => s.toLowerCase().replace(/ё/g, 'е').replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();

/** A target for every header it recognises; each target once. */
export function suggestProductMapping(header: string[]): Mapping {
  const out: Mapping = [];
  const taken = new Set<string>();
  header.forEach((h, column) => {
    const n = norm(h);
    if (!n) return;
    const target = productTargets.find((t) => names[t].some((x) => norm(x) === n));
    if (!target || taken.has(target)) return;
    taken.add(target);
    out.push({ column, target: target as unknown as Mapping[number]['target'] });
  });
  return out;
}
