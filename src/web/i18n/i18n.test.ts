// English and Russian are both complete: every text one has, the other has too.
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { ru } from './ru.js';

function keys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('translations', () => {
  it('have the same keys in English and Russian', () => {
    const a = keys(en).sort();
    const b = keys(ru).sort();
    expect(a.filter((k) => !b.includes(k))).toEqual([]);
    expect(b.filter((k) => !a.includes(k))).toEqual([]);
    expect(a.length).toBeGreaterThan(300);
  });
});
