// The benchmark base: N clients (Russian and English people, firms; phones, emails, INNs; three
// custom fields) over 20 managers in 4 departments, fixed seed 1, built with the demo generator
// and the product's own normalisation, on the embedded PostgreSQL in .bench-data/c<N>.
// `npm run bench -- generate --clients N` builds it once; every other bench reuses it.
import path from 'node:path';
import { sql } from 'kysely';
import type pg from 'pg';
import { openDatabase, type Database } from '../src/server/db/database.js';
import { startEmbedded, type EmbeddedHandle } from '../src/server/db/embedded.js';
import { migrate } from '../src/server/db/migrate.js';
import { ensureBuiltinRoles } from '../src/server/modules/access/roles.service.js';
import type { Actor } from '../src/server/modules/access/rights.js';
import { normalizeClient, type ClientDraft } from '../src/server/modules/clients/client-normalize.js';
import { insertClients, type ClientValues } from '../src/server/modules/clients/clients.repository.js';
import type { TClientCreate } from '../src/server/modules/clients/clients.schemas.js';
import { createField, listFields } from '../src/server/modules/custom-fields/custom-fields.service.js';
import type { FieldDef } from '../src/server/modules/custom-fields/custom-values.js';
import { makeClient, prng, type Rand } from '../src/server/modules/demo/demo-data.js';
import { findRoleByKey } from '../src/server/modules/users/users.repository.js';
import { createUser } from '../src/server/modules/users/users.service.js';
import { Issues } from '../src/server/shared/errors.js';
import { withSecondaryIndexesDropped } from './indexes.js';

export type BenchDb = { db: Database; pool: pg.Pool; url: string; handle: EmbeddedHandle; clients: number; close: () => Promise<void> };

export const SEED = 1;
export const BENCH_PASSWORD = 'bench-password-1';
export const generatorCommand = (n: number) => `npm run bench -- generate --clients ${n} (seed ${SEED})`;
const admin: Actor = {
  userId: 0,
  login: 'bench',
  name: 'bench',
  roleId: 0,
  roleKey: 'admin',
  isAdmin: true,
  scope: 'all',
  rights: {},
  fieldRights: {},
  departmentId: null,
  via: 'cli',
};

export async function openBench(clients: number): Promise<BenchDb> {
  const handle = await startEmbedded({ dataDir: path.resolve('.bench-data', `c${clients}`) });
  const { db, pool } = openDatabase({ url: handle.url, poolSize: Number(process.env.BENCH_POOL ?? 20) });
  await migrate(db);
  await ensureBuiltinRoles(db);
  const have = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM clients`.execute(db)).rows[0]!.n);
  return { db, pool, url: handle.url, handle, clients: have, close: async () => (await db.destroy(), await handle.stop()) };
}

export async function managers(db: Database): Promise<number[]> {
  return (await db.selectFrom('users').select('id').where('login', 'like', 'manager%').orderBy('id').execute()).map((u) => u.id);
}

/** The i-th client of the base; always draws the same numbers from `r`, so a resumed run stays deterministic. */
export function benchClient(r: Rand, i: number): TClientCreate {
  const custom = { card_number: `C-${1_000_000 + i}`, visits: Math.floor(r() * 50), segment: ['retail', 'wholesale', 'partner'][i % 3] };
  return makeClient(r, i, custom);
}

const emptyDraft = {
  surname: null,
  firstName: null,
  patronymic: null,
  birthDate: null,
  position: null,
  passport: null,
  legalName: null,
  inn: null,
  ogrn: null,
  kpp: null,
  legalAddress: null,
  actualAddress: null,
  industry: null,
  region: null,
  contacts: [],
  channels: [],
  tags: [],
  status: null,
  source: null,
  importance: null,
  notes: null,
};

function rowOf(input: TClientCreate, managerId: number, fields: FieldDef[]): ClientValues {
  const issues = new Issues();
  const v = normalizeClient({ ...emptyDraft, ...input, managerId } as ClientDraft, fields, issues, { creating: true });
  issues.throwIfAny();
  return v;
}

async function ensureUsersAndFields(db: Database) {
  if (await db.selectFrom('users').select('id').where('login', '=', 'admin').executeTakeFirst()) return;
  await createUser(db, null, { login: 'admin', name: 'Bench Admin', password: BENCH_PASSWORD, roleId: (await findRoleByKey(db, 'admin'))!.id });
  const depts: number[] = [];
  for (let d = 1; d <= 4; d++)
    depts.push(
      (
        await db
          .insertInto('departments')
          .values({ name: `Отдел ${d}` })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  const role = (await findRoleByKey(db, 'manager'))!.id;
  for (let m = 1; m <= 20; m++)
    await createUser(db, null, { login: `manager${m}`, name: `Manager ${m}`, password: BENCH_PASSWORD, roleId: role, departmentId: depts[m % 4]! });
  await createField(db, admin, { key: 'card_number', label: 'Card', type: 'text' });
  await createField(db, admin, { key: 'visits', label: 'Visits', type: 'number' });
  await createField(db, admin, { key: 'segment', label: 'Segment', type: 'choice', options: ['retail', 'wholesale', 'partner'] });
}

/**
 * Fills the base up to `target` clients. Rows are built and normalised in Node while the previous
 * batch is being inserted (2,000 rows x 31 columns per INSERT stays under PostgreSQL's 65,535
 * parameters). From an empty table the secondary indexes are dropped for the load and rebuilt
 * from their own definitions afterwards: building a trigram GIN index once is much cheaper than
 * maintaining it row by row.
 */
export async function generate(b: BenchDb, target: number, log: (s: string) => void): Promise<void> {
  const { db } = b;
  await ensureUsersAndFields(db);
  const fields = await listFields(db);
  const ms = await managers(db);
  const r = prng(SEED);
  const start = b.clients;
  for (let i = 0; i < start; i++) benchClient(r, i);
  const t0 = Date.now();
  const load = async () => {
    const BATCH = 2000;
    let pending: Promise<unknown> = Promise.resolve();
    for (let done = start; done < target; ) {
      const n = Math.min(BATCH, target - done);
      const rows = Array.from({ length: n }, (_, k) => rowOf(benchClient(r, done + k), ms[(done + k) % ms.length]!, fields));
      await pending;
      pending = insertClients(db, rows, null);
      done += n;
      if (done % 100_000 === 0 || done === target) log(`${done} clients (${Math.round((done - start) / ((Date.now() - t0) / 1000))}/s)`);
    }
    await pending;
  };
  if (start === 0) await withSecondaryIndexesDropped(db, 'clients', load, log);
  else await load();
  log(`loaded in ${Math.round((Date.now() - t0) / 1000)} s; VACUUM ANALYZE`);
  await sql`VACUUM ANALYZE clients`.execute(db);
  b.clients = target;
}
