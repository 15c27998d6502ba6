// The life of a recorded sale: a draft or pre-order changed or completed, payments towards its
// debt, a return, a cancellation. A completed sale is immutable: it changes only through a
// correcting document (a return, or a cancellation that reverses money, points and report facts).
// Every change is one transaction with its audit row: all or nothing.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, Issues } from '../../shared/errors.js';
import { big, formatMoney, formatPercent, formatQuantity, numericToScaled, parseQuantity, type Money } from '../../shared/money.js';
import { actorUserId, requireRight, type Actor } from '../access/rights.js';
import { insertAudit } from '../../db/audit-log.js';
import { getSettings } from '../settings/settings.service.js';
import { changeBonus, recomputeCategory } from './loyalty.service.js';
import { accrual, accrualShare, manualShare, priceLines, type LineInput } from './pricing.js';
import { assertSalesDepartment, checkPayments, clientTerms, fail, priceItems, productGone, resolveEmployee } from './sale-rules.js';
import { getSale, manualOut } from './sales.read.js';
import * as repo from './sales.repository.js';
import type { ClientTerms, SaleHead } from './sales.repository.js';
import type { PaymentInput, ReturnInput, SaleInput, TSale } from './sales.schemas.js';

type Trx = Kysely<DB>;

async function lockSale(trx: Trx, actor: Actor, id: number): Promise<SaleHead> {
  const s = await repo.lockSale(trx, actor, id);
  if (!s) throw new AppError('SALE_NOT_FOUND', 'No such sale');
  return s;
}

function checkVersion(s: SaleHead, version: number) {
  if (s.version !== version) throw new AppError('VERSION_CONFLICT', 'The sale was changed by someone else', { currentVersion: s.version });
}

/** Payments towards a sale, checked first (checkPayments), then written: points paid with come off the client's account. What the sale has paid now. */
async function addPayments(
  trx: Trx,
  actor: Actor,
  sale: { id: number; clientId: number; total: Money; paid: Money; currency: string },
  payments: PaymentInput[],
  base: string,
) {
  const userId = actorUserId(actor);
  const checked = checkPayments(payments, sale, base);
  for (const p of checked.payments) {
    if (p.method === 'bonus') await changeBonus(trx, { clientId: sale.clientId, saleId: sale.id, kind: 'redemption', amount: -p.amount, userId });
    await repo.insertPayment(trx, sale.id, p.method, p.amount, userId);
  }
  await repo.setPaid(trx, sale.id, checked.paid);
  return checked.paid;
}

/** Completion: points accrue, the report sees the sale, the client's tier is recomputed. */
async function completeInTrx(trx: Trx, actor: Actor, saleId: number, terms: ClientTerms, settings: { timezone: string; loyaltyPeriodDays: number }) {
  const basis = await repo.completionBasis(trx, saleId);
  const accrued = accrual(big(basis.baseTotal), big(basis.redeemed), terms.bonusBp ?? 0);
  await changeBonus(trx, { clientId: terms.id, saleId, kind: 'accrual', amount: accrued, userId: actorUserId(actor) });
  await repo.markCompleted(trx, saleId, accrued);
  await repo.insertFact(trx, saleId, 1n);
  await recomputeCategory(trx, terms.id, settings.timezone, settings.loyaltyPeriodDays, actorUserId(actor));
}

/** Draft and pre-order only: replaces the items and header fields. */
export async function updateSale(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  input: Partial<SaleInput> & { version: number },
  ip?: string,
): Promise<TSale> {
  requireRight(actor, 'sales', 'edit');
  await db.transaction().execute(async (trx) => {
    const s = await lockSale(trx, actor, id);
    checkVersion(s, input.version);
    if (s.status !== 'draft' && s.status !== 'preorder')
      throw new AppError('INVALID_STATE', 'A completed or cancelled sale cannot be edited; make a return or cancel it');
    const settings = await getSettings(trx);
    const terms = await clientTerms(trx, actor, input.clientId ?? s.clientId, true);
    if (input.departmentId) {
      if (!(await repo.departmentExists(trx, input.departmentId))) fail('departmentId', 'no such department');
      assertSalesDepartment(actor, input.departmentId);
    }
    const employeeId = input.employeeId === undefined ? undefined : await resolveEmployee(trx, actor, input.employeeId);
    const rate = numericToScaled(s.rate, 8);
    const items =
      input.items ??
      (await repo.draftLines(trx, id)).map((r) => {
        const m = manualOut(r.manualBp, big(r.manualAmount));
        return {
          productId: r.productId,
          quantity: r.quantity,
          price: formatMoney(big(r.price)),
          discount: formatPercent(r.discountBp),
          ...(m.manualDiscountKind ? { manualDiscount: m.manualDiscount!, manualDiscountKind: m.manualDiscountKind } : {}),
        };
      });
    if (items.length === 0) fail('items', 'at least one item');
    // a change that leaves the lines alone keeps their discounts by hand, whoever makes it
    const priced = await priceItems(trx, input.items ? actor : null, items, terms, s.currency, rate, settings.baseCurrency, settings.checkDiscounts);
    if (priced.total < big(s.paid)) fail('items', 'the new total is less than what is already paid');
    await repo.updateDraft(trx, id, {
      clientId: terms.id,
      departmentId: input.departmentId ?? null,
      employeeId: employeeId ?? null,
      status: input.status === 'completed' ? null : (input.status ?? null),
      number: input.number,
      notes: input.notes,
      subtotal: priced.subtotal,
      total: priced.total,
      baseTotal: priced.baseTotal,
    });
    await repo.deleteItems(trx, id);
    if ((await repo.insertItems(trx, id, priced.lines)) !== priced.lines.length) productGone();
    if (input.payments?.length)
      await addPayments(
        trx,
        actor,
        { id, clientId: terms.id, total: priced.total, paid: big(s.paid), currency: s.currency },
        input.payments,
        settings.baseCurrency,
      );
    if (input.status === 'completed') await completeInTrx(trx, actor, id, terms, settings);
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'sale.changed',
      entity: 'sale',
      entityId: id,
      changes: { ...input, version: undefined },
      ip,
    });
  });
  return getSale(db, actor, id);
}

export async function completeSale(db: Kysely<DB>, actor: Actor, id: number, version: number, payments: PaymentInput[], ip?: string): Promise<TSale> {
  requireRight(actor, 'sales', 'edit');
  await db.transaction().execute(async (trx) => {
    const s = await lockSale(trx, actor, id);
    checkVersion(s, version);
    if (s.status !== 'draft' && s.status !== 'preorder') throw new AppError('INVALID_STATE', `The sale is ${s.status}`);
    const settings = await getSettings(trx);
    const terms = await clientTerms(trx, actor, s.clientId, true);
    if (payments.length)
      await addPayments(
        trx,
        actor,
        { id, clientId: s.clientId, total: big(s.total), paid: big(s.paid), currency: s.currency },
        payments,
        settings.baseCurrency,
      );
    await completeInTrx(trx, actor, id, terms, settings);
    await repo.bumpVersion(trx, id);
    await insertAudit(trx, { userId: actorUserId(actor), action: 'sale.completed', entity: 'sale', entityId: id, ip });
  });
  return getSale(db, actor, id);
}

/** A payment towards a sale's debt (also after completion: paying a debt does not change the sale). */
export async function paySale(db: Kysely<DB>, actor: Actor, id: number, payments: PaymentInput[], ip?: string): Promise<TSale> {
  requireRight(actor, 'sales', 'edit');
  await db.transaction().execute(async (trx) => {
    const s = await lockSale(trx, actor, id);
    if (s.status === 'cancelled' || s.kind === 'return') throw new AppError('INVALID_STATE', 'Nothing is due on this document');
    const settings = await getSettings(trx);
    await addPayments(
      trx,
      actor,
      { id, clientId: s.clientId, total: big(s.total), paid: big(s.paid), currency: s.currency },
      payments,
      settings.baseCurrency,
    );
    await repo.bumpVersion(trx, id);
    await insertAudit(trx, { userId: actorUserId(actor), action: 'sale.paid', entity: 'sale', entityId: id, changes: { payments }, ip });
  });
  return getSale(db, actor, id);
}

/** Cancels a draft / pre-order, or a completed sale by reversal: money refunded, points returned and taken back, report facts negated. */
export async function cancelSale(db: Kysely<DB>, actor: Actor, id: number, version: number, reason: string | undefined, ip?: string): Promise<TSale> {
  requireRight(actor, 'sales', 'edit');
  const userId = actorUserId(actor);
  await db.transaction().execute(async (trx) => {
    const s = await lockSale(trx, actor, id);
    checkVersion(s, version);
    if (s.status === 'cancelled') throw new AppError('INVALID_STATE', 'The sale is already cancelled');
    const settings = await getSettings(trx);
    await clientTerms(trx, actor, s.clientId, true);
    if (s.status === 'completed') {
      if (s.kind === 'sale' && (await repo.hasCompletedReturns(trx, id)))
        throw new AppError('INVALID_STATE', 'The sale has returns; cancel them first');
      await repo.insertFact(trx, id, -1n);
      await changeBonus(trx, { clientId: s.clientId, saleId: id, kind: 'reversal', amount: -big(s.bonusAccrued), userId });
    }
    // refund every payment by method (points go back to the account)
    for (const p of await repo.paymentsByMethod(trx, id)) {
      if (p.method === 'bonus') await changeBonus(trx, { clientId: s.clientId, saleId: id, kind: 'reversal', amount: big(p.sum), userId });
      await repo.insertPayment(trx, id, p.method, -big(p.sum), userId);
    }
    await repo.markCancelled(trx, id);
    if (s.status === 'completed') await recomputeCategory(trx, s.clientId, settings.timezone, settings.loyaltyPeriodDays, userId);
    await insertAudit(trx, {
      userId,
      action: 'sale.cancelled',
      entity: 'sale',
      entityId: id,
      changes: { reason: reason ?? null, wasStatus: s.status },
      ip,
    });
  });
  return getSale(db, actor, id);
}

/** A return: a new completed document with negative lines at the original prices, linked to the sale. */
export async function returnSale(db: Kysely<DB>, actor: Actor, id: number, input: ReturnInput, ip?: string): Promise<TSale> {
  requireRight(actor, 'sales', 'edit');
  const userId = actorUserId(actor);
  const returnId = await db.transaction().execute(async (trx) => {
    const s = await lockSale(trx, actor, id);
    if (s.kind !== 'sale' || s.status !== 'completed') throw new AppError('INVALID_STATE', 'Only a completed sale can be returned');
    const settings = await getSettings(trx);
    const terms = await clientTerms(trx, actor, s.clientId, true);
    const byId = new Map((await repo.returnableLines(trx, id)).map((r) => [r.id, r]));
    const issues = new Issues();
    const lines: (LineInput & { correctsItemId: number })[] = [];
    input.items.forEach((it, i) => {
      const o = byId.get(it.itemId);
      if (!o) return issues.add(`items.${i}.itemId`, 'not a line of this sale');
      let q: bigint;
      try {
        q = parseQuantity(it.quantity, `items.${i}.quantity`);
      } catch {
        return issues.add(`items.${i}.quantity`, 'a quantity expected');
      }
      const left = numericToScaled(o.quantity, 3) - numericToScaled(o.returned, 3);
      if (q <= 0n || q > left) return issues.add(`items.${i}.quantity`, `between 0 and ${formatQuantity(left)}`);
      // the manual discount goes back in proportion (the last of the line: whatever of it is left)
      const manual = big(o.manualAmount);
      const back = manual === 0n ? 0n : manualShare(manual, numericToScaled(o.quantity, 3), q, manual - big(o.manualReturned), q === left);
      lines.push({
        productId: o.productId,
        quantity: -q,
        price: big(o.price),
        discountBp: o.discountBp,
        correctsItemId: o.id,
        manual: back === 0n ? null : { kind: 'amount', amount: -back },
      });
    });
    if (!lines.length) issues.add('items', 'at least one line');
    issues.throwIfAny();
    const rate = numericToScaled(s.rate, 8);
    const priced = priceLines(lines, rate);
    const withRefs = priced.lines.map((l, i) => ({ ...l, correctsItemId: lines[i]!.correctsItemId }));
    const rid = await repo.insertReturn(trx, s, {
      timezone: settings.timezone,
      userId,
      subtotal: priced.subtotal,
      total: priced.total,
      baseTotal: priced.baseTotal,
    });
    if ((await repo.insertItems(trx, rid, withRefs)) !== withRefs.length) productGone();
    // refund what was paid in money, up to the returned amount; the rest reduces the debt
    const paidMoney = big(await repo.paidInMoney(trx, id));
    const refund = input.refund === 'none' ? 0n : [paidMoney, -priced.total].reduce((a, b) => (a < b ? a : b));
    if (refund > 0n && input.refund !== 'none') {
      await repo.insertPayment(trx, rid, input.refund, -refund, userId);
      await repo.setPaid(trx, rid, -refund);
    }
    const takeBack = accrualShare(big(s.bonusAccrued), -priced.baseTotal, big(s.baseTotal));
    await changeBonus(trx, { clientId: s.clientId, saleId: rid, kind: 'reversal', amount: -takeBack, userId });
    await repo.setBonusAccrued(trx, rid, -takeBack);
    await repo.insertFact(trx, rid, 1n);
    await repo.bumpVersion(trx, id);
    await recomputeCategory(trx, terms.id, settings.timezone, settings.loyaltyPeriodDays, userId);
    await insertAudit(trx, {
      userId,
      action: 'sale.returned',
      entity: 'sale',
      entityId: id,
      changes: { returnId: rid, items: input.items, refund: formatMoney(refund) },
      ip,
    });
    return rid;
  });
  return getSale(db, actor, returnId);
}
