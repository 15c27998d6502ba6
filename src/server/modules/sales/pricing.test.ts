// Property tests: totals, discounts, bonuses and payments always add up to the cent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { divRound, formatCents, formatMoney, lineAmount, parseMoney, toCents } from '../../shared/money.js';
import { accrual, accrualShare, autoDiscount, gross, manualOff, manualShare, priceLines, withinMax, type Manual } from './pricing.js';

const price = fc.bigInt({ min: 0n, max: 10_000_000n }).map((c) => c * 100n); // up to 100,000.00, whole cents
const qty = fc.bigInt({ min: 1n, max: 1_000_000n }); // thousandths
const bp = fc.integer({ min: 0, max: 10_000 }).map((x) => x - (x % 100) + (x % 100 > 50 ? 50 : 0));
const line = fc.record({ productId: fc.constant(1), price, quantity: qty, discountBp: bp });
const rate = fc.bigInt({ min: 1n, max: 100_000_000_000n }); // 1e-8 .. 1000

describe('money arithmetic', () => {
  it('rounds half away from zero, in both directions', () => {
    assert.equal(divRound(5n, 10n), 1n);
    assert.equal(divRound(-5n, 10n), -1n);
    assert.equal(divRound(4n, 10n), 0n);
    assert.equal(divRound(-15n, 10n), -2n);
    assert.equal(formatCents(1102773050n), '110277.31'); // Northwind QUICK, an exact half cent
    assert.equal(formatCents(-1n * 1102773050n), '-110277.31');
    assert.equal(formatMoney(246075n), '24.6075');
    assert.equal(formatMoney(1680000n), '168.00');
    assert.equal(lineAmount(96500n, 3000n, 1500), 246075n); // 9.65 × 3 × 0.85
  });

  it('parses what it formats, and refuses what it cannot keep exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (v) => assert.equal(parseMoney(formatMoney(v), 'x', { negative: true }), v)),
    );
    for (const bad of ['1.23456', '1e3', '', '0x10', '1,5', 'NaN', '- 1', '١٢']) assert.throws(() => parseMoney(bad, 'price'), /price/);
    assert.throws(() => parseMoney('-1', 'price'));
  });

  it('a sale total is the sum of its lines rounded once, never off by more than half a cent', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), (lines) => {
        const p = priceLines(lines, 100_000_000n);
        const exact = p.lines.reduce((a, l) => a + l.amount, 0n);
        assert.equal(p.total % 100n, 0n);
        assert.ok((p.total - exact) * 2n <= 100n && (exact - p.total) * 2n <= 100n);
        assert.equal(p.baseTotal, exact); // rate 1
        // a discount never makes a line dearer, and 0 % changes nothing
        for (const l of p.lines) assert.ok(l.amount <= gross(l.price, l.quantity) + 1n);
      }),
    );
  });

  it('lines add up exactly in any order and split', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 2, maxLength: 20 }), fc.nat(), (lines, cut) => {
        const k = 1 + (cut % (lines.length - 1));
        const all = priceLines(lines, 100_000_000n);
        const a = priceLines(lines.slice(0, k), 100_000_000n);
        const b = priceLines(lines.slice(k), 100_000_000n);
        assert.equal(a.baseTotal + b.baseTotal, all.baseTotal);
        assert.equal(priceLines([...lines].reverse(), 100_000_000n).total, all.total);
      }),
    );
  });

  it('conversion to the base currency is per line and exact to 4 decimals', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), rate, (lines, r) => {
        const p = priceLines(lines, r);
        for (const l of p.lines) assert.equal(l.baseAmount, divRound(l.amount * r, 100_000_000n));
        assert.equal(
          p.baseTotal,
          p.lines.reduce((a, l) => a + l.baseAmount, 0n),
        );
      }),
    );
  });

  it('payments and bonus: accrual is whole cents, on the part not paid with points, and returns take back a fair share', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), bp, (total, redeemedRaw, b) => {
        const t = toCents(total);
        const redeemed = toCents(redeemedRaw) > t ? t : toCents(redeemedRaw);
        const acc = accrual(t, redeemed, b);
        assert.equal(acc % 100n, 0n);
        assert.ok(acc >= 0n && acc <= t - redeemed);
        // returning everything takes back all of it; returning parts never takes back more
        assert.equal(accrualShare(acc, t, t), t === 0n ? 0n : acc);
        const half = t / 2n;
        assert.ok(accrualShare(acc, half, t) + accrualShare(acc, t - half, t) - acc <= 1n);
      }),
    );
  });

  it('the automatic discount is the best applicable rule', () => {
    const rules = [
      { from: 100_0000n, bp: 300 },
      { from: 500_0000n, bp: 700 },
    ];
    assert.equal(autoDiscount(0, rules, 99_9999n), 0);
    assert.equal(autoDiscount(0, rules, 100_0000n), 300);
    assert.equal(autoDiscount(500, rules, 100_0000n), 500);
    assert.equal(autoDiscount(500, rules, 600_0000n), 700);
  });

  it('a manual discount comes after the automatic one: a percentage of what is left, or an amount off it', () => {
    // 9.65 × 3 less 15 % = 24.6075; then 10 % of that = 2.46075 → 2.4608 off (half away from zero)
    const [pct] = priceLines(
      [{ productId: 1, price: 96500n, quantity: 3000n, discountBp: 1500, manual: { kind: 'percent', bp: 1000 } }],
      100_000_000n,
    ).lines;
    assert.equal(pct!.manualAmount, 24608n);
    assert.equal(pct!.amount, 246075n - 24608n);
    const [amt] = priceLines(
      [{ productId: 1, price: 96500n, quantity: 3000n, discountBp: 1500, manual: { kind: 'amount', amount: 46075n } }],
      100_000_000n,
    ).lines;
    assert.equal(formatMoney(amt!.amount), '20.00'); // 24.6075 − 4.6075
    assert.equal(amt!.manualAmount, 46075n);
  });

  it('a manual discount never makes a line dearer, 0 changes nothing, and totals still round once', () => {
    const manual: fc.Arbitrary<Manual | null> = fc.oneof(
      fc.constant(null),
      bp.map((b) => ({ kind: 'percent' as const, bp: b })),
      fc.bigInt({ min: 0n, max: 10n ** 9n }).map((a) => ({ kind: 'amount' as const, amount: a })),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ productId: fc.constant(1), price, quantity: qty, discountBp: bp, manual }), { minLength: 1, maxLength: 20 }),
        (raw) => {
          // an amount is at most the line after its automatic discount (the service refuses more)
          const lines = raw.map((l) =>
            l.manual?.kind === 'amount'
              ? { ...l, manual: { kind: 'amount' as const, amount: l.manual.amount % (lineAmount(l.price, l.quantity, l.discountBp) + 1n) } }
              : l,
          );
          const p = priceLines(lines, 100_000_000n);
          const plain = priceLines(
            lines.map((l) => ({ ...l, manual: null })),
            100_000_000n,
          );
          p.lines.forEach((l, i) => {
            const auto = plain.lines[i]!.amount;
            assert.ok(l.amount >= 0n && l.amount <= auto);
            assert.equal(l.amount + l.manualAmount, auto, 'what the manual discount took off is exactly the difference');
            assert.equal(l.manualAmount, manualOff(auto, l.manual));
          });
          assert.equal(
            priceLines(
              lines.map((l) => ({ ...l, manual: { kind: 'percent' as const, bp: 0 } })),
              100_000_000n,
            ).total,
            plain.total,
          );
          const exact = p.lines.reduce((a, l) => a + l.amount, 0n);
          assert.ok((p.total - exact) * 2n <= 100n && (exact - p.total) * 2n <= 100n);
        },
      ),
    );
  });

  it("a role's maximum is checked exactly, and returns of a line give back its manual discount to the ten-thousandth", () => {
    assert.ok(withinMax(1000n, 10_000n, 1000)); // exactly 10 %
    assert.ok(!withinMax(1001n, 10_000n, 1000));
    assert.ok(withinMax(5000n, 10_000n, null));
    assert.ok(!withinMax(1n, 0n, 5000));
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 10n }),
        fc.array(fc.bigInt({ min: 1n, max: 5000n }), { minLength: 1, maxLength: 8 }),
        (manual, parts) => {
          const quantity = parts.reduce((a, b) => a + b, 0n);
          let left = manual;
          let given = 0n;
          parts.forEach((q, i) => {
            const share = manualShare(manual, quantity, q, left, i === parts.length - 1);
            left -= share;
            given += share;
          });
          assert.equal(given, manual);
        },
      ),
    );
  });
});
