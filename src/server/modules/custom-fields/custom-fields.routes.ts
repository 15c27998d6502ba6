import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { requireRight } from '../access/rights.js';
import { fieldTypes } from './custom-values.js';
import { createField, listFields, updateField } from './custom-fields.service.js';
import { IdInt, IdParams } from '../../shared/id.schemas.js';
import { FieldOut } from './custom-fields.schemas.js';

const Options = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 200 });

export async function customFieldsRoutes(app: AppInstance) {
  const db = app.deps.db;
  app.get(
    '/api/custom-fields',
    {
      schema: {
        tags: ['custom fields'],
        summary: 'Custom fields of clients, in display order',
        response: { 200: Type.Object({ items: Type.Array(FieldOut) }) },
      },
    },
    async (req) => {
      requireRight(req.actor(), 'customFields', 'read');
      const a = req.actor();
      return { items: (await listFields(db)).filter((f) => a.fieldRights[`custom.${f.key}`] !== 'hidden') };
    },
  );
  app.post(
    '/api/custom-fields',
    {
      schema: {
        tags: ['custom fields'],
        summary: 'Add a custom field to clients',
        body: Type.Object(
          {
            key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
            label: Type.String({ minLength: 1, maxLength: 100 }),
            type: Type.Union(fieldTypes.map((t) => Type.Literal(t))),
            required: Type.Optional(Type.Boolean()),
            defaultValue: Type.Optional(Type.Unknown()),
            options: Type.Optional(Options),
            position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
            hidden: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: FieldOut },
      },
    },
    async (req, reply) => reply.status(201).send(await createField(db, req.actor(), req.body, req.ip)),
  );
  app.patch(
    '/api/custom-fields/:id',
    {
      schema: {
        tags: ['custom fields'],
        summary: 'Rename, reorder, hide a field or change its options',
        params: IdParams,
        body: Type.Object(
          {
            version: IdInt(),
            label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            required: Type.Optional(Type.Boolean()),
            defaultValue: Type.Optional(Type.Unknown()),
            options: Type.Optional(Options),
            position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
            hidden: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: FieldOut },
      },
    },
    async (req) => updateField(db, req.actor(), req.params.id, req.body, req.ip),
  );
}
