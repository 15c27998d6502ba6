import { it } from 'node:test';
import { sql } from 'kysely';
import { person, startTestApp } from '../../testing/test-app.js';
import { timelineSql } from './timeline.repository.js';

it('timeline at 5M events', { timeout: 1_500_000 }, async () => {
  const t = await startTestApp();
  const admin = await t.user('admin');
  const c = (await admin.post('/api/clients', person('Seed'))).body.client.id as number;
  const t0 = Date.now();
  await sql`INSERT INTO clients (kind, surname, first_name, display_name, sort_name, manager_id)
    SELECT 'person', 'S' || g, 'T', 'S' || g, 's' || g, ${admin.userId} FROM generate_series(1, 50000) g`
    .execute(t.db)
    .catch(async (e) => {
      console.log('clients insert failed', e.message);
    });
  const ids = await sql<{ min: string; max: string }>`SELECT min(id), max(id) FROM clients`.execute(t.db);
  const lo = Number(ids.rows[0]!.min);
  const hi = Number(ids.rows[0]!.max);
  const type = (await sql<{ id: string }>`SELECT id FROM event_types LIMIT 1`.execute(t.db)).rows[0]!.id;
  await sql`INSERT INTO events (type_id, subject, client_id, employee_id, starts_at)
    SELECT ${type}::bigint, 'e' || g, ${lo}::bigint + (g % ${hi - lo + 1}::int), ${admin.userId}, timestamptz '2020-01-01' + g * interval '31 seconds'
    FROM generate_series(1, 5000000) g`.execute(t.db);
  await sql`INSERT INTO notes (client_id, body, author_id, created_at)
    SELECT ${lo}::bigint + (g % ${hi - lo + 1}::int), 'n' || g, ${admin.userId}, timestamptz '2020-01-01' + g * interval '300 seconds' FROM generate_series(1, 500000) g`.execute(
    t.db,
  );
  await sql`INSERT INTO tasks (title, assignee_id, client_id, created_at)
    SELECT 't' || g, ${admin.userId}, ${lo}::bigint + (g % ${hi - lo + 1}::int), timestamptz '2020-01-01' + g * interval '300 seconds' FROM generate_series(1, 500000) g`.execute(
    t.db,
  );
  await sql`ANALYZE`.execute(t.db);
  console.log('seeded in', Date.now() - t0, 'ms; client', c, lo, hi);
  const target = lo + 77;
  const kinds = ['event', 'task', 'promise', 'contract', 'note', 'file', 'sale', 'change'] as const;
  for (const cur of [undefined, { at: '2022-06-01 00:00:00.000000', kind: 'note' as const, id: 1000 }]) {
    const q = timelineSql(target, [...kinds], cur, 50, 'en').compile(t.db);
    const plan = await t.pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.parameters as unknown[]);
    console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
  }
  for (let i = 0; i < 3; i++) {
    const s = Date.now();
    const r = await admin.get(`/api/clients/${target}/timeline?limit=50`);
    console.log('HTTP', r.status, r.body.items?.length, Date.now() - s, 'ms');
  }
  await t.close();
});
