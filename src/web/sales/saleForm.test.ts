import { describe, expect, it } from 'vitest';
import { toApi } from '../money.js';
import { paymentsBody, placeErrors, quoteItems, summarize, type Line, type PaymentRow } from './saleForm.js';

const line = (key: number, quantity: string): Line => ({ key, productId: 10 + key, name: `P${key}`, unit: 'pcs', quantity });

describe('the sale form', () => {
  it('prices only when every quantity is valid', () => {
    expect(quoteItems([line(1, '2'), line(2, '1,5')]).items).toEqual([
      { productId: 11, quantity: '2' },
      { productId: 12, quantity: '1.5' },
    ]);
    expect(quoteItems([line(1, '2'), line(2, '0')])).toEqual({ items: null, bad: [2], badManual: [] });
    expect(quoteItems([]).items).toBeNull();
  });

  it('sends a discount by hand as a percentage or an amount, and holds the quote while one is not valid', () => {
    const withManual = (key: number, manual: string, manualKind?: 'percent' | 'amount'): Line => ({
      ...line(key, '1'),
      manual,
      ...(manualKind ? { manualKind } : {}),
    });
    expect(quoteItems([withManual(1, '12,5'), withManual(2, '1 234,5', 'amount'), withManual(3, '  ')]).items).toEqual([
      { productId: 11, quantity: '1', manualDiscount: '12.5', manualDiscountKind: 'percent' },
      { productId: 12, quantity: '1', manualDiscount: '1234.50', manualDiscountKind: 'amount' },
      { productId: 13, quantity: '1' },
    ]);
    expect(quoteItems([withManual(1, '101'), withManual(2, '1.005', 'amount'), withManual(3, '5')])).toEqual({
      items: null,
      bad: [],
      badManual: [1, 2],
    });
    // the server's message about a line's manual discount goes next to it
    expect(placeErrors({ 'items.1.manualDiscount': 'at most 10 % by hand for your role' }, [line(7, '1'), line(9, '1')], [])).toEqual({
      'line:9.manualDiscount': 'at most 10 % by hand for your role',
    });
  });

  it('leaves the unpaid part as debt, exactly', () => {
    const rows: PaymentRow[] = [
      { key: 1, method: 'cash', amount: '100.00' },
      { key: 2, method: 'card', amount: '50' },
    ];
    const s = summarize('174.61', rows);
    expect(toApi(s.paid)).toBe('150.00');
    expect(toApi(s.debt)).toBe('24.61');
    expect(s.over).toBe(0n);
  });

  it('lets an automatic row pay the rest, and reports an overpayment', () => {
    const rows: PaymentRow[] = [
      { key: 1, method: 'cash', amount: '', auto: true },
      { key: 2, method: 'bonus', amount: '10.10' },
    ];
    const s = summarize('100.00', rows);
    expect(s.amounts.map((a) => toApi(a!))).toEqual(['89.90', '10.10']);
    expect(s.debt).toBe(0n);
    expect(toApi(summarize('5', [{ key: 1, method: 'cash', amount: '7' }]).over)).toBe('2.00');
  });

  it('marks amounts that are not money and leaves empty rows out of the request', () => {
    const rows: PaymentRow[] = [
      { key: 1, method: 'cash', amount: '1.234' },
      { key: 2, method: 'card', amount: '' },
      { key: 3, method: 'transfer', amount: '3' },
    ];
    const s = summarize('10', rows);
    expect(s.bad).toEqual([1]);
    expect(paymentsBody(rows, s)).toEqual({ payments: [{ method: 'transfer', amount: '3.00' }], rowOf: [3] });
  });

  it('puts the server messages next to the right line and payment', () => {
    const lines = [line(7, '1'), line(9, '2')];
    expect(
      placeErrors(
        {
          'items.1.quantity': 'must be more than 0',
          'payments.0.amount': 'too much',
          departmentId: 'no such department',
          payments: 'not enough bonus points',
        },
        lines,
        [4],
      ),
    ).toEqual({
      'line:9.quantity': 'must be more than 0',
      'payment:4.amount': 'too much',
      departmentId: 'no such department',
      payments: 'not enough bonus points',
    });
  });
});

describe('messages without a place in the form', () => {
  it('are listed with their field, the placed ones are not', async () => {
    const { unplaced } = await import('./saleForm.js');
    expect(unplaced({ currency: 'no rate for USD on or before 2026-01-01', 'line:3.quantity': 'x', payments: 'y', clientId: 'z' })).toEqual([
      'currency: no rate for USD on or before 2026-01-01',
    ]);
  });
});
