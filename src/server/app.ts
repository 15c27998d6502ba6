// buildApp(deps) -> Fastify instance without listen, so tests drive it with inject().
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { nullFirst } from './shared/nullable-first.js';
import Fastify, { type FastifyReply } from 'fastify';
import type { AppDeps, AppInstance } from './app-types.js';
import { AppError } from './shared/errors.js';
import { registerErrorHandling } from './shared/error-handler.js';
import { registerSecurity } from './shared/security.js';
import type { Actor } from './modules/access/rights.js';
import { AuthService } from './modules/auth/auth.service.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { rolesRoutes } from './modules/access/roles.routes.js';
import { departmentsRoutes } from './modules/departments/departments.routes.js';
import { customFieldsRoutes } from './modules/custom-fields/custom-fields.routes.js';
import { clientsRoutes } from './modules/clients/clients.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { BackupScheduler } from './modules/backup/backup-schedule.js';
import { backupRoutes } from './modules/backup/backup.routes.js';
import { registerWeb } from './web.js';
import { demoRoutes } from './modules/demo/demo.routes.js';
import { viewsRoutes } from './modules/views/views.routes.js';
import { settingsRoutes } from './modules/settings/settings.routes.js';
import { catalogRoutes } from './modules/catalog/catalog.routes.js';
import { salesRoutes } from './modules/sales/sales.routes.js';
import { reportsRoutes } from './modules/reports/reports.routes.js';
import { SaleFacts } from './modules/reports/facts.js';
import { importRoutes } from './modules/import/import.routes.js';
import { exportRoutes } from './modules/export/export.routes.js';
import { ImportService } from './modules/import/import.service.js';
import { invitesRoutes } from './modules/invites/invites.routes.js';
import { eventsRoutes } from './modules/events/events.routes.js';
import { promisesRoutes } from './modules/promises/promises.routes.js';
import { contractsRoutes } from './modules/contracts/contracts.routes.js';
import { notesRoutes } from './modules/notes/notes.routes.js';
import { filesRoutes } from './modules/files/files.routes.js';
import { mailRoutes } from './modules/mail/mail.routes.js';
import { documentsRoutes } from './modules/documents/documents.routes.js';
import { fileStoreFor } from './modules/files/file-store.js';
import { calendarFeedRoutes } from './modules/calendar-feed/calendar-feed.routes.js';
import { tasksRoutes } from './modules/tasks/tasks.routes.js';
import { planningRoutes } from './modules/planning/planning.routes.js';
import { remindersRoutes } from './modules/reminders/reminders.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { type ReminderRunner, ReminderScheduler } from './modules/reminders/reminders.service.js';
import { GraphileReminderScheduler } from './modules/reminders/reminders.worker.js';

export type { AppDeps, AppInstance } from './app-types.js';

export async function buildApp(deps: AppDeps, opts: { logger?: boolean } = {}): Promise<AppInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: deps.config.logLevel } : false,
    // Fastify logs two lines per request at info, which buries the first-run setup link that
    // `clientela serve` prints; requests are logged at debug below (LOG_LEVEL=debug shows them)
    disableRequestLogging: true,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: process.env.CLIENTELA_TRUST_PROXY === '1',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
    // The router's own refusals (a path that is not valid percent-encoding, a path parameter
    // longer than 100 characters, such as a 400-digit id) in our error format, as 400s.
    frameworkErrors: (err, _req, reply: FastifyReply) => {
      const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long' : 'The address is not valid';
      void reply.status(400).send({ error: { code: 'BAD_REQUEST', message, details: null } });
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('deps', deps);
  // null before a coercible type in every request union, or Ajv turns null into '' / 0 (src/server/shared/nullable-first.ts)
  app.addHook('onRoute', (route) => {
    const s = route.schema as Record<string, unknown> | undefined;
    if (s) for (const part of ['body', 'querystring', 'params']) nullFirst(s[part]);
  });
  app.addHook('onResponse', async (req, reply) => {
    req.log.debug({ req, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  });
  app.decorate('auth', new AuthService(deps.db, deps.config));
  app.decorate('facts', new SaleFacts(deps.db));
  app.decorate('imports', new ImportService(deps.db, deps.config.uploadDir, deps.config.uploadLimitBytes, deps.config.importStaleMs));
  const backups = deps.pool
    ? new BackupScheduler(
        deps.pool,
        {
          dir: deps.config.backupDir,
          intervalHours: deps.config.backupIntervalHours,
          keepDaily: deps.config.backupKeepDaily,
          keepWeekly: deps.config.backupKeepWeekly,
        },
        (level, msg) => app.log[level](msg),
        fileStoreFor(deps.config),
      )
    : undefined;
  app.decorate('backups', backups);
  app.addHook('onClose', async () => backups?.stop());
  // the reminder scheduler: built here, started by `clientela serve` (tests start it themselves)
  const remindersLog = (level: 'info' | 'warn' | 'error', msg: string) => app.log[level](msg);
  const reminders: ReminderRunner | undefined = !deps.config.scheduler
    ? undefined
    : deps.pool
      ? new GraphileReminderScheduler(deps.db, deps.pool, deps.config.schedulerIntervalMs, { log: remindersLog, appSchema: deps.config.schema })
      : new ReminderScheduler(deps.db, deps.config.schedulerIntervalMs, { log: remindersLog });
  app.decorate('reminders', reminders);
  app.addHook('onClose', async () => reminders?.stop());
  app.decorateRequest('actorOrNull', null);
  app.decorateRequest('actor', function (this: { actorOrNull: Actor | null }) {
    if (!this.actorOrNull) throw new AppError('UNAUTHENTICATED', 'Log in first');
    return this.actorOrNull;
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Clientela API',
        version: '0.1.0',
        description: 'Client base and CRM for small businesses. Errors are { "error": { "code", "message", "details" } }.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'clientela_session' },
          token: { type: 'http', scheme: 'bearer', description: 'Personal API token (POST /api/auth/tokens)' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  registerErrorHandling(app);
  registerSecurity(app);

  await app.register(authRoutes);
  await app.register(usersRoutes);
  await app.register(invitesRoutes);
  await app.register(rolesRoutes);
  await app.register(departmentsRoutes);
  await app.register(customFieldsRoutes);
  await app.register(clientsRoutes);
  await app.register(auditRoutes);
  await app.register(demoRoutes);
  await app.register(viewsRoutes);
  await app.register(settingsRoutes);
  await app.register(catalogRoutes);
  await app.register(salesRoutes);
  await app.register(reportsRoutes);
  await app.register(importRoutes);
  await app.register(exportRoutes);
  await app.register(backupRoutes);
  await app.register(eventsRoutes);
  await app.register(promisesRoutes);
  await app.register(contractsRoutes);
  await app.register(notesRoutes);
  await app.register(filesRoutes);
  await app.register(documentsRoutes);
  await app.register(calendarFeedRoutes);
  await app.register(tasksRoutes);
  await app.register(planningRoutes);
  await app.register(remindersRoutes);
  await app.register(notificationsRoutes);
  await app.register(mailRoutes);
  await registerWeb(app);
  return app as unknown as AppInstance;
}
