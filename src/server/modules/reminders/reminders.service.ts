// Reminders that never silently fail (docs/crm-reminders.md). A run computes, in PostgreSQL, every
// reminder due in (last successful run, now] — bounded to LOOKBACK, so reminders due while the
// server was down fire once on start — and inserts it as a notifications row keyed by a dedup_key
// (source + moment): a reminder is delivered exactly once, even with several server processes on
// one database (they also take turns through an advisory lock). A failed run is logged and counted
// in scheduler_state and does not move last_ok_at, so the next run covers its window again.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { insertAudit } from '../../db/audit-log.js';
import { AppError, Issues } from '../../shared/errors.js';
import type { Actor } from '../access/rights.js';
import { defaultChannels, type NotificationChannel } from '../notifications/notifications.service.js';
import type { TReminderRuleIn, TReminderRuleOut, TReminderRulePatch, TSchedulerHealth } from './reminders.schemas.js';
import * as repo from './reminders.repository.js';

type Db = Kysely<DB>;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** How far back a run looks when the previous successful run is older (or there is none). */
export const LOOKBACK_MS = 7 * 24 * 3600 * 1000;

export type RunResult =
  | { skipped: true }
  | { skipped: false; ok: true; delivered: number; from: Date; to: Date }
  | { skipped: false; ok: false; error: string };

export type RunOptions = {
  channels?: NotificationChannel[];
  /** take the advisory lock (default); tests turn it off to prove the dedup_key alone is enough */
  lock?: boolean;
  log?: (level: 'info' | 'warn' | 'error', msg: string) => void;
};

/** One run of the scheduler at `now` (an injected clock in tests). */
export async function runOnce(db: Db, now: Date = new Date(), opts: RunOptions = {}): Promise<RunResult> {
  const channels = opts.channels ?? defaultChannels();
  try {
    const zones: string[] = [];
    for (const tz of await repo.zonesInUse(db)) {
      if (await repo.zoneKnown(db, tz)) zones.push(tz);
      else opts.log?.('warn', `reminders: unknown time zone "${tz}" (the firm's zone, else UTC, is used instead)`);
    }
    const res = await db.transaction().execute(async (trx) => {
      if (opts.lock !== false && !(await repo.tryLock(trx))) return null;
      const state = await repo.findState(trx);
      const floor = new Date(now.getTime() - LOOKBACK_MS);
      const last = state?.lastOkAt ? new Date(state.lastOkAt) : floor;
      const from = last > floor ? last : floor;
      const rows = await repo.deliverDue(trx, from, now, floor, zones);
      await repo.recordOk(trx, now, rows.length);
      return { rows, from };
    });
    if (res === null) return { skipped: true };
    // the rows are committed: the in-app channel is done; other channels must not undo it
    for (const n of res.rows) {
      for (const ch of channels) {
        await ch.deliver(n).catch((e: unknown) => opts.log?.('warn', `reminders: channel ${ch.name} failed for notification ${n.id}: ${String(e)}`));
      }
    }
    if (res.rows.length > 0) opts.log?.('info', `reminders: delivered ${res.rows.length}`);
    return { skipped: false, ok: true, delivered: res.rows.length, from: res.from, to: now };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    opts.log?.('error', `reminders: run failed (the next run retries): ${error}`);
    await repo
      .recordFailure(db, now, error.slice(0, 2000))
      .catch((e2: unknown) => opts.log?.('error', `reminders: cannot record the failure: ${String(e2)}`));
    return { skipped: false, ok: false, error };
  }
}

/** What the server starts and stops: graphile-worker's job (reminders.worker.ts) or the plain timer. */
export interface ReminderRunner {
  readonly started: boolean;
  readonly intervalMs: number;
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `runOnce` every `intervalMs` in this process (the next run starts when the previous one
 * ended): the scheduler of an app built without a pg pool, and of the tests with a fake clock.
 */
export class ReminderScheduler implements ReminderRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    private readonly db: Db,
    readonly intervalMs: number,
    private readonly opts: RunOptions & { clock?: () => Date } = {},
  ) {}

  get started() {
    return !this.stopped;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.tick(0);
  }

  private tick(delay: number) {
    this.timer = setTimeout(() => {
      this.running = runOnce(this.db, this.opts.clock?.() ?? new Date(), this.opts).finally(() => {
        this.running = undefined;
        if (!this.stopped) this.tick(this.intervalMs);
      });
    }, delay);
    this.timer.unref?.();
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }
}

export async function schedulerHealth(
  db: Db,
  actor: Actor,
  scheduler: { started: boolean; intervalMs: number } | undefined,
): Promise<TSchedulerHealth> {
  if (!actor.isAdmin) throw new AppError('FORBIDDEN', 'Only administrators see the scheduler');
  const s = await repo.findState(db);
  const intervalMs = scheduler?.intervalMs ?? 30_000;
  const lastOk = s?.lastOkAt ? new Date(s.lastOkAt).getTime() : null;
  const lastErr = s?.lastErrorAt ? new Date(s.lastErrorAt).getTime() : null;
  const stale = scheduler?.started === true && (lastOk === null || Date.now() - lastOk > 10 * intervalMs);
  return {
    name: repo.JOB,
    enabled: scheduler?.started === true,
    intervalMs,
    lastRunAt: iso(s?.lastRunAt ?? null),
    lastOkAt: iso(s?.lastOkAt ?? null),
    lastError: s?.lastError ?? null,
    lastErrorAt: iso(s?.lastErrorAt ?? null),
    failures: Number(s?.failures ?? 0),
    runs: Number(s?.runs ?? 0),
    delivered: Number(s?.delivered ?? 0),
    failing: (lastErr !== null && (lastOk === null || lastErr > lastOk)) || (stale && s?.runs !== undefined && Number(s.runs) > 0),
  };
}

// ---- reminder rules ----

const requireAdmin = (actor: Actor) => {
  if (!actor.isAdmin) throw new AppError('FORBIDDEN', 'Only administrators configure reminder rules');
};

function ruleOut(r: repo.RuleRow): TReminderRuleOut {
  return {
    id: r.id,
    kind: r.kind,
    field: r.field,
    daysBefore: r.daysBefore,
    monthsAfter: r.monthsAfter,
    atTime: String(r.atTime).slice(0, 5),
    recipient: r.recipient,
    recipientId: r.recipientId,
    active: r.active,
    version: r.version,
    createdAt: iso(r.createdAt)!,
  };
}

async function checkedRule(db: Db, input: TReminderRuleIn, before?: repo.RuleRow): Promise<repo.RuleValues> {
  const issues = new Issues();
  const kind = input.kind;
  const field = kind === 'custom_date' ? (input.field ?? null) : null;
  if (kind === 'custom_date') {
    if (field === null) issues.add('field', 'a custom_date rule needs the key of a date custom field');
    else {
      const f = await repo.findClientField(db, field);
      if (!f) issues.add('field', 'no such client custom field');
      else if (f.type !== 'date') issues.add('field', 'the custom field is not of type date');
    }
  }
  const monthsAfter = kind === 'after_last_purchase' ? (input.monthsAfter ?? null) : null;
  if (kind === 'after_last_purchase' && monthsAfter === null) issues.add('monthsAfter', 'an after_last_purchase rule needs the number of months');
  const recipient = input.recipient ?? 'manager';
  const recipientId = recipient === 'user' ? (input.recipientId ?? null) : null;
  if (recipient === 'user') {
    if (recipientId === null) issues.add('recipientId', 'name the user to remind');
    else if (recipientId !== before?.recipientId && !(await repo.activeUser(db, recipientId))) issues.add('recipientId', 'no such active user');
  }
  issues.throwIfAny();
  return {
    kind,
    field,
    daysBefore: input.daysBefore ?? 0,
    monthsAfter,
    atTime: input.atTime ?? '09:00',
    recipient,
    recipientId,
    active: input.active ?? true,
  };
}

export async function listRules(db: Db, actor: Actor) {
  requireAdmin(actor);
  return { items: (await repo.listRules(db)).map(ruleOut) };
}

export async function createRule(db: Db, actor: Actor, input: TReminderRuleIn, ip?: string): Promise<TReminderRuleOut> {
  requireAdmin(actor);
  const v = await checkedRule(db, input);
  const id = await db.transaction().execute(async (trx) => {
    const id = await repo.insertRule(trx, v);
    await insertAudit(trx, { userId: actor.userId, action: 'reminder_rule.created', entity: 'reminder_rule', entityId: id, changes: v, ip });
    return id;
  });
  return ruleOut((await repo.findRule(db, id))!);
}

export async function updateRule(db: Db, actor: Actor, id: number, patch: TReminderRulePatch, ip?: string): Promise<TReminderRuleOut> {
  requireAdmin(actor);
  const cur = await repo.findRule(db, id);
  if (!cur) throw new AppError('NOT_FOUND', 'No such reminder rule');
  const { version, ...rest } = patch;
  const merged: TReminderRuleIn = {
    kind: cur.kind as TReminderRuleIn['kind'],
    field: cur.field,
    daysBefore: cur.daysBefore,
    monthsAfter: cur.monthsAfter,
    atTime: String(cur.atTime).slice(0, 5),
    recipient: cur.recipient as TReminderRuleIn['recipient'],
    recipientId: cur.recipientId,
    active: cur.active,
    ...rest,
  };
  const v = await checkedRule(db, merged, cur);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateRule(trx, id, version, v))) {
      throw new AppError('VERSION_CONFLICT', 'The rule was changed by someone else', { currentVersion: cur.version });
    }
    await insertAudit(trx, { userId: actor.userId, action: 'reminder_rule.updated', entity: 'reminder_rule', entityId: id, changes: rest, ip });
  });
  return ruleOut((await repo.findRule(db, id))!);
}

export async function deleteRule(db: Db, actor: Actor, id: number, ip?: string): Promise<void> {
  requireAdmin(actor);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.deleteRule(trx, id))) throw new AppError('NOT_FOUND', 'No such reminder rule');
    await insertAudit(trx, { userId: actor.userId, action: 'reminder_rule.deleted', entity: 'reminder_rule', entityId: id, ip });
  });
}
