// The rating page's logic without React: period presets, the query string (shared by the
// table and the XLSX / CSV links), sorting of the rows, chart data. Money stays exact (bigint).
import type { RatingReport } from '../api.js';
import { e4, share } from '../money.js';

export type Preset = 'month' | 'year' | 'lastYear' | 'all';
export type Period = { from: string; to: string };

/** `today` as YYYY-MM-DD (the browser's own day). */
export function presetPeriod(p: Preset, today: string): Period {
  const [y, m] = today.split('-');
  const year = Number(y);
  if (p === 'month') {
    const last = new Date(Date.UTC(year, Number(m), 0)).getUTCDate();
    return { from: `${y}-${m}-01`, to: `${y}-${m}-${String(last).padStart(2, '0')}` };
  }
  if (p === 'year') return { from: `${y}-01-01`, to: `${y}-12-31` };
  if (p === 'lastYear') return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
  return { from: '1900-01-01', to: `${y}-12-31` };
}

export function presetOf(period: Period, today: string): Preset | null {
  return (
    (['month', 'year', 'lastYear', 'all'] as const).find((p) => {
      const x = presetPeriod(p, today);
      return x.from === period.from && x.to === period.to;
    }) ?? null
  );
}

export type RatingParams = Period & { top: number; departmentIds: number[]; managerId: number | null; filters: unknown[] };

export function ratingQuery(p: RatingParams, format?: 'xlsx' | 'csv'): string {
  const q = new URLSearchParams({ from: p.from, to: p.to, top: String(p.top) });
  for (const d of p.departmentIds) q.append('departmentId', String(d));
  if (p.managerId) q.set('managerId', String(p.managerId));
  if (p.filters.length) q.set('filter', JSON.stringify(p.filters));
  if (format) q.set('format', format);
  return q.toString();
}

export type Row = RatingReport['rows'][number];
/** 'rank' | 'name' | 'priceList' | 'total' | 'dept:<index>' */
export type SortKey = string;

export function sortRows(rows: Row[], key: SortKey, dir: 'asc' | 'desc'): Row[] {
  const sign = dir === 'asc' ? 1 : -1;
  const money = (r: Row) => (key === 'total' ? e4(r.total) : key.startsWith('dept:') ? e4(r.cells[Number(key.slice(5))]) : 0n);
  const cmp = (a: Row, b: Row): number => {
    if (key === 'name' || key === 'priceList') return (a[key] ?? '').localeCompare(b[key] ?? '') || a.rank - b.rank;
    if (key === 'rank') return a.rank - b.rank;
    const x = money(a);
    const y = money(b);
    return x === y ? a.rank - b.rank : x < y ? -1 : 1;
  };
  return [...rows].sort((a, b) => sign * cmp(a, b) || a.rank - b.rank);
}

/** The next sort when a header is clicked: money columns start descending, text ascending. */
export function nextSort(cur: { key: SortKey; dir: 'asc' | 'desc' }, key: SortKey): { key: SortKey; dir: 'asc' | 'desc' } {
  if (cur.key === key) return { key, dir: cur.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'total' || key.startsWith('dept:') ? 'desc' : 'asc' };
}

export type Bar = { label: string; value: string; percent: number };

/** Bars for a chart: each value as a share of the largest (widths) — exact, from decimal strings. */
export function bars(items: { label: string; value: string }[], of: 'max' | 'sum' = 'max'): Bar[] {
  const values = items.map((i) => e4(i.value));
  const whole = of === 'max' ? values.reduce((a, v) => (v > a ? v : a), 0n) : values.reduce((a, v) => a + (v > 0n ? v : 0n), 0n);
  return items.map((i, k) => ({ ...i, percent: share(values[k]!, whole) }));
}
