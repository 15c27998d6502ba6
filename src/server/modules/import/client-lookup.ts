// Finding the clients a batch of import rows matches, by every key the rows have, in one pass over
// the base per kind of key, with whether the actor may see each (a match outside the scope is
// rejected, never updated).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/rights.js';
import type { MatchKey } from './import-fields.schemas.js';
import { clientsByKeys } from './import.repository.js';

export type Found = { id: number; visible: boolean; managerName: string | null };

/** One query for the whole batch: every client sharing a key, with whether the actor may see it. */
export async function lookup(db: Kysely<DB>, actor: Actor, rows: { keys: Map<MatchKey, string[]> }[]): Promise<Map<string, Found>> {
  const col = (k: MatchKey) => [...new Set(rows.flatMap((r) => r.keys.get(k) ?? []))];
  const ids = col('id').map(Number);
  const ext = col('externalId');
  const inns = col('inn');
  const emails = col('email');
  const phones = col('phone');
  const names = col('name');
  const out = new Map<string, Found>();
  if (!ids.length && !ext.length && !inns.length && !emails.length && !phones.length && !names.length) return out;
  const r = { rows: await clientsByKeys(db, actor, { ids, ext, inns, emails, phones, names }) };
  const put = (k: string, f: Found) => {
    const cur = out.get(k);
    if (!cur || (f.visible && !cur.visible) || (f.visible === cur.visible && f.id < cur.id)) out.set(k, f);
  };
  for (const c of r.rows) {
    const f = { id: c.id, visible: c.visible, managerName: c.managerName };
    put(`id:${c.id}`, f);
    if (c.externalId) put(`externalId:${c.externalId}`, f);
    if (c.inn) put(`inn:${c.inn}`, f);
    for (const e of c.emails) put(`email:${e}`, f);
    for (const p of c.phones) put(`phone:${p}`, f);
    put(`name:${c.sortName}`, f);
  }
  return out;
}
