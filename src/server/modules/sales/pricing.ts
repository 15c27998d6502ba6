// Pure sale arithmetic (C3–C6): line amounts, totals, automatic discounts, bonus accrual.
// Everything is bigint (shared/money.ts); property-tested in pricing.test.ts.
import { convert, divRound, lineAmount, percentOf, toCents, type Money } from '../../shared/money.js';

export type LineInput = { productId: number; quantity: bigint; price: Money; discountBp: number };
export type PricedLine = LineInput & { amount: Money; baseAmount: Money };
export type Priced = { lines: PricedLine[]; subtotal: Money; total: Money; baseTotal: Money };

/** gross of a line before discount: price × quantity (thousandths), exact to 4 decimals */
export const gross = (price: Money, quantity: bigint): Money => divRound(price * quantity, 1000n);

/**
 * subtotal: Σ price × quantity; total: Σ line amounts rounded once to cents (what is paid);
 * baseTotal: Σ line amounts in the base currency, exact (what reports add up).
 */
export function priceLines(lines: LineInput[], rate: bigint): Priced {
  const priced = lines.map((l) => {
    const amount = lineAmount(l.price, l.quantity, l.discountBp);
    return { ...l, amount, baseAmount: convert(amount, rate) };
  });
  const sum = (f: (l: PricedLine) => Money) => priced.reduce((a, l) => a + f(l), 0n);
  return { lines: priced, subtotal: sum((l) => gross(l.price, l.quantity)), total: toCents(sum((l) => l.amount)), baseTotal: sum((l) => l.baseAmount) };
}

export type CheckDiscount = { from: Money; bp: number };

/** The automatic discount of a line: the best of the client's category and the check-amount rule. */
export function autoDiscount(categoryBp: number, checkDiscounts: CheckDiscount[], checkGross: Money): number {
  let best = categoryBp;
  for (const d of checkDiscounts) if (checkGross >= d.from && d.bp > best) best = d.bp;
  return best;
}

/** Points accrued on the part of a sale not paid with points, in base units, whole cents. */
export const accrual = (totalBase: Money, redeemedBase: Money, bonusBp: number): Money =>
  totalBase - redeemedBase <= 0n ? 0n : toCents(percentOf(totalBase - redeemedBase, bonusBp));

/** The part of an accrual that a return of `returned` out of `total` takes back. */
export const accrualShare = (accrued: Money, returned: Money, total: Money): Money => (total === 0n ? 0n : divRound(accrued * returned, total));
