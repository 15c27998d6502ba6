import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../access/rights.js';
import { requireScheduler } from './backup-schedule.js';
import { BackupRun, BackupStatus } from './backup.schemas.js';

/** Backups hold every client, user and password hash: administrators only. */
function requireAdmin(actor: Actor) {
  if (!actor.isAdmin) throw new AppError('FORBIDDEN', 'Only administrators manage backups', { section: 'backups' });
}

export async function backupRoutes(app: AppInstance) {
  app.get(
    '/api/backups',
    {
      schema: { tags: ['backups'], summary: 'Scheduled backups: settings, runs (newest first) and the files kept', response: { 200: BackupStatus } },
    },
    async (req) => {
      requireAdmin(req.actor());
      return requireScheduler(app.backups).status();
    },
  );

  app.post(
    '/api/backups',
    {
      schema: {
        tags: ['backups'],
        summary: 'Back up now: write a backup, verify it by restoring it into a scratch schema, prune old ones',
        body: Type.Optional(Type.Object({ wait: Type.Optional(Type.Boolean()) }, { additionalProperties: false })),
        response: { 200: BackupRun, 202: Type.Object({ running: Type.Boolean() }) },
      },
    },
    async (req, reply) => {
      requireAdmin(req.actor());
      const s = requireScheduler(app.backups);
      const done = s.run('manual');
      if (req.body?.wait) return done;
      done.catch(() => {}); // the run records its own failure
      return reply.code(202).send({ running: true });
    },
  );
}
