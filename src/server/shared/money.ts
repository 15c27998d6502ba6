// Exact money (issue 4; no floats: docs/sales.md, "Money is exact"). Amounts are bigint in ten-thousandths of the
// currency unit ("e4"); quantities are bigint thousandths; percentages are basis points
// (1 % = 100 bp); rates are bigint 1e-8. Every division rounds half away from zero, explicitly.
// The API speaks decimal strings ("24.61"), never JSON numbers, for money.
import { AppError } from './errors.js';

export type Money = bigint;

export const E4 = 10_000n;
export const CENT = 100n; // one cent in e4 units

/** a / b rounded half away from zero (b > 0). */
export function divRound(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new Error('divRound: divisor must be positive');
  const q = a / b;
  const r = a % b;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= b) return a < 0n ? q - 1n : q + 1n;
  return q;
}

/** Rounds an e4 amount to whole cents (still e4 units, a multiple of 100). */
export const toCents = (e4: Money): Money => divRound(e4, CENT) * CENT;

function parseScaled(input: string, scale: number, field: string, what: string, opts: { negative?: boolean } = {}): bigint {
  const s = input.trim();
  const m = /^(-)?(\d{1,15})(?:\.(\d+))?$/.exec(s);
  if (!m || (m[1] && !opts.negative)) {
    throw new AppError('VALIDATION_FAILED', `${field}: ${what} expected, like 1234.56`, [{ field, message: `${what} expected, like 1234.56` }]);
  }
  const frac = m[3] ?? '';
  if (frac.length > scale) {
    throw new AppError('VALIDATION_FAILED', `${field}: at most ${scale} decimals`, [{ field, message: `at most ${scale} decimals` }]);
  }
  const v = BigInt(m[2]!) * 10n ** BigInt(scale) + BigInt((frac + '0'.repeat(scale)).slice(0, scale) || '0');
  return m[1] ? -v : v;
}

/** "1234.5" -> 12345000n (e4). Up to 4 decimals; '.' as the separator. */
export const parseMoney = (s: string, field: string, opts: { negative?: boolean } = {}): Money => parseScaled(s, 4, field, 'an amount', opts);
/** "1.5" -> 1500n (thousandths). */
export const parseQuantity = (s: string, field: string): bigint => parseScaled(s, 3, field, 'a quantity');
/** "15" or "12.5" (percent) -> 1500 / 1250 basis points, 0..100 %. */
export function parsePercent(s: string, field: string): number {
  const bp = parseScaled(s, 2, field, 'a percentage');
  if (bp > 10_000n) throw new AppError('VALIDATION_FAILED', `${field}: at most 100 %`, [{ field, message: 'at most 100 %' }]);
  return Number(bp);
}
/** "92.5" -> 9250000000n (1e-8). */
export const parseRate = (s: string, field: string): bigint => parseScaled(s, 8, field, 'a rate');

function formatScaled(v: bigint, scale: number, minDecimals: number): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const unit = 10n ** BigInt(scale);
  let frac = (a % unit).toString().padStart(scale, '0');
  while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${neg ? '-' : ''}${a / unit}${frac ? `.${frac}` : ''}`;
}

/** Exact: 246075n -> "24.6075", 1680000n -> "168.00". */
export const formatMoney = (e4: Money): string => formatScaled(e4, 4, 2);
/** Rounded to cents, half away from zero: 246075n -> "24.61". */
export const formatCents = (e4: Money): string => formatScaled(toCents(e4), 4, 2);
export const formatQuantity = (milli: bigint): string => formatScaled(milli, 3, 0);
export const formatPercent = (bp: number): string => formatScaled(BigInt(bp), 2, 0);
export const formatRate = (r: bigint): string => formatScaled(r, 8, 0);

/** price × quantity × (1 − discount), exact to 4 decimals for 2-decimal prices and percentages. */
export function lineAmount(price: Money, quantityMilli: bigint, discountBp: number): Money {
  return divRound(price * quantityMilli * (10_000n - BigInt(discountBp)), 1000n * 10_000n);
}

/** amount × bp / 10000 (a percentage of an amount), half away from zero. */
export const percentOf = (amount: Money, bp: number): Money => divRound(amount * BigInt(bp), 10_000n);

/** An amount in another currency at a rate (base units per unit, 1e-8). */
export const convert = (amount: Money, rate: bigint): Money => divRound(amount * rate, 100_000_000n);

/** SQL numeric / bigint text (pg returns both as strings) -> bigint. */
export const big = (v: string | number | bigint | null | undefined): bigint => (v === null || v === undefined ? 0n : BigInt(v));

/** numeric text with up to `scale` decimals ("3.000", "92.5") -> scaled bigint. */
export function numericToScaled(v: string, scale: number): bigint {
  const [i, f = ''] = v.split('.');
  const neg = i!.startsWith('-');
  const abs = BigInt(neg ? i!.slice(1) : i!) * 10n ** BigInt(scale) + BigInt((f + '0'.repeat(scale)).slice(0, scale) || '0');
  return neg ? -abs : abs;
}
