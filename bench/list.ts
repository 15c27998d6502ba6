// bench list: the journal, GET /api/clients filtered by manager, sorted by name, 50 rows a page.
// First page (with the capped total) for every manager; the first page as a manager sees it (own
// scope); page 1,000 of one manager, reached by following nextCursor once and then requested
// again and again with the saved cursor.
import { createToken } from '../src/server/modules/auth/tokens.service.js';
import { listClients } from '../src/server/modules/clients/clients.service.js';
import type { TListQuery } from '../src/server/modules/clients/clients.schemas.js';
import { managers } from './data.js';
import { pairFigure, print, samplePairs, stats, time } from './measure.js';
import type { BenchContext } from './server.js';
import { capture, replay, type Statement } from './sql-capture.js';

type Page = { items: unknown[]; nextCursor: string | null; total: { value: number; exact: boolean } | null };

const DEEP_PAGE = 1000;

const filterOf = (managerId: number) => JSON.stringify([{ field: 'managerId', op: 'eq', value: managerId }]);
const pathOf = (managerId: number, cursor?: string) =>
  `/api/clients?filter=${encodeURIComponent(filterOf(managerId))}&sort=name&limit=50${cursor ? `&cursor=${cursor}` : ''}`;
const queryOf = (managerId: number, cursor?: string): TListQuery => ({
  filter: filterOf(managerId),
  sort: 'name',
  dir: 'asc',
  limit: 50,
  archived: 'no',
  total: 'capped',
  cursor,
});

export async function listBench(ctx: BenchContext) {
  const { b, actor } = ctx;
  const ms = await managers(b.db);
  const note = 'filter managerId = one of 20 managers, sort name asc, 50 rows';

  const firstTasks = [];
  const counts: Statement[] = [];
  for (const m of ms) {
    const statements = await capture(b.pool, (db) => listClients(db, actor, queryOf(m)));
    counts.push(statements.find((s) => s.sql.includes('count(*)'))!); // the capped count (it runs beside the page query)
    firstTasks.push({ key: String(m), api: () => ctx.get(pathOf(m)), sql: () => replay(b.pool, statements) });
  }
  const first = await samplePairs(firstTasks, ctx.rounds);
  const page1 = await ctx.get<Page>(pathOf(ms[0]!));
  print({
    bench: 'list.first_page',
    ...pairFigure(first),
    total: page1.total,
    goal: 'p95 <= 20 ms',
    note: `${note}, with the capped total`,
    ...ctx.data,
  });

  const countSamples: number[] = [];
  for (let i = 0; i < ctx.rounds; i++) for (const s of counts) countSamples.push(await time(() => replay(b.pool, [s])));
  print({
    bench: 'list.capped_count_sql',
    ...stats(countSamples),
    total: page1.total,
    cap: 10_000,
    note: 'the count query alone, part of every first page',
    ...ctx.data,
  });

  // The same first page as a manager sees it: no filter, the "own records" scope (~50,000 clients).
  const mActor = (await ctx.app.auth.actorForUser(ms[0]!, 'token'))!;
  const { token } = await createToken(b.db, mActor, 'bench-manager');
  const mPath = '/api/clients?sort=name&limit=50';
  const mStatements = await capture(b.pool, (db) =>
    listClients(db, mActor, { sort: 'name', dir: 'asc', limit: 50, archived: 'no', total: 'capped' }),
  );
  const mGet = async () => {
    const r = await fetch(ctx.base + mPath, { headers: { authorization: `Bearer ${token}` } });
    if (r.status !== 200) throw new Error(`${mPath} as a manager: ${r.status}`);
    return r.json();
  };
  const own = await samplePairs([{ key: 'manager', api: mGet, sql: () => replay(b.pool, mStatements) }], ctx.rounds * 10);
  print({
    bench: 'list.first_page_manager',
    ...pairFigure(own),
    total: ((await mGet()) as Page).total,
    goal: 'p95 <= 20 ms',
    note: 'a manager ("own" scope), no filter, sort name asc, 50 rows, with the capped total',
    ...ctx.data,
  });

  let cursor: string | undefined;
  let page = 1;
  for (let p = page1; page < DEEP_PAGE && p.nextCursor; page++) {
    cursor = p.nextCursor;
    p = await ctx.get<Page>(pathOf(ms[0]!, cursor));
  }
  const deepStatements = await capture(b.pool, (db) => listClients(db, actor, queryOf(ms[0]!, cursor)));
  const deep = await samplePairs(
    [{ key: 'deep', api: () => ctx.get(pathOf(ms[0]!, cursor)), sql: () => replay(b.pool, deepStatements) }],
    ctx.rounds * 10,
  );
  const last = await ctx.get<Page>(pathOf(ms[0]!, cursor));
  print({ bench: 'list.deep_page', page, items: last.items.length, ...pairFigure(deep), goal: 'p95 <= 20 ms', note, ...ctx.data });
}
