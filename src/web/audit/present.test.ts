// Every kind of history / audit entry renders as readable lines (the card once went blank on an
// import's `{"importJob":1}`): labels instead of internal names, names instead of ids, no no-ops.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en.js';
import { ru } from '../i18n/ru.js';
import { presentEntry, type Names } from './present.js';

const names: Names = {
  users: { '3': 'Анна Петрова', '4': 'Boris' },
  categories: { '1': 'Gold' },
  priceLists: { '2': 'Wholesale' },
  departments: { '5': 'North' },
  fields: { 'custom.birthday_gift': 'Birthday gift' },
};
const t = i18next.createInstance();
beforeAll(async () => {
  await t.init({ lng: 'en', resources: { en: { translation: en }, ru: { translation: ru } }, interpolation: { escapeValue: false } });
});
const show = (action: string, changes: unknown) => {
  const s = presentEntry({ action, changes }, names, t.t);
  return [s.title + (s.note ? ` ${s.note}` : ''), ...s.lines.map((l) => (l.label ? `${l.label}: ${l.text}` : l.text))];
};

describe('presentEntry', () => {
  it('renders every kind of client entry', () => {
    expect(show('client.created', null)).toEqual(['created']);
    expect(show('client.created', { importJob: 1 })).toEqual(['created by import #1']);
    expect(show('client.updated', { importJob: 1 })).toEqual(['changed by import #1']);
    expect(show('client.import_undone', { importJob: 1 })).toEqual(['import undone: values restored by import #1']);
    expect(show('client.updated', { status: ['new', 'vip'], region: [null, 'Kazan'], managerId: [3, 4] })).toEqual([
      'changed',
      'Status: new → vip',
      'Region: — → Kazan',
      'Responsible manager: Анна Петрова → Boris',
    ]);
    expect(show('client.updated', { 'custom.birthday_gift': [null, 'flowers'], 'custom.gone': ['x', null] })).toEqual([
      'changed',
      'Birthday gift: — → flowers',
      'gone: x → —',
    ]);
    expect(show('client.terms', { priceListId: [null, null], categoryId: [null, 1] })).toEqual([
      'price list or category changed',
      'Category: — → Gold',
    ]);
    expect(show('client.terms', { priceListId: [2, 9] })).toEqual(['price list or category changed', 'Price list: Wholesale → #9']);
    expect(show('client.category', { categoryId: [null, 1] })).toEqual(['category changed by purchases', 'Category: — → Gold']);
    expect(show('client.archived', null)).toEqual(['archived']);
    expect(show('client.restored', null)).toEqual(['restored']);
    expect(show('client.deleted', { displayName: 'ООО Ромашка' })).toEqual(['deleted for good', 'Name: ООО Ромашка']);
    expect(show('bonus.adjusted', { amount: '150', reason: 'gift' })).toEqual(['bonus points adjusted', 'Points: 150', 'Reason: gift']);
  });

  it('renders lists, objects and unknown shapes as text', () => {
    expect(
      show('client.updated', {
        channels: [[{ type: 'phone', value: '+7 900 1', label: 'mobile' }], [{ type: 'email', value: 'a@b.c' }]],
        contacts: [[], [{ name: 'Ivan', position: 'CEO' }]],
        tags: [['a'], ['a', 'b']],
        passport: [null, { series: '4500', number: '123456' }],
      }),
    ).toEqual([
      'changed',
      'Phones, emails, links: +7 900 1 (mobile) → a@b.c',
      'Contact persons: — → Ivan, CEO',
      'Tags: a → a, b',
      'Passport: — → Series: 4500, Number: 123456',
    ]);
    expect(show('something.new', 7)).toEqual(['something.new', '7']);
    expect(show('something.new', [1, 2])).toEqual(['something.new', '1, 2']);
    expect(show('role.changed', { before: { scope: 'own' }, after: { scope: 'all' } })).toEqual([
      'role changed',
      'before: scope: own',
      'after: scope: all',
    ]);
    expect(show('client.updated', {})).toEqual(['changed']);
    expect(show('client.updated', { x: 'not a pair' })).toEqual(['changed', 'x: not a pair']);
    const long = show('import.started', { mapping: Array.from({ length: 200 }, (_, i) => ({ column: i, target: 'surname' })) });
    expect(long[1]!.length).toBeLessThan(400);
  });

  it('speaks Russian', async () => {
    await t.changeLanguage('ru');
    expect(show('client.updated', { importJob: 2 })).toEqual(['изменён импортом №2']);
    expect(show('client.terms', { categoryId: [1, null] })).toEqual(['изменены прайс-лист или категория', 'Категория: Gold → —']);
    await t.changeLanguage('en');
  });
});
