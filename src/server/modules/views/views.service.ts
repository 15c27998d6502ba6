import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../access/rights.js';
import type { TViewIn, TViewPatch } from './views.schemas.js';
import * as repo from './views.repository.js';

type Row = { id: number; ownerId: number | null; shared: boolean; name: string; config: unknown; version: number };
const out = (r: Row, actor: Actor) => ({
  id: r.id,
  name: r.name,
  shared: r.shared,
  mine: r.ownerId === actor.userId,
  config: r.config as never,
  version: r.version,
});

/** The actor's own views and the shared ones. */
export async function listViews(db: Kysely<DB>, actor: Actor) {
  const rows = await repo.listVisibleViews(db, actor.userId);
  return rows.map((r) => out(r, actor));
}

export async function createView(db: Kysely<DB>, actor: Actor, input: TViewIn) {
  // Shared views appear in everyone's journal: only administrators make them.
  if (input.shared && !actor.isAdmin) throw new AppError('FORBIDDEN', 'Only administrators may share a view');
  const r = await repo.insertView(db, { ownerId: actor.userId, shared: input.shared ?? false, name: input.name, config: input.config });
  return out(r, actor);
}

async function ownView(db: Kysely<DB>, actor: Actor, id: number) {
  const v = await repo.findView(db, id);
  // Another user's private view does not exist for the actor; a shared one is read-only unless admin.
  if (!v || (v.ownerId !== actor.userId && !v.shared)) throw new AppError('NOT_FOUND', 'No such view');
  if (v.ownerId !== actor.userId && !actor.isAdmin) throw new AppError('FORBIDDEN', 'Only administrators may change a shared view');
  return v;
}

export async function updateView(db: Kysely<DB>, actor: Actor, id: number, patch: TViewPatch) {
  const v = await ownView(db, actor, id);
  const r = await repo.updateView(db, id, patch.version, { name: patch.name, config: patch.config });
  if (!r) throw new AppError('VERSION_CONFLICT', 'The view was changed elsewhere', { currentVersion: v.version });
  return out(r, actor);
}

export async function deleteView(db: Kysely<DB>, actor: Actor, id: number) {
  await ownView(db, actor, id);
  await repo.deleteView(db, id);
}
