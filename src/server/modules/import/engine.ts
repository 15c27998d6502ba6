// The import pass for clients: reads the stored file, maps each row to a client, matches it against the
// base by the chosen keys, and creates, updates (only the mapped fields), skips or rejects it.
// A dry run decides the same without changing clients. Work goes in batches of 1,000 rows, each
// one transaction that also records the rows' outcome and the job's progress, so a process
// killed half-way leaves whole batches and a job that can be resumed or undone — never half a row.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { Issues } from '../../shared/errors.js';
import type { Actor } from '../access/rights.js';
import { normalizeClient, type ClientDraft } from '../clients/client-normalize.js';
import * as repo from '../clients/clients.service.js';
import { clientInputIssues } from '../clients/clients.schemas.js';
import { checkManager, checkWritable, draftFromCreate } from '../clients/clients.service.js';
import { listFields } from '../custom-fields/custom-fields.service.js';
import type { FieldDef } from '../custom-fields/custom-values.js';
import type { ImportOptions, Mapping, MatchKey } from './import-fields.schemas.js';
import { rowToClient } from './mapping.js';
import { readTable, type TableInfo } from './readers.js';
import { lookup, type Found } from './client-lookup.js';
import { merged, PERSON_NAME, type MergeRules } from './client-merge.js';
import { insertExternalIds, insertImportAudit, takenClients, usersForImport, type ImportUser, type Outcome } from './import.repository.js';
import { parsePhone } from '../clients/client-validation.js';
import { actorUserId } from '../access/rights.js';

export const BATCH = 1000;

type Prepared = {
  rowNo: number;
  raw: string[];
  error?: string;
  values?: repo.ClientValues;
  createIssues: string[];
  mapped: Set<string>;
  input: Record<string, unknown>;
  keys: Map<MatchKey, string[]>;
  externalId?: string;
  /** the update worked out while staging, from the matched client as it was at `version` */
  early?: { id: number; version: number; decision: Decision };
  /** e.g. a phone that is no valid number, kept as typed */
  warning?: string;
};
type Decision =
  | { action: 'rejected'; error: string }
  | { action: 'unchanged'; warning?: string; before: repo.ClientValues }
  | { action: 'updated'; values: repo.ClientValues; before: repo.ClientValues; beforeJson: string; changesJson: string; warning?: string };
/** Gives way to other work (the batch being written) between slices of CPU work. */
const giveWay = () => new Promise<void>((r) => setImmediate(r));

const fmtIssues = (list: { field: string; message: string }[]) => list.map((i) => `${i.field}: ${i.message}`).join('; ');

/** A "manager" cell: the user with that login or e-mail, else the one user with that name (active users first). */
export function findManager(users: ImportUser[], text: string): { id: number } | { error: string } {
  const n = text.trim().replace(/\s+/g, ' ').toLowerCase();
  const byLogin = users.find((u) => u.login === n) ?? users.find((u) => u.email === n);
  if (byLogin) return { id: byLogin.id };
  let named = users.filter((u) => u.name === n);
  if (named.some((u) => u.active)) named = named.filter((u) => u.active);
  if (named.length === 1) return { id: named[0]!.id };
  if (named.length > 1) return { error: `manager: several users are called "${text.trim()}" (use the login or e-mail)` };
  return { error: `manager: no user with the login, name or e-mail "${text.trim()}"` };
}

function prepare(
  rowNo: number,
  raw: string[],
  mapping: Mapping,
  fields: FieldDef[],
  actor: Actor,
  opts: ImportOptions,
  users: ImportUser[],
): Prepared {
  const d = rowToClient(raw, mapping, fields);
  const p: Prepared = {
    rowNo,
    raw,
    mapped: d.mapped,
    input: d.input as unknown as Record<string, unknown>,
    keys: new Map(),
    createIssues: [],
    externalId: d.keys.externalId,
  };
  if (d.problems.length) return { ...p, error: fmtIssues(d.problems) };
  // the API's own limits (lengths, counts): what the form and the API refuse, the file cannot bring in
  const limits = clientInputIssues(d.input as unknown as Record<string, unknown>);
  if (limits.length) return { ...p, error: fmtIssues(limits) };
  // the row's own manager (a "manager" column): by login, e-mail or name; the scope rules of the
  // client form apply to it below (checkManager), and the role must be allowed to write it
  let rowManager: number | undefined;
  if (d.manager !== undefined && opts.target !== 'contacts') {
    const m = findManager(users, d.manager);
    if ('error' in m) return { ...p, error: m.error };
    rowManager = m.id;
    d.input.managerId = m.id;
    d.mapped.add('managerId');
  }
  const contactsOnly = opts.target === 'contacts';
  if (contactsOnly && !d.input.contacts?.length) return { ...p, error: 'contactName: a contact person needs a name' };
  const ro = new Issues();
  const { kind: _kind, ...writable } = d.input;
  // a contacts file writes only the contact persons; its other columns only find the client
  checkWritable(actor, contactsOnly ? { contacts: d.input.contacts } : (writable as Record<string, unknown>), ro);
  if (ro.list.length) return { ...p, error: fmtIssues(ro.list) };
  const issues = new Issues();
  // the responsible manager: the row's, else the one chosen for the import, else the importing user (the CLI: nobody)
  const input = {
    ...d.input,
    ...(rowManager !== undefined ? {} : opts.managerId !== undefined ? { managerId: opts.managerId } : actor.userId > 0 ? {} : { managerId: null }),
  };
  const values = normalizeClient(draftFromCreate(input, actor), fields, issues, { creating: true });
  p.values = values;
  p.createIssues = contactsOnly ? [] : issues.list.map((i) => `${i.field}: ${i.message}`);
  // channel problems (a bad email) are errors whatever happens to the row
  const channelErrors = issues.list.filter(
    (i) =>
      i.field.startsWith('channels') ||
      i.field.startsWith('contacts') ||
      i.field.startsWith('custom') ||
      ['inn', 'ogrn', 'kpp', 'birthDate'].includes(i.field),
  );
  if (channelErrors.length) return { ...p, error: fmtIssues(channelErrors) };
  // a phone that is no valid number goes in as typed (it is still found by its digits): say so
  const odd = contactsOnly
    ? []
    : values.channels.filter((c) => (c as { type: string }).type === 'phone' && !(c as { normalized?: string }).normalized);
  if (odd.length) p.warning = odd.map((c) => `phone: "${(c as { value: string }).value}" is not a valid phone number (kept as typed)`).join('; ');
  for (const k of opts.matchBy) {
    const v: string[] =
      k === 'id'
        ? d.keys.id
          ? [String(d.keys.id)]
          : []
        : k === 'externalId'
          ? d.keys.externalId
            ? [d.keys.externalId]
            : []
          : k === 'inn'
            ? values.inn
              ? [values.inn]
              : []
            : k === 'email'
              ? d.mapped.has('channels')
                ? values.emails
                : []
              : k === 'phone'
                ? d.mapped.has('channels')
                  ? values.phones
                  : []
                : k === 'sku'
                  ? []
                  : values.sortName && (d.mapped.has('surname') || d.mapped.has('legalName'))
                    ? [values.sortName]
                    : [];
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
  ...v.phones.map((x) => `phone:${x}`),
  ...v.emails.map((x) => `email:${x}`),
  `name:${v.sortName}`,
  ...(v.inn ? [`inn:${v.inn}`] : []),
  ...(externalId ? [`externalId:${externalId}`] : []),
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
export async function importPass(
  db: Kysely<DB>,
  actor: Actor,
  job: { id: number; path: string; info: TableInfo; mapping: Mapping; options: ImportOptions; dryRun: boolean; startRow: number },
  onBatch: (trx: Kysely<DB>, outcomes: Outcome[], lastRow: number) => Promise<void>,
): Promise<void> {
  const fields = await listFields(db);
  const users = await usersForImport(db);
  const userName = new Map(users.map((u) => [u.id, u.displayName]));
  const rules: MergeRules = { keepEmpty: job.options.emptyCells !== 'clear', fillNames: job.options.names !== 'overwrite' };
  const { rows } = await readTable(job.path, job.info);
  const managerChecks = new Map<number | null, string | undefined>();
  // keys of rows "created" earlier in a dry run: a repeated phone does not count as a second new
  // client. A real run needs none: what it created is committed, so the next batch's lookup finds
  // it in the base (this map held every created row's keys: ~200 MB for a file of 1M new clients).
  const inFile = new Map<string, number>();
  let fakeId = -1;
  const contactsOnly = job.options.target === 'contacts';
  const onMatch = contactsOnly ? 'update' : job.options.onMatch;
  // Two rows of one file never write the same client: the row that took a client first (matched in
  // the base, or created) is remembered, and a later row finding that client is rejected, naming it.
  // A contacts file is the exception: a client's contact persons come on several rows.
  const firstRows = contactsOnly || onMatch === 'create' ? null : new TakenClients();
  // keys an update took away from a client still find it for the rest of the file, in the run as
  // in the dry run (whose base still has them): the later row is the same client's, not a new one
  const lost = new Map<string, number>();
  // a run resumed after a crash: the clients its committed batches took
  if (firstRows && job.startRow > 1 && !job.dryRun) for (const r of await takenClients(db, job.id)) firstRows.take(r.clientId, r.rowNo);

  /** The batch's matches; a row that would update a client an earlier row of the batch updates is cut off with the rest. */
  const lookUp = async (batch: Row[], prepared: Prepared[]): Promise<{ staged: Staged; rest: Row[] }> => {
    const found = await lookup(
      db,
      actor,
      prepared.filter((p) => !p.error),
    );
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
    const values = normalizeClient(merged(cur, p, contactsOnly, rules), fields, issues, { creating: false });
    if (values.managerId !== cur.managerId && managerChecks.get(values.managerId)) issues.add('managerId', managerChecks.get(values.managerId)!);
    if (issues.list.length) return { action: 'rejected', error: fmtIssues(issues.list) };
    const beforeValues = normalizeClient({ ...cur, channels: cur.channels, contacts: cur.contacts } as unknown as ClientDraft, fields, new Issues(), {
      creating: false,
    });
    const before = JSON.stringify(beforeValues);
    const warning = [p.warning, !contactsOnly && rules.fillNames ? keptName(cur, p) : undefined].filter(Boolean).join('; ') || undefined;
    if (before === JSON.stringify(values)) return { action: 'unchanged', before: beforeValues, ...(warning ? { warning } : {}) };
    const changes = {
      client: cur.displayName,
      fields: changedFields(beforeValues, values, userName, contactsOnly ? new Set(['contacts']) : p.mapped),
    };
    return {
      action: 'updated',
      values,
      before: beforeValues,
      beforeJson: `{"version":${cur.version},"values":${before}}`,
      changesJson: JSON.stringify(changes),
      ...(warning ? { warning } : {}),
    };
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
    const current = await repo.visibleMany(
      db,
      actor,
      matched.flatMap((f) => (f?.visible ? [f.id] : [])),
    );
    for (let i = 0; i < prepared.length; i++) {
      if (i > 0 && i % 100 === 0) await giveWay();
      const p = prepared[i]!;
      const cur = matched[i] && current.get(matched[i]!.id);
      p.early = cur ? { id: cur.id, version: cur.version, decision: decide(cur, p) } : undefined;
    }
  };

  const matchOf = (p: Prepared, found: Map<string, Found>): Found | undefined => {
    for (const k of job.options.matchBy)
      for (const v of p.keys.get(k) ?? []) {
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
      for (const b of batch.slice(i, i + 100)) prepared.push(prepare(b.rowNo, b.raw, job.mapping, fields, actor, job.options, users));
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
          matchedInFile ??= inFile.get(`${k}:${v}`) ?? lost.get(`${k}:${v}`);
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
      const toLock =
        onMatch === 'update'
          ? prepared.flatMap((p, i) => {
              const { match, target } = targets[i]!;
              return !p.error && target !== undefined && target > 0 && (!match || match.visible) ? [target] : [];
            })
          : [];
      const locked = await repo.lockVisibleMany(trx, actor, toLock);
      prepared.forEach((p, i) => {
        if (p.error) {
          outcomes.push({ rowNo: p.rowNo, action: 'rejected', error: p.error, raw: p.raw });
          return;
        }
        const { match, target } = targets[i]!;
        if (target === undefined && contactsOnly) {
          outcomes.push({
            rowNo: p.rowNo,
            action: 'rejected',
            error: `no client matches the row (by ${job.options.matchBy.join(', ')})`,
            raw: p.raw,
          });
          return;
        }
        if (target !== undefined && onMatch !== 'create') {
          if (match && !match.visible) {
            outcomes.push({
              rowNo: p.rowNo,
              action: 'rejected',
              error: `matches a client outside your scope (manager: ${match.managerName ?? 'nobody'})`,
              raw: p.raw,
            });
            return;
          }
          const first = firstRows?.get(target);
          if (first !== undefined) {
            outcomes.push({ rowNo: p.rowNo, action: 'rejected', error: `matches the same client as row ${first + 1}`, raw: p.raw });
            return;
          }
          if (onMatch === 'skip') {
            firstRows?.take(target, p.rowNo);
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
          firstRows?.take(target, p.rowNo);
          if (d.action === 'unchanged') {
            outcomes.push({ rowNo: p.rowNo, action: 'unchanged', clientId: target, ...(d.warning ? { warning: d.warning } : {}) });
            return;
          }
          updates.push({ id: target, version: cur.version, values: d.values });
          outcomes.push({
            rowNo: p.rowNo,
            action: 'updated',
            clientId: target,
            versionAfter: cur.version + 1,
            beforeJson: d.beforeJson,
            changesJson: d.changesJson,
            ...(d.warning ? { warning: d.warning } : {}),
          });
          if (firstRows) {
            // the keys the update takes away still lead to this client; in a dry run, so do the ones it gives
            const now = new Set(valueKeys(d.values));
            for (const k of valueKeys(d.before)) if (!now.has(k) && !lost.has(k)) lost.set(k, target);
            if (job.dryRun) for (const k of now) if (!inFile.has(k)) inFile.set(k, target);
          }
          return;
        }
        if (p.createIssues.length || managerChecks.get(p.values!.managerId)) {
          outcomes.push({
            rowNo: p.rowNo,
            action: 'rejected',
            error: [...p.createIssues, managerChecks.get(p.values!.managerId)].filter(Boolean).join('; '),
            raw: p.raw,
          });
          return;
        }
        const outcome: Outcome = { rowNo: p.rowNo, action: 'created', ...(p.warning ? { warning: p.warning } : {}) };
        outcomes.push(outcome);
        creates.push({ p, outcome });
      });
      if (updates.length && !job.dryRun) {
        // the rows are locked and their versions read under the lock: every update applies
        const done = await repo.updateClients(trx, updates);
        if (done.length !== updates.length) throw new Error(`import batch: ${updates.length - done.length} locked clients changed under the lock`);
        await insertImportAudit(
          trx,
          actorUserId(actor),
          'client.updated',
          'client',
          updates.map((u) => u.id),
          { importJob: job.id },
        );
        for (const u of updates) {
          written.ids.add(u.id);
          for (const k of valueKeys(u.values)) written.keys.add(k);
        }
      }
      if (creates.length) {
        const ids = job.dryRun
          ? creates.map(() => fakeId--)
          : await repo.insertClients(
              trx,
              creates.map((c) => c.p.values!),
              actorUserId(actor),
            );
        firstRows?.created(
          ids,
          creates.map((c) => c.p.rowNo),
        );
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
          if (ext.length) await insertExternalIds(trx, ext);
          await insertImportAudit(trx, actorUserId(actor), 'client.created', 'client', ids, { importJob: job.id });
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

/**
 * The row of the file that first took each client. Clients found in the base go into a map; created
 * ones (ids ascending from batch to batch, a dry run's made-up ids descending) into two typed arrays
 * each, 12 bytes a client, searched by halves: a file of a million new clients keeps 12 MB, not a map
 * of a million entries.
 */
export class TakenClients {
  private found = new Map<number, number>();
  private made = [new CreatedRows(), new CreatedRows()];
  get(id: number): number | undefined {
    return this.found.get(id) ?? this.made[id < 0 ? 1 : 0]!.get(Math.abs(id));
  }
  take(id: number, rowNo: number) {
    this.found.set(id, rowNo);
  }
  created(ids: number[], rowNos: number[]) {
    const pairs = ids.map((id, i) => [id, rowNos[i]!] as const).sort((x, y) => Math.abs(x[0]) - Math.abs(y[0]));
    for (const [id, rowNo] of pairs) if (!this.made[id < 0 ? 1 : 0]!.push(Math.abs(id), rowNo)) this.found.set(id, rowNo);
  }
}

class CreatedRows {
  private ids = new Float64Array(1024);
  private rows = new Int32Array(1024);
  private n = 0;
  /** false when `id` is not above the last one (kept elsewhere then) */
  push(id: number, rowNo: number): boolean {
    if (this.n && id <= this.ids[this.n - 1]!) return false;
    if (this.n === this.ids.length) {
      const ids = new Float64Array(this.n * 2);
      ids.set(this.ids);
      const rows = new Int32Array(this.n * 2);
      rows.set(this.rows);
      [this.ids, this.rows] = [ids, rows];
    }
    this.ids[this.n] = id;
    this.rows[this.n++] = rowNo;
    return true;
  }
  get(id: number): number | undefined {
    let lo = 0;
    let hi = this.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.ids[mid]!;
      if (v === id) return this.rows[mid];
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

/** With names only filled in: the file's name for a client whose stored name it does not replace (a name in other words or order is the same). */
function keptName(cur: repo.ClientRow, p: Prepared): string | undefined {
  const words = (...v: unknown[]) =>
    v
      .filter((x): x is string => typeof x === 'string')
      .join(' ')
      .toLowerCase()
      .replace(/ё/g, 'е')
      .split(/\s+/)
      .filter(Boolean);
  const file = words(...PERSON_NAME.filter((f) => p.mapped.has(f)).map((f) => p.input[f]));
  const stored = new Set(words(cur.surname, cur.firstName, cur.patronymic));
  const org =
    p.mapped.has('legalName') &&
    typeof p.input.legalName === 'string' &&
    cur.legalName &&
    p.input.legalName.trim().toLowerCase() !== cur.legalName.trim().toLowerCase();
  const person = stored.size > 0 && file.some((w) => !stored.has(w));
  if (!org && !person) return undefined;
  const said = org
    ? String(p.input.legalName)
    : PERSON_NAME.map((f) => p.input[f])
        .filter(Boolean)
        .join(' ');
  return `name: the file says "${said}", the stored name "${cur.displayName}" is kept`;
}

type Change = { field: string; from: string; to: string };
const scalarFields = [
  'surname',
  'firstName',
  'patronymic',
  'legalName',
  'birthDate',
  'position',
  'inn',
  'ogrn',
  'kpp',
  'legalAddress',
  'actualAddress',
  'industry',
  'region',
  'status',
  'source',
  'importance',
  'notes',
] as const;
const text = (v: unknown): string =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.map(text).join('; ') : typeof v === 'object' ? JSON.stringify(v) : String(v);

/**
 * What an update changes, field by field, as text (channels by type, contact persons by name, custom
 * fields by key). Only the fields the file maps can change, so only those are compared (`mapped`:
 * the row's; a few µs a row instead of every field's).
 */
export function changedFields(a: repo.ClientValues, b: repo.ClientValues, userName: Map<number, string>, mapped?: Set<string>): Change[] {
  const out: Change[] = [];
  const add = (field: string, from: string, to: string) => {
    if (from !== to) out.push({ field, from, to });
  };
  const has = (f: string) => !mapped || mapped.has(f);
  for (const f of scalarFields) if (has(f) && a[f] !== b[f]) add(f, text(a[f]), text(b[f]));
  type Ch = { type: string; value: string };
  for (const type of ['phone', 'email', 'messenger', 'link']) {
    if (!has(`channels.${type}`)) continue;
    const of = (v: repo.ClientValues) =>
      (v.channels as Ch[])
        .filter((c) => (c.type === 'website' ? 'link' : c.type) === type)
        .map((c) => c.value)
        .join('; ');
    add(type, of(a), of(b));
  }
  if (has('tags')) add('tags', a.tags.join(', '), b.tags.join(', '));
  const contacts = (v: repo.ClientValues) =>
    (v.contacts as { name: string; position?: string; channels?: Ch[] }[])
      .map((c) => [c.name, c.position ? `(${c.position})` : '', ...(c.channels ?? []).map((ch) => ch.value)].filter(Boolean).join(' '))
      .join('; ');
  if (has('contacts')) add('contacts', contacts(a), contacts(b));
  const who = (id: number | null) => (id === null ? '' : (userName.get(id) ?? `#${id}`));
  if (has('managerId') && a.managerId !== b.managerId) add('managerId', who(a.managerId), who(b.managerId));
  if (has('custom'))
    for (const k of new Set([...Object.keys(a.custom), ...Object.keys(b.custom)]))
      if (has(`custom.${k}`)) add(`custom.${k}`, text(a.custom[k]), text(b.custom[k]));
  return out;
}

export type { Outcome };
