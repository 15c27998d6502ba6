import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import * as svc from './catalog.service.js';
import { IdInt, IdCursor, IdParams } from '../../shared/id.schemas.js';
import { Amount, Category, CategoryFields, Group, Name, PriceItem, PriceList, Product, ProductFields, Version } from './catalog.schemas.js';

const Id = IdParams;

export async function catalogRoutes(app: AppInstance) {
  const db = app.deps.db;
  const tags = ['catalog'];

  app.get('/api/product-groups', { schema: { tags, response: { 200: Type.Object({ items: Type.Array(Group) }) } } }, async (req) => ({
    items: await svc.listGroups(db, req.actor()),
  }));
  app.post(
    '/api/product-groups',
    { schema: { tags, body: Type.Object({ name: Name }, { additionalProperties: false }), response: { 201: Group } } },
    async (req, reply) => reply.status(201).send(await svc.saveGroup(db, req.actor(), req.body, req.ip)),
  );
  app.patch(
    '/api/product-groups/:id',
    { schema: { tags, params: Id, body: Type.Object({ name: Name, version: Version }, { additionalProperties: false }), response: { 200: Group } } },
    async (req) => svc.saveGroup(db, req.actor(), { ...req.body, id: req.params.id }, req.ip),
  );

  app.get(
    '/api/products',
    {
      schema: {
        tags,
        summary: 'Products and services (pages by id: pass nextAfterId back as afterId)',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          groupId: Type.Optional(IdInt()),
          active: Type.Optional(Type.Boolean()),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          afterId: Type.Optional(IdCursor()),
        }),
        response: { 200: Type.Object({ items: Type.Array(Product), nextAfterId: Type.Union([Type.Integer(), Type.Null()]) }) },
      },
    },
    async (req) => svc.listProducts(db, req.actor(), req.query),
  );
  app.get('/api/products/:id', { schema: { tags, params: Id, response: { 200: Product } } }, async (req) =>
    svc.getProduct(db, req.actor(), req.params.id),
  );
  app.post(
    '/api/products',
    { schema: { tags, body: Type.Object(ProductFields, { additionalProperties: false }), response: { 201: Product } } },
    async (req, reply) => reply.status(201).send(await svc.saveProduct(db, req.actor(), req.body, req.ip)),
  );
  app.patch(
    '/api/products/:id',
    {
      schema: {
        tags,
        params: Id,
        body: Type.Object({ ...ProductFields, version: Version }, { additionalProperties: false }),
        response: { 200: Product },
      },
    },
    async (req) => svc.saveProduct(db, req.actor(), { ...req.body, id: req.params.id }, req.ip),
  );

  app.get(
    '/api/price-lists',
    { schema: { tags, response: { 200: Type.Object({ items: Type.Array(Type.Composite([PriceList, Type.Object({ items: Type.Integer() })])) }) } } },
    async (req) => ({ items: await svc.listPriceLists(db, req.actor()) }),
  );
  app.post(
    '/api/price-lists',
    {
      schema: {
        tags,
        body: Type.Object({ name: Name, currency: Type.String({ pattern: '^[A-Z]{3}$' }) }, { additionalProperties: false }),
        response: { 201: PriceList },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.savePriceList(db, req.actor(), req.body, req.ip)),
  );
  app.patch(
    '/api/price-lists/:id',
    {
      schema: {
        tags,
        params: Id,
        body: Type.Object({ name: Name, currency: Type.String({ pattern: '^[A-Z]{3}$' }), version: Version }, { additionalProperties: false }),
        response: { 200: PriceList },
      },
    },
    async (req) => svc.savePriceList(db, req.actor(), { ...req.body, id: req.params.id }, req.ip),
  );
  app.get(
    '/api/price-lists/:id/items',
    { schema: { tags, params: Id, response: { 200: Type.Object({ items: Type.Array(PriceItem) }) } } },
    async (req) => ({ items: await svc.priceListItems(db, req.actor(), req.params.id) }),
  );
  app.put(
    '/api/price-lists/:id/items',
    {
      schema: {
        tags,
        summary: 'Set prices in a price list (price null removes the product), all or nothing',
        params: Id,
        body: Type.Object(
          {
            items: Type.Array(Type.Object({ productId: IdInt(), price: Type.Union([Amount, Type.Null()]) }, { additionalProperties: false }), {
              maxItems: 5000,
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(PriceItem) }) },
      },
    },
    async (req) => ({ items: await svc.setPriceListItems(db, req.actor(), req.params.id, req.body.items, req.ip) }),
  );

  app.get(
    '/api/client-categories',
    { schema: { tags: ['loyalty'], response: { 200: Type.Object({ items: Type.Array(Category) }) } } },
    async (req) => ({ items: await svc.listCategories(db, req.actor()) }),
  );
  app.post(
    '/api/client-categories',
    {
      schema: {
        tags: ['loyalty'],
        summary: 'A fixed-discount category or a cumulative tier (bronze / silver / gold)',
        body: Type.Object(CategoryFields, { additionalProperties: false }),
        response: { 201: Category },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.saveCategory(db, req.actor(), req.body, req.ip)),
  );
  app.patch(
    '/api/client-categories/:id',
    {
      schema: {
        tags: ['loyalty'],
        params: Id,
        body: Type.Object({ ...CategoryFields, version: Version }, { additionalProperties: false }),
        response: { 200: Category },
      },
    },
    async (req) => svc.saveCategory(db, req.actor(), { ...req.body, id: req.params.id }, req.ip),
  );
}
