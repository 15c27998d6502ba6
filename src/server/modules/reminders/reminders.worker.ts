// The reminder scheduler on graphile-worker (jobs in PostgreSQL, no Redis): one job,
// `clientela.reminders`, with a job key, so one database holds at most one pending run however many
// server processes share it; each run calls runOnce (which computes local times itself — the
// worker's cron is UTC-only and per minute) and then queues the next run intervalMs later.
// Every process runs a worker, so when one process stops another picks the next run up.
// graphile-worker keeps its tables in its own schema (graphile_worker, or graphile_worker_<app
// schema> when CLIENTELA_DB_SCHEMA is set), outside the app's schema that backups copy.
import { Logger, run, type Runner } from 'graphile-worker';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { DB } from '../../db/schema.js';
import { type RunOptions, runOnce } from './reminders.service.js';

const TASK = 'clientela.reminders';

export class GraphileReminderScheduler {
  private runner: Runner | undefined;
  private stopped = true;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly pool: pg.Pool,
    readonly intervalMs: number,
    private readonly opts: RunOptions & { clock?: () => Date; appSchema?: string } = {},
  ) {}

  get started() {
    return !this.stopped;
  }

  get workerSchema() {
    return this.opts.appSchema ? `graphile_worker_${this.opts.appSchema}` : 'graphile_worker';
  }

  async start() {
    if (!this.stopped) return;
    this.stopped = false;
    const log = this.opts.log;
    const logger = new Logger(() => (level, message) => {
      if (level === 'error') log?.('error', `graphile-worker: ${message}`);
      else if (level === 'warning') log?.('warn', `graphile-worker: ${message}`);
    });
    const next = () => ({ jobKey: TASK, runAt: new Date(Date.now() + this.intervalMs) });
    this.runner = await run({
      pgPool: this.pool,
      schema: this.workerSchema,
      concurrency: 1,
      noHandleSignals: true,
      pollInterval: Math.max(100, Math.min(this.intervalMs, 2000)),
      logger,
      taskList: {
        [TASK]: async (_payload, helpers) => {
          // runOnce never throws: a failure is recorded in scheduler_state and the next run retries
          try {
            await runOnce(this.db, this.opts.clock?.() ?? new Date(), this.opts);
          } finally {
            if (!this.stopped) await helpers.addJob(TASK, {}, next());
          }
        },
      },
    });
    // the first run now, unless another process already queued one (its time is kept); the
    // watchdog queues it again should the chain ever break (a failed addJob is retried by the
    // worker with back-off, this is the belt to those braces)
    const ensure = () => this.runner?.addJob(TASK, {}, { jobKey: TASK, jobKeyMode: 'preserve_run_at', runAt: new Date() });
    await ensure();
    this.watchdog = setInterval(() => {
      ensure()?.catch((e: unknown) => log?.('error', `reminders: cannot queue the next run: ${String(e)}`));
    }, 10 * this.intervalMs);
    this.watchdog.unref?.();
  }

  async stop() {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    await this.runner?.stop();
    this.runner = undefined;
  }
}
