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
/** Latin words a translated text may hold: names, file formats, codes, the backup setting and command of the server. */
const allowedLatin = new Set([
  'Clientela',
  'CSV',
  'XLSX',
  'ODS',
  'Excel',
  'OpenDocument',
  'vCard',
  'ID',
  'SKU',
  'zip',
  'http',
  'https',
  'XML',
  'DOCTYPE',
  'LibreOffice',
  'CLIENTELA_BACKUP_INTERVAL_HOURS',
  'clientela',
  'restore',
  'INN',
  'OGRN',
  'KPP',
  // calendar apps named in the calendar feed's help (calendar.*.ts)
  'Google',
  'Outlook',
  'Apple',
  'Thunderbird',
  'URL',
]);
/** Words spelt the same in English and Romanian. */
const sameInRomanian = new Set([
  'client',
  'Client',
  'Manager',
  'Administrator',
  'Import',
  'import',
  'Export',
  'export',
  'Catalog',
  'Text',
  'Link',
  'link',
  'fax',
  'Format',
  'Audit',
  'Card',
  'Calendar',
  'Contract',
  'Transfer',
  'Total',
  'Top',
  'Cost',
  'Bonus',
  'h',
  'min',
  's',
]);
const latinWords = (s: string) => (s.replace(/\{\{[^}]*\}\}/g, ' ').match(/[A-Za-z][A-Za-z_'’]*/g) ?? []).filter((w) => !/^[A-Z]{3}$/.test(w));
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

      it("has every key English has and no other (plural keys: the language's own categories)", () => {
        const want = new Set([...english.keys()].filter((k) => !plural.test(k)));
        for (const b of bases) for (const c of categories) want.add(`${b}_${c}`);
        expect([...want].filter((k) => !mine.has(k)).sort(), 'missing').toEqual([]);
        expect([...mine.keys()].filter((k) => !want.has(k)).sort(), 'not in English').toEqual([]);
      });

      it('shows no English text (no fallback to English)', () => {
        if (lng === 'en') return;
        const left = [...mine]
          .filter(([k, v]) => {
            const words = latinWords(String(v));
            // Russian and Ukrainian: no Latin word but names and codes; Romanian: a text equal to English's only when its words are Romanian too
            return lng === 'ro'
              ? english.get(k) === v && words.some((w) => !sameInRomanian.has(w) && !allowedLatin.has(w))
              : words.some((w) => !allowedLatin.has(w));
          })
          .map(([k, v]) => `${k}: ${String(v)}`);
        expect(left).toEqual([]);
      });

      it('has no empty text and only texts', () => {
        expect([...mine].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k)).toEqual([]);
      });

      it('uses the same {{variables}} as English', () => {
        const wrong = [...mine]
          .filter(([k, v]) => {
            const source = english.get(k) ?? english.get(k.replace(plural, '_other'));
            return typeof source === 'string' && typeof v === 'string' && vars(source).join() !== vars(v).join();
          })
          .map(([k]) => k);
        expect(wrong).toEqual([]);
      });
    });
  }

  it("takes the browser's first language it has, else English", () => {
    expect(detectLanguage(['uk-UA', 'ru'])).toBe('uk');
    expect(detectLanguage(['ro-MD'])).toBe('ro');
    expect(detectLanguage(['de-DE', 'ru-RU'])).toBe('ru');
    expect(detectLanguage(['de-DE'])).toBe('en');
  });

  it('picks the plural form the grammar needs', async () => {
    const i18n = createInstance();
    await i18n.init({
      resources: Object.fromEntries(Object.entries(all).map(([l, m]) => [l, { translation: m }])),
      lng: 'en',
      interpolation: { escapeValue: false },
    });
    const count = (lng: string, n: number) => i18n.t('journal.count', { lng, count: n });
    expect([1, 2, 5, 21, 1234].map((n) => count('en', n))).toEqual(['1 client', '2 clients', '5 clients', '21 clients', '1,234 clients']);
    expect([1, 2, 5, 21, 1234].map((n) => count('ru', n))).toEqual(['1 клиент', '2 клиента', '5 клиентов', '21 клиент', '1\u00a0234 клиента']);
    expect([1, 2, 5, 11].map((n) => count('uk', n))).toEqual(['1 клієнт', '2 клієнти', '5 клієнтів', '11 клієнтів']);
    expect([1, 2, 20, 101].map((n) => count('ro', n))).toEqual(['1 client', '2 clienți', '20 de clienți', '101 clienți']);
  });
});
