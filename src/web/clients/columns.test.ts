import { describe, expect, it } from 'vitest';
import type { TClientOut } from '../api.js';
import { apiFilters, columnCatalog, defaultView, fitView, moveColumn, resizeColumn, sortBy, toggleColumn, visibleColumns } from './columns.js';

const t = (k: string) => k;
const client = {
  id: 1,
  kind: 'person',
  displayName: 'Иванов Иван',
  channels: [
    { type: 'phone', value: '+7 1' },
    { type: 'phone', value: '+7 2' },
  ],
  custom: { vip: true, level: ['a', 'b'] },
  tags: ['x'],
  managerId: 5,
  createdAt: '2026-01-02T03:04:05Z',
} as unknown as TClientOut;
const fields = [
  { id: 1, key: 'vip', label: 'VIP', type: 'boolean', required: false, defaultValue: null, options: [], hidden: false, position: 1, version: 1 },
  {
    id: 2,
    key: 'level',
    label: 'Level',
    type: 'multichoice',
    required: false,
    defaultValue: null,
    options: ['a', 'b'],
    hidden: false,
    position: 2,
    version: 1,
  },
  { id: 3, key: 'secret', label: 'Secret', type: 'text', required: false, defaultValue: null, options: [], hidden: true, position: 3, version: 1 },
];

describe('journal columns', () => {
  const catalog = columnCatalog(t, fields);
  it('renders built-in and custom values as text, and leaves hidden fields out', () => {
    const get = (f: string) => catalog.find((c) => c.field === f)!.value(client, new Map([[5, 'Мария']]));
    expect(get('phone')).toBe('+7 1, +7 2');
    expect(get('managerId')).toBe('Мария');
    expect(get('custom.vip')).toBe('✓');
    expect(get('custom.level')).toBe('a, b');
    expect(get('createdAt')).toBe('01/02/2026'); // the UI language's date (English here)
    expect(catalog.some((c) => c.field === 'custom.secret')).toBe(false);
    expect(catalog.find((c) => c.field === 'custom.level')!.sortable).toBe(false);
  });

  it('adds, removes, moves and resizes columns, and drops columns whose field is gone', () => {
    let v = toggleColumn(defaultView, 'custom.vip');
    expect(v.columns.at(-1)).toEqual({ field: 'custom.vip', width: 160 });
    v = moveColumn(v, 'custom.vip', -1);
    expect(v.columns.at(-2)!.field).toBe('custom.vip');
    expect(moveColumn(v, 'name', -1)).toBe(v);
    v = resizeColumn(v, 'name', 5000);
    expect(v.columns[0]!.width).toBe(800);
    v = toggleColumn(v, 'phone');
    expect(v.columns.map((c) => c.field)).not.toContain('phone');
    const gone = { ...v, columns: [...v.columns, { field: 'custom.deleted' }] };
    expect(visibleColumns(gone, catalog).map((c) => c.field)).not.toContain('custom.deleted');
  });

  it('sorts by a header, flipping the direction on a second click', () => {
    const a = sortBy(defaultView, 'status');
    expect([a.sort, a.dir]).toEqual(['status', 'asc']);
    expect(sortBy(a, 'status').dir).toBe('desc');
  });

  it('sends only complete filters, with lists for list operators', () => {
    expect(
      apiFilters([
        { field: 'status', op: 'eq', value: 'vip' },
        { field: 'status', op: 'eq', value: '' },
        { field: 'region', op: 'empty' },
        { field: 'tags', op: 'contains', value: 'опт, vip' },
        { field: 'status', op: 'in', value: 'a,b' },
        { field: '', op: 'eq', value: 'x' },
      ]),
    ).toEqual([
      { field: 'status', op: 'eq', value: 'vip' },
      { field: 'region', op: 'empty' },
      { field: 'tags', op: 'contains', value: ['опт', 'vip'] },
      { field: 'status', op: 'in', value: ['a', 'b'] },
    ]);
  });
});

describe('field rights in the journal', () => {
  it('offers no column, sort or filter on a field the role hides, and a saved view loses them', () => {
    const t = (k: string) => k;
    const fields = [
      { id: 1, key: 'card', label: 'Card', type: 'text', required: false, defaultValue: null, options: [], position: 0, hidden: false, version: 1 },
    ] as never;
    const all = columnCatalog(t, fields).map((c) => c.field);
    const some = columnCatalog(t, fields, {
      inn: 'hidden',
      channels: 'hidden',
      'custom.card': 'hidden',
      notes: 'readonly',
      externalIds: 'hidden',
    }).map((c) => c.field);
    expect(all).toEqual(expect.arrayContaining(['inn', 'phone', 'email', 'custom.card', 'externalIds']));
    expect(some).not.toEqual(expect.arrayContaining(['inn']));
    for (const f of ['inn', 'phone', 'email', 'custom.card', 'externalIds']) expect(some).not.toContain(f);
    expect(some).toContain('name');
    const saved = {
      columns: [{ field: 'name' }, { field: 'inn' }],
      sort: 'inn',
      dir: 'asc' as const,
      filters: [
        { field: 'inn', op: 'eq', value: '1' },
        { field: 'status', op: 'eq', value: 'vip' },
      ],
    };
    const catalog = columnCatalog(t, fields, { inn: 'hidden' });
    const fitted = fitView(saved, catalog);
    expect(fitted.sort).toBe('name');
    expect(fitted.filters).toEqual([{ field: 'status', op: 'eq', value: 'vip' }]);
    expect(visibleColumns(fitted, catalog).map((c) => c.field)).toEqual(['name']);
  });
});
