import { describe, expect, it } from 'vitest';
import { bars, nextSort, presetOf, presetPeriod, ratingQuery, sortRows, type Row } from './rating.js';

const row = (rank: number, name: string, total: string, cells: string[], priceList: string | null = null): Row => ({
  rank,
  clientId: rank,
  name,
  priceList,
  archived: false,
  cells,
  total,
});

describe('the rating page', () => {
  it.each([
    ['month', '2026-02-14', '2026-02-01', '2026-02-28'],
    ['month', '2024-02-14', '2024-02-01', '2024-02-29'],
    ['month', '2026-12-31', '2026-12-01', '2026-12-31'],
    ['year', '2026-11-23', '2026-01-01', '2026-12-31'],
    ['lastYear', '2026-01-01', '2025-01-01', '2025-12-31'],
  ] as const)('period %s on %s is %s..%s', (p, today, from, to) => {
    expect(presetPeriod(p, today)).toEqual({ from, to });
    expect(presetOf({ from, to }, today)).toBe(p);
  });

  it('asks the server with repeated departments, the manager and the client filters', () => {
    const q = ratingQuery(
      { from: '2026-01-01', to: '2026-12-31', top: 20, departmentIds: [3, 5], managerId: 7, filters: [{ field: 'status', op: 'eq', value: 'vip' }] },
      'xlsx',
    );
    const p = new URLSearchParams(q);
    expect(p.getAll('departmentId')).toEqual(['3', '5']);
    expect(p.get('managerId')).toBe('7');
    expect(JSON.parse(p.get('filter')!)).toEqual([{ field: 'status', op: 'eq', value: 'vip' }]);
    expect(p.get('format')).toBe('xlsx');
    expect(ratingQuery({ from: 'a', to: 'b', top: 5, departmentIds: [], managerId: null, filters: [] })).toBe('from=a&to=b&top=5');
  });

  it('sorts by money exactly, by text, and back by rank', () => {
    const rows = [
      row(1, 'Бета', '1000.10', ['900000000000000.01', '0.00']),
      row(2, 'Альфа', '1000.09', ['900000000000000.02', '5.00'], 'Опт'),
      row(3, 'Гамма', '3', ['0', '3']),
    ];
    expect(sortRows(rows, 'dept:0', 'desc').map((r) => r.rank)).toEqual([2, 1, 3]); // beyond float precision
    expect(sortRows(rows, 'total', 'asc').map((r) => r.rank)).toEqual([3, 2, 1]);
    expect(sortRows(rows, 'name', 'asc').map((r) => r.name)).toEqual(['Альфа', 'Бета', 'Гамма']);
    expect(sortRows(rows, 'rank', 'asc').map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(nextSort({ key: 'rank', dir: 'asc' }, 'total')).toEqual({ key: 'total', dir: 'desc' });
    expect(nextSort({ key: 'total', dir: 'desc' }, 'total')).toEqual({ key: 'total', dir: 'asc' });
    expect(nextSort({ key: 'total', dir: 'desc' }, 'name')).toEqual({ key: 'name', dir: 'asc' });
  });

  it('draws bars as shares of the largest or of the sum', () => {
    expect(
      bars([
        { label: 'a', value: '50' },
        { label: 'b', value: '100' },
      ]).map((b) => b.percent),
    ).toEqual([50, 100]);
    expect(
      bars(
        [
          { label: 'a', value: '1' },
          { label: 'b', value: '3' },
        ],
        'sum',
      ).map((b) => b.percent),
    ).toEqual([25, 75]);
    expect(bars([{ label: 'a', value: '0' }]).map((b) => b.percent)).toEqual([0]);
  });
});
