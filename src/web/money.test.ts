import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { e4, formatMoney, parseAmount, parsePercent, parseQuantity, roundCents, share, sum, toApi } from './money.js';

describe('money on the client', () => {
  it.each([
    ['174.61', 1_746_100n],
    ['1 234,5', 12_345_000n],
    ['1\u00a0234,50', 12_345_000n],
    ['0.01', 100n],
    ['7', 70_000n],
    ['7.', 70_000n],
  ])('reads %s as %s e4', (s, v) => expect(parseAmount(s)).toBe(v));

  it.each(['', 'abc', '1.234', '-5', '1,2,3', '1e3', '.5'])('refuses %j', (s) => expect(parseAmount(s)).toBeNull());

  it('keeps 4 decimals when asked (prices), and negatives only when allowed', () => {
    expect(parseAmount('24.6075', 4)).toBe(246_075n);
    expect(parseAmount('-3', 2, { negative: true })).toBe(-30_000n);
  });

  it('adds decimal strings exactly where floats would not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(toApi(sum(['0.10', '0.20']))).toBe('0.30');
    expect(toApi(sum(['100.00', '50', '24.6075', '', null]))).toBe('174.6075');
    expect(toApi(e4('174.61') - sum(['100', '50']))).toBe('24.61');
  });

  it('rounds half away from zero to cents', () => {
    expect(toApi(roundCents(e4('174.6075')))).toBe('174.61');
    expect(toApi(roundCents(e4('174.6049')))).toBe('174.60');
    expect(toApi(roundCents(e4('-0.005')))).toBe('-0.01');
    expect(toApi(roundCents(e4('-0.0049')))).toBe('0.00');
  });

  it('formats for English, Russian, Ukrainian and Romanian readers', () => {
    expect(formatMoney('1234567.5', 'en')).toBe('1,234,567.50');
    expect(formatMoney('1234567.5', 'ru', 'RUB')).toBe('1\u00a0234\u00a0567,50\u00a0₽');
    expect(formatMoney('2250', 'ru', 'RUB')).toBe('2\u00a0250,00\u00a0₽');
    expect(formatMoney('-2250', 'ru', 'RUB')).toBe('−2\u00a0250,00\u00a0₽');
    expect(formatMoney('2250', 'uk', 'UAH')).toBe('2\u00a0250,00\u00a0₴');
    expect(formatMoney('2250', 'ro', 'RON')).toBe('2.250,00 RON');
    expect(formatMoney('2250.1234', 'ro', undefined, true)).toBe('2.250,1234');
    expect(formatMoney('2250', 'en', 'USD')).toBe('$2,250.00');
    expect(formatMoney('-5', 'en', 'USD')).toBe('−$5.00');
    expect(formatMoney('1375.95', 'en', 'RUB')).toBe('1,375.95 RUB'); // no sign of its own in English: the code follows
    expect(formatMoney('99999999999999.99', 'ru')).toBe('99\u00a0999\u00a0999\u00a0999\u00a0999,99'); // exact past float precision
    expect(formatMoney('1', 'en', 'ZZZ')).toBe('1.00 ZZZ');
    expect(formatMoney('24.6075', 'en')).toBe('24.61');
    expect(formatMoney('24.6075', 'en', undefined, true)).toBe('24.6075');
    expect(formatMoney('-5', 'en')).toBe('−5.00');
    expect(formatMoney(null)).toBe('');
  });

  it('reads quantities and percentages as the API wants them', () => {
    expect(parseQuantity('1,5')).toBe('1.5');
    expect(parseQuantity('2.000')).toBe('2');
    expect(parseQuantity('0')).toBeNull();
    expect(parseQuantity('1.0001')).toBeNull();
    expect(parsePercent('12,5')).toBe('12.5');
    expect(parsePercent('100')).toBe('100');
    expect(parsePercent('0')).toBe('0');
    expect(parsePercent('100.01')).toBeNull();
  });

  it('computes shares for the charts without floats in the sum', () => {
    expect(share(1n, 3n)).toBe(33.3);
    expect(share(0n, 0n)).toBe(0);
    expect(share(5n, 5n)).toBe(100);
  });

  it('round-trips every amount through the API string (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (v) => {
        expect(e4(toApi(v))).toBe(v);
      }),
    );
  });

  it('sums any list of cent amounts to the exact integer sum (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 })), (cents) => {
        const strings = cents.map((c) => toApi(BigInt(c) * 100n));
        expect(sum(strings)).toBe(BigInt(cents.reduce((a, c) => a + c, 0)) * 100n);
      }),
    );
  });
});
