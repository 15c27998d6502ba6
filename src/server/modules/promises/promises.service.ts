// Promises (issue 15, promise control; docs/crm-records.md): record what was promised to or by a
// client, by which day and who answers for it; mark it kept or broken; list the overdue ones per
// manager for the managers and their head. Every change writes its audit row in its own transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { insertAudit } from '../../db/audit-log.js';
import { AppError, Issues } from '../../shared/errors.js';
import { type Actor, actorUserId, requireRight } from '../access/rights.js';
import { resolveOwner, visibleClientName } from '../planning/planning.service.js';
import type { TOverdueGroup, TOverdueQuery, TPromiseIn, TPromiseOut, TPromisePatch, TPromisesQuery } from './promises.schemas.js';
import * as repo from './promises.repository.js';

type Db = Kysely<DB>;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function promiseOut(r: repo.PromiseRow): TPromiseOut {
  return {
    id: r.id,
    client: { id: r.clientId, name: r.clientName, visible: r.clientVisible },
    text: r.text,
    promisedBy: r.promisedBy as TPromiseOut['promisedBy'],
    responsibleId: r.responsibleId,
    responsibleName: r.responsibleName,
    dueOn: r.dueOn,
    status: r.status as TPromiseOut['status'],
    overdue: r.overdue,
    closedAt: iso(r.closedAt),
    eventId: r.eventId,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    version: r.version,
  };
}

export async function getPromise(db: Db, actor: Actor, id: number): Promise<TPromiseOut> {
  requireRight(actor, 'promises', 'read');
  const r = await repo.findPromise(db, actor, id);
  if (!r) throw new AppError('NOT_FOUND', 'No such promise');
  return promiseOut(r);
}

export async function listPromises(db: Db, actor: Actor, q: TPromisesQuery) {
  requireRight(actor, 'promises', 'read');
  const rows = await repo.findPromises(db, actor, q, q.limit + 1);
  const items = rows.slice(0, q.limit).map(promiseOut);
  return { items, nextBeforeId: rows.length > q.limit ? items[items.length - 1]!.id : null };
}

/** The overdue promises in the actor's scope per responsible manager: one's own, the department's for its head, everyone's for "all". */
export async function overdueByManager(db: Db, actor: Actor, q: TOverdueQuery): Promise<{ groups: TOverdueGroup[] }> {
  requireRight(actor, 'promises', 'read');
  const groups: TOverdueGroup[] = [];
  for (const r of await repo.findOverdue(db, actor, q.limit)) {
    let g = groups[groups.length - 1];
    if (g?.responsibleId !== r.responsibleId) {
      g = { responsibleId: r.responsibleId, name: r.responsibleName, count: r.groupCount, items: [] };
      groups.push(g);
    }
    g.items.push(promiseOut(r));
  }
  return { groups };
}

/** The values of a new or changed promise, checked together: every problem is reported at once. */
async function checked(db: Db, actor: Actor, input: TPromiseIn, before?: repo.PromiseRow): Promise<repo.PromiseValues> {
  const issues = new Issues();
  if (input.clientId !== before?.clientId && (await visibleClientName(db, actor, input.clientId)) === undefined) {
    issues.add('clientId', 'no such client');
  }
  const text = input.text.trim();
  if (text === '') issues.add('text', 'say what was promised');
  const eventId = input.eventId ?? null;
  if (
    eventId !== null &&
    (eventId !== before?.eventId || input.clientId !== before.clientId) &&
    !(await repo.eventOfClient(db, eventId, input.clientId))
  ) {
    issues.add('eventId', 'no such event with this client');
  }
  issues.throwIfAny();
  const responsibleId =
    input.responsibleId !== undefined && input.responsibleId === before?.responsibleId
      ? before.responsibleId
      : await resolveOwner(db, actor, 'responsibleId', input.responsibleId);
  const status = input.status ?? 'open';
  return {
    clientId: input.clientId,
    text,
    promisedBy: input.promisedBy,
    responsibleId,
    dueOn: input.dueOn,
    status,
    closedAt: status === 'open' ? null : before && before.status === status ? before.closedAt : new Date(),
    eventId,
  };
}

export async function createPromise(db: Db, actor: Actor, input: TPromiseIn, ip?: string): Promise<TPromiseOut> {
  requireRight(actor, 'promises', 'create');
  return db.transaction().execute(async (trx) => {
    const v = await checked(trx, actor, input);
    const id = await repo.insertPromise(trx, v, actorUserId(actor));
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'promise.created',
      entity: 'promise',
      entityId: id,
      changes: { ...v, closedAt: undefined },
      ip,
    });
    return promiseOut((await repo.findPromise(trx, actor, id))!);
  });
}

export async function updatePromise(
  db: Db,
  actor: Actor,
  id: number,
  patch: TPromisePatch,
  ip?: string,
  action = 'promise.changed',
): Promise<TPromiseOut> {
  requireRight(actor, 'promises', 'edit');
  return db.transaction().execute(async (trx) => {
    const before = await repo.findPromise(trx, actor, id, true);
    if (!before) throw new AppError('NOT_FOUND', 'No such promise');
    if (before.version !== patch.version)
      throw new AppError('VERSION_CONFLICT', 'The promise was changed elsewhere', { currentVersion: before.version });
    const { version, ...changes } = patch;
    const merged: TPromiseIn = {
      clientId: before.clientId,
      text: before.text,
      promisedBy: before.promisedBy as TPromiseIn['promisedBy'],
      responsibleId: before.responsibleId,
      dueOn: before.dueOn,
      status: before.status as TPromiseIn['status'],
      eventId: before.eventId,
      ...changes,
    };
    const v = await checked(trx, actor, merged, before);
    if (!(await repo.updatePromise(trx, id, version, v))) throw new AppError('VERSION_CONFLICT', 'The promise was changed elsewhere');
    await insertAudit(trx, { userId: actorUserId(actor), action, entity: 'promise', entityId: id, changes, ip });
    return promiseOut((await repo.findPromise(trx, actor, id))!);
  });
}

/** Marks an open (or the other way closed) promise kept or broken. */
export async function closePromise(db: Db, actor: Actor, id: number, status: 'kept' | 'broken', version: number, ip?: string): Promise<TPromiseOut> {
  return updatePromise(db, actor, id, { version, status }, ip, `promise.${status}`);
}

export async function deletePromise(db: Db, actor: Actor, id: number, ip?: string): Promise<void> {
  requireRight(actor, 'promises', 'delete');
  await db.transaction().execute(async (trx) => {
    const before = await repo.findPromise(trx, actor, id, true);
    if (!before) throw new AppError('NOT_FOUND', 'No such promise');
    await repo.deletePromise(trx, id);
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'promise.deleted',
      entity: 'promise',
      entityId: id,
      changes: { text: before.text, clientId: before.clientId },
      ip,
    });
  });
}
