// The import pass (F1): reads the stored file, maps each row to a client, matches it against the
// base by the chosen keys, and creates, updates (only the mapped fields), skips or rejects it.
// A dry run decides the same without changing clients. Work goes in batches of 1,000 rows, each
// one transaction that also records the rows' outcome and the job's progress, so a process
// killed half-way leaves whole batches and a job that can be resumed or undone — never half a row.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { Issues } from '../../shared/errors.js';
import type { Actor } from '../access/rights.js';
import { normalizeClient, type ClientDraft } from '../clients/client-normalize.js';
import * as repo from '../clients/clients.repository.js';
import { clientInputIssues } from '../clients/clients.schemas.js';
import { checkManager, checkWritable, draftFromCreate } from '../clients/clients.service.js';
import { listFields } from '../custom-fields/custom-fields.service.js';
import type { FieldDef } from '../custom-fields/custom-values.js';
import { rowToClient, type Mapping } from './mapping.js';
import { readTable, type TableInfo } from './readers.js';
import { lookup, type Found } from './client-lookup.js';
import { merged } from './client-merge.js';

/** `sku` is for products; the others for clients (`name` for both) */
export const matchKeys = ['id', 'externalId', 'inn', 'email', 'phone', 'name', 'sku'] as const;
export type MatchKey = (typeof matchKeys)[number];
/**
 * `target`: what a row is — a client (the default), or a contact person of an existing client: the
 * row's keys find the client, only its contact columns are written (merged into the client's
 * contact persons by name), and a row whose client is not found is rejected, never created.
 */
export type ImportOptions = {
  matchBy: MatchKey[]; onMatch: 'update' | 'skip' | 'create'; managerId?: number | null; target?: 'clients' | 'contacts' | 'products' | 'sales';
  /** a sales history: who made the sales and where, when the file does not say; how they were paid (default cash) */
  employeeId?: number | null; departmentId?: number | null; payment?: 'cash' | 'card' | 'transfer' | 'none';
};
export const importTargets = ['clients', 'contacts', 'products', 'sales'] as const;
export const salePayments = ['cash', 'card', 'transfer', 'none'] as const;

export const BATCH = 1000;

/** `before`: what an update replaced, for undo (`beforeJson`: the same, already as JSON) */
type Outcome = { rowNo: number; action: 'created' | 'updated' | 'unchanged' | 'skipped' | 'rejected'; clientId?: number; versionAfter?: number; before?: unknown; beforeJson?: string; error?: string; raw?: string[] };

type Prepared = {
  rowNo: number; raw: string[]; error?: string; values?: repo.ClientValues; createIssues: string[];
  mapped: Set<string>; input: Record<string, unknown>; keys: Map<MatchKey, string[]>; externalId?: string;
  /** the update worked out while staging, from the matched client as it was at `version` */
  early?: { id: number; version: number; decision: Decision };
};
type Decision = { action: 'rejected'; error: string } | { action: 'unchanged' } | { action: 'updated'; values: repo.ClientValues; beforeJson: string };
/** Gives way to other work (the batch being written) between slices of CPU work. */
const giveWay = () => new Promise<void>((r) => setImmediate(r));

const fmtIssues = (list: { field: string; message: string }[]) => list.map((i) => `${i.field}: ${i.message}`).join('; ');

function prepare(rowNo: number, raw: string[], mapping: Mapping, fields: FieldDef[], actor: Actor, opts: ImportOptions): Prepared {
  const d = rowToClient(raw, mapping, fields);
  const p: Prepared = { rowNo, raw, mapped: d.mapped, input: d.input as unknown as Record<string, unknown>, keys: new Map(), createIssues: [], externalId: d.keys.externalId };
  if (d.problems.length) return { ...p, error: fmtIssues(d.problems) };
  // the API's own limits (lengths, counts): what the form and the API refuse, the file cannot bring in
  const limits = clientInputIssues(d.input as unknown as Record<string, unknown>);
  if (limits.length) return { ...p, error: fmtIssues(limits) };
  const contactsOnly = opts.target === 'contacts';
  if (contactsOnly && !d.input.contacts?.length) return { ...p, error: 'contactName: a contact person needs a name' };
  const ro = new Issues();
  const { kind: _kind, ...writable } = d.input;
  // a contacts file writes only the contact persons; its other columns only find the client
  checkWritable(actor, contactsOnly ? { contacts: d.input.contacts } : (writable as Record<string, unknown>), ro);
  if (ro.list.length) return { ...p, error: fmtIssues(ro.list) };
  const issues = new Issues();
  // the responsible manager: the one chosen for the import, else the importing user (the CLI: nobody)
  const input = { ...d.input, ...(opts.managerId !== undefined ? { managerId: opts.managerId } : actor.userId > 0 ? {} : { managerId: null }) };
  const values = normalizeClient(draftFromCreate(input, actor), fields, issues, { creating: true });
  p.values = values;
  p.createIssues = contactsOnly ? [] : issues.list.map((i) => `${i.field}: ${i.message}`);
  // channel problems (a bad email) are errors whatever happens to the row
  const channelErrors = issues.list.filter((i) => i.field.startsWith('channels') || i.field.startsWith('contacts') || i.field.startsWith('custom') || ['inn', 'ogrn', 'kpp', 'birthDate'].includes(i.field));
  if (channelErrors.length) return { ...p, error: fmtIssues(channelErrors) };
  for (const k of opts.matchBy) {
    const v: string[] =
      k === 'id' ? (d.keys.id ? [String(d.keys.id)] : []) :
      k === 'externalId' ? (d.keys.externalId ? [d.keys.externalId] : []) :
      k === 'inn' ? (values.inn ? [values.inn] : []) :
      k === 'email' ? (d.mapped.has('channels') ? values.emails : []) :
      k === 'phone' ? (d.mapped.has('channels') ? values.phones : []) :
      k === 'sku' ? [] :
      values.sortName && (d.mapped.has('surname') || d.mapped.has('legalName')) ? [values.sortName] : [];
    if (v.length) p.keys.set(k, v);
  }
  return p;
}

export type Progress = (done: number) => Promise<void> | void;

/** The file's data rows (after the header) from `startRow` on (1-based), with their numbers. */
export async function* dataRows(rows: AsyncIterable<string[]>, startRow: number): AsyncGenerator<{ rowNo: number; raw: string[] }> {
  let header = true;
  let rowNo = 0;
  for await (const raw of rows) {
    if (header) {
      header = false;
      continue;
    }
    rowNo++;
    if (rowNo >= startRow) yield { rowNo, raw };
  }
}

type Row = { rowNo: number; raw: string[] };
/** A batch read, mapped and looked up, ready to be written once the batch before it is committed. */
type Staged = { batch: Row[]; prepared: Prepared[]; found: Map<string, Found> };
/** What a batch wrote: the clients it updated and every key its written clients now have. */
type Written = { ids: Set<number>; keys: Set<string> };

const rowKeys = (p: Prepared) => [...p.keys].flatMap(([k, vs]) => vs.map((v) => `${k}:${v}`));
const valueKeys = (v: repo.ClientValues, externalId?: string) => [
  ...v.phones.map((x) => `phone:${x}`), ...v.emails.map((x) => `email:${x}`), `name:${v.sortName}`,
  ...(v.inn ? [`inn:${v.inn}`] : []), ...(externalId ? [`externalId:${externalId}`] : []),
];

/**
 * One pass over the file from `startRow` (data rows, 1-based, after the header). Returns when the
 * file ends; `onBatch` runs inside each batch's transaction to record progress.
 *
 * Two batches are in flight: while batch N is written (its transaction, on PostgreSQL's core), batch
 * N+1 is read, mapped and looked up (this process's core and other connections). The lookup of N+1
 * ran before N committed, so it is checked afterwards: if N wrote a client that N+1 found, or gave a
 * client a key a row of N+1 has, N+1 is looked up again. Rows keep their file order and every
 * batch's outcome is what a one-at-a-time pass would decide.
 */
export async function importPass(db: Kysely<DB>, actor: Actor, job: { id: number; path: string; info: TableInfo; mapping: Mapping; options: ImportOptions; dryRun: boolean; startRow: number },
  onBatch: (trx: Kysely<DB>, outcomes: Outcome[], lastRow: number) => Promise<void>): Promise<void> {
  const fields = await listFields(db);
  const { rows } = await readTable(job.path, job.info);
  const managerChecks = new Map<number | null, string | undefined>();
  // keys of rows "created" earlier in a dry run: a repeated phone does not count as a second new
  // client. A real run needs none: what it created is committed, so the next batch's lookup finds
  // it in the base (this map held every created row's keys: ~200 MB for a file of 1M new clients).
  const inFile = new Map<string, number>();
  let fakeId = -1;
  const contactsOnly = job.options.target === 'contacts';
  const onMatch = contactsOnly ? 'update' : job.options.onMatch;

  /** The batch's matches; a row that would update a client an earlier row of the batch updates is cut off with the rest. */
  const lookUp = async (batch: Row[], prepared: Prepared[]): Promise<{ staged: Staged; rest: Row[] }> => {
    const found = await lookup(db, actor, prepared.filter((p) => !p.error));
    let rest: Row[] = [];
    if (onMatch === 'update') {
      // each batch writes a client once (one UPDATE for all)
      const updating = new Set<number>();
      const again = prepared.findIndex((p) => {
        if (p.error) return false;
        const target = matchOf(p, found);
        if (!target) return false;
        if (updating.has(target.id)) return true;
        updating.add(target.id);
        return false;
      });
      if (again > 0) {
        rest = batch.slice(again);
        batch = batch.slice(0, again);
        prepared = prepared.slice(0, again);
      }
    }
    if (onMatch === 'update') await decideEarly(prepared, found);
    return { staged: { batch, prepared, found }, rest };
  };

  /** The mapped fields of the row over the client's current values: the update, or why not. */
  const decide = (cur: repo.ClientRow, p: Prepared): Decision => {
    const issues = new Issues();
    const values = normalizeClient(merged(cur, p, contactsOnly), fields, issues, { creating: false });
    if (values.managerId !== cur.managerId && managerChecks.get(values.managerId)) issues.add('managerId', managerChecks.get(values.managerId)!);
    if (issues.list.length) return { action: 'rejected', error: fmtIssues(issues.list) };
    const before = JSON.stringify(normalizeClient({ ...cur, channels: cur.channels, contacts: cur.contacts } as unknown as ClientDraft, fields, new Issues(), { creating: false }));
    if (before === JSON.stringify(values)) return { action: 'unchanged' };
    return { action: 'updated', values, beforeJson: `{"version":${cur.version},"values":${before}}` };
  };

  const checkManagers = async (prepared: Prepared[]) => {
    for (const p of prepared) {
      if (p.error || !p.values) continue;
      const m = p.values.managerId;
      if (!managerChecks.has(m)) {
        const is = new Issues();
        await checkManager(db, actor, m, is);
        managerChecks.set(m, is.list.length ? fmtIssues(is.list) : undefined);
      }
    }
  };

  /**
   * Works out the updates from the matched clients as they are now, without locks, while the batch
   * before is written (~55 ms of this process's time a batch that the write's transaction would
   * otherwise spend). The write locks the clients and uses a decision only if the client still has
   * the version it was made from; otherwise it decides again from the locked row.
   */
  const decideEarly = async (prepared: Prepared[], found: Map<string, Found>) => {
    await checkManagers(prepared);
    const matched = prepared.map((p) => (p.error ? undefined : matchOf(p, found)));
    const current = await repo.visibleMany(db, actor, matched.flatMap((f) => (f?.visible ? [f.id] : [])));
    for (let i = 0; i < prepared.length; i++) {
      if (i > 0 && i % 100 === 0) await giveWay();
      const p = prepared[i]!;
      const cur = matched[i] && current.get(matched[i]!.id);
      p.early = cur ? { id: cur.id, version: cur.version, decision: decide(cur, p) } : undefined;
    }
  };

  const matchOf = (p: Prepared, found: Map<string, Found>): Found | undefined => {
    for (const k of job.options.matchBy) for (const v of p.keys.get(k) ?? []) {
      const f = found.get(`${k}:${v}`);
      if (f) return f;
    }
    return undefined;
  };

  const stage = async (batch: Row[]): Promise<{ staged: Staged; rest: Row[] }> => {
    // in slices, giving way between them: the batch being written resumes as soon as PostgreSQL
    // answers, instead of waiting for all 1,000 rows of this one (~40 ms) to be mapped
    let prepared: Prepared[] = [];
    for (let i = 0; i < batch.length; i += 100) {
      if (i > 0) await giveWay();
      for (const b of batch.slice(i, i + 100)) prepared.push(prepare(b.rowNo, b.raw, job.mapping, fields, actor, job.options));
    }
    // a row sharing a key with an earlier row of the same batch goes into the next batch, after
    // the earlier one is written, so that it matches it (rows stay in file order)
    const seen = new Set<string>();
    const cut = prepared.findIndex((p) => {
      const ks = rowKeys(p);
      if (ks.some((k) => seen.has(k))) return true;
      for (const k of ks) seen.add(k);
      return false;
    });
    let rest: Row[] = [];
    if (cut > 0) {
      rest = batch.slice(cut);
      batch = batch.slice(0, cut);
      prepared = prepared.slice(0, cut);
    }
    const r = await lookUp(batch, prepared);
    return { staged: r.staged, rest: [...r.rest, ...rest] };
  };

  const write = async ({ batch, prepared, found }: Staged): Promise<Written> => {
    const written: Written = { ids: new Set(), keys: new Set() };
    await checkManagers(prepared);
    // what each row matches: a client of the base, else (a dry run) a row "created" earlier in the file
    const targets = prepared.map((p) => {
      if (p.error) return { match: undefined, target: undefined };
      let match: Found | undefined;
      let matchedInFile: number | undefined;
      for (const k of job.options.matchBy) {
        for (const v of p.keys.get(k) ?? []) {
          matchedInFile ??= inFile.get(`${k}:${v}`);
          match ??= found.get(`${k}:${v}`);
        }
        if (match || matchedInFile !== undefined) break;
      }
      return { match, target: match?.id ?? matchedInFile };
    });
    await db.transaction().execute(async (trx) => {
      const outcomes: Outcome[] = [];
      const creates: { p: Prepared; outcome: Outcome }[] = [];
      const updates: { id: number; version: number; values: repo.ClientValues }[] = [];
      const toLock = onMatch === 'update' ? prepared.flatMap((p, i) => {
        const { match, target } = targets[i]!;
        return !p.error && target !== undefined && target > 0 && (!match || match.visible) ? [target] : [];
      }) : [];
      const locked = await repo.lockVisibleMany(trx, actor, toLock);
      prepared.forEach((p, i) => {
        if (p.error) {
          outcomes.push({ rowNo: p.rowNo, action: 'rejected', error: p.error, raw: p.raw });
          return;
        }
        const { match, target } = targets[i]!;
        if (target === undefined && contactsOnly) {
          outcomes.push({ rowNo: p.rowNo, action: 'rejected', error: `no client matches the row (by ${job.options.matchBy.join(', ')})`, raw: p.raw });
          return;
        }
        if (target !== undefined && onMatch !== 'create') {
          if (match && !match.visible) {
            outcomes.push({ rowNo: p.rowNo, action: 'rejected', error: `matches a client outside your scope (manager: ${match.managerName ?? 'nobody'})`, raw: p.raw });
            return;
          }
          if (onMatch === 'skip') {
            outcomes.push({ rowNo: p.rowNo, action: 'skipped', clientId: target > 0 ? target : undefined });
            return;
          }
          if (target < 0) {
            // matched a row created earlier in this dry run: it would be updated
            outcomes.push({ rowNo: p.rowNo, action: 'updated' });
            return;
          }
          const cur = locked.get(target);
          if (!cur) {
            outcomes.push({ rowNo: p.rowNo, action: 'rejected', error: 'the matching client is no longer visible', raw: p.raw });
            return;
          }
          // the decision made while staging holds if nobody changed the client since
          const d = p.early && p.early.id === target && p.early.version === cur.version ? p.early.decision : decide(cur, p);
          if (d.action === 'rejected') {
            outcomes.push({ rowNo: p.rowNo, action: 'rejected', error: d.error, raw: p.raw });
            return;
          }
          if (d.action === 'unchanged') {
            outcomes.push({ rowNo: p.rowNo, action: 'unchanged', clientId: target });
            return;
          }
          updates.push({ id: target, version: cur.version, values: d.values });
          outcomes.push({ rowNo: p.rowNo, action: 'updated', clientId: target, versionAfter: cur.version + 1, beforeJson: d.beforeJson });
          return;
        }
        if (p.createIssues.length || managerChecks.get(p.values!.managerId)) {
          outcomes.push({ rowNo: p.rowNo, action: 'rejected', error: [...p.createIssues, managerChecks.get(p.values!.managerId)].filter(Boolean).join('; '), raw: p.raw });
          return;
        }
        const outcome: Outcome = { rowNo: p.rowNo, action: 'created' };
        outcomes.push(outcome);
        creates.push({ p, outcome });
      });
      if (updates.length && !job.dryRun) {
        // the rows are locked and their versions read under the lock: every update applies
        const done = await repo.updateClients(trx, updates);
        if (done.length !== updates.length) throw new Error(`import batch: ${updates.length - done.length} locked clients changed under the lock`);
        await sql`INSERT INTO audit_log (user_id, action, entity, entity_id, changes)
          SELECT ${actor.userId > 0 ? actor.userId : null}::bigint, 'client.updated', 'client', id, ${JSON.stringify({ importJob: job.id })}::jsonb FROM unnest(${updates.map((u) => u.id)}::bigint[]) AS id`.execute(trx);
        for (const u of updates) {
          written.ids.add(u.id);
          for (const k of valueKeys(u.values)) written.keys.add(k);
        }
      }
      if (creates.length) {
        const ids = job.dryRun ? creates.map(() => fakeId--) : await repo.insertClients(trx, creates.map((c) => c.p.values!), actor.userId > 0 ? actor.userId : null);
        creates.forEach((c, i) => {
          c.outcome.clientId = ids[i]! > 0 ? ids[i] : undefined;
          c.outcome.versionAfter = 1;
          if (job.dryRun) {
            for (const [k, vs] of c.p.keys) for (const v of vs) if (!inFile.has(`${k}:${v}`)) inFile.set(`${k}:${v}`, ids[i]!);
          } else {
            for (const k of [...valueKeys(c.p.values!, c.p.externalId), `id:${ids[i]}`]) written.keys.add(k);
          }
        });
        if (!job.dryRun) {
          const ext = creates.map((c, i) => [c.p.externalId, ids[i]] as const).filter(([e]) => e);
          if (ext.length) {
            await sql`INSERT INTO client_external_ids (external_id, client_id) SELECT * FROM unnest(${ext.map((e) => e[0])}::text[], ${ext.map((e) => e[1])}::bigint[])
              ON CONFLICT (external_id) DO NOTHING`.execute(trx);
          }
          await sql`INSERT INTO audit_log (user_id, action, entity, entity_id, changes)
            SELECT ${actor.userId > 0 ? actor.userId : null}::bigint, 'client.created', 'client', id, ${JSON.stringify({ importJob: job.id })}::jsonb FROM unnest(${ids}::bigint[]) AS id`.execute(trx);
        }
      }
      await onBatch(trx, outcomes, batch.at(-1)!.rowNo);
    });
    return written;
  };

  /** Did the written batch change what this batch's lookup (made before it committed) found? */
  const stale = (st: Staged, w: Written) =>
    [...st.found.values()].some((f) => w.ids.has(f.id)) || st.prepared.some((p) => rowKeys(p).some((k) => w.keys.has(k)));

  const it = dataRows(rows, job.startRow)[Symbol.asyncIterator]();
  let carry: Row[] = [];
  let ended = false;
  let writing: Promise<Written> | undefined;
  try {
    for (;;) {
      const batch = carry;
      carry = [];
      while (batch.length < BATCH && !ended) {
        const n = await it.next();
        if (n.done) ended = true;
        else batch.push(n.value);
      }
      if (!batch.length) break;
      let { staged, rest } = await stage(batch);
      if (writing) {
        if (stale(staged, await writing)) {
          const again = await lookUp(staged.batch, staged.prepared);
          staged = again.staged;
          rest = [...again.rest, ...rest];
        }
        writing = undefined;
      }
      carry = rest;
      writing = write(staged);
      // handled when awaited (next turn or at the end); this only keeps an early failure from
      // counting as an unhandled rejection while the next batch is staged
      writing.catch(() => {});
    }
    if (writing) await writing;
  } catch (e) {
    // the batch being written finishes (or fails) before the pass reports the failure
    if (writing) await writing.catch(() => {});
    throw e;
  } finally {
    // the file (a read stream, or an XLSX / ODS zip) is closed however the pass ends
    await it.return?.(undefined);
  }
}

export type { Outcome };
