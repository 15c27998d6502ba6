// bench search: search-as-you-type, GET /api/clients/search?q=… (limit 20) over fixed terms.
import { searchClients } from '../src/server/modules/clients/clients.service.js';
import { pairFigure, print, samplePairs, stats } from './measure.js';
import type { BenchContext } from './server.js';
import { capture, replay } from './sql-capture.js';

// Latin, Cyrillic, digits. The hard ones come first: 'ова' and 'kuzn' match no name prefix and
// are common inside names or emails, 'морозо' has many prefix hits; then phone, INN and email
// fragments, which only phase 2 (trigram substring) can answer.
export const TERMS = [
  'петр',
  'морозо',
  'ова',
  'smi',
  'kuzn',
  'иван',
  'серг',
  'ольга',
  'алекс',
  'ник',
  'альфа',
  'мерид',
  'wils',
  'john',
  '9123',
  '5551',
  '0704',
  '78123',
  'exam',
  '@mail',
] as const;

export async function searchBench(ctx: BenchContext) {
  const { b, actor } = ctx;
  const tasks = [];
  const phases: Record<string, number> = {};
  for (const term of TERMS) {
    const statements = await capture(b.pool, (db) => searchClients(db, actor, term, 20));
    phases[term] = statements.length;
    tasks.push({
      key: term,
      api: () => ctx.get(`/api/clients/search?q=${encodeURIComponent(term)}`),
      sql: () => replay(b.pool, statements),
    });
  }
  const samples = await samplePairs(tasks, ctx.rounds);
  print({ bench: 'search', terms: TERMS.length, limit: 20, ...pairFigure(samples), goal: 'median <= 10 ms, p95 <= 50 ms', ...ctx.data });
  const found: Record<string, number> = {};
  for (const term of TERMS) found[term] = ((await ctx.get(`/api/clients/search?q=${encodeURIComponent(term)}`)) as { items: unknown[] }).items.length;
  for (const term of TERMS) {
    const mine = samples.filter((s) => s.key === term);
    const a = stats(mine.map((s) => s.api)),
      d = stats(mine.map((s) => s.sql));
    print({
      bench: 'search.term',
      q: term,
      n: a.n,
      median_ms: a.median_ms,
      p95_ms: a.p95_ms,
      sql_median_ms: d.median_ms,
      phases: phases[term],
      found: found[term],
      rows: ctx.data.rows,
    });
  }
}
