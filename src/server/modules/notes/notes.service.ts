// Notes on a client (issue 15; docs/crm-records.md): anyone with the notes rights who sees the
// client reads and writes its notes; only a note's author (or an administrator) changes or deletes
// it. Every change writes its audit row in its own transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { insertAudit } from '../../db/audit-log.js';
import { AppError, validationError } from '../../shared/errors.js';
import { type Actor, actorUserId, requireRight } from '../access/rights.js';
import { visibleClientName } from '../planning/planning.service.js';
import type { TNoteIn, TNoteOut, TNotePatch, TNotesQuery } from './notes.schemas.js';
import * as repo from './notes.repository.js';

type Db = Kysely<DB>;
const iso = (d: Date | string) => new Date(d).toISOString();
const mayChange = (actor: Actor, r: repo.NoteRow) => actor.isAdmin || (r.authorId !== null && r.authorId === actor.userId);

export const noteOut = (actor: Actor, r: repo.NoteRow): TNoteOut => ({
  id: r.id,
  clientId: r.clientId,
  body: r.body,
  authorId: r.authorId,
  authorName: r.authorName,
  editable: mayChange(actor, r),
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
  version: r.version,
});

async function requireClient(db: Db, actor: Actor, clientId: number) {
  if ((await visibleClientName(db, actor, clientId)) === undefined) throw new AppError('CLIENT_NOT_FOUND', 'No such client');
}

const body = (s: string) => {
  if (s.trim() === '') throw validationError([{ field: 'body', message: 'write something' }]);
  return s;
};

export async function listNotes(db: Db, actor: Actor, clientId: number, q: TNotesQuery) {
  requireRight(actor, 'notes', 'read');
  await requireClient(db, actor, clientId);
  const rows = await repo.findNotes(db, clientId, q.beforeId, q.limit + 1);
  const items = rows.slice(0, q.limit).map((r) => noteOut(actor, r));
  return { items, nextBeforeId: rows.length > q.limit ? items[items.length - 1]!.id : null };
}

export async function createNote(db: Db, actor: Actor, clientId: number, input: TNoteIn, ip?: string): Promise<TNoteOut> {
  requireRight(actor, 'notes', 'create');
  return db.transaction().execute(async (trx) => {
    await requireClient(trx, actor, clientId);
    const id = await repo.insertNote(trx, clientId, body(input.body), actorUserId(actor));
    await insertAudit(trx, { userId: actorUserId(actor), action: 'note.created', entity: 'note', entityId: id, changes: { clientId }, ip });
    return noteOut(actor, (await repo.findNote(trx, actor, id))!);
  });
}

/** The note in the actor's scope, locked, when they may change it. */
async function changeable(db: Db, actor: Actor, id: number): Promise<repo.NoteRow> {
  const r = await repo.findNote(db, actor, id, true);
  if (!r) throw new AppError('NOT_FOUND', 'No such note');
  if (!mayChange(actor, r)) throw new AppError('FORBIDDEN', 'Only its author or an administrator may change a note');
  return r;
}

export async function updateNote(db: Db, actor: Actor, id: number, patch: TNotePatch, ip?: string): Promise<TNoteOut> {
  requireRight(actor, 'notes', 'edit');
  return db.transaction().execute(async (trx) => {
    const before = await changeable(trx, actor, id);
    if (before.version !== patch.version || !(await repo.updateNote(trx, id, patch.version, body(patch.body))))
      throw new AppError('VERSION_CONFLICT', 'The note was changed elsewhere', { currentVersion: before.version });
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'note.changed',
      entity: 'note',
      entityId: id,
      changes: { clientId: before.clientId, before: before.body },
      ip,
    });
    return noteOut(actor, (await repo.findNote(trx, actor, id))!);
  });
}

export async function deleteNote(db: Db, actor: Actor, id: number, ip?: string): Promise<void> {
  requireRight(actor, 'notes', 'delete');
  await db.transaction().execute(async (trx) => {
    const before = await changeable(trx, actor, id);
    await repo.deleteNote(trx, id);
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'note.deleted',
      entity: 'note',
      entityId: id,
      changes: { clientId: before.clientId, body: before.body },
      ip,
    });
  });
}
