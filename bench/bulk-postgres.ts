// bench bulk-postgres: PostgreSQL's own CPU per client for the statements of a bulk create
// (POST /api/clients/bulk's service, captured, then replayed on one connection), read from the
// backend's /proc times:
// - by index set: each set of secondary indexes dropped inside a transaction that is rolled back
//   (1,000 clients, 4 rounds, so noisy: a batch that happens to flush a GIN pending list pays it);
// - by trigram GIN setting: 12 committed batches of 1,000 with fastupdate off, a 16 MB pending
//   list, and the default (4 MB), each after a VACUUM that empties the pending lists.
// Everything added is deleted and the settings are reset. Linux only (/proc).
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { createClients } from '../src/server/modules/clients/clients.service.js';
import { newClients } from './bulk.js';
import { print } from './measure.js';
import type { BenchContext } from './server.js';
import { capture, type Statement } from './sql-capture.js';

const BATCH = 1000;
const backendCpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(x[11]) + Number(x[12])) * 10; // utime + stime, USER_HZ 100
};
const TRGM = ['clients_contact_trgm_idx', 'clients_name_trgm_idx', 'clients_tax_trgm_idx'];
const INDEX_SETS: Record<string, string[]> = {
  all: [],
  without_trigram: TRGM,
  without_phone_email_gin: ['clients_phones_idx', 'clients_emails_idx'],
  without_sort_btrees: ['clients_live_sort_idx', 'clients_live_manager_sort_idx'],
  without_manager_updated_inn: ['clients_manager_idx', 'clients_updated_idx', 'clients_inn_idx'],
  without_audit_secondary: ['audit_at_idx', 'audit_entity_idx'],
  without_any_secondary: [
    ...TRGM,
    'clients_phones_idx',
    'clients_emails_idx',
    'clients_live_sort_idx',
    'clients_live_manager_sort_idx',
    'clients_manager_idx',
    'clients_updated_idx',
    'clients_inn_idx',
    'audit_at_idx',
    'audit_entity_idx',
  ],
};

export async function bulkPostgresBench(ctx: BenchContext) {
  const { b, actor } = ctx;
  const { batch, cleanUp } = await newClients(ctx, 11, 8_000_000);
  /** the statements createClients sends for a new batch (run once, then deleted) */
  const statementsOfABatch = async (): Promise<Statement[]> => {
    const s = await capture(b.pool, (db) => createClients(db, actor, batch(BATCH)));
    await cleanUp();
    return s;
  };
  const conn = await b.pool.connect();
  try {
    const pid = (await conn.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0]!.p;
    const replay = async (statements: Statement[], insideOpenTransaction: boolean) => {
      const c0 = backendCpuMs(pid);
      for (const s of statements) {
        if (insideOpenTransaction && /^\s*(begin|commit)\b/i.test(s.sql)) continue;
        await conn.query(s.sql, s.params as unknown[]);
      }
      return backendCpuMs(pid) - c0;
    };
    const bySet: Record<string, number[]> = {};
    for (let round = 0; round < 4; round++) {
      for (const [name, drop] of Object.entries(INDEX_SETS)) {
        const statements = await statementsOfABatch();
        await conn.query('BEGIN');
        try {
          if (drop.length) await conn.query(`DROP INDEX ${drop.join(', ')}`);
          (bySet[name] ??= []).push(Math.round(((await replay(statements, true)) * 1000) / BATCH));
        } finally {
          await conn.query('ROLLBACK');
        }
      }
    }
    for (const [name, us] of Object.entries(bySet)) {
      print({
        bench: 'bulk-postgres.indexes',
        indexes: name,
        postgres_cpu_us_per_client: us,
        note: '1,000 clients a round, rolled back; a round that flushes a GIN pending list costs more',
        ...ctx.data,
      });
    }
    const settings: [string, string][] = [
      ['default', 'RESET (fastupdate, gin_pending_list_limit)'],
      ['fastupdate_off', 'SET (fastupdate = off)'],
      ['pending_list_16mb', 'SET (gin_pending_list_limit = 16384)'],
    ];
    try {
      for (const [name, setting] of settings) {
        for (const i of TRGM) await sql.raw(`ALTER INDEX ${i} ${setting}`).execute(b.db);
        await sql`VACUUM clients`.execute(b.db); // empties the pending lists
        let used = 0;
        for (let k = 0; k < 12; k++) used += await replay(await statementsOfABatch(), false);
        await cleanUp();
        print({
          bench: 'bulk-postgres.trigram_gin',
          setting: name,
          batches: 12,
          postgres_cpu_us_per_client: Math.round((used * 1000) / (12 * BATCH)),
          note: 'committed batches of 1,000, all indexes',
          ...ctx.data,
        });
      }
    } finally {
      for (const i of TRGM) await sql.raw(`ALTER INDEX ${i} RESET (fastupdate, gin_pending_list_limit)`).execute(b.db);
    }
  } finally {
    conn.release();
    await cleanUp();
    await sql`VACUUM ANALYZE clients`.execute(b.db);
    await sql`VACUUM ANALYZE audit_log`.execute(b.db);
  }
}
