// Every language is complete: the same texts as English (plural keys by the language's own
// plural categories), none empty, the same {{variables}}, and i18next picks the right plural form.
import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { ru } from './ru.js';
import { uk } from './uk.js';
import { ro } from './ro.js';
import { detectLanguage, languages } from './index.js';
import type { Messages } from './en.js';

const all: Record<string, Messages> = { en, ru, uk, ro };
const plural = /_(zero|one|two|few|many|other)$/;

function entries(o: unknown, prefix = ''): [string, unknown][] {
  if (typeof o !== 'object' || o === null) return [[prefix, o]];
  return Object.entries(o).flatMap(([k, v]) => entries(v, prefix ? `${prefix}.${k}` : k));
}
const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('are offered for every language file', () => {
    expect([...languages].sort()).toEqual(Object.keys(all).sort());
  });

  const english = new Map(entries(en));
  const bases = new Set([...english.keys()].filter((k) => plural.test(k)).map((k) => k.replace(plural, '')));
  expect(english.size).toBeGreaterThan(300);

  for (const [lng, messages] of Object.entries(all)) {
    describe(lng, () => {
      const mine = new Map(entries(messages));
      const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;

      it('has every key English has and no other (plural keys: the language\'s own categories)', () => {
        const want = new Set([...english.keys()].filter((k) => !plural.test(k)));
        for (const b of bases) for (const c of categories) want.add(`${b}_${c}`);
        expect([...want].filter((k) => !mine.has(k)).sort(), 'missing').toEqual([]);
        expect([...mine.keys()].filter((k) => !want.has(k)).sort(), 'not in English').toEqual([]);
      });

      it('has no empty text and only texts', () => {
        expect([...mine].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k)).toEqual([]);
      });

      it('uses the same {{variables}} as English', () => {
        const wrong = [...mine].filter(([k, v]) => {
          const source = english.get(k) ?? english.get(k.replace(plural, '_other'));
          return typeof source === 'string' && typeof v === 'string' && vars(source).join() !== vars(v).join();
        }).map(([k]) => k);
        expect(wrong).toEqual([]);
      });
    });
  }

  it('takes the browser\'s first language it has, else English', () => {
    expect(detectLanguage(['uk-UA', 'ru'])).toBe('uk');
    expect(detectLanguage(['ro-MD'])).toBe('ro');
    expect(detectLanguage(['de-DE', 'ru-RU'])).toBe('ru');
    expect(detectLanguage(['de-DE'])).toBe('en');
  });

  it('picks the plural form the grammar needs', async () => {
    const i18n = createInstance();
    await i18n.init({ resources: Object.fromEntries(Object.entries(all).map(([l, m]) => [l, { translation: m }])), lng: 'en', interpolation: { escapeValue: false } });
    const count = (lng: string, n: number) => i18n.t('journal.count', { lng, count: n });
    expect([1, 2, 5, 21, 1234].map((n) => count('en', n))).toEqual(['1 client', '2 clients', '5 clients', '21 clients', '1,234 clients']);
    expect([1, 2, 5, 21, 1234].map((n) => count('ru', n))).toEqual(['1 клиент', '2 клиента', '5 клиентов', '21 клиент', '1\u00a0234 клиента']);
    expect([1, 2, 5, 11].map((n) => count('uk', n))).toEqual(['1 клієнт', '2 клієнти', '5 клієнтів', '11 клієнтів']);
    expect([1, 2, 20, 101].map((n) => count('ro', n))).toEqual(['1 client', '2 clienți', '20 de clienți', '101 clienți']);
  });
});
