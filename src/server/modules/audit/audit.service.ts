// The audit trail as a reader sees it: the entries of records inside their scope, with the fields
// their role hides taken out of every entry (docs/security.md §2, §3), no-op changes dropped, and the
// names behind the ids the entries mention. Used by GET /api/audit and a card's history.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { can, fieldHidden, requireRight, type Actor } from '../access/rights.js';
import { scopeSql } from '../access/scope.js';
import { listAudit, referenceNames } from './audit.repository.js';
import { pairedActions, referenceKeys, type TAuditAnswer, type TAuditNames, type TAuditQuery } from './audit.schemas.js';

/** A record's history as stored (the card's History tab masks it with maskChanges), and its newest entry. */
export { lastEntityChange, listEntityAudit } from './audit.repository.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const isPair = (v: unknown): v is [unknown, unknown] => Array.isArray(v) && v.length === 2;

/** The field a change key is about, as field rights name it: `custom.<key>`, or the top-level field. */
const fieldOf = (key: string) => (key.startsWith('custom.') ? key : key.split('.')[0]!);

/**
 * An entry's changes as this actor may see them, or `undefined` when nothing of the entry is left
 * to show (an edit that changed only hidden fields, or nothing at all).
 */
export function maskChanges(actor: Actor, entity: string | null, action: string, changes: unknown): unknown {
  if (entity !== 'client' && !pairedActions.includes(action)) return changes;
  if (action === 'bonus.adjusted' && !can(actor, 'loyalty', 'read')) return null;
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) return changes;
  const paired = pairedActions.includes(action);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(changes as Record<string, unknown>)) {
    if (entity === 'client' && fieldHidden(actor, fieldOf(k))) continue;
    if (paired && isPair(v) && same(v[0], v[1])) continue;
    out[k] = v;
  }
  if (paired && Object.keys(out).length === 0) return undefined;
  return out;
}

/** The names of what the entries refer to by id, and the labels of the custom fields they name. */
export async function namesFor(db: Kysely<DB>, changesList: unknown[]): Promise<TAuditNames> {
  const ids = { users: new Set<number>(), categories: new Set<number>(), priceLists: new Set<number>(), departments: new Set<number>() };
  const custom = new Set<string>();
  for (const ch of changesList) {
    if (!ch || typeof ch !== 'object' || Array.isArray(ch)) continue;
    for (const [k, v] of Object.entries(ch as Record<string, unknown>)) {
      if (k.startsWith('custom.')) custom.add(k);
      const kind = referenceKeys[k];
      if (!kind) continue;
      for (const x of isPair(v) ? v : [v]) if (Number.isSafeInteger(x) && (x as number) > 0 && (x as number) <= 2 ** 31) ids[kind].add(x as number);
    }
  }
  const names: TAuditNames = { users: {}, categories: {}, priceLists: {}, departments: {}, fields: {} };
  if (Object.values(ids).every((s) => s.size === 0) && custom.size === 0) return names;
  const rows = await referenceNames(db, {
    users: [...ids.users],
    categories: [...ids.categories],
    priceLists: [...ids.priceLists],
    departments: [...ids.departments],
  });
  for (const r of rows) if (r.kind !== 'fields' || custom.has(r.id)) names[r.kind as keyof TAuditNames][r.id] = r.name;
  return names;
}

/** GET /api/audit: the audit right, then the scope and field masks of the card. */
export async function readAudit(db: Kysely<DB>, actor: Actor, q: TAuditQuery): Promise<TAuditAnswer> {
  requireRight(actor, 'audit', 'read');
  const rows = await listAudit(db, actor, scopeSql(actor), q);
  const items: TAuditAnswer['items'] = [];
  for (const r of rows) {
    const changes = maskChanges(actor, r.entity, r.action, r.changes);
    if (changes === undefined) continue;
    items.push({ ...r, at: r.at.toISOString(), changes });
  }
  return {
    items,
    nextBeforeId: rows.length === q.limit ? rows[rows.length - 1]!.id : null,
    names: await namesFor(
      db,
      items.map((i) => i.changes),
    ),
  };
}
