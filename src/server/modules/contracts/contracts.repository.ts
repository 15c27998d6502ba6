// The SQL of contracts (issue 15; docs/crm-records.md). Every read carries the record scope
// (access/scope.ts recordScopeSql over k.responsible_id and the client joined as `c`). Amounts are
// bigint ten-thousandths: they travel as text both ways, so no amount passes through a JS number.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Row } from '../../db/rows.js';
import type { Actor } from '../access/rights.js';
import { recordScopeSql, scopeSql } from '../access/scope.js';

type Db = Kysely<DB>;

export type ContractRow = Omit<Row<'contracts'>, 'createdBy' | 'amount'> & {
  amount: string | null;
  clientName: string;
  clientVisible: boolean;
  responsibleName: string | null;
};

const columns = (actor: Actor) => sql`SELECT k.id::int, k.number, k.title, k.client_id::int AS client_id, c.display_name AS client_name,
    coalesce(${scopeSql(actor)}, false) AS client_visible, k.responsible_id::int AS responsible_id, u.name AS responsible_name,
    k.status, k.signed_on, k.starts_on, k.ends_on, k.amount::text AS amount, k.currency, k.remind_days_before, k.notes,
    k.created_at, k.updated_at, k.version`;
const from = sql`FROM contracts k JOIN clients c ON c.id = k.client_id LEFT JOIN users u ON u.id = k.responsible_id`;
const scope = (actor: Actor) => recordScopeSql(actor, sql`k.responsible_id`);

export async function findContract(db: Db, actor: Actor, id: number, lock = false): Promise<ContractRow | undefined> {
  const r = await sql<ContractRow>`${columns(actor)} ${from} WHERE k.id = ${id} AND ${scope(actor)} ${lock ? sql`FOR UPDATE OF k` : sql``}`.execute(
    db,
  );
  return r.rows[0];
}

export type ContractFilter = { clientId?: number; status?: string; endingWithinDays?: number; beforeId?: number };

/** Up to `limit` contracts in the actor's scope, newest first; `endingWithinDays`: ending between `today` and today + N. */
export async function findContracts(db: Db, actor: Actor, q: ContractFilter, today: string, limit: number): Promise<ContractRow[]> {
  const where: RawBuilder<unknown>[] = [scope(actor)];
  if (q.clientId) where.push(sql`k.client_id = ${q.clientId}`);
  if (q.status) where.push(sql`k.status = ${q.status}`);
  if (q.endingWithinDays !== undefined) where.push(sql`k.ends_on BETWEEN ${today}::date AND ${today}::date + ${q.endingWithinDays}::int`);
  if (q.beforeId !== undefined) where.push(sql`k.id < ${q.beforeId}`);
  return (await sql<ContractRow>`${columns(actor)} ${from} WHERE ${sql.join(where, sql` AND `)} ORDER BY k.id DESC LIMIT ${limit}`.execute(db)).rows;
}

/** Today on the calendar of a time zone. */
export async function localToday(db: Db, tz: string): Promise<string> {
  const r = await sql<{ d: string }>`SELECT (now() AT TIME ZONE ${tz})::date AS d`.execute(db);
  return r.rows[0]!.d;
}

export type ContractValues = {
  number: string;
  title: string;
  clientId: number;
  responsibleId: number;
  status: 'draft' | 'active' | 'closed' | 'cancelled';
  signedOn: string | null;
  startsOn: string | null;
  endsOn: string | null;
  /** ten-thousandths */
  amount: bigint | null;
  currency: string | null;
  remindDaysBefore: number | null;
  notes: string;
};

const dbValues = (v: ContractValues) => ({ ...v, amount: v.amount === null ? null : sql<number>`${v.amount.toString()}::bigint` });

export async function insertContract(db: Db, v: ContractValues, createdBy: number | null): Promise<number> {
  const r = await db
    .insertInto('contracts')
    .values({ ...dbValues(v), createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Writes the contract when its version matches: false when it does not. */
export async function updateContract(db: Db, id: number, version: number, v: ContractValues): Promise<boolean> {
  const r = await db
    .updateTable('contracts')
    .set((eb) => ({ ...dbValues(v), updatedAt: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function deleteContract(db: Db, id: number): Promise<void> {
  await db.deleteFrom('contracts').where('id', '=', id).execute();
}

/** Whether another contract has this number (case-insensitive). */
export async function numberTaken(db: Db, number: string, exceptId?: number): Promise<boolean> {
  const r = await sql<{ taken: boolean }>`SELECT EXISTS (SELECT 1 FROM contracts WHERE lower(number) = lower(${number})
    AND id <> ${exceptId ?? 0}) AS taken`.execute(db);
  return r.rows[0]?.taken === true;
}

export async function currencyExists(db: Db, code: string): Promise<boolean> {
  return (await db.selectFrom('currencies').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}
