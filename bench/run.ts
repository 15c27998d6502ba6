// npm run bench -- <generate|search|list|card|bulk|bulk-postgres|all|web|import-export|xlsx-writer> [--clients 1000000] [--rounds 100] [--import-rows N] [--no-export]
// npm run bench -- <generate-sales|rating> --clients N --sales M;  npm run bench -- sale-write --clients N
// npm run bench -- generate-crm --clients N --events E --tasks T;  npm run bench -- <event-write|crm-read|reminders> --clients N
// Prints one JSON line per figure; progress goes to stderr. Data: bench/data.ts (fixed seed) on
// the embedded PostgreSQL in .bench-data/c<clients>, generated on first use and then reused;
// the sales (bench/sales-data.ts) are added to the same base by generate-sales.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { bulkBench } from './bulk.js';
import { bulkPostgresBench } from './bulk-postgres.js';
import { crmReadBench, eventWriteBench } from './crm.js';
import { remindersBench } from './reminders.js';
import { crmCommand, crmCounts, generateCrm } from './crm-data.js';
import { importExportBench } from './import-export.js';
import { cardBench } from './card.js';
import { generate, generatorCommand, openBench } from './data.js';
import { listBench } from './list.js';
import { print } from './measure.js';
import { ratingBench } from './rating.js';
import { saleWriteBench } from './sale-write.js';
import { generateSales, salesCommand, salesCount } from './sales-data.js';
import { searchBench } from './search.js';
import { startServer, type BenchContext } from './server.js';
import { webBench } from './web.js';
import { xlsxWriterBench } from './xlsx-writer.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    clients: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '100' },
    sales: { type: 'string' },
    'import-rows': { type: 'string', default: '100000' },
    rows: { type: 'string', default: '300000' },
    'no-export': { type: 'boolean', default: false },
    events: { type: 'string', default: '5000000' },
    tasks: { type: 'string', default: '1000000' },
  },
});
const name = positionals[0] ?? 'all';
const target = Number(values.clients);
const rounds = Number(values.rounds);
const importRows = Number(values['import-rows']);
// import-export and bulk-postgres are not part of `all` (a large import and its undo; indexes dropped in rolled-back transactions)
const api: Record<string, (ctx: BenchContext) => Promise<void>> = {
  search: searchBench,
  list: listBench,
  card: cardBench,
  bulk: bulkBench,
  'bulk-postgres': bulkPostgresBench,
  'import-export': (ctx) => importExportBench(ctx, importRows, !values['no-export']),
};
if (!Number.isSafeInteger(target) || target < 1000 || !Number.isSafeInteger(rounds) || rounds < 1)
  throw new Error('--clients >= 1000 and --rounds >= 1 please');
const salesBenches = ['generate-sales', 'rating', 'sale-write'];
const crmBenches = ['generate-crm', 'event-write', 'crm-read', 'reminders'];
if (
  name !== 'generate' &&
  name !== 'all' &&
  name !== 'web' &&
  name !== 'xlsx-writer' &&
  !(name in api) &&
  !salesBenches.includes(name) &&
  !crmBenches.includes(name)
) {
  throw new Error(
    `unknown bench "${name}": generate, ${Object.keys(api).join(', ')}, all, web, xlsx-writer, ${salesBenches.join(', ')}, ${crmBenches.join(', ')}`,
  );
}
const sales = values.sales === undefined ? undefined : Number(values.sales);
if ((name === 'generate-sales' || name === 'rating') && !(Number.isSafeInteger(sales) && sales! >= 1000))
  throw new Error(`${name} needs --sales M (>= 1000)`);

// the XLSX writer alone needs no base
if (name === 'xlsx-writer') {
  await xlsxWriterBench(Number(values.rows));
  process.exit(0);
}
const b = await openBench(target);
try {
  if (b.clients < target) {
    const t = Date.now();
    await generate(b, target, (s) => console.error(`[generate] ${s}`));
    print({ bench: 'generate', seconds: Math.round((Date.now() - t) / 1000), rows: b.clients, data: generatorCommand(target) });
  } else if (b.clients > target) {
    throw new Error(`.bench-data/c${target} holds ${b.clients} clients, more than asked; delete it and generate again`);
  }
  if (name === 'generate-sales') {
    const t = Date.now();
    const before = await salesCount(b.db);
    if (before !== sales) {
      await generateSales(b, sales!, (s) => console.error(`[generate-sales] ${s}`));
      const size = (
        await sql<{
          mb: number;
        }>`SELECT round(sum(pg_total_relation_size(c))::numeric / 1048576)::int AS mb FROM unnest(array['sales','sale_items','sale_payments','bonus_movements','bonus_accounts','sale_facts']::regclass[]) c`.execute(
          b.db,
        )
      ).rows[0]!.mb;
      print({
        bench: 'generate-sales',
        seconds: Math.round((Date.now() - t) / 1000),
        sales,
        clients: b.clients,
        disk_mb: size,
        data: salesCommand(target, sales!),
      });
    }
  } else if (name === 'rating' || name === 'sale-write') {
    const have = await salesCount(b.db);
    if (name === 'rating' && have !== sales)
      throw new Error(
        `.bench-data/c${target} holds ${have} sales, not ${sales}: run npm run bench -- generate-sales --clients ${target} --sales ${sales}`,
      );
    const ctx = await startServer(b, target, rounds);
    ctx.data = { ...ctx.data, sales: have, data: `${salesCommand(target, have)} on ${ctx.data.data}` };
    try {
      if (name === 'rating') await ratingBench(ctx);
      else await saleWriteBench(ctx);
    } finally {
      await ctx.app.close();
    }
  } else if (name === 'generate-crm') {
    const t = Date.now();
    const events = Number(values.events);
    const tasks = Number(values.tasks);
    await generateCrm(b, events, tasks, (s) => console.error(`[generate-crm] ${s}`));
    print({
      bench: 'generate-crm',
      seconds: Math.round((Date.now() - t) / 1000),
      ...(await crmCounts(b)),
      clients: b.clients,
      data: crmCommand(target, events, tasks),
    });
  } else if (name === 'reminders') {
    const have = await crmCounts(b);
    await remindersBench(b, `${crmCommand(target, have.events, have.tasks)} on ${generatorCommand(target)}`);
  } else if (crmBenches.includes(name)) {
    const ctx = await startServer(b, target, rounds);
    const have = await crmCounts(b);
    ctx.data = { ...ctx.data, data: `${crmCommand(target, have.events, have.tasks)} on ${ctx.data.data}` };
    try {
      if (name === 'event-write') await eventWriteBench(ctx);
      else await crmReadBench(ctx);
    } finally {
      await ctx.app.close();
    }
  } else if (name === 'web') await webBench(b, Math.max(4, Math.round(rounds / 4)));
  else if (name !== 'generate') {
    const ctx = await startServer(b, target, rounds);
    try {
      for (const [key, bench] of Object.entries(api)) {
        if (name !== 'all' ? name !== key : key === 'import-export' || key === 'bulk-postgres') continue;
        console.error(`[bench] ${key}`);
        await bench(ctx);
      }
    } finally {
      await ctx.app.close();
    }
  }
} finally {
  await b.close();
}
