import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { DB } from './schema.js';

// bigint columns (ids, counts) come back as JS numbers: ids stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// dates stay as 'YYYY-MM-DD' strings: a birth date has no time zone.
pg.types.setTypeParser(1082, (v) => v);

export type Database = Kysely<DB>;

export type OpenOptions = { url: string; schema?: string; poolSize?: number };

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_RE.test(schema)) throw new Error(`CLIENTELA_DB_SCHEMA must match ${SCHEMA_RE} (got "${schema}")`);
  return schema;
}

/**
 * Put at the very start of a hot statement's SQL (`sql\`${PREPARED}SELECT …\``): each connection
 * then prepares it once and afterwards only binds and executes it, so PostgreSQL skips parsing
 * and planning (bench: the card query 495 -> 254 us a round trip). Only for statements whose text
 * comes in a handful of variants: every variant stays prepared on every connection.
 */
export const PREPARED = sql.raw('/*prepared*/ ');
const PREPARED_MARK = '/*prepared*/ ';
/**
 * Put at the very start of a statement whose rows are wanted as arrays of the columns, in order,
 * and run it on `db.withoutPlugins()` (the camel-case plugin would turn each array back into an
 * object): no object and no key mapping per row. The export's pages (1M rows: a fifth of the
 * server's time went into mapping keys and collecting the garbage).
 */
export const ARRAY_ROWS = sql.raw('/*arrays*/ ');
const ARRAY_MARK = '/*arrays*/ ';
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (statementNames.size < 1000) statementNames.set(text, name);
  }
  return name;
}

/** Kysely's driver calls client.query(text, values); marked statements go out as named (prepared) ones, or with rows as arrays. */
function prepareMarked(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config !== 'string' || !Array.isArray(values) || callback !== undefined) return query(config, values, callback);
    if (config.startsWith(PREPARED_MARK)) return query({ name: statementName(config), text: config, values });
    if (config.startsWith(ARRAY_MARK)) return query({ text: config, values, rowMode: 'array' });
    return query(config, values);
  };
}

/** Opens a pool. With a schema, every connection's search_path is that schema (then public, for extensions). */
export function openDatabase(opts: OpenOptions): { db: Database; pool: pg.Pool } {
  const schema = opts.schema ? checkSchemaName(opts.schema) : undefined;
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    options: schema ? `-c search_path=${schema},public` : undefined,
  });
  // An idle connection can fail (database restarted, network); the pool drops it and makes a
  // new one on demand. Without a listener that error would end the process.
  pool.on('error', (err) => console.error(`[db] idle connection lost: ${err.message}`));
  pool.on('connect', prepareMarked);
  // Column names are mapped (snake_case <-> camelCase), never the keys inside jsonb values: custom
  // field keys (`card_no`), field rights (`custom.card_no`) and audit changes must come back as stored.
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })] });
  return { db, pool };
}

export { sql };
