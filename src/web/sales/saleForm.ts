// The sale form's arithmetic and request shaping, without React: which lines can be priced,
// what the payments add up to, what is left as debt, and where the server's messages belong.
// Money stays bigint (money.ts): the debt shown is the debt the server will record.
import type { PaymentMethod } from '../api.js';
import { e4, parseAmount, parsePercent, parseQuantity, toApi, type E4 } from '../money.js';

/** `manual`: a discount by hand as typed, a percentage or an amount off the line (`manualKind`). */
export type Line = {
  key: number;
  productId: number;
  name: string;
  unit: string;
  quantity: string;
  manual?: string;
  manualKind?: 'percent' | 'amount';
};
export type PaymentRow = { key: number; method: PaymentMethod; amount: string; auto?: boolean };
export type QuoteItem = { productId: number; quantity: string; manualDiscount?: string; manualDiscountKind?: 'percent' | 'amount' };

/** A typed manual discount as the API wants it: undefined when blank, null when it is not a valid percentage / amount. */
export function manualApi(l: Line): string | null | undefined {
  const v = l.manual?.trim();
  if (!v) return undefined;
  if ((l.manualKind ?? 'percent') === 'percent') return parsePercent(v);
  const a = parseAmount(v, 2);
  return a === null ? null : toApi(a);
}

/**
 * Lines as the API wants them, or null with the keys of the lines whose quantity (`bad`) or
 * manual discount (`badManual`) is not valid yet.
 */
export function quoteItems(lines: Line[]): { items: QuoteItem[] | null; bad: number[]; badManual: number[] } {
  const bad: number[] = [];
  const badManual: number[] = [];
  const items = lines.map((l) => {
    const q = parseQuantity(l.quantity);
    if (q === null) bad.push(l.key);
    const m = manualApi(l);
    if (m === null) badManual.push(l.key);
    return { productId: l.productId, quantity: q ?? '', ...(m ? { manualDiscount: m, manualDiscountKind: l.manualKind ?? 'percent' } : {}) };
  });
  return { items: bad.length || badManual.length || !items.length ? null : items, bad, badManual };
}

/** The amount a row pays: an automatic row pays whatever is left of the total after the others. */
function rowAmount(row: PaymentRow, rows: PaymentRow[], total: E4): E4 | null {
  if (!row.auto) return row.amount.trim() ? parseAmount(row.amount, 2) : 0n;
  const others = rows.filter((r) => r !== row).reduce<E4>((a, r) => a + (r.auto ? 0n : (parseAmount(r.amount, 2) ?? 0n)), 0n);
  return total > others ? total - others : 0n;
}

export type PaymentSummary = { paid: E4; debt: E4; over: E4; amounts: (E4 | null)[]; bad: number[] };

/** Σ payments, the debt left (never negative) and any overpayment, for a total from the quote. */
export function summarize(total: string | null | undefined, rows: PaymentRow[]): PaymentSummary {
  const t = e4(total ?? '0');
  const amounts = rows.map((r) => rowAmount(r, rows, t));
  const bad = rows.filter((_, i) => amounts[i] === null).map((r) => r.key);
  const paid = amounts.reduce<E4>((a, v) => a + (v ?? 0n), 0n);
  return { paid, debt: t > paid ? t - paid : 0n, over: paid > t ? paid - t : 0n, amounts, bad };
}

/** The payments of the request (zero rows left out) and, per request index, the row it came from. */
export function paymentsBody(rows: PaymentRow[], s: PaymentSummary): { payments: { method: PaymentMethod; amount: string }[]; rowOf: number[] } {
  const payments: { method: PaymentMethod; amount: string }[] = [];
  const rowOf: number[] = [];
  rows.forEach((r, i) => {
    const v = s.amounts[i];
    if (v === null || v === undefined || v === 0n) return;
    payments.push({ method: r.method, amount: toApi(v) });
    rowOf.push(r.key);
  });
  return { payments, rowOf };
}

/**
 * Server messages by the form's own keys: "items.2.quantity" -> "line:<key>.quantity",
 * "payments.0.amount" -> "payment:<key>.amount"; other fields stay as they are.
 */
export function placeErrors(fields: Record<string, string>, lines: Line[], paymentRowOf: number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    const m = /^(items|payments)\.(\d+)(?:\.(\w+))?$/.exec(field);
    if (!m) {
      out[field] = message;
      continue;
    }
    const i = Number(m[2]);
    const key = m[1] === 'items' ? lines[i]?.key : paymentRowOf[i];
    out[key === undefined ? m[1]! : `${m[1] === 'items' ? 'line' : 'payment'}:${key}.${m[3] ?? 'amount'}`] = message;
  }
  return out;
}

const placed = /^(clientId|departmentId|items|payments|(line|payment):\d+\.\w+)$/;

/** Messages about fields the form has no place for (currency, employee…): shown above the save button. */
export function unplaced(errors: Record<string, string>): string[] {
  return Object.entries(errors)
    .filter(([f]) => !placed.test(f))
    .map(([f, m]) => `${f}: ${m}`);
}
