import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { AppError } from '../../shared/errors.js';
import { hasClients } from './demo.repository.js';
import { seedDemo } from './demo.service.js';

export async function demoRoutes(app: AppInstance) {
  app.post(
    '/api/demo',
    {
      schema: {
        tags: ['setup'],
        summary: 'Fill an empty base with the demo firm (administrators; only while there are no clients)',
        response: { 201: Type.Object({ message: Type.String() }) },
      },
    },
    async (req, reply) => {
      if (!req.actor().isAdmin) throw new AppError('FORBIDDEN', 'Only administrators may load the demo base');
      if (await hasClients(app.deps.db)) throw new AppError('ALREADY_EXISTS', 'The base already has clients; the demo is only for an empty base');
      return reply.status(201).send({ message: await seedDemo(app.deps.db, 200) });
    },
  );
}
