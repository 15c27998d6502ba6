import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { openRuntime } from '../server/runtime.js';
import { issueSetupToken, setupNeeded } from '../server/modules/auth/setup.service.js';
import { buildWebIfMissing } from '../server/web.js';

export async function serve() {
  const config = loadConfig();
  await buildWebIfMissing((l) => console.log(l));
  const rt = await openRuntime(config, (l) => console.log(`[db] ${l}`), 20);
  const app = await buildApp({ db: rt.db, pool: rt.pool, config }, { logger: true });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: shutting down`);
    await app.close().catch(() => {});
    await rt.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    await rt.close();
    throw e;
  }
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = `http://${shown.includes(':') ? `[${shown}]` : shown}:${config.port}`;
  console.log(`Clientela is running at ${base} (API docs: ${base}/api/docs)`);
  // the rating report's fact copy loads in the background, so the first report does not wait
  app.facts.ready().then(
    () => app.log.info(`sale facts loaded: ${app.facts.n} rows in ${Math.round(app.facts.loadMs)} ms`),
    (e: unknown) => app.log.error({ err: e }, 'sale facts: load failed (reports will retry)'),
  );
  app.backups?.start();
  await app.reminders?.start();
  if (app.reminders) console.log(`Reminders: checked every ${Math.round(app.reminders.intervalMs / 1000)} s (Settings → API: GET /api/scheduler)`);
  if (config.backupIntervalHours > 0) console.log(`Backups: every ${config.backupIntervalHours} h to ${config.backupDir} (Settings → Backups)`);
  if (await setupNeeded(rt.db)) {
    const token = await issueSetupToken(rt.db);
    console.log(`\nFirst run: create the administrator at ${base}/setup?token=${token}`);
    console.log(
      `(or POST /api/setup with the header "Origin: ${base}" and {"token":"${token}","login":…,"name":…,"password":…}, or run "clientela user add --role admin")\n`,
    );
  }
}
