// Events (issue 15, B1; docs/interactions.md): record a call, meeting or visit with a client —
// planned or done — with its type, result and notes; when a done event's type chains a next step
// (Odoo's activity chaining), suggest it or create the task. Types and results are configured
// by administrators. Every change writes its audit row in its own transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { insertAudit } from '../../db/audit-log.js';
import { isForeignKeyViolation } from '../../db/pg-errors.js';
import { AppError, Issues } from '../../shared/errors.js';
import { type Actor, actorUserId, requireRight } from '../access/rights.js';
import { addLocalDays, resolveOwner, userLocale, userTimezone, visibleClientName } from '../planning/planning.service.js';
import { insertTask } from '../tasks/tasks.service.js';
import type {
  TEventIn,
  TEventOut,
  TEventPatch,
  TEventResultIn,
  TEventResultOut,
  TEventResultPatch,
  TEventsQuery,
  TEventTypeIn,
  TEventTypeOut,
  TEventTypePatch,
  TNames,
} from './events.schemas.js';
import * as repo from './events.repository.js';

type Db = Kysely<DB>;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function eventOut(r: repo.EventRow): TEventOut {
  return {
    id: r.id,
    uid: r.uid,
    sequence: r.sequence,
    typeId: r.typeId,
    status: r.status as TEventOut['status'],
    subject: r.subject,
    client: r.clientId === null ? null : { id: r.clientId, name: r.clientName ?? '', visible: r.clientVisible },
    contactPerson: r.contactPerson,
    employeeId: r.employeeId,
    employeeName: r.employeeName,
    participantIds: r.participantIds,
    startsAt: iso(r.startsAt)!,
    durationMin: r.durationMin,
    resultId: r.resultId,
    notes: r.notes,
    saleId: r.saleId,
    remindBeforeMin: r.remindBeforeMin,
    doneAt: iso(r.doneAt),
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    version: r.version,
  };
}

export async function getEvent(db: Db, actor: Actor, id: number): Promise<TEventOut> {
  requireRight(actor, 'events', 'read');
  const r = await repo.findEvent(db, actor, id);
  if (!r) throw new AppError('NOT_FOUND', 'No such event');
  return eventOut(r);
}

export async function listEvents(db: Db, actor: Actor, q: TEventsQuery) {
  requireRight(actor, 'events', 'read');
  const rows = await repo.findEvents(db, actor, q, q.limit + 1);
  const items = rows.slice(0, q.limit).map(eventOut);
  return { items, nextBeforeId: rows.length > q.limit ? items[items.length - 1]!.id : null };
}

/** The values of a new or changed event, checked together: every problem is reported at once. */
async function checked(db: Db, actor: Actor, input: TEventIn, before?: repo.EventRow): Promise<repo.EventValues> {
  const issues = new Issues();
  const type = await repo.findType(db, input.typeId);
  if (!type || (!type.active && type.id !== before?.typeId)) issues.add('typeId', 'no such event type');
  const clientId = input.clientId ?? null;
  if (clientId !== null && clientId !== before?.clientId && (await visibleClientName(db, actor, clientId)) === undefined) {
    issues.add('clientId', 'no such client');
  }
  const resultId = input.resultId ?? null;
  if (resultId !== null) {
    const res = await repo.findResult(db, resultId);
    if (!res || (!res.active && res.id !== before?.resultId)) issues.add('resultId', 'no such result');
  }
  const status = input.status ?? 'planned';
  if (status === 'done' && type?.resultRequired && resultId === null) issues.add('resultId', 'this type of event needs a result to be done');
  const saleId = input.saleId ?? null;
  if (saleId !== null && saleId !== before?.saleId && !(await repo.saleVisible(db, actor, saleId))) issues.add('saleId', 'no such sale');
  const startsAt = new Date(input.startsAt);
  if (Number.isNaN(startsAt.getTime()) || startsAt.getUTCFullYear() < 1900 || startsAt.getUTCFullYear() > 2999) {
    issues.add('startsAt', 'not a date and time between the years 1900 and 2999');
  }
  const participants = input.participantIds ?? [];
  if (participants.length > 0) {
    const active = await repo.activeUserIds(db, participants);
    const missing = participants.filter((id) => !active.has(id) && !before?.participantIds.includes(id));
    if (missing.length > 0) issues.add('participantIds', `no such active user: ${missing.join(', ')}`);
  }
  issues.throwIfAny();
  const employeeId =
    input.employeeId !== undefined && input.employeeId === before?.employeeId
      ? before.employeeId
      : await resolveOwner(db, actor, 'employeeId', input.employeeId);
  return {
    typeId: input.typeId,
    status,
    subject: input.subject.trim() || input.subject,
    clientId,
    contactPerson: input.contactPerson?.trim() || null,
    employeeId,
    startsAt: startsAt.toISOString(),
    durationMin: input.durationMin ?? 0,
    resultId,
    notes: input.notes ?? '',
    saleId,
    remindBeforeMin: input.remindBeforeMin ?? null,
    doneAt: status === 'done' ? (before?.doneAt ?? new Date()) : null,
  };
}

/** What a done event's type chains: a suggestion, or (mode "create") the next task, created in `db`. */
async function nextStep(db: Db, actor: Actor, eventId: number, v: repo.EventValues): Promise<TEventOut['next']> {
  const type = await repo.findType(db, v.typeId);
  if (!type || type.nextMode === 'none' || type.nextTypeId === null) return null;
  const nextType = await repo.findType(db, type.nextTypeId);
  if (!nextType?.active) return null;
  const due = await addLocalDays(db, v.doneAt ?? new Date(), type.nextAfterDays, await userTimezone(db, v.employeeId));
  let taskId: number | null = null;
  if (type.nextMode === 'create') {
    const names = nextType.names as TNames;
    const locale = (await userLocale(db, v.employeeId)) as keyof TNames;
    taskId = await insertTask(
      db,
      {
        title: `${names[locale] || names.en}: ${v.subject}`,
        notes: '',
        assigneeId: v.employeeId,
        clientId: v.clientId,
        contactPerson: v.contactPerson,
        saleId: v.saleId,
        contractId: null,
        typeId: nextType.id,
        dueAt: due,
        allDay: false,
        priority: 'normal',
        rrule: null,
        remindBeforeMin: null,
      },
      actorUserId(actor),
    );
    await insertAudit(db, {
      userId: actorUserId(actor),
      action: 'task.created',
      entity: 'task',
      entityId: taskId,
      changes: { fromEventId: eventId },
    });
  }
  return { mode: type.nextMode as 'suggest' | 'create', typeId: Number(nextType.id), dueAt: due.toISOString(), taskId };
}

export async function createEvent(db: Db, actor: Actor, input: TEventIn, ip?: string): Promise<TEventOut> {
  requireRight(actor, 'events', 'create');
  return db.transaction().execute(async (trx) => {
    const v = await checked(trx, actor, input);
    const id = await repo.insertEvent(trx, v, actorUserId(actor));
    await repo.setParticipants(trx, id, input.participantIds ?? []);
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'event.created',
      entity: 'event',
      entityId: id,
      changes: { ...v, doneAt: undefined },
      ip,
    });
    const next = v.status === 'done' ? await nextStep(trx, actor, id, v) : null;
    return { ...eventOut((await repo.findEvent(trx, actor, id))!), next };
  });
}

export async function updateEvent(db: Db, actor: Actor, id: number, patch: TEventPatch, ip?: string): Promise<TEventOut> {
  requireRight(actor, 'events', 'edit');
  return db.transaction().execute(async (trx) => {
    const before = await repo.findEvent(trx, actor, id, true);
    if (!before) throw new AppError('NOT_FOUND', 'No such event');
    if (before.version !== patch.version)
      throw new AppError('VERSION_CONFLICT', 'The event was changed elsewhere', { currentVersion: before.version });
    const { version, ...changes } = patch;
    const merged: TEventIn = {
      typeId: before.typeId,
      subject: before.subject,
      status: before.status as TEventIn['status'],
      clientId: before.clientId,
      contactPerson: before.contactPerson,
      employeeId: before.employeeId,
      participantIds: before.participantIds,
      startsAt: new Date(before.startsAt).toISOString(),
      durationMin: before.durationMin,
      resultId: before.resultId,
      notes: before.notes,
      saleId: before.saleId,
      remindBeforeMin: before.remindBeforeMin,
      ...changes,
    };
    const v = await checked(trx, actor, merged, before);
    if (!(await repo.updateEvent(trx, id, version, v))) throw new AppError('VERSION_CONFLICT', 'The event was changed elsewhere');
    if (patch.participantIds) await repo.setParticipants(trx, id, patch.participantIds);
    await insertAudit(trx, { userId: actorUserId(actor), action: 'event.changed', entity: 'event', entityId: id, changes, ip });
    const next = v.status === 'done' && before.status !== 'done' ? await nextStep(trx, actor, id, v) : null;
    return { ...eventOut((await repo.findEvent(trx, actor, id))!), next };
  });
}

export async function deleteEvent(db: Db, actor: Actor, id: number, ip?: string): Promise<void> {
  requireRight(actor, 'events', 'delete');
  await db.transaction().execute(async (trx) => {
    const before = await repo.findEvent(trx, actor, id, true);
    if (!before) throw new AppError('NOT_FOUND', 'No such event');
    await repo.deleteEvent(trx, id);
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'event.deleted',
      entity: 'event',
      entityId: id,
      changes: { subject: before.subject },
      ip,
    });
  });
}

// ---------------------------------------------------------------- types and results (administrators)

const requireAdmin = (actor: Actor) => {
  if (!actor.isAdmin) throw new AppError('FORBIDDEN', 'Only administrators configure event types and results');
};
const typeOut = (r: Awaited<ReturnType<typeof repo.listTypes>>[number]): TEventTypeOut => ({
  ...r,
  id: Number(r.id),
  names: r.names as TNames,
  nextTypeId: r.nextTypeId === null ? null : Number(r.nextTypeId),
  nextMode: r.nextMode as TEventTypeOut['nextMode'],
});
const resultOut = (r: Awaited<ReturnType<typeof repo.listResults>>[number]): TEventResultOut => ({
  ...r,
  id: Number(r.id),
  names: r.names as TNames,
});

export const listEventTypes = async (db: Db) => (await repo.listTypes(db)).map(typeOut);
export const listEventResults = async (db: Db) => (await repo.listResults(db)).map(resultOut);

async function checkNextType(db: Db, nextTypeId: number | null | undefined, self?: number) {
  if (nextTypeId === undefined || nextTypeId === null) return;
  if (nextTypeId !== self && !(await repo.findType(db, nextTypeId)))
    throw new AppError('VALIDATION_FAILED', 'nextTypeId: no such event type', [{ field: 'nextTypeId', message: 'no such event type' }]);
}

export async function createEventType(db: Db, actor: Actor, input: TEventTypeIn, ip?: string): Promise<TEventTypeOut> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx) => {
    await checkNextType(trx, input.nextTypeId);
    const r = await repo.insertType(trx, { ...input, names: JSON.stringify(input.names) });
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'event_type.created',
      entity: 'event_type',
      entityId: Number(r.id),
      changes: input,
      ip,
    });
    return typeOut(r);
  });
}

export async function updateEventType(db: Db, actor: Actor, id: number, patch: TEventTypePatch, ip?: string): Promise<TEventTypeOut> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const { version, names, ...rest } = patch;
    await checkNextType(trx, rest.nextTypeId, id);
    const r = await repo.updateType(trx, id, version, { ...rest, ...(names && { names: JSON.stringify(names) }) });
    if (!r) {
      if (!(await repo.findType(trx, id))) throw new AppError('NOT_FOUND', 'No such event type');
      throw new AppError('VERSION_CONFLICT', 'The event type was changed elsewhere');
    }
    await insertAudit(trx, { userId: actorUserId(actor), action: 'event_type.changed', entity: 'event_type', entityId: id, changes: patch, ip });
    return typeOut(r);
  });
}

/** Deletes a type no event uses; a used one is deactivated instead (IN_USE). */
export async function deleteEventType(db: Db, actor: Actor, id: number, ip?: string): Promise<void> {
  requireAdmin(actor);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.findType(trx, id))) throw new AppError('NOT_FOUND', 'No such event type');
    if (await repo.typeInUse(trx, id)) throw new AppError('IN_USE', 'Events of this type exist: deactivate the type instead');
    try {
      await repo.deleteType(trx, id);
    } catch (e) {
      if (isForeignKeyViolation(e)) throw new AppError('IN_USE', 'Records of this type exist: deactivate the type instead');
      throw e;
    }
    await insertAudit(trx, { userId: actorUserId(actor), action: 'event_type.deleted', entity: 'event_type', entityId: id, ip });
  });
}

export async function createEventResult(db: Db, actor: Actor, input: TEventResultIn, ip?: string): Promise<TEventResultOut> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const r = await repo.insertResult(trx, { ...input, names: JSON.stringify(input.names) });
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'event_result.created',
      entity: 'event_result',
      entityId: Number(r.id),
      changes: input,
      ip,
    });
    return resultOut(r);
  });
}

export async function updateEventResult(db: Db, actor: Actor, id: number, patch: TEventResultPatch, ip?: string): Promise<TEventResultOut> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const { version, names, ...rest } = patch;
    const r = await repo.updateResult(trx, id, version, { ...rest, ...(names && { names: JSON.stringify(names) }) });
    if (!r) {
      if (!(await repo.findResult(trx, id))) throw new AppError('NOT_FOUND', 'No such event result');
      throw new AppError('VERSION_CONFLICT', 'The event result was changed elsewhere');
    }
    await insertAudit(trx, { userId: actorUserId(actor), action: 'event_result.changed', entity: 'event_result', entityId: id, changes: patch, ip });
    return resultOut(r);
  });
}
