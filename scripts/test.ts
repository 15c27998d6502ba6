// `npm test`: Vitest for the front end's logic, then one PostgreSQL for the whole run — the embedded one in a temporary data dir, or
// the server at DATABASE_URL — then node's test runner over every *.test.ts. Each test file
// creates its own database on that server (src/server/testing/test-db.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbedded } from '../src/server/db/embedded.js';

function findTests(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (p === path.join('src', 'web')) continue; // front-end logic: Vitest, below
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

// `--server`: only the server and CLI tests (src/, no Vitest, no browser) — CI's pass on Node 22
const server = process.argv[2] === '--server';
const only = server ? [] : process.argv.slice(2);
if (only.length === 0 && !server) {
  // Front-end logic tests first (Vitest); the node runner's summary then closes the output.
  const vitest = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run'], { stdio: 'inherit' });
  const vcode: number = await new Promise((resolve) => vitest.on('exit', (c) => resolve(c ?? 1)));
  if (vcode !== 0) process.exit(vcode);
}
const files = only.length ? only : server ? findTests('src').sort() : [...findTests('src').sort(), ...findTests('e2e').sort()];
let url = process.env.DATABASE_URL;
let stop = async () => {};
let tmp: string | undefined;
if (!url) {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'clientela-test-'));
  const h = await startEmbedded({ dataDir: tmp });
  url = h.url;
  stop = h.stop;
  console.log(`# tests on the embedded PostgreSQL (${tmp})`);
} else {
  console.log('# tests on the PostgreSQL server at DATABASE_URL');
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: url, DATABASE_URL: '' },
});
const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
await stop();
if (tmp) rmSync(tmp, { recursive: true, force: true });
process.exit(code);
