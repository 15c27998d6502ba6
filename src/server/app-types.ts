// The types that app.ts and the route files both need: the Fastify instance they register on, its
// dependencies, and what app.ts decorates it with. Kept apart from app.ts, which imports every route
// file, so that a route file importing AppInstance closes no import cycle (scripts/check-layers.ts).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { DB } from './db/schema.js';
import type { Actor } from './modules/access/rights.js';
import type { AuthService } from './modules/auth/auth.service.js';
import type { BackupScheduler } from './modules/backup/backup-schedule.js';
import type { SaleFacts } from './modules/reports/facts.js';
import type { ReminderRunner } from './modules/reminders/reminders.service.js';

/** `pool` (the same connections as `db`) is what backups stream through; without it there are none. */
export type AppDeps = { db: Kysely<DB>; config: Config; pool?: pg.Pool };

export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    auth: AuthService;
    /** the in-memory copy of the sale facts behind the rating report */
    facts: SaleFacts;
    /** scheduled and on-demand backups (none when built without a pool) */
    backups: BackupScheduler | undefined;
    /** the reminder scheduler (none when CLIENTELA_SCHEDULER=0); started by `clientela serve` */
    reminders: ReminderRunner | undefined;
  }
  interface FastifyRequest {
    actorOrNull: Actor | null;
    actor(): Actor;
  }
  interface FastifyContextConfig {
    /** reachable without logging in */
    public?: boolean;
  }
}
