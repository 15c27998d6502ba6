// Pure logic of the import wizard and the journal's export (tested with Vitest): the mapping
// the user edits, matching keys, steps by job status, upload errors, templates, export links.
import type { TImportJob } from '../../server/modules/import/import.schemas.js';
import { targets, type ImportOptions, type Mapping, type MatchKey } from '../../server/modules/import/import-fields.schemas.js';

export type ImportJob = TImportJob;
export type { MatchKey, Mapping };
export type OnMatch = 'update' | 'skip' | 'create';
export type PlanOptions = ImportOptions;
export type Upload = { job: ImportJob; sample: string[][]; suggested: Mapping; suggestedSales?: Mapping; targets: string[] };
export type ImportRow = {
  rowNo: number;
  action: string;
  clientId: number | null;
  error: string | null;
  raw: string[] | null;
  warning?: string | null;
};
/** GET /api/imports/:id/review: per updated client its changes, and the rows with a warning (the first of each, with totals) */
export type Review = {
  changes: { rowNo: number; clientId: number | null; client: string; fields: { field: string; from: string; to: string }[] }[];
  warnings: { rowNo: number; action: string; clientId: number | null; warning: string }[];
  totals: { changes: number; warnings: number };
};
export type Counts = ImportJob['counts'];

/** The server's built-in client targets (a pure module, shared with the server). */
export const TARGETS = targets;
export const MATCH_KEYS: MatchKey[] = ['id', 'externalId', 'inn', 'email', 'phone', 'name'];
/** how products are found in the catalog */
export const PRODUCT_MATCH_KEYS: MatchKey[] = ['sku', 'name'];
/** targets that may take several columns (a second phone, fax, two email columns) */
export const REPEATABLE = new Set(['phone', 'email', 'messenger', 'link', 'tags', 'notes']);

/** One target per file column ('' = don't import), from a mapping. */
export function selectionFrom(columns: number, mapping: Mapping | null | undefined): string[] {
  const out = Array<string>(columns).fill('');
  for (const m of mapping ?? []) if (m.column < columns) out[m.column] = m.target;
  return out;
}

export function mappingFrom(selection: string[]): Mapping {
  return selection.flatMap((target, column) => (target ? [{ column, target: target as Mapping[number]['target'] }] : []));
}

/** Targets chosen for more than one column where only one is allowed. */
export function duplicateTargets(selection: string[]): Set<string> {
  const seen = new Map<string, number>();
  for (const t of selection) if (t) seen.set(t, (seen.get(t) ?? 0) + 1);
  return new Set([...seen].filter(([t, n]) => n > 1 && !REPEATABLE.has(t)).map(([t]) => t));
}

/** Sensible matching keys for what the file has: its Clientela ID, else an external ID, INN, emails and phones. */
export function defaultMatchBy(selection: string[]): MatchKey[] {
  const has = (t: string) => selection.includes(t);
  if (has('id')) return ['id'];
  if (has('externalId')) return ['externalId'];
  const keys: MatchKey[] = [];
  if (has('inn')) keys.push('inn');
  if (has('email')) keys.push('email');
  if (has('phone')) keys.push('phone');
  return keys;
}

/** Which target a matching key needs in the mapping to have any effect. */
export function keyUsable(key: MatchKey, selection: string[]): boolean {
  const has = (...t: string[]) => t.some((x) => selection.includes(x));
  switch (key) {
    case 'id':
      return has('id');
    case 'externalId':
      return has('externalId');
    case 'inn':
      return has('inn');
    case 'email':
      return has('email');
    case 'phone':
      return has('phone');
    case 'name':
      return has('fullName', 'surname', 'legalName', 'product.name');
    case 'sku':
      return has('product.sku');
  }
}

export const ACTIVE = new Set(['previewing', 'running', 'undoing']);

export type Step = 'upload' | 'mapping' | 'preview' | 'run' | 'result';
export const STEPS: Step[] = ['upload', 'mapping', 'preview', 'run', 'result'];

/** The wizard step a job is at; `editing` = the user went back to the mapping. */
export function stepOf(job: Pick<ImportJob, 'status' | 'dryRun'>, editing: boolean): Step {
  if (editing) return 'mapping';
  switch (job.status) {
    case 'uploaded':
      return 'mapping';
    case 'previewing':
    case 'previewed':
      return 'preview';
    case 'failed':
      return job.dryRun ? 'preview' : 'result';
    case 'running':
    case 'interrupted':
      return job.dryRun ? 'preview' : 'run';
    default:
      return 'result';
  }
}

/** An upload error as an i18n key of the `import.errors` group and its values. */
export function uploadError(
  err: { status?: number; code?: string; message?: string; serverMessage?: string; details?: unknown } | null | undefined,
): { key: string; values?: Record<string, string> } {
  if (!err) return { key: 'generic' };
  const e = { ...err, message: err.serverMessage ?? err.message }; // the server's own words, matched below
  if (e.status === 413 || e.code === 'PAYLOAD_TOO_LARGE') {
    const mb = /(\d+)\s*MB/.exec(e.message ?? '')?.[1];
    return mb ? { key: 'tooLarge', values: { mb } } : { key: 'tooLargeUnknown' };
  }
  if (e.status === 403) return { key: 'forbidden' };
  if (e.status === 0) return { key: 'network' };
  const detail = Array.isArray(e.details) ? String((e.details as { message?: string }[])[0]?.message ?? '') : '';
  const text = `${detail} ${e.message ?? ''}`;
  if (/zip bomb|too many entries/.test(text)) return { key: 'zipBomb' };
  // a malformed file: the server's reason, in the user's language (issue 13)
  if (/DOCTYPE/.test(text)) return { key: 'xmlEntities' };
  if (/contents do not match its listed sizes/.test(text)) return { key: 'zipSizes' };
  const line = /never closed \(it opens at line (\d+)\)/.exec(text);
  if (line) return { key: 'quoteNotClosed', values: { line: line[1]! } };
  const cell = /a cell longer than ([\d,]+) characters/.exec(text);
  if (cell) return { key: 'cellTooLong', values: { n: cell[1]! } };
  const cols = /more than ([\d,]+) columns/.exec(text);
  if (cols) return { key: 'tooManyColumns', values: { n: cols[1]! } };
  if (/XML is not valid|not a readable CSV|could not be read/.test(text)) return { key: 'unreadable' };
  if (/binary file|neither XLSX nor ODS|not a readable zip|damaged/.test(text)) return { key: 'notTable' };
  if (/empty|no rows/.test(text)) return { key: 'empty' };
  return { key: 'server', values: { message: err.message ?? '' } };
}

/** Seconds to "1 h 02 min", "3 min 05 s", "12 s" parts (translated by the caller). */
export function etaParts(seconds: number): { h: number; min: number; s: number } {
  const t = Math.max(0, Math.round(seconds));
  return { h: Math.floor(t / 3600), min: Math.floor((t % 3600) / 60), s: t % 60 };
}

export const percent = (done: number, total: number | null) => (total ? Math.min(100, Math.round((done / total) * 100)) : 0);

/** Mapping templates (saved per user in the browser): target by column header. */
export type Template = { name: string; byHeader: Record<string, string>; options: PlanOptions };

const headerKey = (h: string) => h.trim().toLowerCase();

export function templateFrom(name: string, header: string[], selection: string[], options: PlanOptions): Template {
  const byHeader: Record<string, string> = {};
  header.forEach((h, i) => {
    if (h.trim() && selection[i]) byHeader[headerKey(h)] = selection[i]!;
  });
  return { name, byHeader, options };
}

/** Applies a template: columns it knows get its target; others keep nothing. Unknown targets (a removed custom field) are dropped. */
export function applyTemplate(t: Template, header: string[], targets: string[]): string[] {
  const known = new Set(targets);
  return header.map((h) => {
    const target = t.byHeader[headerKey(h)] ?? '';
    return known.has(target) ? target : '';
  });
}

export type ExportQuery = { q: string; sort: string; dir: 'asc' | 'desc'; filters: unknown[] };

/** The journal's current list as a download link. */
export function exportUrl(format: 'csv' | 'xlsx' | 'vcf', v: ExportQuery): string {
  const p = new URLSearchParams({ format, sort: v.sort, dir: v.dir });
  if (v.q) p.set('q', v.q);
  if (v.filters.length) p.set('filter', JSON.stringify(v.filters));
  return `/api/clients/export?${p}`;
}
