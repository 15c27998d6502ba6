// Scheduled backups: every `intervalHours` (24 by default) the running server writes a backup to
// the backup folder, proves it by restoring it into a scratch schema of the same database, and
// prunes old files (keep the newest of each of the last N days and of each of the last M weeks).
// The runs are listed in `index.json` in that folder, beside the files they describe, so a
// restore of the database does not rewrite the list of backups that exist.
// sql-outside-repository: the check restores into a scratch schema built on one pg connection
// (CREATE SCHEMA, search_path, the migrations, DROP SCHEMA): schema-level statements, not queries of a table.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { MIGRATIONS_TABLE_SQL, migrationSteps } from '../../db/migrate.js';
import { AppError } from '../../shared/errors.js';
import type { FileStore } from '../files/file-store.js';
import { backupTo, restoreFrom } from './backup.service.js';

export type BackupRun = {
  file: string;
  trigger: 'scheduled' | 'manual';
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  /** restored into a scratch schema with the same number of rows */
  verified: boolean;
  bytes: number;
  rows: number;
  tables: number;
  error: string | null;
};

export type BackupOptions = { dir: string; intervalHours: number; keepDaily: number; keepWeekly: number };

export type BackupStatus = BackupOptions & {
  running: boolean;
  /** newest first */
  runs: BackupRun[];
  /** backup files on disk, newest first */
  files: { file: string; bytes: number; at: string }[];
  /** the newest run failed (an administrator should look) */
  lastFailed: boolean;
  nextAt: string | null;
};

const FILE_RE = /^clientela-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})(?:-(\d{3}))?Z\.backup\.gz$/;
const RUNS_KEPT = 50;
/** after a failed scheduled run, the next try waits this long */
const RETRY_MS = 60 * 60 * 1000;

export function backupFileName(at: Date): string {
  return `clientela-${at.toISOString().replace(/[:.]/g, '-')}.backup.gz`;
}

function fileTime(name: string): Date | null {
  const m = FILE_RE.exec(name);
  return m ? new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5] ?? '000'}Z`) : null;
}

/** Monday of the ISO week of `d` (UTC), as YYYY-MM-DD. */
function weekOf(d: Date): string {
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
}

/**
 * Which backup files to delete: keep the newest file of each of the `keepDaily` most recent days
 * that have one, and of each of the `keepWeekly` most recent ISO weeks (UTC); the newest file is
 * always kept. Files whose names are not ours are never touched.
 */
export function filesToPrune(names: string[], keepDaily: number, keepWeekly: number): string[] {
  const dated = names.map((n) => ({ n, t: fileTime(n) })).filter((x): x is { n: string; t: Date } => x.t !== null);
  dated.sort((a, b) => b.t.getTime() - a.t.getTime());
  const keep = new Set<string>(dated.slice(0, 1).map((x) => x.n));
  const days = new Set<string>();
  const weeks = new Set<string>();
  for (const { n, t } of dated) {
    const day = t.toISOString().slice(0, 10);
    if (!days.has(day) && days.size < keepDaily) {
      days.add(day);
      keep.add(n);
    }
    const week = weekOf(t);
    if (!weeks.has(week) && weeks.size < keepWeekly) {
      weeks.add(week);
      keep.add(n);
    }
  }
  return dated.filter((x) => !keep.has(x.n)).map((x) => x.n);
}

/**
 * Restores `file` into a new scratch schema of the same database (the current version's tables,
 * built by the migrations), checks the row count, and drops the schema. The connection is
 * destroyed afterwards, so its search_path never returns to the pool.
 */
export async function verifyBackup(pool: pg.Pool, file: string, expectedRows: number): Promise<void> {
  const client = await pool.connect();
  const schema = `clientela_verify_${randomBytes(6).toString('hex')}`;
  const release = client.release;
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET search_path TO ${schema}, public`);
    await client.query('BEGIN');
    await client.query(MIGRATIONS_TABLE_SQL);
    for (const m of migrationSteps) {
      await client.query(m.sql);
      await client.query('INSERT INTO clientela_migrations (name) VALUES ($1)', [m.name]);
    }
    await client.query('COMMIT');
    // restoreFrom releases the connection it took: lend it this one, kept until the schema is dropped
    client.release = () => {};
    const r = await restoreFrom({ connect: async () => client }, file);
    client.release = release;
    if (r.rows !== expectedRows) throw new Error(`the restored copy has ${r.rows} rows, the backup wrote ${expectedRows}`);
  } finally {
    client.release = release;
    await client.query('ROLLBACK').catch(() => {});
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    client.release(true);
  }
}

export class BackupScheduler {
  private running: Promise<BackupRun> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastTry = 0;
  /** runs that could not be written to index.json (an unusable folder): still shown until a restart */
  private unrecorded: BackupRun[] = [];

  constructor(
    private readonly pool: pg.Pool,
    readonly options: BackupOptions,
    private readonly log: (level: 'info' | 'error', msg: string) => void = () => {},
    /** where the attached files are: their bytes go into every backup */
    private readonly files?: FileStore,
  ) {}

  /** Checks every `checkMs` whether a backup is due (the first check after `firstMs`). */
  start(firstMs = 60_000, checkMs = 10 * 60_000): void {
    if (this.options.intervalHours === 0 || this.timer) return;
    const tick = () => void this.runIfDue().catch((e: unknown) => this.log('error', `scheduled backup: ${String(e)}`));
    this.timer = setTimeout(() => {
      tick();
      this.timer = setInterval(tick, checkMs);
      this.timer.unref();
    }, firstMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private indexFile() {
    return path.join(this.options.dir, 'index.json');
  }

  private async runs(): Promise<BackupRun[]> {
    let stored: BackupRun[] = [];
    try {
      const parsed = JSON.parse(await readFile(this.indexFile(), 'utf8')) as { runs?: BackupRun[] };
      if (Array.isArray(parsed.runs)) stored = parsed.runs;
    } catch {
      /* no list yet, or the folder is unusable */
    }
    return [...this.unrecorded, ...stored].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, RUNS_KEPT);
  }

  private nextAt(runs: BackupRun[], now = Date.now()): Date | null {
    if (this.options.intervalHours === 0) return null;
    const lastOk = runs.find((r) => r.ok);
    const due = lastOk ? new Date(lastOk.startedAt).getTime() + this.options.intervalHours * 3600_000 : now;
    return new Date(Math.max(due, this.lastTry + RETRY_MS));
  }

  /** Runs a scheduled backup when the last good one is older than the interval. */
  async runIfDue(now = Date.now()): Promise<BackupRun | null> {
    if (this.running || this.options.intervalHours === 0) return null;
    const next = this.nextAt(await this.runs(), now);
    if (next && next.getTime() > now) return null;
    return this.run('scheduled');
  }

  /** Starts a backup (or joins the one running) and resolves when it is written and verified. */
  run(trigger: BackupRun['trigger']): Promise<BackupRun> {
    if (this.running) return this.running;
    this.lastTry = Date.now();
    this.running = this.runOnce(trigger).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  private async runOnce(trigger: BackupRun['trigger']): Promise<BackupRun> {
    const started = new Date();
    const name = backupFileName(started);
    const file = path.join(this.options.dir, name);
    const run: BackupRun = {
      file: name,
      trigger,
      startedAt: started.toISOString(),
      finishedAt: '',
      ok: false,
      verified: false,
      bytes: 0,
      rows: 0,
      tables: 0,
      error: null,
    };
    try {
      await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
      const partial = `${file}.partial`;
      const r = await backupTo(this.pool, partial, this.files);
      if (r.missingFiles.length)
        this.log('error', `backup: ${r.missingFiles.length} attached file(s) missing from the store: ${r.missingFiles.join(', ')}`);
      run.rows = r.rows;
      run.tables = r.tables;
      await verifyBackup(this.pool, partial, r.rows);
      run.verified = true;
      await rename(partial, file);
      run.bytes = (await stat(file)).size;
      run.ok = true;
      this.log('info', `backup written and verified: ${file} (${r.rows} rows)`);
    } catch (e) {
      run.error = e instanceof Error ? e.message : String(e);
      await rm(`${file}.partial`, { force: true }).catch(() => {});
      this.log('error', `backup failed: ${run.error}`);
    }
    run.finishedAt = new Date().toISOString();
    await this.record(run).catch((e: unknown) => {
      this.unrecorded.unshift(run);
      this.log('error', `backup: the list of runs could not be written: ${String(e)}`);
    });
    if (run.ok) await this.prune().catch((e: unknown) => this.log('error', `backup: old files could not be removed: ${String(e)}`));
    return run;
  }

  private async record(run: BackupRun): Promise<void> {
    const runs = [run, ...(await this.runs())].slice(0, RUNS_KEPT);
    this.unrecorded = [];
    const tmp = `${this.indexFile()}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ runs }, null, 1), { mode: 0o600 });
    await rename(tmp, this.indexFile());
  }

  private async prune(): Promise<void> {
    const names = await readdir(this.options.dir);
    for (const n of filesToPrune(names, this.options.keepDaily, this.options.keepWeekly)) {
      await rm(path.join(this.options.dir, n), { force: true });
      this.log('info', `backup removed by retention: ${n}`);
    }
  }

  async status(): Promise<BackupStatus> {
    const runs = await this.runs();
    let names: string[] = [];
    try {
      names = await readdir(this.options.dir);
    } catch {
      /* no folder yet */
    }
    const files: BackupStatus['files'] = [];
    for (const n of names) {
      if (!fileTime(n)) continue;
      const s = await stat(path.join(this.options.dir, n)).catch(() => null);
      if (s) files.push({ file: n, bytes: s.size, at: fileTime(n)!.toISOString() });
    }
    files.sort((a, b) => b.at.localeCompare(a.at));
    const next = this.nextAt(runs);
    return {
      ...this.options,
      running: this.isRunning,
      runs,
      files,
      lastFailed: runs[0] ? !runs[0].ok : false,
      nextAt: next ? next.toISOString() : null,
    };
  }
}

/** The scheduler of an app built without a pool (some benches): every call says so. */
export function requireScheduler(s: BackupScheduler | undefined): BackupScheduler {
  if (!s) throw new AppError('INVALID_STATE', 'Backups are not available in this process');
  return s;
}
