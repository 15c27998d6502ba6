import { describe, expect, it } from 'vitest';
import { isoToLocal, localName, localToIso, nextHour } from './model.js';

describe('localName', () => {
  const names = { en: 'Call', ru: 'Звонок', uk: '' };
  it('takes the UI language, else English', () => {
    expect(localName(names, 'ru')).toBe('Звонок');
    expect(localName(names, 'ru-RU')).toBe('Звонок');
    expect(localName(names, 'uk')).toBe('Call'); // empty: English
    expect(localName(names, 'ro')).toBe('Call'); // missing: English
    expect(localName(undefined, 'en')).toBe('');
  });
});

describe('local date and time <-> ISO with an offset', () => {
  it('writes the local offset and reads back the same local date and time', () => {
    const iso = localToIso('2026-12-04', '10:30')!;
    expect(iso).toMatch(/^2026-12-04T10:30:00[+-]\d\d:\d\d$/);
    expect(new Date(iso).getTime()).toBe(new Date(2026, 11, 4, 10, 30).getTime());
    expect(isoToLocal(iso)).toEqual({ date: '2026-12-04', time: '10:30' });
  });
  it('refuses what is not a date and time', () => {
    expect(localToIso('2026-02-30', '10:00')).toBeNull();
    expect(localToIso('', '10:00')).toBeNull();
    expect(localToIso('2026-12-04', '')).toBeNull();
    expect(localToIso('04.12.2026', '10:00')).toBeNull();
  });
  it('starts a new event at the next full hour', () => {
    expect(nextHour(new Date(2026, 11, 4, 23, 20))).toEqual({ date: '2026-12-05', time: '00:00' });
  });
});

describe("the events API's refusals in the UI language", async () => {
  const { default: i18n } = await import('../i18n/index.js');
  const { localizeError, localizeIssue } = await import('../i18n/server-errors.js');
  it('translates the field messages and the refusal of a used type', async () => {
    await i18n.changeLanguage('ru');
    expect(localizeIssue('this type of event needs a result to be done')).toBe('Для этого типа события нужен результат');
    expect(localizeIssue('not a date and time between the years 1900 and 2999')).toBe('Укажите дату и время');
    expect(localizeIssue('no such event type')).toBe(i18n.t('errors.issues.noSuch'));
    expect(localizeError(409, 'IN_USE', 'Events of this type exist: deactivate the type instead', null)).toBe(
      'События этого типа уже есть: отключите тип вместо удаления.',
    );
    await i18n.changeLanguage('en');
    expect(localizeIssue('this type of event needs a result to be done')).toBe('This type of event needs a result');
  });
});
