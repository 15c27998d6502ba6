import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { AppError } from '../../shared/errors.js';
import { requireRight } from '../access/rights.js';
import { Password, UserCreate, UserOut, UserUpdate } from './users.schemas.js';
import { findUser, listUsers } from './users.repository.js';
import { createUser, setPassword, updateUser } from './users.service.js';
import { IdParams } from '../../shared/id.schemas.js';

const Id = IdParams;

export async function usersRoutes(app: AppInstance) {
  const db = app.deps.db;
  app.get(
    '/api/users',
    { schema: { tags: ['users'], summary: 'All users', response: { 200: Type.Object({ items: Type.Array(UserOut) }) } } },
    async (req) => {
      requireRight(req.actor(), 'users', 'read');
      return { items: await listUsers(db) };
    },
  );
  app.get('/api/users/:id', { schema: { tags: ['users'], params: Id, response: { 200: UserOut } } }, async (req) => {
    requireRight(req.actor(), 'users', 'read');
    const u = await findUser(db, req.params.id);
    if (!u) throw new AppError('USER_NOT_FOUND', 'No such user');
    return u;
  });
  app.post(
    '/api/users',
    { schema: { tags: ['users'], summary: 'Create a user', body: UserCreate, response: { 201: UserOut } } },
    async (req, reply) => reply.status(201).send(await createUser(db, req.actor(), req.body, req.ip)),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user (role, department, deactivate); needs the current version',
        params: Id,
        body: UserUpdate,
        response: { 200: UserOut },
      },
    },
    async (req) => updateUser(db, req.actor(), req.params.id, req.body, req.ip),
  );
  app.post(
    '/api/users/:id/password',
    {
      schema: {
        tags: ['users'],
        summary: "Set a user's password (ends their sessions and revokes their API tokens)",
        params: Id,
        body: Type.Object({ password: Password }, { additionalProperties: false }),
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async (req) => {
      requireRight(req.actor(), 'users', 'edit');
      await setPassword(db, req.actor(), req.params.id, req.body.password, req.ip);
      return { ok: true };
    },
  );
}
