import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { requireRight } from './rights.js';
import { clientFieldRightOptions } from './field-rights.js';
import { createRole, listRoles, updateRole } from './roles.service.js';
import { IdInt, IdParams } from '../../shared/id.schemas.js';
import { FieldRights, MaxDiscount, Rights, RoleOut, Scope } from './roles.schemas.js';

export async function rolesRoutes(app: AppInstance) {
  const db = app.deps.db;
  const ClientFields = Type.Array(Type.Object({ field: Type.String(), hideable: Type.Boolean() }), {
    description:
      'Built-in client fields field rights may name: read-only works for all, hidden for the hideable ones; custom fields (custom.<key>) allow both',
  });
  app.get(
    '/api/roles',
    { schema: { tags: ['roles'], response: { 200: Type.Object({ items: Type.Array(RoleOut), clientFields: ClientFields }) } } },
    async (req) => {
      requireRight(req.actor(), 'roles', 'read');
      return { items: await listRoles(db), clientFields: clientFieldRightOptions() };
    },
  );
  app.post(
    '/api/roles',
    {
      schema: {
        tags: ['roles'],
        summary: 'Create a custom role',
        body: Type.Object(
          {
            key: Type.String({ pattern: '^[a-z][a-z0-9_-]{1,40}$' }),
            name: Type.String({ minLength: 1, maxLength: 100 }),
            scope: Scope,
            rights: Rights,
            fieldRights: Type.Optional(FieldRights),
            maxDiscount: Type.Optional(MaxDiscount),
          },
          { additionalProperties: false },
        ),
        response: { 201: RoleOut },
      },
    },
    async (req, reply) => reply.status(201).send(await createRole(db, req.actor(), req.body, req.ip)),
  );
  app.patch(
    '/api/roles/:id',
    {
      schema: {
        tags: ['roles'],
        summary: "Change a role's rights, scope or field rights",
        params: IdParams,
        body: Type.Object(
          {
            version: IdInt(),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            scope: Type.Optional(Scope),
            rights: Type.Optional(Rights),
            fieldRights: Type.Optional(FieldRights),
            maxDiscount: Type.Optional(MaxDiscount),
          },
          { additionalProperties: false },
        ),
        response: { 200: RoleOut },
      },
    },
    async (req) => updateRole(db, req.actor(), req.params.id, req.body, req.ip),
  );
}
