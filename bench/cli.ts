// npx tsx bench/cli.ts [--runs 5] [--root DIR] [--sources]
// The start-up of CLI commands against a running server's data dir (goal: <= 1 s; figures in docs/cli.md). This
// process starts the embedded PostgreSQL on a temporary data dir and holds it, as `serve` would;
// each command then runs as its own process that joins it, `--runs` times. Printed per command:
// the median wall time and the median CPU time of the process (all its threads), and the load
// average, since on a shared machine wall time is mostly waiting for a core.
//   --root DIR   run the CLI of another checkout (e.g. an older commit, for a before/after)
//   --sources    `node --import tsx src/cli/main.ts` (the TypeScript through tsx) instead of bin/clientela.js
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbedded } from '../src/server/db/embedded.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, root: { type: 'string' }, sources: { type: 'boolean', default: false } },
});
const runs = Number(values.runs);
const root = path.resolve(values.root ?? path.join(import.meta.dirname, '..'));
const data = mkdtempSync(path.join(os.tmpdir(), 'clientela-bench-cli-'));
const cpuFile = path.join(data, 'cpu.txt');
const preload = path.join(import.meta.dirname, 'cli-cpu.cjs');
const entry = values.sources ? ['--import', 'tsx', path.join(root, 'src/cli/main.ts')] : [path.join(root, 'bin/clientela.js')];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function run(args: string[]) {
  writeFileSync(cpuFile, '');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', preload, ...entry, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', CLIENTELA_DATA_DIR: data, CLIENTELA_BENCH_CPU_FILE: cpuFile },
  });
  const wall = performance.now() - t0;
  if (r.status !== 0 && !args.includes('--help')) throw new Error(`clientela ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return { wall, cpu: Number(readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1)) };
}

const db = await startEmbedded({ dataDir: data });
try {
  const csv = path.join(data, 'users.csv');
  let n = 0;
  // first command: migrations on the new database, the bundle built if a source is newer
  const first = run(['migrate']);
  console.log(
    JSON.stringify({
      command: 'migrate (first: creates the tables, builds the bundle if needed)',
      wallMs: Math.round(first.wall),
      cpuMs: Math.round(first.cpu),
    }),
  );
  run(['seed', '--northwind', path.join(root, 'fixtures/northwind')]);
  const commands: [string, () => string[]][] = [
    ['--help', () => ['--help']],
    ['report rating --help', () => ['report', 'rating', '--help']],
    ['user list', () => ['user', 'list']],
    ['department list', () => ['department', 'list']],
    ['report employees', () => ['report', 'employees']],
    ['report rating (Northwind 1997, top 10)', () => ['report', 'rating', '--from', '1997-01-01', '--to', '1997-12-31', '--top', '10']],
    ['user add (one argon2 hash)', () => ['user', 'add', '--login', `bench${++n}`, '--role', 'manager', '--password', 'a-bench-password']],
    [
      'user import (3 rows, 3 argon2 hashes)',
      () => {
        writeFileSync(csv, `login,name,role\n${[1, 2, 3].map((i) => `imp${n}x${i},Imported ${i},readonly`).join('\n')}\n`);
        n++;
        return ['user', 'import', csv];
      },
    ],
  ];
  for (const [name, args] of commands) {
    let r: { wall: number; cpu: number }[];
    try {
      r = Array.from({ length: runs }, () => run(args()));
    } catch (e) {
      console.log(JSON.stringify({ command: name, failed: (e as Error).message.split('\n').slice(0, 3).join(' ') })); // e.g. a command an older --root lacks
      continue;
    }
    console.log(
      JSON.stringify({
        command: name,
        runs,
        wallMs: Math.round(median(r.map((x) => x.wall))),
        cpuMs: Math.round(median(r.map((x) => x.cpu))),
        load1: +os.loadavg()[0]!.toFixed(1),
      }),
    );
  }
  console.log(
    JSON.stringify({
      via: values.sources ? 'tsx (sources)' : 'bin/clientela.js',
      root,
      node: process.version,
      cpus: os.cpus().length,
      loadavg: os.loadavg().map((x) => +x.toFixed(1)),
    }),
  );
} finally {
  await db.stop();
  rmSync(data, { recursive: true, force: true });
}
