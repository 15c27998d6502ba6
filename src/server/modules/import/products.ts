// The import pass for a file of products and services (options.target = 'products'): each row is
// matched against the catalog by SKU or name (case-insensitive), and created, updated (only the
// mapped fields), skipped or rejected with a reason. Groups named in the file are created when
// missing. Batches of 1,000 rows, each one transaction with its rows' outcome, as for clients;
// undo removes the products it created (unless they were sold since) and restores the ones it
// changed (unless they were changed since).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { formatMoney, parseMoney } from '../../shared/money.js';
import type { Actor } from '../access/rights.js';
import { dataRows, type Outcome } from './engine.js';
import type { ImportOptions, Mapping } from './import-fields.schemas.js';
import { parseDecimal } from './mapping.js';
import { readTable, type TableInfo } from './readers.js';
import * as repo from './import-products.repository.js';
import { actorUserId } from '../access/rights.js';

export const BATCH = 1000;

type Values = repo.ProductValues;
type Row = repo.ProductRow;
type Draft = { rowNo: number; raw: string[]; error?: string; fields: Partial<Omit<Values, 'groupId'>> & { group?: string | null } };

const yes = (s: string) => /^(1|true|yes|y|да|д|\+|active|активен)$/i.test(s);
const no = (s: string) => /^(0|false|no|n|нет|н|-)$/i.test(s);

/** One file row -> the product fields it gives (only mapped columns), or a reason to reject it. */
export function rowToProduct(rowNo: number, raw: string[], mapping: Mapping): Draft {
  const f: Draft['fields'] = {};
  const problems: string[] = [];
  for (const { column, target } of mapping) {
    const v = (raw[column] ?? '').trim().replace(/^'(?=[=+\-@\t\r])/, '');
    switch (target as string) {
      case 'product.name':
        if (v.length > 300) problems.push('name: at most 300 characters');
        f.name = v;
        break;
      case 'product.sku':
        f.sku = v || null;
        break;
      case 'product.group':
        f.group = v || null;
        break;
      case 'product.unit':
        f.unit = v.slice(0, 30) || 'pcs';
        break;
      case 'product.kind':
        if (!v || /^(product|goods?|товар)/i.test(v)) f.kind = 'product';
        else if (/^(service|услуга)/i.test(v)) f.kind = 'service';
        else problems.push(`kind: "${v}" is neither a product nor a service`);
        break;
      case 'product.price':
      case 'product.cost': {
        const key = target === 'product.price' ? 'price' : 'cost';
        if (!v) {
          if (key === 'cost') f.cost = null;
          else problems.push('price: is required');
          break;
        }
        const d = parseDecimal(v);
        try {
          if (d === null) throw new Error();
          f[key] = formatMoney(parseMoney(d, key));
        } catch {
          problems.push(`${key}: "${v}" is not an amount`);
        }
        break;
      }
      case 'product.active':
      case 'product.discontinued': {
        if (!v) break;
        if (!yes(v) && !no(v)) problems.push(`${target.slice(8)}: "${v}" is neither yes nor no`);
        else f.active = target === 'product.active' ? yes(v) : !yes(v);
        break;
      }
      default:
        problems.push(`${target}: is not a field of products`);
    }
  }
  return { rowNo, raw, fields: f, ...(problems.length ? { error: problems.join('; ') } : {}) };
}

export async function productPass(
  db: Kysely<DB>,
  actor: Actor,
  job: { id: number; path: string; info: TableInfo; mapping: Mapping; options: ImportOptions; dryRun: boolean; startRow: number },
  onBatch: (trx: Kysely<DB>, outcomes: Outcome[], lastRow: number) => Promise<void>,
): Promise<void> {
  const costHidden = !!actor.fieldRights['product.cost'];
  const { rows } = await readTable(job.path, job.info);
  const bySku = job.options.matchBy.includes('sku');
  const byName = job.options.matchBy.includes('name');
  // the keys (sku:…, name:…) rows of this file created or updated a product by: row and its SKU
  const inFile = new Map<string, { rowNo: number; sku: string | null }>();
  let fakeId = -1;
  let batch: { rowNo: number; raw: string[] }[] = [];

  const flush = async () => {
    if (!batch.length) return;
    const drafts = batch.map((b) => rowToProduct(b.rowNo, b.raw, job.mapping));
    await db.transaction().execute(async (trx) => {
      const skus = [...new Set(drafts.flatMap((d) => (d.fields.sku ? [d.fields.sku.toLowerCase()] : [])))];
      const names = [...new Set(drafts.flatMap((d) => (d.fields.name ? [d.fields.name.toLowerCase()] : [])))];
      const found = await repo.lockProductsByKeys(trx, bySku && skus.length ? skus : null, byName && names.length ? names : null);
      const current = new Map(found.map((p) => [p.id, p]));
      // who holds each SKU the batch names (a SKU is unique in the catalog)
      const skuOwner = new Map((skus.length ? await repo.skuOwners(trx, skus) : []).map((x) => [x.sku, x.id]));
      const skuTaken = (sku: string | null, by: number | undefined) =>
        !!sku && skuOwner.has(sku.toLowerCase()) && skuOwner.get(sku.toLowerCase()) !== by;
      /**
       * The catalog product a row is about, or why the row cannot say. A row whose key (its SKU, or
       * its name) an earlier row of the file already used is rejected, never merged into that
       * product: a dry run and the run decide alike, and nothing changes silently. A
       * row with a SKU is not matched by name to a product that has another SKU (another product),
       * and a name shared by several products of the catalog matches none of them.
       */
      const find = (d: Draft): { id?: number; error?: string } => {
        const sku = d.fields.sku?.toLowerCase();
        for (const k of job.options.matchBy) {
          const v = k === 'sku' ? sku : k === 'name' ? d.fields.name?.toLowerCase() : undefined;
          if (!v) continue;
          const earlier = inFile.get(`${k}:${v}`);
          if (earlier && (k === 'sku' || !sku || !earlier.sku || earlier.sku === sku)) {
            return { error: `${k}: "${k === 'sku' ? d.fields.sku : d.fields.name}" repeats row ${earlier.rowNo} of the file` };
          }
          const hits = [...current.values()].filter((x) =>
            k === 'sku' ? x.sku?.toLowerCase() === v : x.name.toLowerCase() === v && !(sku && x.sku && x.sku.toLowerCase() !== sku),
          );
          if (hits.length > 1) return { error: `name: "${d.fields.name}" matches ${hits.length} products of the catalog` };
          if (hits[0]) return { id: hits[0].id };
        }
        return {};
      };
      /** The keys a row took: a later row with one of them is a repeat. */
      const took = (d: Draft, v: { name: string; sku: string | null }) => {
        for (const name of new Set([d.fields.name, v.name]))
          if (name) inFile.set(`name:${name.toLowerCase()}`, { rowNo: d.rowNo, sku: v.sku?.toLowerCase() ?? null });
        for (const sku of new Set([d.fields.sku, v.sku])) if (sku) inFile.set(`sku:${sku.toLowerCase()}`, { rowNo: d.rowNo, sku: sku.toLowerCase() });
      };
      // groups by name, created when missing (kept by an undo: other products may use them by then)
      const groupNames = [...new Set(drafts.flatMap((d) => (d.fields.group ? [d.fields.group] : [])))];
      const groups = new Map<string, number>();
      if (groupNames.length) {
        if (!job.dryRun) await repo.ensureGroups(trx, groupNames);
        for (const g of await repo.groupsByName(
          trx,
          groupNames.map((n) => n.toLowerCase()),
        ))
          groups.set(g.name.toLowerCase(), g.id);
      }
      const groupId = (name: string | null | undefined) => (name ? (groups.get(name.toLowerCase()) ?? -1) : null);

      const outcomes: Outcome[] = [];
      const audit: { id: number; action: string }[] = [];
      for (const d of drafts) {
        if (!d.error && costHidden && d.fields.cost !== undefined) d.error = 'cost: you may not change the cost';
        if (d.error) {
          outcomes.push({ rowNo: d.rowNo, action: 'rejected', error: d.error, raw: d.raw });
          continue;
        }
        const { group, ...given } = d.fields;
        const match = job.options.onMatch === 'create' ? {} : find(d);
        if (match.error) {
          outcomes.push({ rowNo: d.rowNo, action: 'rejected', error: match.error, raw: d.raw });
          continue;
        }
        const target = match.id;
        const cur = target === undefined ? undefined : current.get(target);
        if (target !== undefined && cur) {
          if (job.options.onMatch === 'skip') {
            outcomes.push({ rowNo: d.rowNo, action: 'skipped', clientId: target });
            continue;
          }
          const next: Row = { ...cur, ...given, ...(group !== undefined ? { groupId: groupId(group) } : {}) };
          if (next.name === '') {
            outcomes.push({ rowNo: d.rowNo, action: 'rejected', error: 'name: is required', raw: d.raw });
            continue;
          }
          if (skuTaken(next.sku, target)) {
            outcomes.push({ rowNo: d.rowNo, action: 'rejected', error: `sku: "${next.sku}" belongs to another product`, raw: d.raw });
            continue;
          }
          const { version: _v, id: _i, ...before } = cur;
          const { version: _v2, id: _i2, ...after } = next;
          took(d, next);
          if (JSON.stringify(before) === JSON.stringify(after)) {
            outcomes.push({ rowNo: d.rowNo, action: 'unchanged', clientId: target });
            continue;
          }
          if (!job.dryRun) {
            await repo.updateProduct(trx, target, cur.version, next);
            audit.push({ id: target, action: 'product.changed' });
          }
          if (cur.sku) skuOwner.delete(cur.sku.toLowerCase());
          if (next.sku) skuOwner.set(next.sku.toLowerCase(), target);
          current.set(target, { ...next, version: cur.version + 1 });
          outcomes.push({
            rowNo: d.rowNo,
            action: 'updated',
            clientId: target,
            versionAfter: cur.version + 1,
            before: { version: cur.version, values: before },
          });
          continue;
        }
        if (!given.name) {
          outcomes.push({ rowNo: d.rowNo, action: 'rejected', error: 'name: is required for a new product', raw: d.raw });
          continue;
        }
        if (given.price === undefined) {
          outcomes.push({ rowNo: d.rowNo, action: 'rejected', error: 'price: is required for a new product', raw: d.raw });
          continue;
        }
        const v: Values = {
          kind: given.kind ?? 'product',
          name: given.name,
          sku: given.sku ?? null,
          groupId: groupId(group),
          unit: given.unit ?? 'pcs',
          price: given.price,
          cost: given.cost ?? null,
          active: given.active ?? true,
        };
        if (skuTaken(v.sku, undefined)) {
          outcomes.push({ rowNo: d.rowNo, action: 'rejected', error: `sku: "${v.sku}" belongs to another product`, raw: d.raw });
          continue;
        }
        let id = fakeId--;
        if (!job.dryRun) {
          const newId = await repo.insertProduct(trx, v);
          if (newId === undefined) {
            outcomes.push({ rowNo: d.rowNo, action: 'rejected', error: `sku: "${v.sku}" belongs to another product`, raw: d.raw });
            continue;
          }
          id = newId;
          audit.push({ id, action: 'product.created' });
        }
        if (v.sku) skuOwner.set(v.sku.toLowerCase(), id);
        took(d, v);
        outcomes.push({ rowNo: d.rowNo, action: 'created', clientId: id > 0 ? id : undefined, versionAfter: 1 });
      }
      if (audit.length) {
        await repo.insertProductAudit(trx, actorUserId(actor), audit, job.id);
      }
      await onBatch(trx, outcomes, batch.at(-1)!.rowNo);
    });
    batch = [];
  };

  for await (const r of dataRows(rows, job.startRow)) {
    batch.push(r);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
}

/** Undo of a products import: created products go (unless sold since), changed ones get their values back (unless changed since). */
export async function undoProducts(
  trx: Kysely<DB>,
  jobId: number,
): Promise<{ removed: number; kept: { rowNo: number; clientId: number; why: string }[] }> {
  const kept: { rowNo: number; clientId: number; why: string }[] = [];
  const created = await repo.createdProductRows(trx, jobId);
  // a product changed by several rows goes back to what the first one replaced, if it still has
  // the version the last one left
  const updated = await repo.updatedProductRows(trx, jobId);
  const per = new Map<number, { first: (typeof updated)[number]; last: (typeof updated)[number]; rows: number[] }>();
  for (const u of updated) {
    const cur = per.get(u.clientId);
    if (cur) {
      cur.last = u;
      cur.rows.push(u.rowNo);
    } else per.set(u.clientId, { first: u, last: u, rows: [u.rowNo] });
  }
  for (const [id, u] of per) {
    if (!(await repo.updateProduct(trx, id, u.last.versionAfter, u.first.before.values)))
      for (const rowNo of u.rows) kept.push({ rowNo, clientId: id, why: 'changed since the import' });
  }
  // No foreign key guards a sale's products (migration 012): this lock waits for the sales being
  // written and holds new ones until the undo commits, so "has sales" below (a new snapshot: READ
  // COMMITTED) sees every sale, and a sale that was priced before the delete finds its product gone
  // when its lines are written. Taken last, after the restores above, so sales wait only for the
  // check and the delete.
  if (created.length) await repo.lockSaleItems(trx);
  const busy = new Map(
    (
      await repo.busyCreatedProducts(
        trx,
        created.map((c) => c.clientId),
      )
    ).map((b) => [b.id, b.why]),
  );
  for (const c of created) if (busy.has(c.clientId)) kept.push({ rowNo: c.rowNo, clientId: c.clientId, why: busy.get(c.clientId)! });
  const gone = created.map((c) => c.clientId).filter((x) => !busy.has(x));
  if (gone.length) await repo.deleteProducts(trx, gone);
  kept.sort((x, y) => x.rowNo - y.rowNo);
  return { removed: gone.length, kept };
}
