// The in-memory fact copy stays equal to what is committed, also when transactions commit out of
// sequence order, roll back, or another process writes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../../testing/test-db.js';
import { SaleFacts } from './facts.js';
import { computeRating } from './rating.js';

let t: TestDb;
before(async () => {
  t = await createTestDb();
  await t.pool.query(`INSERT INTO departments (name) VALUES ('A'), ('B')`);
});
after(async () => t.drop());

const day = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
const insert = (c: { query: (s: string, v: unknown[]) => Promise<unknown> }, client: number, amount: number, d = '2026-01-10', dept = 1) =>
  c.query('INSERT INTO sale_facts (sale_id, client_id, department_id, employee_id, day, amount) VALUES (0, $1, $2, 1, $3, $4)', [
    client,
    dept,
    d,
    amount,
  ]);

/** what SQL says, per client, for a period */
async function truth(from: string, to: string) {
  const r = await t.pool.query(
    'SELECT client_id::int AS c, sum(amount)::float8 AS s FROM sale_facts WHERE day BETWEEN $1 AND $2 GROUP BY 1 HAVING sum(amount) <> 0 ORDER BY 2 DESC, 1',
    [from, to],
  );
  return r.rows.map((x) => [x.c, x.s]);
}
const mine = async (f: SaleFacts, from: string, to: string) =>
  (await computeRating(f, day(from), day(to), 1000, null, null, undefined)).rows.map((r) => [r.clientId, r.total]);

describe('sale fact copy', () => {
  it('loads, sorts by day and answers like SQL', async () => {
    for (let i = 0; i < 300; i++)
      await insert(
        t.pool,
        1 + (i % 17),
        10_000 * (1 + (i % 5)),
        `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
        1 + (i % 2),
      );
    const f = new SaleFacts(t.db);
    await f.ready();
    assert.equal(f.n, 300);
    for (let i = 1; i < f.sorted; i++) assert.ok(f.cols.day[i - 1]! <= f.cols.day[i]!);
    assert.deepEqual(await mine(f, '2025-03-01', '2025-08-31'), await truth('2025-03-01', '2025-08-31'));
    assert.deepEqual(await mine(f, '2025-01-01', '2025-12-31'), await truth('2025-01-01', '2025-12-31'));
  });

  it('sees a lower sequence number that commits after a higher one (a gap), and forgets rolled-back ones', async () => {
    const f = new SaleFacts(t.db);
    await f.ready();
    const slow = await t.pool.connect();
    const rolled = await t.pool.connect();
    try {
      await slow.query('BEGIN');
      await insert(slow, 901, 70_000); // takes the lower seq, commits last
      await rolled.query('BEGIN');
      await insert(rolled, 902, 50_000);
      await insert(t.pool, 903, 30_000); // commits first with a higher seq
      await rolled.query('ROLLBACK');
      await f.refresh();
      assert.deepEqual(await mine(f, '2026-01-01', '2026-12-31'), [[903, 30_000]]);
      await slow.query('COMMIT');
      await f.refresh();
      assert.deepEqual(await mine(f, '2026-01-01', '2026-12-31'), await truth('2026-01-01', '2026-12-31'));
      assert.deepEqual(await mine(f, '2026-01-01', '2026-12-31'), [
        [901, 70_000],
        [903, 30_000],
      ]);
    } finally {
      slow.release();
      rolled.release();
    }
  });

  it('follows many concurrent writers on other connections exactly', async () => {
    const f = new SaleFacts(t.db);
    await f.ready();
    const writers = Array.from({ length: 8 }, (_, w) =>
      (async () => {
        for (let i = 0; i < 40; i++) await insert(t.pool, 1000 + ((w * 40 + i) % 23), (w + 1) * 100 + i, '2027-02-02', 1 + (i % 2));
      })(),
    );
    let done = false;
    const reader = (async () => {
      while (!done) await f.refresh();
    })();
    await Promise.all(writers);
    done = true;
    await reader;
    await f.refresh();
    assert.deepEqual(await mine(f, '2027-01-01', '2027-12-31'), await truth('2027-01-01', '2027-12-31'));
    // a re-sort of the tail keeps the answers
    assert.deepEqual(await mine(f, '2025-01-01', '2027-12-31'), await truth('2025-01-01', '2027-12-31'));
  });
});
