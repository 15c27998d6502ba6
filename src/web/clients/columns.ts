// The journal's column catalog: built-in fields and the firm's custom fields. Pure logic,
// tested with Vitest (columns.test.ts).
import type { CustomField, TClientOut } from '../api.js';
import { fieldValue } from '../format.js';

export type Column = { field: string; label: string; sortable: boolean; value: (c: TClientOut, managers: Map<number, string>) => string };
export type ColumnSetting = { field: string; width?: number };
export type FilterRow = { field: string; op: string; value?: unknown };
export type ViewState = { columns: ColumnSetting[]; sort: string; dir: 'asc' | 'desc'; filters: FilterRow[] };

const channel = (c: TClientOut, type: string) =>
  c.channels
    ?.filter((ch) => ch.type === type)
    .map((ch) => ch.value)
    .join(', ') ?? '';
const text = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v));

/** The field right that guards a column (phones and emails are the `channels` field of the card). */
export const rightOf = (field: string) => (field === 'phone' || field === 'email' ? 'channels' : field);

/** Columns the role may see: a field its role hides is not offered as a column, a sort or a filter. */
export function columnCatalog(t: (k: string) => string, fields: CustomField[], fieldRights: Record<string, string> = {}): Column[] {
  return allColumns(t, fields).filter((c) => fieldRights[rightOf(c.field)] !== 'hidden');
}

function allColumns(t: (k: string) => string, fields: CustomField[]): Column[] {
  const plain = (field: keyof TClientOut, sortable = true): Column => ({
    field,
    label: t(`client.${field}`),
    sortable,
    value: (c) => text(c[field]),
  });
  return [
    { field: 'name', label: t('journal.name'), sortable: true, value: (c) => c.displayName },
    { field: 'phone', label: t('journal.phone'), sortable: false, value: (c) => channel(c, 'phone') },
    { field: 'email', label: t('journal.email'), sortable: false, value: (c) => channel(c, 'email') },
    plain('status'),
    plain('region'),
    plain('source'),
    plain('importance'),
    plain('industry'),
    plain('inn'),
    { field: 'birthDate', label: t('client.birthDate'), sortable: true, value: (c) => fieldValue('date', c.birthDate) },
    { field: 'externalIds', label: t('client.externalIds'), sortable: false, value: (c) => text(c.externalIds) },
    { field: 'tags', label: t('client.tags'), sortable: false, value: (c) => text(c.tags) },
    { field: 'managerId', label: t('journal.manager'), sortable: true, value: (c, m) => m.get(c.managerId ?? 0) ?? '' },
    { field: 'createdAt', label: t('journal.createdAt'), sortable: true, value: (c) => fieldValue('date', c.createdAt.slice(0, 10)) },
    ...fields
      .filter((f) => !f.hidden)
      .map((f) => ({
        field: `custom.${f.key}`,
        label: f.label,
        sortable: f.type !== 'multichoice',
        value: (c: TClientOut) => (f.type === 'boolean' ? (c.custom?.[f.key] === true ? '✓' : '') : fieldValue(f.type, c.custom?.[f.key])),
      })),
  ];
}

export const defaultView: ViewState = {
  columns: [
    { field: 'name', width: 260 },
    { field: 'phone', width: 170 },
    { field: 'email', width: 220 },
    { field: 'status', width: 110 },
    { field: 'managerId', width: 160 },
  ],
  sort: 'name',
  dir: 'asc',
  filters: [],
};

/** Columns of a view that still exist (a custom field may have been deleted or hidden since). */
/** The view without what the catalog no longer has (a field hidden since the view was saved). */
export function fitView(view: ViewState, catalog: Column[], fallbackSort = 'name'): ViewState {
  const known = new Set(catalog.map((c) => c.field));
  return {
    ...view,
    sort: view.sort === '' || view.sort === 'relevance' || known.has(view.sort) ? view.sort : fallbackSort,
    filters: view.filters.filter((f) => known.has(f.field) || f.field === 'archived'),
  };
}

export function visibleColumns(view: ViewState, catalog: Column[]): (Column & { width: number })[] {
  return view.columns.flatMap((s) => {
    const col = catalog.find((c) => c.field === s.field);
    return col ? [{ ...col, width: s.width ?? 160 }] : [];
  });
}

export function toggleColumn(view: ViewState, field: string): ViewState {
  const has = view.columns.some((c) => c.field === field);
  return { ...view, columns: has ? view.columns.filter((c) => c.field !== field) : [...view.columns, { field, width: 160 }] };
}

export function moveColumn(view: ViewState, field: string, by: -1 | 1): ViewState {
  const i = view.columns.findIndex((c) => c.field === field);
  const j = i + by;
  if (i < 0 || j < 0 || j >= view.columns.length) return view;
  const cols = [...view.columns];
  [cols[i], cols[j]] = [cols[j]!, cols[i]!];
  return { ...view, columns: cols };
}

export function resizeColumn(view: ViewState, field: string, width: number): ViewState {
  const w = Math.max(60, Math.min(800, Math.round(width)));
  return { ...view, columns: view.columns.map((c) => (c.field === field ? { ...c, width: w } : c)) };
}

/** Clicking a header: sort by it ascending, or flip the direction when it is already the sort. */
export function sortBy(view: ViewState, field: string): ViewState {
  return view.sort === field ? { ...view, dir: view.dir === 'asc' ? 'desc' : 'asc' } : { ...view, sort: field, dir: 'asc' };
}

const noValue = new Set(['empty', 'notEmpty']);

/** Filter rows the user is still typing are left out; list operators get arrays. */
export function apiFilters(rows: FilterRow[]): FilterRow[] {
  return rows.flatMap((r) => {
    if (!r.field || !r.op) return [];
    if (noValue.has(r.op)) return [{ field: r.field, op: r.op }];
    if (r.value === undefined || r.value === null || r.value === '') return [];
    if (r.op === 'in' || ['tags', 'email'].includes(r.field) || (r.field.startsWith('custom.') && r.op === 'contains' && Array.isArray(r.value))) {
      const list = Array.isArray(r.value)
        ? r.value
        : String(r.value)
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
      return list.length ? [{ field: r.field, op: r.op, value: list }] : [];
    }
    return [{ field: r.field, op: r.op, value: r.value }];
  });
}
