import { describe, expect, it } from 'vitest';
import i18n from '../i18n/index.js';
import { readableErrors, readableMessage } from './fieldMessages.js';

describe('validation messages for people', () => {
  const t = i18n.getFixedT('en');
  it("says the limit instead of the validator's words", () => {
    expect(readableMessage(t, 'must NOT have more than 200 characters')).toBe('At most 200 characters');
    expect(readableMessage(t, 'must match a schema in anyOf')).toBe('Not a valid value');
    expect(readableMessage(t, 'must NOT have fewer than 1 characters')).toBe(t('common.required'));
    expect(readableMessage(t, 'must match format "date"')).toBe('A date like 2026-05-31');
  });
  it("keeps the services' own messages and translates into Russian", () => {
    expect(readableMessage(t, 'is not a valid INN (check digit)')).toBe('is not a valid INN (check digit)');
    expect(readableErrors(i18n.getFixedT('ru'), { surname: 'must NOT have more than 200 characters' })).toEqual({
      surname: 'Не больше 200 символов',
    });
  });
});
