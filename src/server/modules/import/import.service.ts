// Import jobs: upload -> suggested mapping -> dry run (preview) -> run -> undo, with progress
// in the database so the web app and the CLI can follow it, and a file of the rejected rows.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, Issues } from '../../shared/errors.js';
import { toCsv, type Cell } from '../../shared/tabular.js';
import { requireRight, type Actor, actorUserId } from '../access/rights.js';
import { insertAudit, insertAuditForEach } from '../../db/audit-log.js';
import * as repo from '../clients/clients.service.js';
import { listFields } from '../custom-fields/custom-fields.service.js';
import { importPass } from './engine.js';
import { matchKeys, suggestMapping, targets, type ImportOptions, type Mapping } from './import-fields.schemas.js';
import { productTargets, suggestProductMapping } from './product-fields.schemas.js';
import { productPass, undoProducts } from './products.js';
import { saleClientKeys, saleTargets, suggestSaleMapping } from './sale-fields.schemas.js';
import { salePass, undoSales } from './sales.js';
import { detectFormat, readTable } from './readers.js';
import type { TImportJob } from './import.schemas.js';
import { holdHeapNearLive } from '../../shared/heap.js';
import * as jobs from './import.repository.js';
import { reviewCounts, reviewRows, type JobRow, type Outcome } from './import.repository.js';
import { fieldHidden } from '../access/rights.js';

/** A change of a field the role hides is not shown (phones, e-mails, … are the role's "channels"). */
const rightOf = (field: string) => (['phone', 'email', 'messenger', 'link'].includes(field) ? 'channels' : field);
const visibleChanges = <T extends { field: string }>(actor: Actor, fields: T[]) => fields.filter((f) => !fieldHidden(actor, rightOf(f.field)));
import { reasonsIn, type UiLanguage } from './reason-language.js';

export type { JobRow };

/** a run whose process stopped sending heartbeats (killed) is shown, and can be resumed, as interrupted */
let STALE_MS = 60_000;
export function setStaleMs(ms: number) {
  STALE_MS = ms;
}
export function effectiveStatus(j: Pick<JobRow, 'status' | 'heartbeatAt'>): string {
  if (
    (j.status === 'running' || j.status === 'previewing' || j.status === 'undoing') &&
    j.heartbeatAt &&
    Date.now() - j.heartbeatAt.getTime() > STALE_MS
  )
    return 'interrupted';
  return j.status;
}

export function jobOut(j: JobRow): TImportJob {
  const elapsed = j.startedAt ? ((j.finishedAt ?? new Date()).getTime() - j.startedAt.getTime()) / 1000 : 0;
  const rate = elapsed > 0 ? j.done / elapsed : 0;
  return {
    id: j.id,
    fileName: j.fileName,
    fileSize: Number(j.fileSize),
    format: j.format,
    encoding: j.encoding,
    delimiter: j.delimiter,
    header: j.header,
    mapping: j.mapping,
    options: j.options,
    status: effectiveStatus(j),
    dryRun: j.dryRun,
    total: j.total,
    done: j.done,
    counts: { created: j.created, updated: j.updated, unchanged: j.unchanged, skipped: j.skipped, rejected: j.rejected },
    rate: Math.round(rate),
    etaSeconds: rate > 0 && j.total ? Math.max(0, Math.round((j.total - j.done) / rate)) : null,
    error: j.error,
    startedAt: j.startedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
    createdAt: j.createdAt.toISOString(),
    version: j.version,
  };
}

export class ImportService {
  /** jobs running in this process, so a second start of the same job is refused */
  private running = new Set<number>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly dir: string,
    private readonly limit: number,
    staleMs = 60_000,
  ) {
    setStaleMs(staleMs);
  }

  private file(j: Pick<JobRow, 'storedName'>) {
    return path.join(this.dir, j.storedName);
  }

  async job(actor: Actor, id: number): Promise<JobRow> {
    requireRight(actor, 'clients', 'import');
    const j = await jobs.findJob(this.db, id, actor.userId, actor.isAdmin);
    if (!j) throw new AppError('NOT_FOUND', 'No such import');
    return j;
  }

  async list(actor: Actor) {
    requireRight(actor, 'clients', 'import');
    return (await jobs.listJobs(this.db, actor.userId, actor.isAdmin)).map(jobOut);
  }

  /** Stores the upload under a generated name, recognises its format by content, reads the header. */
  async upload(actor: Actor, fileName: string, body: Readable, ip?: string) {
    requireRight(actor, 'clients', 'import');
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const stored = `${Date.now()}-${randomBytes(12).toString('hex')}.upload`;
    const full = path.join(this.dir, stored);
    let size = 0;
    const limit = this.limit;
    try {
      await pipeline(
        body,
        async function* (src: AsyncIterable<Buffer>) {
          for await (const chunk of src) {
            size += chunk.length;
            if (size > limit)
              throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${Math.round(limit / 1024 / 1024)} MB`, [
                { field: 'file', message: 'too large' },
              ]);
            yield chunk;
          }
        },
        createWriteStream(full, { mode: 0o600 }),
      );
      const format = await detectFormat(full);
      const { info, rows } = await readTable(full, { format });
      // the whole file is read once here: a file that cannot be read to the end (a quote never
      // closed, a damaged zip, a cell of 60 MB) is refused now with the reason, not half-way
      // through a preview; the rows counted are the job's total (the preview needs no count of its own)
      const first: string[][] = [];
      let count = 0;
      for await (const r of rows) {
        if (first.length < 6) first.push(r);
        count++;
      }
      if (!first.length) throw new AppError('VALIDATION_FAILED', 'file: no rows', [{ field: 'file', message: 'no rows' }]);
      const header = first[0]!.map((h) => h.slice(0, 200));
      const safeName =
        path
          .basename(fileName)
          .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
          .slice(0, 200) || 'upload';
      // the job and its audit row in one transaction
      const job = await this.db.transaction().execute(async (trx) => {
        const row = await jobs.insertJob(trx, {
          userId: actorUserId(actor),
          fileName: safeName,
          storedName: stored,
          fileSize: size,
          format,
          encoding: info.encoding ?? null,
          delimiter: info.delimiter ?? null,
          header,
          total: count - 1,
        });
        await insertAudit(trx, {
          userId: actorUserId(actor),
          action: 'import.uploaded',
          entity: 'import',
          entityId: row.id,
          changes: { fileName: safeName, size, format },
          ip,
        });
        return row;
      });
      const fields = await listFields(this.db);
      return {
        job: jobOut(job),
        sample: first.slice(1),
        suggested: suggestMapping(header, fields),
        suggestedProducts: suggestProductMapping(header),
        suggestedSales: suggestSaleMapping(header, first.slice(1)),
        targets: [...targets, ...fields.map((f) => `custom.${f.key}`)],
      };
    } catch (e) {
      await rm(full, { force: true });
      throw e;
    }
  }

  private checkPlan(mapping: Mapping, options: ImportOptions, header: string[]) {
    const issues = new Issues();
    const products = options.target === 'products';
    const sales = options.target === 'sales';
    const known = new Set<string>(products ? productTargets : sales ? saleTargets : targets);
    mapping.forEach((m, i) => {
      if (m.column < 0 || m.column >= Math.max(header.length, 1) + 50) issues.add(`mapping.${i}.column`, 'no such column');
      if (!known.has(m.target) && (products || sales || !/^custom\.[a-z][a-z0-9_]{0,39}$/.test(m.target))) {
        issues.add(`mapping.${i}.target`, products ? 'not a field of products' : sales ? 'not a field of sales' : 'unknown field');
      }
    });
    if (!mapping.length) issues.add('mapping', 'map at least one column');
    for (const [i, k] of options.matchBy.entries()) if (!matchKeys.includes(k)) issues.add(`options.matchBy.${i}`, 'unknown key');
    if (products) {
      for (const [i, k] of options.matchBy.entries())
        if (k !== 'sku' && k !== 'name') issues.add(`options.matchBy.${i}`, 'products are matched by sku or name');
    } else for (const [i, k] of options.matchBy.entries()) if (k === 'sku') issues.add(`options.matchBy.${i}`, 'clients are not matched by sku');
    if (options.target === 'contacts') {
      if (!mapping.some((m) => m.target === 'contactName')) issues.add('mapping', "map the contact person's name (contactName)");
      if (!options.matchBy.length) issues.add('options.matchBy', 'choose how the rows find their client');
    }
    if (sales) {
      // a sale needs its day, its client and its products; the rest has defaults
      const has = (t: string) => mapping.some((m) => m.target === t);
      if (!has('sale.date')) issues.add('mapping', 'map the date of the sale (sale.date)');
      if (!saleClientKeys.some(has)) issues.add('mapping', 'map a column that finds the client (external id, INN, e-mail, phone or name)');
      if (!has('item.sku') && !has('item.product')) issues.add('mapping', 'map the product (item.sku or item.product)');
    }
    issues.throwIfAny();
  }

  /** Starts a dry run or the real run; the caller polls the job. Returns at once. */
  async start(actor: Actor, id: number, plan: { mapping: Mapping; options: ImportOptions; dryRun: boolean }, ip?: string): Promise<TImportJob> {
    const j = await this.job(actor, id);
    // a contacts file only changes existing clients
    if (plan.options.target === 'products') {
      // the catalog's own rights: creating products, and changing them when rows may update
      requireRight(actor, 'catalog', 'read');
      if (!plan.dryRun) {
        requireRight(actor, 'catalog', 'create');
        if (plan.options.onMatch === 'update') requireRight(actor, 'catalog', 'edit');
      }
    } else if (plan.options.target === 'sales') {
      // sales of the past are recorded as sales: the right to record them (a dry run records and rolls back)
      requireRight(actor, 'sales', 'create');
      if (plan.options.employeeId) await this.checkUser(plan.options.employeeId);
      if (plan.options.departmentId) await this.checkDepartment(plan.options.departmentId);
      // departments the file names that the base lacks are created only by a role that may create departments
      if (plan.options.unknownDepartments === 'create') requireRight(actor, 'departments', 'create');
    } else if (!plan.dryRun) requireRight(actor, 'clients', plan.options.target === 'contacts' ? 'edit' : 'create');
    if (!['uploaded', 'previewed', 'failed'].includes(j.status)) throw new AppError('INVALID_STATE', `The import is ${j.status}`);
    this.checkPlan(plan.mapping, plan.options, j.header);
    // the job's new state, its cleared rows and the audit row in one transaction
    const started = await this.db.transaction().execute(async (trx) => {
      const row = await jobs.startJob(trx, id, j.version, plan);
      if (!row) throw new AppError('VERSION_CONFLICT', 'The import was started by someone else');
      await jobs.clearJobRows(trx, id);
      if (!plan.dryRun)
        await insertAudit(trx, {
          userId: actorUserId(actor),
          action: 'import.started',
          entity: 'import',
          entityId: id,
          changes: { mapping: plan.mapping, options: plan.options },
          ip,
        });
      return row;
    });
    this.launch(actor, started, 1);
    return jobOut(started);
  }

  /** A run interrupted by a crash continues after its last whole batch. */
  async resume(actor: Actor, id: number) {
    const j = await this.job(actor, id);
    if (effectiveStatus(j) !== 'interrupted' || this.running.has(id)) throw new AppError('INVALID_STATE', `The import is ${effectiveStatus(j)}`);
    const resumed = await jobs.resumeJob(this.db, id, j.version, j.dryRun);
    if (!resumed) throw new AppError('VERSION_CONFLICT', 'The import was changed by someone else');
    this.launch(actor, resumed, j.done + 1);
    return jobOut(resumed);
  }

  private launch(actor: Actor, j: JobRow, startRow: number) {
    this.running.add(j.id);
    const release = holdHeapNearLive();
    void this.execute(actor, j, startRow).finally(() => {
      this.running.delete(j.id);
      release();
    });
  }

  /** Runs a pass to the end (awaitable: the CLI and tests wait for it). */
  async execute(actor: Actor, j: JobRow, startRow: number): Promise<void> {
    const id = j.id;
    try {
      if (j.total === null) {
        // the total first, for progress and ETA (a second, cheap pass over the file)
        const { rows } = await readTable(this.file(j), { format: j.format, encoding: j.encoding ?? undefined, delimiter: j.delimiter ?? undefined });
        let n = -1;
        for await (const _ of rows) n++;
        await jobs.setJobTotal(this.db, id, Math.max(0, n));
      }
      const pass = j.options?.target === 'products' ? productPass : j.options?.target === 'sales' ? salePass : importPass;
      await pass(
        this.db,
        actor,
        { id, path: this.file(j), info: { format: j.format }, mapping: j.mapping!, options: j.options!, dryRun: j.dryRun, startRow },
        (trx, outcomes: Outcome[], lastRow) => jobs.recordBatch(trx, id, outcomes, lastRow),
      );
      // the job's end and its audit row in one transaction
      await this.db.transaction().execute(async (trx) => {
        await jobs.finishJob(trx, id, j.dryRun);
        if (!j.dryRun) await insertAudit(trx, { userId: actorUserId(actor), action: 'import.finished', entity: 'import', entityId: id });
      });
    } catch (e) {
      const message = e instanceof AppError ? e.message : 'the file could not be read to the end';
      if (!(e instanceof AppError)) console.error(`[import ${id}]`, e);
      await jobs.failJob(this.db, id, message).catch(() => {});
    }
  }

  async waitFor(id: number, timeoutMs = 600_000) {
    const until = Date.now() + timeoutMs;
    while (this.running.has(id) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  }

  async rows(actor: Actor, id: number, action: string | undefined, limit: number, afterRow: number) {
    await this.job(actor, id);
    return jobs.jobRows(this.db, id, action, limit, afterRow);
  }

  /**
   * The review of a preview (or a run): per updated client, the fields that change from what to
   * what, and the rows with a warning — the first `limit` of each with their totals. Fields the
   * reading user's role hides are left out.
   */
  async review(actor: Actor, id: number, limit: number) {
    await this.job(actor, id);
    const [changes, warnings, counts] = await Promise.all([
      reviewRows(this.db, id, 'changes', limit),
      reviewRows(this.db, id, 'warnings', limit),
      reviewCounts(this.db, id),
    ]);
    return {
      changes: changes.map((r) => ({
        rowNo: r.rowNo,
        clientId: r.clientId,
        client: r.changes!.client,
        fields: visibleChanges(actor, r.changes!.fields),
      })),
      warnings: warnings.map((r) => ({ rowNo: r.rowNo, action: r.action, clientId: r.clientId, warning: r.warning! })),
      totals: counts,
    };
  }

  /** Every change of the review as CSV: row, client, field, from, to (one line per field). */
  async changesFile(actor: Actor, id: number): Promise<Buffer> {
    await this.job(actor, id);
    const rows: Cell[][] = [['row', 'client id', 'client', 'field', 'from', 'to']];
    for (let after = 0; ; ) {
      const page = await reviewRows(this.db, id, 'changes', 10_000, after);
      for (const r of page)
        for (const f of visibleChanges(actor, r.changes!.fields))
          rows.push([r.rowNo + 1, r.clientId ?? '', r.changes!.client, f.field, f.from, f.to]);
      if (page.length < 10_000) break;
      after = page.at(-1)!.rowNo;
    }
    return toCsv(rows);
  }

  /** The rejected rows as the original columns plus one more, why, in `lang` (the downloading user's UI language): to fix and import again. */
  async rejectedFile(actor: Actor, id: number, lang: UiLanguage = 'en'): Promise<Buffer> {
    const j = await this.job(actor, id);
    const rejected = await jobs.rejectedRows(this.db, id);
    const why = await reasonsIn(lang, { products: j.options?.target === 'products', sales: j.options?.target === 'sales' });
    const rows: Cell[][] = [
      [...j.header, why.header],
      ...rejected.map((x) => [...j.header.map((_, i) => x.raw[i] ?? ''), why.reason(x.error)] as Cell[]),
    ];
    return toCsv(rows);
  }

  /** Undo a finished run: created clients go (unless something now refers to them), updated ones get their values back (unless changed since). */
  async undo(actor: Actor, id: number, ip?: string) {
    const j = await this.job(actor, id);
    if (j.dryRun || !['done', 'interrupted', 'failed'].includes(effectiveStatus(j)) || this.running.has(id))
      throw new AppError('INVALID_STATE', `The import is ${j.status}; only a finished run can be undone`);
    if (j.options?.target === 'products') requireRight(actor, 'catalog', 'edit');
    else if (j.options?.target === 'sales') requireRight(actor, 'sales', 'edit');
    else requireRight(actor, 'clients', 'edit');
    const kept: { rowNo: number; clientId: number; why: string }[] = [];
    await this.db.transaction().execute(async (trx) => {
      await jobs.markUndoing(trx, id);
      if (j.options?.target === 'products' || j.options?.target === 'sales') {
        const r = j.options.target === 'products' ? await undoProducts(trx, id) : await undoSales(trx, actor, id);
        kept.push(...r.kept);
        await jobs.markUndone(trx, id);
        await insertAudit(trx, {
          userId: actorUserId(actor),
          action: 'import.undone',
          entity: 'import',
          entityId: id,
          changes: { removed: r.removed, kept },
          ip,
        });
        return;
      }
      const created = { rows: await jobs.createdClientRows(trx, id) };
      const updatedAll = { rows: await jobs.updatedClientRows<repo.ClientValues>(trx, id) };
      // the version the import left each created client at (a later row of the file may have updated it)
      const lastVersion = new Map(created.rows.map((r) => [r.clientId, r.versionAfter]));
      for (const u of updatedAll.rows)
        if (lastVersion.has(u.clientId)) lastVersion.set(u.clientId, Math.max(lastVersion.get(u.clientId)!, u.versionAfter));
      const ids = created.rows.map((r) => r.clientId);
      // a created client that got sales or was edited since the import stays
      const busy = await jobs.busyCreatedClients(
        trx,
        ids,
        ids.map((x) => lastVersion.get(x)!),
      );
      const busyIds = new Map(busy.map((b) => [b.id, b.why]));
      for (const r of created.rows) if (busyIds.has(r.clientId)) kept.push({ rowNo: r.rowNo, clientId: r.clientId, why: busyIds.get(r.clientId)! });
      const gone = ids.filter((x) => !busyIds.has(x));
      await jobs.deleteCreatedClients(trx, gone);
      // updates of clients the import created go with them: removed, or kept (and listed) with their creation
      for (const u of updatedAll.rows)
        if (busyIds.has(u.clientId)) kept.push({ rowNo: u.rowNo, clientId: u.clientId, why: busyIds.get(u.clientId)! });
      const updated = { rows: updatedAll.rows.filter((u) => !lastVersion.has(u.clientId)) };
      // a client the import updated more than once goes back to what its first update replaced,
      // if it still has the version its last update left (one statement for them all)
      const perClient = new Map<number, { first: (typeof updated.rows)[number]; last: (typeof updated.rows)[number]; rows: number[] }>();
      for (const u of updated.rows) {
        const cur = perClient.get(u.clientId);
        if (cur) {
          cur.last = u;
          cur.rows.push(u.rowNo);
        } else perClient.set(u.clientId, { first: u, last: u, rows: [u.rowNo] });
      }
      const restored = new Set(
        await repo.updateClients(
          trx,
          [...perClient].map(([cid, u]) => ({ id: cid, version: u.last.versionAfter, values: u.first.before.values })),
        ),
      );
      let restoredRows = 0;
      for (const [cid, u] of perClient) {
        if (restored.has(cid)) restoredRows += u.rows.length;
        else for (const rowNo of u.rows) kept.push({ rowNo, clientId: cid, why: 'changed since the import' });
      }
      // each client given its values back says so in its own history
      await insertAuditForEach(
        trx,
        { userId: actorUserId(actor), action: 'client.import_undone', entity: 'client', changes: { importJob: id }, ip },
        [...restored].sort((a, b) => a - b),
      );
      await jobs.markUndone(trx, id);
      kept.sort((a, b) => a.rowNo - b.rowNo);
      await insertAudit(trx, {
        userId: actorUserId(actor),
        action: 'import.undone',
        entity: 'import',
        entityId: id,
        changes: { removed: gone.length, restored: restoredRows, kept },
        ip,
      });
    });
    return { job: jobOut(await this.job(actor, id)), kept };
  }

  async remove(actor: Actor, id: number) {
    const j = await this.job(actor, id);
    if (this.running.has(id)) throw new AppError('INVALID_STATE', 'The import is running');
    await rm(this.file(j), { force: true });
    await jobs.deleteJob(this.db, id);
  }

  /** Saved mappings, per user (by header names, so they fit the next file with the same columns). */
  async templates(actor: Actor) {
    requireRight(actor, 'clients', 'import');
    return jobs.listTemplates(this.db, actorUserId(actor));
  }

  async saveTemplate(actor: Actor, name: string, mapping: Record<string, string>, options: Partial<ImportOptions>) {
    requireRight(actor, 'clients', 'import');
    const known = new Set<string>([...targets, ...productTargets, ...saleTargets]);
    const issues = new Issues();
    for (const [h, target] of Object.entries(mapping))
      if (!known.has(target) && !/^custom\.[a-z][a-z0-9_]{0,39}$/.test(target)) issues.add(`mapping.${h}`, 'unknown field');
    issues.throwIfAny();
    const owner = actorUserId(actor);
    const id = await jobs.replaceTemplate(this.db, owner, name, mapping, options);
    return { id, name, mapping, options };
  }

  async deleteTemplate(actor: Actor, id: number) {
    requireRight(actor, 'clients', 'import');
    // another user's template does not exist for this one: the same 404 as an id never used
    if (!(await jobs.deleteTemplate(this.db, id, actorUserId(actor)))) throw new AppError('NOT_FOUND', 'No such import template');
  }

  private async checkUser(id: number) {
    if (!(await jobs.userExists(this.db, id)))
      throw new AppError('VALIDATION_FAILED', 'options.employeeId: no such user', [{ field: 'options.employeeId', message: 'no such user' }]);
  }

  private async checkDepartment(id: number) {
    if (!(await jobs.departmentExists(this.db, id)))
      throw new AppError('VALIDATION_FAILED', 'options.departmentId: no such department', [
        { field: 'options.departmentId', message: 'no such department' },
      ]);
  }

  async fileExists(j: JobRow) {
    return stat(this.file(j)).then(
      () => true,
      () => false,
    );
  }
}
