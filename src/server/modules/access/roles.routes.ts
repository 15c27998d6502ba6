import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { actionsOf, requireRight, sections } from './rights.js';
import { clientFieldRightOptions } from './field-rights.js';
import { createRole, listRoles, updateRole } from './roles.service.js';
import { IdInt, IdParams } from '../../shared/id.schemas.js';

const Scope = Type.Union([Type.Literal('own'), Type.Literal('department'), Type.Literal('all')]);
const ActionSet = (section: (typeof sections)[number]) =>
  Type.Object(Object.fromEntries(actionsOf(section).map((a) => [a, Type.Optional(Type.Boolean())])), { additionalProperties: false });
const Rights = Type.Object(Object.fromEntries(sections.map((s) => [s, Type.Optional(ActionSet(s))])), { additionalProperties: false });
const MaxDiscount = Type.Union([Type.Null(), Type.String({ maxLength: 8, description: 'percent, e.g. "10"' })], {
  description: 'the largest manual line discount (sales.discount), percent of the line after automatic discounts; null = no maximum',
});
const FieldRights = Type.Record(Type.String({ pattern: '^[a-zA-Z0-9_.]{1,80}$' }), Type.Union([Type.Literal('hidden'), Type.Literal('readonly')]));
const RoleOut = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  name: Type.String(),
  isAdmin: Type.Boolean(),
  builtin: Type.Boolean(),
  scope: Scope,
  rights: Type.Unknown(),
  fieldRights: Type.Unknown(),
  maxDiscount: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
});

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
