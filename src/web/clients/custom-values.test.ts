import { describe, expect, it } from 'vitest';
import { changedCustom, choices, isMoney, normalizeMoney, prepareCustom } from './custom-values.js';

describe('money input', () => {
  it.each([
    ['1234.56', '1234.56'],
    ['1 234,56', '1234.56'],
    ['1\u00a0234\u00a0567,5', '1234567.5'],
    [' -12,30 ', '-12.30'],
    ['0.1', '0.1'],
    ['999999999999999.99', '999999999999999.99'],
  ])('keeps %j exact as the string %j', (typed, sent) => {
    expect(normalizeMoney(typed)).toBe(sent);
    expect(isMoney(typed)).toBe(true);
  });

  it('never goes through a float: digits beyond double precision survive', () => {
    expect(normalizeMoney('999 999 999 999 999,99')).toBe('999999999999999.99');
    expect(String(Number('999999999999999.99'))).toBe('1000000000000000'); // what a float would have sent
  });

  it.each(['12.345', '1,2,3', 'abc', '1e5', '', '.5', '1234567890123456'])('refuses %j as the server would', (typed) => {
    expect(isMoney(typed)).toBe(false);
  });
});

describe('custom values of the form', () => {
  const fields = [
    { key: 'price', type: 'money' },
    { key: 'tags', type: 'multichoice' },
    { key: 'note', type: 'text' },
  ];

  it('normalises money and empties cleared multi-choices', () => {
    expect(prepareCustom(fields, { price: '1 500,00', tags: [], note: 'x' })).toEqual({ price: '1500.00', tags: null, note: 'x' });
    expect(prepareCustom(fields, { price: '' })).toEqual({ price: null });
  });

  it('reads a multi-choice value whatever was stored', () => {
    expect(choices(['a', 'b'])).toEqual(['a', 'b']);
    expect(choices('a')).toEqual(['a']);
    expect(choices(null)).toEqual([]);
    expect(choices([1, 'b'])).toEqual(['b']);
  });

  it('sends only the custom values that changed', () => {
    expect(changedCustom({ price: '10.00', level: 'gold', tags: ['a'] }, { price: '10.00', level: 'silver', tags: ['a', 'b'] })).toEqual({
      level: 'silver',
      tags: ['a', 'b'],
    });
    expect(changedCustom({ price: '10.00' }, { price: null })).toEqual({ price: null });
    expect(changedCustom({}, {})).toEqual({});
  });
});
