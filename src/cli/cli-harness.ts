// The CLI as a real process against a test database (server mode), for the CLI tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { createTestDb, type TestDb } from '../server/testing/test-db.js';

export const MAIN = path.join(import.meta.dirname, 'main.ts');
/** What `npx clientela` runs: the bundled CLI (bin/clientela.js builds it when a source is newer). */
export const BIN = path.join(import.meta.dirname, '../../bin/clientela.js');

export type CliHarness = {
  /** the test database (set once the before hook ran) */
  readonly t: TestDb;
  /** a temporary folder removed after the file's tests */
  dir: string;
  env: () => NodeJS.ProcessEnv;
  cli: (...args: string[]) => { code: number | null; out: string; err: string };
};

/** Registers before / after hooks: a fresh database and folder per test file. */
export function cliHarness(prefix: string, extraEnv: (dir: string) => NodeJS.ProcessEnv = () => ({})): CliHarness {
  let db: TestDb | undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const h: CliHarness = {
    get t() {
      if (!db) throw new Error('the test database is not ready yet');
      return db;
    },
    dir,
    env: () => ({ ...process.env, DATABASE_URL: h.t.url, ...extraEnv(dir) }),
    cli: (...args) => {
      const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: h.env() });
      return { code: r.status, out: r.stdout, err: r.stderr };
    },
  };
  before(async () => {
    db = await createTestDb();
  });
  after(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  return h;
}
