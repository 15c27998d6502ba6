// The catalog's request and answer schemas (TypeBox: validation, OpenAPI and the web client's types).
import { Type, type Static } from '@sinclair/typebox';
import { IdInt } from '../../shared/id.schemas.js';

export const Version = IdInt();
export const Name = Type.String({ minLength: 1, maxLength: 200 });
export const Amount = Type.String({ maxLength: 24, description: 'decimal string, up to 4 decimals: "1234.50"' });
export const Percent = Type.String({ maxLength: 8, description: 'percent, up to 2 decimals: "5" or "12.5"' });

export const Group = Type.Object({ id: Type.Integer(), name: Type.String(), version: Type.Integer() });
export const Product = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  name: Type.String(),
  sku: Type.Union([Type.String(), Type.Null()]),
  groupId: Type.Union([Type.Integer(), Type.Null()]),
  groupName: Type.Union([Type.String(), Type.Null()]),
  unit: Type.String(),
  price: Type.String(),
  cost: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export const ProductFields = {
  kind: Type.Optional(Type.Union([Type.Literal('product'), Type.Literal('service')])),
  name: Name,
  sku: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  groupId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
  unit: Type.Optional(Type.String({ maxLength: 20 })),
  price: Amount,
  cost: Type.Optional(Type.Union([Amount, Type.Null()])),
  active: Type.Optional(Type.Boolean()),
};
export const PriceList = Type.Object({ id: Type.Integer(), name: Type.String(), currency: Type.String(), version: Type.Integer() });
export const Category = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  discount: Type.String(),
  minPurchases: Type.String(),
  bonus: Type.String(),
  version: Type.Integer(),
});
export const CategoryFields = {
  name: Name,
  kind: Type.Union([Type.Literal('fixed'), Type.Literal('cumulative')]),
  discount: Percent,
  minPurchases: Type.Optional(Amount),
  bonus: Type.Optional(Percent),
};

export const PriceItem = Type.Object({ productId: Type.Integer(), name: Type.String(), price: Type.String(), basePrice: Type.String() });

// types for the web client (type-only imports)
export type TProductGroup = Static<typeof Group>;
export type TProduct = Static<typeof Product>;
export type TPriceList = Static<typeof PriceList> & { items?: number };
export type TPriceItem = Static<typeof PriceItem>;
export type TCategory = Static<typeof Category>;
