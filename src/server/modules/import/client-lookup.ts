// Finding the clients a batch of import rows matches, by every key the rows have, in one pass over
// the base per kind of key, with whether the actor may see each (a match outside the scope is
// rejected, never updated).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/rights.js';
import * as repo from '../clients/clients.repository.js';
import type { MatchKey } from './import-fields.schemas.js';

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
  // one index-friendly query per kind of key (an OR of them all made PostgreSQL scan the table:
  // 17 s a batch at 1M clients)
  type Hit = { id: number; inn: string | null; emails: string[]; phones: string[]; sortName: string; externalId: string | null; visible: boolean; managerName: string | null };
  // Each source names the clients `c` that share a key. Phones and e-mails are looked up key by key
  // (a nested loop: one GIN probe of `@> ARRAY[key]` each, 7 ms for 1,000 keys at 1M clients):
  // one `phones && $1` with the whole array took 180-240 ms, as each candidate row was compared
  // with every key of the array.
  // The lateral subquery with OFFSET 0 is not flattened, so the join order is fixed: with a plain
  // join the planner (guessing 5,000 rows a key) scanned all clients and probed every key on each.
  const byKey = (col: 'phones' | 'emails', keys: string[]) =>
    sql`unnest(${keys}::text[]) AS k(v) CROSS JOIN LATERAL (SELECT * FROM clients c WHERE c.${sql.ref(col)} @> ARRAY[k.v] OFFSET 0) c`;
  const sources = [
    ids.length ? sql`clients c WHERE c.id = ANY(${ids}::bigint[])` : null,
    inns.length ? sql`clients c WHERE c.inn = ANY(${inns}::text[])` : null,
    emails.length ? sql`${byKey('emails', emails)} WHERE true` : null,
    phones.length ? sql`${byKey('phones', phones)} WHERE true` : null,
    names.length ? sql`clients c WHERE (c.sort_name COLLATE "C") = ANY(${names}::text[])` : null,
    ext.length ? sql`clients c WHERE c.id IN (SELECT client_id FROM client_external_ids WHERE external_id = ANY(${ext}::text[]))` : null,
  ].filter((x) => x !== null);
  // With a long array the planner may guess that a key matches much of the table and scan it.
  // Without the sequential scan it walked the whole primary key instead (13 s a batch for 1,000
  // emails at 1M): only bitmap scans are left, i.e. the GIN or b-tree index of the key.
  // The kinds of key are looked up at once, each on its own connection (PostgreSQL works on them
  // in parallel; they read only).
  const lookUpOne = (source: (typeof sources)[number]) => db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`.execute(trx);
    const r = await sql<Hit>`
      SELECT c.id::int, c.inn, c.emails, c.phones, c.sort_name, e.external_id, ${repo.scopeSql(actor)} AS visible, u.name AS manager_name
      FROM (SELECT c.* FROM ${source} AND c.archived_at IS NULL) c
        LEFT JOIN client_external_ids e ON e.client_id = c.id LEFT JOIN users u ON u.id = c.manager_id`.execute(trx);
    return r.rows;
  });
  // at most three connections at once (the pass writes the previous batch on another meanwhile)
  const hits: Hit[] = [];
  for (let i = 0; i < sources.length; i += 3) hits.push(...(await Promise.all(sources.slice(i, i + 3).map(lookUpOne))).flat());
  const r = { rows: hits };
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
