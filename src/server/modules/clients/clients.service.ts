import type { Kysely, RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, Issues } from '../../shared/errors.js';
import { type Actor, fieldHidden, fieldReadonly, hiddenFields, requireRight, actorUserId } from '../access/rights.js';
import { insertAudit, insertAuditForEach } from '../../db/audit-log.js';
import type { THistoryAnswer } from '../audit/audit.schemas.js';
import { lastEntityChange, listEntityAudit, maskChanges, namesFor } from '../audit/audit.service.js';
import { scopeSql } from '../access/scope.js';
import { listFields } from '../custom-fields/custom-fields.service.js';
import type { FileStore } from '../files/file-store.js';
import { clientFileKeys, removeStoredFiles } from '../files/files.service.js';
import { normalizeClient, type ClientDraft } from './client-normalize.js';
import {
  cursorSql,
  decodeRelevanceCursor,
  encodeCursor,
  encodeRelevanceCursor,
  filterSql,
  orderBySql,
  prefixSql,
  sortPlan,
  sortValueSql,
  substringSql,
  type RelevanceCursor,
} from './client-query.js';
import { parseFilters } from './client-filters.js';
import { searchForm } from './client-validation.js';
import * as repo from './clients.repository.js';
import type { TClientCreate, TClientOut, TClientPatch, TDuplicate, TListQuery } from './clients.schemas.js';
import { isForeignKeyViolation } from '../../db/pg-errors.js';

/** What other features use of this one's data access, through its service rather than its repository. */
export { findVisible } from './clients.repository.js';
/** The import's batch reads and writes of clients (import/engine.ts): the import keeps its own rules. */
export { insertClients, lockVisibleMany, updateClients, visibleMany, type ClientRow, type ClientValues } from './clients.repository.js';

const NOT_FOUND = () => new AppError('CLIENT_NOT_FOUND', 'No such client');

/** The API shape of a row, without the fields the actor's role hides (docs/security.md §3). */
export function toOut(row: repo.ClientRow, actor: Actor): TClientOut {
  // Built key by key rather than copied and pruned: one object shape for every row, no deletes
  // (a copied row with deleted keys cost ~10 us a row, a tenth of a card request's CPU).
  const out: Record<Exclude<keyof repo.ClientRow, 'archivedAt'>, unknown> & { archived: boolean } = {
    id: row.id,
    kind: row.kind,
    displayName: row.displayName,
    surname: row.surname,
    firstName: row.firstName,
    patronymic: row.patronymic,
    birthDate: row.birthDate,
    position: row.position,
    passport: row.passport,
    legalName: row.legalName,
    inn: row.inn,
    ogrn: row.ogrn,
    kpp: row.kpp,
    legalAddress: row.legalAddress,
    actualAddress: row.actualAddress,
    industry: row.industry,
    region: row.region,
    channels: row.channels,
    contacts: row.contacts,
    tags: row.tags,
    status: row.status,
    source: row.source,
    importance: row.importance,
    managerId: row.managerId,
    notes: row.notes,
    custom: row.custom,
    version: row.version,
    archived: row.archivedAt !== null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    externalIds: row.externalIds,
  };
  const hidden = hiddenFields(actor);
  if (hidden.length === 0) return out as TClientOut;
  const o = out as Record<string, unknown>;
  const custom = { ...row.custom };
  for (const f of hidden) {
    if (f.startsWith('custom.')) delete custom[f.slice(7)];
    else if (f in o) delete o[f];
  }
  if ('custom' in o) o.custom = custom;
  return o as TClientOut;
}

export function checkWritable(actor: Actor, input: Record<string, unknown>, issues: Issues) {
  for (const key of Object.keys(input)) {
    if (key === 'custom') {
      for (const ck of Object.keys(input.custom as object))
        if (fieldReadonly(actor, `custom.${ck}`)) issues.add(`custom.${ck}`, 'is read-only for your role');
    } else if (fieldReadonly(actor, key)) issues.add(key, 'is read-only for your role');
  }
}

/** A client may be given only to a manager inside the actor's own scope, so nobody hands a record out of sight by mistake. */
export async function checkManager(db: Kysely<DB>, actor: Actor, managerId: number | null, issues: Issues) {
  managerIssues(actor, managerId, managerId === null ? undefined : await repo.activeUser(db, managerId), issues);
}

function managerIssues(actor: Actor, managerId: number | null, u: repo.ManagerRow | undefined, issues: Issues) {
  if (managerId === null) {
    if (actor.scope !== 'all') issues.add('managerId', 'a client needs a responsible manager');
    return;
  }
  if (!u || !u.active) return issues.add('managerId', 'no such active user');
  if (actor.scope === 'own' && managerId !== actor.userId) issues.add('managerId', 'you may assign clients only to yourself');
  if (actor.scope === 'department' && managerId !== actor.userId && u.departmentId !== actor.departmentId) {
    issues.add('managerId', 'you may assign clients only within your department');
  }
}

export function draftFromCreate(input: TClientCreate, actor: Actor): ClientDraft {
  return {
    kind: input.kind,
    surname: input.surname ?? null,
    firstName: input.firstName ?? null,
    patronymic: input.patronymic ?? null,
    birthDate: input.birthDate ?? null,
    position: input.position ?? null,
    passport: input.passport ?? null,
    legalName: input.legalName ?? null,
    inn: input.inn ?? null,
    ogrn: input.ogrn ?? null,
    kpp: input.kpp ?? null,
    legalAddress: input.legalAddress ?? null,
    actualAddress: input.actualAddress ?? null,
    industry: input.industry ?? null,
    region: input.region ?? null,
    channels: input.channels ?? [],
    contacts: input.contacts ?? [],
    tags: input.tags ?? [],
    status: input.status ?? null,
    source: input.source ?? null,
    importance: input.importance ?? null,
    managerId: input.managerId === undefined ? actor.userId : input.managerId,
    notes: input.notes ?? null,
    custom: input.custom ?? {},
  };
}

async function prepare(db: Kysely<DB>, actor: Actor, input: TClientCreate, issues: Issues, prefix = '') {
  const fields = await listFields(db);
  const sub = new Issues();
  checkWritable(actor, input, sub);
  const draft = draftFromCreate(input, actor);
  const values = normalizeClient(draft, fields, sub, { creating: true });
  await checkManager(db, actor, values.managerId, sub);
  for (const i of sub.list) issues.add(prefix + i.field, i.message);
  return values;
}

export async function duplicatesFor(db: Kysely<DB>, actor: Actor, v: repo.ClientValues, selfId?: number): Promise<TDuplicate[]> {
  // docs/security.md §3: a field hidden from the actor is no key to find records by.
  const channelsHidden = fieldHidden(actor, 'channels');
  const rows = await repo.findDuplicates(db, actor, {
    selfId,
    phones: channelsHidden ? [] : v.phones,
    emails: channelsHidden ? [] : v.emails,
    inn: fieldHidden(actor, 'inn') ? null : v.inn,
    sortName: v.sortName,
  });
  return rows.map((r) => {
    const matchedOn = [r.byPhone && 'phone', r.byEmail && 'email', r.byInn && 'inn', r.byName && 'name'].filter(Boolean) as string[];
    return r.visible
      ? { matchedOn, visible: true, id: r.id, displayName: r.displayName, managerName: r.managerName }
      : { matchedOn, visible: false, managerName: r.managerName };
  });
}

export async function createClient(db: Kysely<DB>, actor: Actor, input: TClientCreate, ip?: string) {
  requireRight(actor, 'clients', 'create');
  const issues = new Issues();
  const values = await prepare(db, actor, input, issues);
  issues.throwIfAny();
  const id = await db.transaction().execute(async (trx) => {
    const [newId] = await repo.insertClients(trx, [values], actor.userId);
    await insertAudit(trx, { userId: actor.userId, action: 'client.created', entity: 'client', entityId: newId!, ip });
    return newId!;
  });
  const row = (await repo.findVisible(db, actor, id))!;
  return { client: toOut(row, actor), duplicates: await duplicatesFor(db, actor, values, id) };
}

/**
 * Many clients in one all-or-nothing transaction (import, scripts); no duplicate report.
 * Rows are normalised a chunk at a time while PostgreSQL inserts the previous chunk, so Node and
 * the database work at once (bench, 1,000 a request: Node ~60 us and PostgreSQL ~75 us of CPU per
 * client). A problem in any row stops the inserts; the remaining rows are still checked, so the
 * answer lists every problem, and the transaction rolls back.
 */
export async function createClients(db: Kysely<DB>, actor: Actor, inputs: TClientCreate[], ip?: string) {
  requireRight(actor, 'clients', 'create');
  const fields = await listFields(db);
  // The manager checks need only the ids sent: one query for all of them, before any row is normalised.
  const managerOf = (input: TClientCreate) => (input.managerId === undefined ? actor.userId : input.managerId);
  const users = await repo.usersByIds(db, [...new Set(inputs.map(managerOf).filter((m): m is number => m !== null))]);
  const checked = new Map<number | null, Issues>();
  const managerProblems = new Issues();
  inputs.forEach((input, i) => {
    const m = managerOf(input);
    let found = checked.get(m);
    if (!found) {
      found = new Issues();
      managerIssues(actor, m, m === null ? undefined : users.get(m), found);
      checked.set(m, found);
    }
    for (const it of found.list) managerProblems.add(`clients.${i}.${it.field}`, it.message);
  });
  const issues = new Issues();
  const normalize = (from: number, to: number) =>
    inputs.slice(from, to).map((input, k) => {
      const sub = new Issues();
      checkWritable(actor, input, sub);
      const v = normalizeClient(draftFromCreate(input, actor), fields, sub, { creating: true });
      for (const it of sub.list) issues.add(`clients.${from + k}.${it.field}`, it.message);
      return v;
    });
  const clean = () => issues.list.length === 0 && managerProblems.list.length === 0;
  const throwIfAny = () => {
    for (const it of managerProblems.list) issues.add(it.field, it.message);
    issues.throwIfAny();
  };
  const userId = actorUserId(actor);
  const size = Math.max(250, Math.ceil(inputs.length / 4));
  return db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    let inflight: Promise<number[]> | undefined;
    try {
      for (let from = 0; from < inputs.length; from += size) {
        const values = normalize(from, from + size); // while the previous chunk is being inserted
        if (inflight) ids.push(...(await inflight));
        inflight = clean() ? repo.insertClients(trx, values, userId) : undefined;
      }
      if (inflight) ids.push(...(await inflight));
    } finally {
      await inflight?.catch(() => {}); // never leave a statement running under the rollback
    }
    throwIfAny();
    await insertAuditForEach(trx, { userId, action: 'client.created', entity: 'client', ip: ip ?? null }, ids);
    return ids;
  });
}

export async function getClient(db: Kysely<DB>, actor: Actor, id: number) {
  requireRight(actor, 'clients', 'read');
  const row = await repo.findVisible(db, actor, id);
  if (!row) throw NOT_FOUND();
  return toOut(row, actor);
}

export function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (['version', 'updatedAt', 'createdAt', 'archived', 'id', 'createdBy'].includes(key)) continue;
    if (key === 'custom') {
      const b = before.custom as Record<string, unknown>,
        a = after.custom as Record<string, unknown>;
      for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
        if (JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null)) changes[`custom.${k}`] = [b[k] ?? null, a[k] ?? null];
      }
    } else if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) {
      changes[key] = [before[key] ?? null, after[key] ?? null];
    }
  }
  return changes;
}

/**
 * 409 for a stale version, carrying what a form needs to show the conflict: the client as it is
 * now (as the actor may see it) and who changed it last, when.
 */
async function versionConflict(db: Kysely<DB>, actor: Actor, cur: repo.ClientRow) {
  const last = await lastEntityChange(db, 'client', cur.id);
  return new AppError('VERSION_CONFLICT', 'The client was changed by someone else; reload it', {
    currentVersion: cur.version,
    client: toOut(cur, actor),
    changedBy: last ? { userId: last.userId, name: last.userName, at: last.at.toISOString(), action: last.action } : null,
  });
}

const admin: Actor = {
  userId: 0,
  login: '',
  name: '',
  roleId: 0,
  roleKey: 'admin',
  isAdmin: true,
  scope: 'all',
  rights: {},
  fieldRights: {},
  departmentId: null,
  via: 'cli',
};

export async function updateClient(db: Kysely<DB>, actor: Actor, id: number, patch: TClientPatch, ip?: string) {
  requireRight(actor, 'clients', 'edit');
  const fields = await listFields(db);
  const { version, ...changes } = patch;
  const issues = new Issues();
  checkWritable(actor, changes, issues);
  issues.throwIfAny();
  const result = await db.transaction().execute(async (trx) => {
    const cur = await repo.lockVisible(trx, actor, id);
    if (!cur) throw NOT_FOUND();
    if (cur.version !== version) throw await versionConflict(trx, actor, cur);
    const draft: ClientDraft = {
      ...cur,
      ...changes,
      kind: cur.kind,
      custom: { ...cur.custom, ...(changes.custom ?? {}) },
      channels: (changes.channels ?? cur.channels) as ClientDraft['channels'],
      contacts: (changes.contacts ?? cur.contacts) as ClientDraft['contacts'],
    } as ClientDraft;
    const values = normalizeClient(draft, fields, issues, { creating: false });
    if (changes.managerId !== undefined && changes.managerId !== cur.managerId) await checkManager(trx, actor, values.managerId, issues);
    issues.throwIfAny();
    if (!(await repo.updateClient(trx, id, version, values))) throw await versionConflict(trx, actor, cur);
    const after = (await repo.findVisible(trx, admin, id))!;
    const delta = diff(toOut(cur, admin), toOut(after, admin));
    await insertAudit(trx, { userId: actor.userId, action: 'client.updated', entity: 'client', entityId: id, changes: delta, ip });
    return { after, values };
  });
  const visible = await repo.findVisible(db, actor, id);
  // A senior manager may hand a client to someone outside their view: answer with what they may see.
  const client = toOut(visible ?? result.after, actor);
  return { client, duplicates: await duplicatesFor(db, actor, result.values, id) };
}

export async function setClientArchived(db: Kysely<DB>, actor: Actor, id: number, version: number, archived: boolean, ip?: string) {
  requireRight(actor, 'clients', 'delete');
  return db.transaction().execute(async (trx) => {
    const cur = await repo.lockVisible(trx, actor, id);
    if (!cur) throw NOT_FOUND();
    if (cur.version !== version || !(await repo.setArchived(trx, id, version, archived))) throw await versionConflict(trx, actor, cur);
    await insertAudit(trx, { userId: actor.userId, action: archived ? 'client.archived' : 'client.restored', entity: 'client', entityId: id, ip });
    return toOut((await repo.findVisible(trx, actor, id))!, actor);
  });
}

/** `files`: where the client's attached files are kept; their rows cascade, their bytes are removed after the commit. */
export async function deleteClientForever(db: Kysely<DB>, actor: Actor, id: number, ip?: string, files?: FileStore) {
  if (!actor.isAdmin) throw new AppError('FORBIDDEN', 'Only administrators may delete a client for good; archive it instead');
  let fileKeys: string[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      const cur = await repo.lockVisible(trx, actor, id, true);
      if (!cur) throw NOT_FOUND();
      // read under the client's lock: an upload to this client waits for it, then fails on the gone client
      fileKeys = await clientFileKeys(trx, id);
      await repo.deleteClient(trx, id);
      await insertAudit(trx, {
        userId: actor.userId,
        action: 'client.deleted',
        entity: 'client',
        entityId: id,
        changes: { displayName: cur.displayName },
        ip,
      });
    });
  } catch (e) {
    // sales keep their client (their key has no cascade): the documents stay, the delete is refused
    if (isForeignKeyViolation(e)) throw new AppError('IN_USE', 'The client has sales; archive the client instead', { field: 'id' });
    throw e;
  }
  if (files) await removeStoredFiles(files, fileKeys);
}

async function whereFor(db: Kysely<DB>, actor: Actor, q: Pick<TListQuery, 'q' | 'filter' | 'archived'> & { sort?: string }) {
  const filters = parseFilters(q.filter);
  // The custom-field catalog is read only when a filter or the sort names a custom field: a plain
  // journal page then costs one round trip to the database less.
  const custom = (f: unknown) => typeof f === 'string' && f.startsWith('custom.');
  const fields = filters.some((f) => custom(f.field)) || custom(q.sort) ? await listFields(db) : [];
  const base = [scopeSql(actor), ...filterSql(filters, fields, actor)];
  const archived = repo.archivedSql(q.archived);
  if (archived) base.push(archived);
  const term = q.q ? searchForm(q.q) : '';
  // The text filter: a substring anywhere (name, phones, emails, tax ids) from 3 characters, a name prefix below.
  const match = term.length >= 3 ? substringSql(term, actor) : term ? repo.nameLikeSql(term) : undefined;
  return { where: match ? [...base, match] : base, base, match, term, fields };
}

export async function listClients(db: Kysely<DB>, actor: Actor, q: TListQuery) {
  requireRight(actor, 'clients', 'read');
  const w = await whereFor(db, actor, q);
  if (q.sort === 'relevance') {
    if (w.term) return listByRelevance(db, actor, q, w);
    q = { ...q, sort: 'name', dir: 'asc' };
  }
  const { where, fields } = w;
  const plan = sortPlan(q.sort, q.dir, fields, actor);
  const page = [...where];
  if (q.cursor) page.push(cursorSql(plan, q.cursor));
  const substring = w.term.length >= 3;
  const run = <T>(fn: (d: Kysely<DB>) => Promise<T>) => (substring ? repo.withPlanChoice(db, fn) : fn(db));
  // The page and the total are independent queries: they run at once, on two connections.
  const [rows, total] = await Promise.all([
    run((d) => repo.listClients(d, { where: page, order: orderBySql(plan), sortValue: sortValueSql(plan), limit: q.limit + 1 })),
    q.cursor || q.total === 'none' ? null : cappedTotal(db, where, substring),
  ]);
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return { items: items.map((r) => toOut(r, actor)), nextCursor: more && last ? encodeCursor(last.sortValue, last.id) : null, total };
}

/**
 * A page of the list as other columns (the export's text, computed by PostgreSQL), with the same
 * scope, search, filters, sort and cursor as listClients. Null for a relevance-ordered search
 * (its two groups are listClients's own; the caller reads client rows instead).
 */
/** A page of the list with PostgreSQL-computed columns: each item is [id, ...columns] (the export). */
export async function listClientColumns(db: Kysely<DB>, actor: Actor, q: TListQuery, columns: RawBuilder<unknown>) {
  requireRight(actor, 'clients', 'read');
  const w = await whereFor(db, actor, q);
  if (q.sort === 'relevance') {
    if (w.term) return null;
    q = { ...q, sort: 'name', dir: 'asc' };
  }
  const plan = sortPlan(q.sort, q.dir, w.fields, actor);
  const page = [...w.where];
  if (q.cursor) page.push(cursorSql(plan, q.cursor));
  const list = (d: Kysely<DB>) =>
    repo.listColumns(d, { where: page, order: orderBySql(plan), sortValue: sortValueSql(plan), limit: q.limit + 1 }, columns);
  const rows = w.term.length >= 3 ? await repo.withPlanChoice(db, list) : await list(db);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(last.at(-1), Number(last[0])) : null };
}

// The total is counted for the first page only (later pages of the same list do not change it), up to a cap.
const TOTAL_CAP = 10_000;

async function cappedTotal(db: Kysely<DB>, where: RawBuilder<boolean>[], substring: boolean, cap = TOTAL_CAP) {
  const n = substring ? await repo.withPlanChoice(db, (d) => repo.countClients(d, where, cap)) : await repo.countClients(db, where, cap);
  return { value: Math.min(n, cap), exact: n <= cap };
}

/**
 * The journal while searching: names starting with the text first (in name order), then every
 * other match, newest first. Both groups are cheap to page at 1M clients whatever the text; a
 * substring match in strict name order is not (see listOtherGroup).
 */
async function listByRelevance(db: Kysely<DB>, actor: Actor, q: TListQuery, w: Awaited<ReturnType<typeof whereFor>>) {
  const cur = q.cursor ? decodeRelevanceCursor(q.cursor) : null;
  const prefix = prefixSql(w.term);
  const total = q.cursor || q.total === 'none' ? null : cappedTotal(db, w.where, w.term.length >= 3);
  total?.catch(() => {}); // awaited below; an error while the rows are read is reported, not left unhandled
  let rows: repo.ClientRow[] = [];
  let next: RelevanceCursor | null = null;
  if (!cur || cur.g === 1) {
    // A name starting with the text contains it: the substring condition is left out here, or the
    // planner, multiplying two selectivities it cannot judge, trades the index range for a bitmap (bench: 280 ms).
    const got = await repo.listPrefixGroup(db, w.base, prefix, cur?.g === 1 ? cur : null, q.limit + 1);
    rows = got.slice(0, q.limit);
    const last = got[q.limit - 1];
    if (got.length > q.limit && last) next = { g: 1, v: last.sortValue, id: last.id };
  }
  if (!next && w.term.length >= 3) {
    // Also when the prefix group just filled the page: one more row says whether a next page exists.
    const need = q.limit - rows.length;
    const got = await repo.listOtherGroup(db, w.base, w.match!, prefix, cur?.g === 2 ? cur.id : null, need + 1);
    rows = [...rows, ...got.slice(0, need)];
    if (got.length > need) next = { g: 2, id: need > 0 ? rows.at(-1)!.id : Number.MAX_SAFE_INTEGER };
  }
  return {
    items: rows.map((r) => toOut(r, actor)),
    nextCursor: next ? encodeRelevanceCursor(next) : null,
    total: await total,
  };
}

/** Exact, or with `cap` the capped count the journal shows ({ value: cap, exact: false } above it). */
export async function countClients(db: Kysely<DB>, actor: Actor, q: Pick<TListQuery, 'q' | 'filter' | 'archived'>, cap?: number) {
  requireRight(actor, 'clients', 'read');
  const { where, term } = await whereFor(db, actor, q);
  if (cap === undefined) return { count: await repo.countClients(db, where), exact: true };
  const t = await cappedTotal(db, where, term.length >= 3, cap);
  return { count: t.value, exact: t.exact };
}

/** Search-as-you-type: names starting with the term first (in name order), then substring matches anywhere. */
export async function searchClients(db: Kysely<DB>, actor: Actor, q: string, limit: number) {
  requireRight(actor, 'clients', 'read');
  const term = searchForm(q);
  if (!term) return { items: [] };
  const scope = scopeSql(actor);
  const first = await repo.searchPrefix(db, scope, term, limit);
  let rest: repo.SearchRow[] = [];
  if (first.length < limit && term.replace(/\s/g, '').length >= 3) {
    rest = await repo.searchSubstring(
      db,
      scope,
      substringSql(term, actor),
      first.map((r) => r.id),
      limit - first.length,
      /^\d{4,}$/.test(term.replace(/[\s()+.-]/g, '')),
    );
    rest.sort((a, b) => (a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : a.id - b.id));
  }
  const showChannels = !fieldHidden(actor, 'channels');
  return {
    items: [...first, ...rest].map((r) => ({
      id: r.id,
      kind: r.kind,
      displayName: r.displayName,
      managerId: r.managerId,
      phone: showChannels ? (r.channels.find((c) => c.type === 'phone')?.value ?? null) : null,
      email: showChannels ? (r.channels.find((c) => c.type === 'email')?.value ?? null) : null,
      inn: fieldHidden(actor, 'inn') ? null : r.inn,
    })),
  };
}

export async function checkDuplicates(db: Kysely<DB>, actor: Actor, input: TClientCreate & { id?: number }) {
  requireRight(actor, 'clients', 'read');
  const issues = new Issues();
  const values = normalizeClient(draftFromCreate(input, actor), [], issues, { creating: false });
  // Incomplete drafts are normal while typing: check what is there.
  return { duplicates: await duplicatesFor(db, actor, values, input.id) };
}

export async function clientHistory(db: Kysely<DB>, actor: Actor, id: number, limit: number, beforeId?: number): Promise<THistoryAnswer> {
  requireRight(actor, 'clients', 'read');
  if (!(await repo.findVisible(db, actor, id))) throw NOT_FOUND();
  const rows = await listEntityAudit(db, 'client', id, limit, beforeId);
  const items: THistoryAnswer['items'] = [];
  for (const r of rows) {
    // docs/security.md §3: hidden fields leave the entries; an edit of hidden fields only, or of nothing, leaves the history.
    const changes = maskChanges(actor, 'client', r.action, r.changes);
    if (changes !== undefined) items.push({ id: r.id, at: r.at.toISOString(), action: r.action, userId: r.userId, userName: r.userName, changes });
  }
  return {
    items,
    names: await namesFor(
      db,
      items.map((i) => i.changes),
    ),
  };
}
