// Tasks (issue 15, B2; docs/crm-tasks.md): a to-do of an assignee, due at a time or on a whole day
// (stored as the local midnight of the assignee's time zone), linked to a client, a sale, a
// contract; closed with an optional follow-up ("schedule the next one") in the same transaction;
// repeated by an RRULE subset (recurrence.ts): closing or cancelling an occurrence creates the
// next one, computed on the assignee's wall clock from the series' first due time. Every change
// writes its audit row in its own transaction and raises the SEQUENCE (RFC 5545).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { insertAudit } from '../../db/audit-log.js';
import { AppError, Issues } from '../../shared/errors.js';
import { type Actor, actorUserId, requireRight } from '../access/rights.js';
import { resolveOwner, userTimezone, visibleClientName } from '../planning/planning.service.js';
import { formatRRule, fromLocal, occurrenceAt, parseRRule, RRuleError, toLocal } from './recurrence.js';
import type { TTaskDone, TTaskDoneOut, TTaskIn, TTaskOut, TTaskPatch, TTaskSnooze, TTasksQuery } from './tasks.schemas.js';
import * as repo from './tasks.repository.js';

export { insertTask, type TaskValues } from './tasks.repository.js';

type Db = Kysely<DB>;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const p2 = (n: number) => String(n).padStart(2, '0');
const localDay = (at: Date, tz: string) => {
  const l = toLocal(at, tz);
  return `${l.y}-${p2(l.m)}-${p2(l.d)}`;
};

export function taskOut(r: repo.TaskRow): TTaskOut {
  return {
    id: r.id,
    uid: r.uid,
    sequence: r.sequence,
    title: r.title,
    notes: r.notes,
    assigneeId: r.assigneeId,
    assigneeName: r.assigneeName,
    client: r.clientId === null ? null : { id: r.clientId, name: r.clientName ?? '', visible: r.clientVisible },
    contactPerson: r.contactPerson,
    saleId: r.saleId,
    contractId: r.contractId,
    typeId: r.typeId,
    dueAt: iso(r.dueAt),
    allDay: r.allDay,
    dueDate: r.allDay && r.dueAt ? localDay(r.dueAt, r.assigneeTz) : null,
    priority: r.priority,
    status: r.status,
    doneAt: iso(r.doneAt),
    rrule: r.rrule,
    seriesId: r.seriesId,
    occurrence: r.occurrence,
    snoozedUntil: iso(r.snoozedUntil),
    remindBeforeMin: r.remindBeforeMin,
    overdue: r.overdue,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    version: r.version,
  };
}

/** A date-time between the years 1900 and 2999, else undefined. */
function instant(s: string): Date | undefined {
  const d = new Date(s);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1900 || d.getUTCFullYear() > 2999) return undefined;
  return d;
}
const BAD_WHEN = 'not a date and time between the years 1900 and 2999';

async function found(db: Db, actor: Actor, id: number, lock = false): Promise<repo.TaskRow> {
  const r = await repo.findTask(db, actor, id, lock);
  if (!r) throw new AppError('NOT_FOUND', 'No such task');
  return r;
}
const reread = async (db: Db, actor: Actor, id: number) => taskOut(await found(db, actor, id));

export async function getTask(db: Db, actor: Actor, id: number): Promise<TTaskOut> {
  requireRight(actor, 'tasks', 'read');
  return reread(db, actor, id);
}

export async function listTasks(db: Db, actor: Actor, q: TTasksQuery) {
  requireRight(actor, 'tasks', 'read');
  const issues = new Issues();
  for (const f of ['dueFrom', 'dueTo'] as const) if (q[f] !== undefined && !instant(q[f]!)) issues.add(f, BAD_WHEN);
  let after: repo.TaskFilter['after'];
  if (q.after) {
    const [due, id] = q.after.split('.') as [string, string];
    const at = due === 'n' ? null : new Date(Number(due));
    if (at !== null && Number.isNaN(at.getTime())) issues.add('after', 'not a cursor of this list');
    else after = { dueAt: at, id: Number(id) };
  }
  issues.throwIfAny();
  const rows = await repo.findTasks(db, actor, { ...q, after }, q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return {
    items: items.map(taskOut),
    nextCursor: rows.length > q.limit && last ? `${last.dueAt ? new Date(last.dueAt).getTime() : 'n'}.${last.id}` : null,
  };
}

/** A task's fields as an input: an all-day task by its day, a timed one by its time. */
type Merged = TTaskIn & { dueDateGiven: boolean };

function asInput(b: repo.TaskRow): TTaskIn {
  return {
    title: b.title,
    notes: b.notes,
    assigneeId: b.assigneeId,
    dueAt: iso(b.dueAt),
    allDay: b.allDay,
    dueDate: b.allDay && b.dueAt ? localDay(b.dueAt, b.assigneeTz) : null,
    priority: b.priority,
    clientId: b.clientId,
    contactPerson: b.contactPerson,
    saleId: b.saleId,
    contractId: b.contractId,
    typeId: b.typeId,
    remindBeforeMin: b.remindBeforeMin,
    rrule: b.rrule,
  };
}

/** The values of a new or changed task, checked together: every problem is reported at once. */
async function checked(db: Db, actor: Actor, input: Merged, before?: repo.TaskRow): Promise<repo.TaskValues> {
  const issues = new Issues();
  const clientId = input.clientId ?? null;
  if (clientId !== null && clientId !== before?.clientId && (await visibleClientName(db, actor, clientId)) === undefined)
    issues.add('clientId', 'no such client');
  const saleId = input.saleId ?? null;
  if (saleId !== null && saleId !== before?.saleId && !(await repo.saleVisible(db, actor, saleId))) issues.add('saleId', 'no such sale');
  const contractId = input.contractId ?? null;
  if (contractId !== null && contractId !== before?.contractId && !(await repo.contractVisible(db, actor, contractId)))
    issues.add('contractId', 'no such contract');
  const typeId = input.typeId ?? null;
  if (typeId !== null && typeId !== before?.typeId) {
    const type = await repo.findEventType(db, typeId);
    if (!type?.active) issues.add('typeId', 'no such event type');
  }
  let rrule: string | null = null;
  if (input.rrule !== undefined && input.rrule !== null && input.rrule.trim() !== '') {
    try {
      rrule = formatRRule(parseRRule(input.rrule));
    } catch (e) {
      if (!(e instanceof RRuleError)) throw e;
      issues.add('rrule', e.message);
    }
  }
  const allDay = input.allDay ?? false;
  let dueAt: Date | null = null;
  if (input.dueAt !== undefined && input.dueAt !== null) {
    const d = instant(input.dueAt);
    if (!d) issues.add('dueAt', BAD_WHEN);
    else dueAt = d;
  }
  let day: { y: number; m: number; d: number } | null = null;
  if (input.dueDate !== undefined && input.dueDate !== null) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.dueDate);
    const y = Number(m?.[1]);
    if (!m || y < 1900 || y > 2999) issues.add('dueDate', 'not a day between the years 1900 and 2999');
    else if (!allDay) {
      if (input.dueDateGiven) issues.add('dueDate', 'only an all-day task (allDay: true) has a day; give dueAt instead');
    } else day = { y, m: Number(m[2]), d: Number(m[3]) };
  }
  if (allDay && day === null && dueAt === null && !issues.list.some((i) => i.field === 'dueDate' || i.field === 'dueAt'))
    issues.add('dueDate', 'an all-day task needs its day');
  if (rrule !== null && !allDay && dueAt === null && !issues.list.some((i) => i.field === 'dueAt'))
    issues.add('rrule', 'a repeating task needs a due time');
  issues.throwIfAny();
  const assigneeId =
    input.assigneeId !== undefined && input.assigneeId === before?.assigneeId
      ? before.assigneeId
      : await resolveOwner(db, actor, 'assigneeId', input.assigneeId);
  if (allDay) {
    const tz = await userTimezone(db, assigneeId);
    // the day given, else the day of dueAt on the assignee's clock; stored as its local midnight
    const d =
      day ??
      (() => {
        const l = toLocal(dueAt!, tz);
        return { y: l.y, m: l.m, d: l.d };
      })();
    dueAt = fromLocal({ ...d, h: 0, mi: 0, s: 0 }, tz);
  }
  return {
    title: input.title.trim() || input.title,
    notes: input.notes ?? '',
    assigneeId,
    clientId,
    contactPerson: input.contactPerson?.trim() || null,
    saleId,
    contractId,
    typeId,
    dueAt,
    allDay,
    priority: input.priority ?? 'normal',
    rrule,
    remindBeforeMin: input.remindBeforeMin ?? null,
  };
}

export async function createTask(db: Db, actor: Actor, input: TTaskIn, ip?: string): Promise<TTaskOut> {
  requireRight(actor, 'tasks', 'create');
  return db.transaction().execute(async (trx) => {
    const v = await checked(trx, actor, { ...input, dueDateGiven: input.dueDate !== undefined && input.dueDate !== null });
    const id = await repo.insertTask(trx, v, actorUserId(actor));
    await insertAudit(trx, { userId: actorUserId(actor), action: 'task.created', entity: 'task', entityId: id, changes: v, ip });
    return reread(trx, actor, id);
  });
}

/**
 * The next occurrence of a repeating task that has just been closed: occurrence + 1 of its series,
 * due on the assignee's wall clock as computed from the series' first due time; none when the
 * series has ended (COUNT, UNTIL) or that occurrence exists already (closed, reopened, closed again).
 */
async function scheduleOccurrence(db: Db, actor: Actor, closed: repo.TaskRow, ip?: string): Promise<number | null> {
  if (!closed.rrule || !closed.dueAt) return null;
  const rule = parseRRule(closed.rrule);
  const seriesId = closed.seriesId ?? closed.id;
  const n = closed.occurrence + 1;
  if (rule.count !== null && n > rule.count) return null;
  const first = await repo.seriesStart(db, seriesId);
  const tz = closed.assigneeTz;
  const dueAt =
    first?.dueAt && first.occurrence === 1
      ? occurrenceAt(rule, first.dueAt, tz, n)
      : // the first task of the series is gone: continue from this one
        occurrenceAt({ ...rule, count: null }, closed.dueAt, tz, 2);
  if (dueAt === null || (await repo.occurrenceExists(db, seriesId, n))) return null;
  const id = await repo.insertTask(
    db,
    {
      title: closed.title,
      notes: closed.notes,
      assigneeId: closed.assigneeId,
      clientId: closed.clientId,
      contactPerson: closed.contactPerson,
      saleId: closed.saleId,
      contractId: closed.contractId,
      typeId: closed.typeId,
      dueAt,
      allDay: closed.allDay,
      priority: closed.priority,
      rrule: closed.rrule,
      remindBeforeMin: closed.remindBeforeMin,
    },
    actorUserId(actor),
    { seriesId, occurrence: n },
  );
  await insertAudit(db, {
    userId: actorUserId(actor),
    action: 'task.created',
    entity: 'task',
    entityId: id,
    changes: { seriesId, occurrence: n, dueAt: dueAt.toISOString(), fromTaskId: closed.id },
    ip,
  });
  return id;
}

const conflict = (current: number) => new AppError('VERSION_CONFLICT', 'The task was changed elsewhere', { currentVersion: current });

export async function updateTask(db: Db, actor: Actor, id: number, patch: TTaskPatch, ip?: string): Promise<TTaskOut> {
  requireRight(actor, 'tasks', 'edit');
  return db.transaction().execute(async (trx) => {
    const before = await found(trx, actor, id, true);
    if (before.version !== patch.version) throw conflict(before.version);
    const { version, status, ...changes } = patch;
    const base = asInput(before);
    // a new time or day replaces both ways of saying when
    if (changes.dueAt !== undefined || changes.dueDate !== undefined) {
      base.dueAt = null;
      base.dueDate = null;
    }
    const v = await checked(trx, actor, { ...base, ...changes, dueDateGiven: changes.dueDate !== undefined && changes.dueDate !== null }, before);
    const state: Partial<repo.TaskState> = {};
    if (v.rrule !== null && v.rrule !== before.rrule) {
      // a new rule starts a new series with this task
      state.seriesId = id;
      state.occurrence = 1;
    }
    const newStatus = status ?? before.status;
    if (newStatus !== before.status) {
      state.status = newStatus;
      state.doneAt = newStatus === 'done' ? new Date() : null;
      if (newStatus !== 'open') state.snoozedUntil = null;
    }
    if (!(await repo.updateTask(trx, id, version, { ...v, ...state }))) throw conflict(before.version);
    await insertAudit(trx, { userId: actorUserId(actor), action: 'task.changed', entity: 'task', entityId: id, changes: { ...changes, status }, ip });
    const after = await found(trx, actor, id);
    // done or cancelled (skipped): a repeating task goes on with its next occurrence
    if (before.status === 'open' && newStatus !== 'open') await scheduleOccurrence(trx, actor, after, ip);
    return taskOut(after);
  });
}

export async function doneTask(db: Db, actor: Actor, id: number, input: TTaskDone, ip?: string): Promise<TTaskDoneOut> {
  requireRight(actor, 'tasks', 'edit');
  if (input.next) requireRight(actor, 'tasks', 'create');
  return db.transaction().execute(async (trx) => {
    const before = await found(trx, actor, id, true);
    if (before.version !== input.version) throw conflict(before.version);
    if (before.status !== 'open') throw new AppError('INVALID_STATE', 'The task is not open');
    let nextValues: repo.TaskValues | null = null;
    if (input.next) {
      const n = input.next;
      const issues = new Issues();
      const due = instant(n.dueAt);
      if (!due) issues.add('next.dueAt', BAD_WHEN);
      const typeId = n.typeId === undefined ? before.typeId : n.typeId;
      if (typeId !== null && typeId !== before.typeId && !(await repo.findEventType(trx, typeId))?.active)
        issues.add('next.typeId', 'no such event type');
      issues.throwIfAny();
      const assigneeId =
        n.assigneeId === undefined || n.assigneeId === before.assigneeId
          ? before.assigneeId
          : await resolveOwner(trx, actor, 'next.assigneeId', n.assigneeId);
      nextValues = {
        title: n.title?.trim() || n.title || before.title,
        notes: '',
        assigneeId,
        clientId: before.clientId,
        contactPerson: before.contactPerson,
        saleId: before.saleId,
        contractId: before.contractId,
        typeId,
        dueAt: due!,
        allDay: false,
        priority: before.priority,
        rrule: null,
        remindBeforeMin: before.remindBeforeMin,
      };
    }
    if (!(await repo.updateTask(trx, id, input.version, { status: 'done', doneAt: new Date(), snoozedUntil: null }))) throw conflict(before.version);
    await insertAudit(trx, { userId: actorUserId(actor), action: 'task.done', entity: 'task', entityId: id, ip });
    let next: TTaskOut | null = null;
    if (nextValues) {
      const nextId = await repo.insertTask(trx, nextValues, actorUserId(actor));
      await insertAudit(trx, {
        userId: actorUserId(actor),
        action: 'task.created',
        entity: 'task',
        entityId: nextId,
        changes: { ...nextValues, fromTaskId: id },
        ip,
      });
      next = await reread(trx, actor, nextId).catch(() => null);
    }
    const closed = await found(trx, actor, id);
    const occurrenceId = await scheduleOccurrence(trx, actor, closed, ip);
    return {
      task: taskOut(closed),
      next,
      nextOccurrence: occurrenceId === null ? null : await reread(trx, actor, occurrenceId),
    };
  });
}

export async function snoozeTask(db: Db, actor: Actor, id: number, input: TTaskSnooze, ip?: string): Promise<TTaskOut> {
  requireRight(actor, 'tasks', 'edit');
  return db.transaction().execute(async (trx) => {
    const before = await found(trx, actor, id, true);
    if (before.version !== input.version) throw conflict(before.version);
    if (before.status !== 'open') throw new AppError('INVALID_STATE', 'Only an open task can be snoozed');
    let until: Date | null = null;
    if (input.until !== null) {
      const d = instant(input.until);
      if (!d) throw new AppError('VALIDATION_FAILED', `until: ${BAD_WHEN}`, [{ field: 'until', message: BAD_WHEN }]);
      if (d.getTime() <= Date.now())
        throw new AppError('VALIDATION_FAILED', 'until: must be in the future', [{ field: 'until', message: 'must be in the future' }]);
      until = d;
    }
    if (!(await repo.updateTask(trx, id, input.version, { snoozedUntil: until }))) throw conflict(before.version);
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'task.snoozed',
      entity: 'task',
      entityId: id,
      changes: { until: iso(until) },
      ip,
    });
    return reread(trx, actor, id);
  });
}

export async function reopenTask(db: Db, actor: Actor, id: number, input: { version: number }, ip?: string): Promise<TTaskOut> {
  requireRight(actor, 'tasks', 'edit');
  return db.transaction().execute(async (trx) => {
    const before = await found(trx, actor, id, true);
    if (before.version !== input.version) throw conflict(before.version);
    if (before.status === 'open') throw new AppError('INVALID_STATE', 'The task is open already');
    if (!(await repo.updateTask(trx, id, input.version, { status: 'open', doneAt: null }))) throw conflict(before.version);
    await insertAudit(trx, { userId: actorUserId(actor), action: 'task.reopened', entity: 'task', entityId: id, ip });
    return reread(trx, actor, id);
  });
}

export async function deleteTask(db: Db, actor: Actor, id: number, ip?: string): Promise<void> {
  requireRight(actor, 'tasks', 'delete');
  await db.transaction().execute(async (trx) => {
    const before = await found(trx, actor, id, true);
    await repo.deleteTask(trx, id);
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'task.deleted',
      entity: 'task',
      entityId: id,
      changes: { title: before.title },
      ip,
    });
  });
}
