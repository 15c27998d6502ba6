import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { createDepartment, listDepartments, renameDepartment } from './departments.service.js';
import { IdInt, IdParams } from '../../shared/id.schemas.js';

const Dept = Type.Object({ id: Type.Integer(), name: Type.String(), version: Type.Integer() });
const Name = Type.String({ minLength: 1, maxLength: 200 });

export async function departmentsRoutes(app: AppInstance) {
  const db = app.deps.db;
  app.get('/api/departments', { schema: { tags: ['departments'], response: { 200: Type.Object({ items: Type.Array(Dept) }) } } }, async (req) => ({
    items: await listDepartments(db, req.actor()),
  }));
  app.post(
    '/api/departments',
    {
      schema: { tags: ['departments'], body: Type.Object({ name: Name }, { additionalProperties: false }), response: { 201: Dept } },
    },
    async (req, reply) => reply.status(201).send(await createDepartment(db, req.actor(), req.body.name, req.ip)),
  );
  app.patch(
    '/api/departments/:id',
    {
      schema: {
        tags: ['departments'],
        params: IdParams,
        body: Type.Object({ name: Name, version: IdInt() }, { additionalProperties: false }),
        response: { 200: Dept },
      },
    },
    async (req) => renameDepartment(db, req.actor(), req.params.id, req.body, req.ip),
  );
}
