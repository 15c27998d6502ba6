// Pure sale arithmetic: line amounts, totals, automatic discounts, bonus accrual.
// Everything is bigint (shared/money.ts); property-tested in pricing.test.ts.
import { convert, divRound, lineAmount, percentOf, toCents, type Money } from '../../shared/money.js';

/** A discount given by hand on one line: a percentage of the line after its automatic discount, or an amount off it. */
export type Manual = { kind: 'percent'; bp: number } | { kind: 'amount'; amount: Money };
export type LineInput = { productId: number; quantity: bigint; price: Money; discountBp: number; manual?: Manual | null };
export type PricedLine = LineInput & { amount: Money; baseAmount: Money; manualAmount: Money };
export type Priced = { lines: PricedLine[]; subtotal: Money; total: Money; baseTotal: Money };

/** gross of a line before discount: price × quantity (thousandths), exact to 4 decimals */
export const gross = (price: Money, quantity: bigint): Money => divRound(price * quantity, 1000n);

/**
 * What a manual discount takes off a line whose amount after the automatic discount is `afterAuto`:
 * a percentage of it (exact to 4 decimals, half away from zero) or the amount given.
 */
export const manualOff = (afterAuto: Money, manual: Manual | null | undefined): Money =>
  !manual ? 0n : manual.kind === 'percent' ? percentOf(afterAuto, manual.bp) : manual.amount;

/**
 * The order of a line's discounts: price × quantity, less the automatic discount (or an explicit
 * one that replaces it) as a percentage, less the manual discount (manualOff); the sale's total
 * is then rounded once. subtotal: Σ price × quantity; total: Σ line amounts rounded once to cents
 * (what is paid); baseTotal: Σ line amounts in the base currency, exact (what reports add up).
 */
export function priceLines(lines: LineInput[], rate: bigint): Priced {
  const priced = lines.map((l) => {
    const afterAuto = lineAmount(l.price, l.quantity, l.discountBp);
    const manualAmount = manualOff(afterAuto, l.manual);
    const amount = afterAuto - manualAmount;
    return { ...l, amount, baseAmount: convert(amount, rate), manualAmount };
  });
  const sum = (f: (l: PricedLine) => Money) => priced.reduce((a, l) => a + f(l), 0n);
  return {
    lines: priced,
    subtotal: sum((l) => gross(l.price, l.quantity)),
    total: toCents(sum((l) => l.amount)),
    baseTotal: sum((l) => l.baseAmount),
  };
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

/**
 * Whether the part of a line's discount given by hand (`manualPart`, what the line costs less than
 * its automatic pricing `afterAuto`) is within a role's maximum, exactly: manualPart / afterAuto ≤ maxBp.
 */
export const withinMax = (manualPart: Money, afterAuto: Money, maxBp: number | null | undefined): boolean =>
  maxBp === null || maxBp === undefined || manualPart <= 0n || manualPart * 10_000n <= BigInt(maxBp) * afterAuto;

/**
 * The manual discount a return of `returned` out of a line's `quantity` gives back: its share,
 * and when the return takes the last of the line (`rest`), whatever of it is left, so the returns
 * of a line add up to its manual discount exactly.
 */
export const manualShare = (manualAmount: Money, quantity: bigint, returned: bigint, manualLeft: Money, rest: boolean): Money =>
  rest ? manualLeft : divRound(manualAmount * returned, quantity);
