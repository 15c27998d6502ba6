import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { AppError } from '../../shared/errors.js';
import { requireRight } from '../access/rights.js';
import { insertAudit } from '../audit/audit.repository.js';
import { listDepartments } from './departments.repository.js';
import { createDepartment } from './departments.service.js';
import { IdInt, IdParams } from '../../shared/id.schemas.js';

const Dept = Type.Object({ id: Type.Integer(), name: Type.String(), version: Type.Integer() });
const Name = Type.String({ minLength: 1, maxLength: 200 });

export async function departmentsRoutes(app: AppInstance) {
  const db = app.deps.db;
  app.get('/api/departments', { schema: { tags: ['departments'], response: { 200: Type.Object({ items: Type.Array(Dept) }) } } }, async (req) => {
    requireRight(req.actor(), 'departments', 'read');
    return { items: await listDepartments(db) };
  });
  app.post('/api/departments', {
    schema: { tags: ['departments'], body: Type.Object({ name: Name }, { additionalProperties: false }), response: { 201: Dept } },
  }, async (req, reply) => {
    return reply.status(201).send(await createDepartment(db, req.actor(), req.body.name, req.ip));
  });
  app.patch('/api/departments/:id', {
    schema: { tags: ['departments'], params: IdParams, body: Type.Object({ name: Name, version: IdInt() }, { additionalProperties: false }), response: { 200: Dept } },
  }, async (req) => {
    const actor = req.actor();
    requireRight(actor, 'departments', 'edit');
    const cur = await db.selectFrom('departments').selectAll().where('id', '=', req.params.id).executeTakeFirst();
    if (!cur) throw new AppError('DEPARTMENT_NOT_FOUND', 'No such department');
    const row = await db.updateTable('departments').set((eb) => ({ name: req.body.name.trim(), version: eb('version', '+', 1) }))
      .where('id', '=', req.params.id).where('version', '=', req.body.version).returning(['id', 'name', 'version']).executeTakeFirst();
    if (!row) throw new AppError('VERSION_CONFLICT', 'The department was changed by someone else', { currentVersion: cur.version });
    await insertAudit(db, { userId: actor.userId, action: 'department.renamed', entity: 'department', entityId: row.id, changes: { name: [cur.name, row.name] }, ip: req.ip });
    return row;
  });
}
