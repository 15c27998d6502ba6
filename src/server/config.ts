import path from 'node:path';
import { checkSchemaName } from './db/database.js';

export type Config = {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  schema?: string;
  /** idle and absolute session lifetimes, in seconds */
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
  /** `Secure` cookies: on when served behind TLS (set CLIENTELA_SECURE_COOKIES=1) */
  secureCookies: boolean;
  logLevel: string;
  /** where uploaded import files are kept, under generated names */
  uploadDir: string;
  uploadLimitBytes: number;
  /** attached files (issue 15): where they are kept under generated names, and the largest one accepted */
  filesDir: string;
  fileLimitBytes: number;
  /** an import whose process sent no heartbeat for this long counts as interrupted (resumable) */
  importStaleMs: number;
  /** scheduled backups: where they go, how often (hours; 0 = off) and how many are kept */
  backupDir: string;
  backupIntervalHours: number;
  backupKeepDaily: number;
  backupKeepWeekly: number;
  /** the reminder scheduler (docs/crm-reminders.md): on unless CLIENTELA_SCHEDULER=0; how often it sweeps */
  scheduler: boolean;
  schedulerIntervalMs: number;
};

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number (got "${value}")`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int('PORT', env.PORT, 3000),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.CLIENTELA_DATA_DIR || './data'),
    schema: env.CLIENTELA_DB_SCHEMA ? checkSchemaName(env.CLIENTELA_DB_SCHEMA) : undefined,
    sessionIdleSeconds: int('CLIENTELA_SESSION_IDLE', env.CLIENTELA_SESSION_IDLE, 8 * 3600),
    sessionMaxSeconds: int('CLIENTELA_SESSION_MAX', env.CLIENTELA_SESSION_MAX, 30 * 24 * 3600),
    secureCookies: env.CLIENTELA_SECURE_COOKIES === '1',
    logLevel: env.LOG_LEVEL || 'info',
    uploadDir: path.resolve(env.CLIENTELA_UPLOAD_DIR || path.join(env.CLIENTELA_DATA_DIR || './data', 'uploads')),
    uploadLimitBytes: int('CLIENTELA_UPLOAD_LIMIT_MB', env.CLIENTELA_UPLOAD_LIMIT_MB, 512) * 1024 * 1024,
    filesDir: path.resolve(env.CLIENTELA_FILES_DIR || path.join(env.CLIENTELA_DATA_DIR || './data', 'files')),
    fileLimitBytes: int('CLIENTELA_FILE_LIMIT_MB', env.CLIENTELA_FILE_LIMIT_MB, 25) * 1024 * 1024,
    importStaleMs: int('CLIENTELA_IMPORT_STALE_MS', env.CLIENTELA_IMPORT_STALE_MS, 60_000),
    backupDir: path.resolve(env.CLIENTELA_BACKUP_DIR || path.join(env.CLIENTELA_DATA_DIR || './data', 'backups')),
    backupIntervalHours: int('CLIENTELA_BACKUP_INTERVAL_HOURS', env.CLIENTELA_BACKUP_INTERVAL_HOURS, 24),
    backupKeepDaily: int('CLIENTELA_BACKUP_KEEP_DAILY', env.CLIENTELA_BACKUP_KEEP_DAILY, 7),
    backupKeepWeekly: int('CLIENTELA_BACKUP_KEEP_WEEKLY', env.CLIENTELA_BACKUP_KEEP_WEEKLY, 4),
    scheduler: env.CLIENTELA_SCHEDULER !== '0',
    schedulerIntervalMs: Math.max(100, int('CLIENTELA_SCHEDULER_INTERVAL_MS', env.CLIENTELA_SCHEDULER_INTERVAL_MS, 30_000)),
  };
}
