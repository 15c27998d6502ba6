// Contracts (issue 15; docs/crm-records.md): a client's contract — number (unique whatever the
// case), title, responsible user, status, the days it was signed, starts and ends, an exact amount
// in a known currency, and how many days before its end the reminders warn. Every change writes
// its audit row in its own transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { insertAudit } from '../../db/audit-log.js';
import { isUniqueViolation } from '../../db/pg-errors.js';
import { AppError, Issues } from '../../shared/errors.js';
import { formatMoney, parseMoney } from '../../shared/money.js';
import { type Actor, actorUserId, requireRight } from '../access/rights.js';
import { resolveOwner, userTimezone, visibleClientName } from '../planning/planning.service.js';
import type { TContractIn, TContractOut, TContractPatch, TContractsQuery } from './contracts.schemas.js';
import * as repo from './contracts.repository.js';

type Db = Kysely<DB>;
const iso = (d: Date | string) => new Date(d).toISOString();
/** The largest amount a contract holds: 10^14 currency units, well inside a bigint of ten-thousandths. */
const MAX_AMOUNT = 10n ** 18n;

export function contractOut(r: repo.ContractRow): TContractOut {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    client: { id: r.clientId, name: r.clientName, visible: r.clientVisible },
    responsibleId: r.responsibleId,
    responsibleName: r.responsibleName,
    status: r.status as TContractOut['status'],
    signedOn: r.signedOn,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    amount: r.amount === null ? null : formatMoney(BigInt(r.amount)),
    currency: r.currency,
    remindDaysBefore: r.remindDaysBefore,
    notes: r.notes,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    version: r.version,
  };
}

export async function getContract(db: Db, actor: Actor, id: number): Promise<TContractOut> {
  requireRight(actor, 'contracts', 'read');
  const r = await repo.findContract(db, actor, id);
  if (!r) throw new AppError('NOT_FOUND', 'No such contract');
  return contractOut(r);
}

export async function listContracts(db: Db, actor: Actor, q: TContractsQuery) {
  requireRight(actor, 'contracts', 'read');
  const today = q.endingWithinDays === undefined ? '' : await repo.localToday(db, await userTimezone(db, actor.userId));
  const rows = await repo.findContracts(db, actor, q, today, q.limit + 1);
  const items = rows.slice(0, q.limit).map(contractOut);
  return { items, nextBeforeId: rows.length > q.limit ? items[items.length - 1]!.id : null };
}

const taken = () =>
  new AppError('ALREADY_EXISTS', 'A contract with this number exists', [{ field: 'number', message: 'a contract with this number exists' }]);

/** The values of a new or changed contract, checked together: every problem is reported at once (a taken number: 409). */
async function checked(db: Db, actor: Actor, input: TContractIn, before?: repo.ContractRow): Promise<repo.ContractValues> {
  const issues = new Issues();
  const number = input.number.trim();
  if (number === '') issues.add('number', 'say the number of the contract');
  if (input.clientId !== before?.clientId && (await visibleClientName(db, actor, input.clientId)) === undefined) {
    issues.add('clientId', 'no such client');
  }
  const startsOn = input.startsOn ?? null;
  const endsOn = input.endsOn ?? null;
  if (startsOn !== null && endsOn !== null && endsOn < startsOn) issues.add('endsOn', 'the end is before the start');
  let amount: bigint | null = null;
  // '' is no amount too: the request schema's type coercion turns a null sent for this string-or-null into ''
  if (input.amount !== undefined && input.amount !== null && input.amount !== '') {
    try {
      amount = parseMoney(input.amount, 'amount');
      if (amount > MAX_AMOUNT) issues.add('amount', 'at most 100000000000000');
    } catch (e) {
      if (!(e instanceof AppError) || !Array.isArray(e.details)) throw e;
      for (const d of e.details) issues.add(d.field, d.message);
    }
  }
  const currency = input.currency?.trim().toUpperCase() || null;
  if (currency !== null && currency !== before?.currency && !(await repo.currencyExists(db, currency))) issues.add('currency', 'unknown currency');
  if (amount !== null && currency === null) issues.add('currency', 'say the currency of the amount');
  issues.throwIfAny();
  if (number.toLowerCase() !== before?.number.toLowerCase() && (await repo.numberTaken(db, number, before?.id))) throw taken();
  const responsibleId =
    input.responsibleId !== undefined && input.responsibleId === before?.responsibleId
      ? before.responsibleId
      : await resolveOwner(db, actor, 'responsibleId', input.responsibleId);
  return {
    number,
    title: input.title?.trim() ?? '',
    clientId: input.clientId,
    responsibleId,
    status: input.status ?? 'draft',
    signedOn: input.signedOn ?? null,
    startsOn,
    endsOn,
    amount,
    currency,
    remindDaysBefore: input.remindDaysBefore ?? null,
    notes: input.notes ?? '',
  };
}

/** A unique violation of the number (two saving the same number at once) is the same 409. */
async function uniqueNumber<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}

const auditValues = (v: repo.ContractValues) => ({ ...v, amount: v.amount === null ? null : formatMoney(v.amount) });

export async function createContract(db: Db, actor: Actor, input: TContractIn, ip?: string): Promise<TContractOut> {
  requireRight(actor, 'contracts', 'create');
  return uniqueNumber(() =>
    db.transaction().execute(async (trx) => {
      const v = await checked(trx, actor, input);
      const id = await repo.insertContract(trx, v, actorUserId(actor));
      await insertAudit(trx, {
        userId: actorUserId(actor),
        action: 'contract.created',
        entity: 'contract',
        entityId: id,
        changes: auditValues(v),
        ip,
      });
      return contractOut((await repo.findContract(trx, actor, id))!);
    }),
  );
}

export async function updateContract(db: Db, actor: Actor, id: number, patch: TContractPatch, ip?: string): Promise<TContractOut> {
  requireRight(actor, 'contracts', 'edit');
  return uniqueNumber(() =>
    db.transaction().execute(async (trx) => {
      const before = await repo.findContract(trx, actor, id, true);
      if (!before) throw new AppError('NOT_FOUND', 'No such contract');
      if (before.version !== patch.version)
        throw new AppError('VERSION_CONFLICT', 'The contract was changed elsewhere', { currentVersion: before.version });
      const { version, ...changes } = patch;
      const merged: TContractIn = {
        number: before.number,
        title: before.title,
        clientId: before.clientId,
        ...(before.responsibleId !== null && { responsibleId: before.responsibleId }),
        status: before.status as TContractIn['status'],
        signedOn: before.signedOn,
        startsOn: before.startsOn,
        endsOn: before.endsOn,
        amount: before.amount === null ? null : formatMoney(BigInt(before.amount)),
        currency: before.currency,
        remindDaysBefore: before.remindDaysBefore,
        notes: before.notes,
        ...changes,
      };
      const v = await checked(trx, actor, merged, before);
      if (!(await repo.updateContract(trx, id, version, v))) throw new AppError('VERSION_CONFLICT', 'The contract was changed elsewhere');
      await insertAudit(trx, { userId: actorUserId(actor), action: 'contract.changed', entity: 'contract', entityId: id, changes, ip });
      return contractOut((await repo.findContract(trx, actor, id))!);
    }),
  );
}

export async function deleteContract(db: Db, actor: Actor, id: number, ip?: string): Promise<void> {
  requireRight(actor, 'contracts', 'delete');
  await db.transaction().execute(async (trx) => {
    const before = await repo.findContract(trx, actor, id, true);
    if (!before) throw new AppError('NOT_FOUND', 'No such contract');
    await repo.deleteContract(trx, id);
    await insertAudit(trx, {
      userId: actorUserId(actor),
      action: 'contract.deleted',
      entity: 'contract',
      entityId: id,
      changes: { number: before.number, clientId: before.clientId },
      ip,
    });
  });
}
