// Turns the journal's filter / sort / cursor parameters into SQL. Field names are checked
// against this catalog (built-in) and the custom-field table (custom.<key>) — docs/security.md §6:
// no name from a request reaches SQL; values always travel as parameters.
// sql-outside-repository: a catalogue of SQL fragments (filters, sort keys, cursors), never a whole
// statement; clients.repository.ts composes them, src/server/queries/*.sql shows the result.
import { sql, type RawBuilder } from 'kysely';
import { AppError, Issues } from '../../shared/errors.js';
import { nulPath } from '../../shared/security.js';
import { type Actor, fieldHidden } from '../access/rights.js';
import { sqlCastFor, validDate, type FieldDef } from '../custom-fields/custom-values.js';
import { searchForm } from './client-validation.js';
import { monthDayKey, monthDayKeys } from '../../shared/date-keys.js';
import { filterOps, type TFilter } from './clients.schemas.js';

type ValueType = 'text' | 'int' | 'date' | 'timestamp' | 'numeric' | 'boolean' | 'array' | 'jsonarray' | 'externalId';
type FieldSpec = { expr: string; type: ValueType; sortable: boolean; notNull?: boolean; right?: string; sortExpr?: string };

const text = (col: string, right?: string): FieldSpec => ({
  expr: `c.${col}`,
  type: 'text',
  sortable: true,
  right,
  sortExpr: `lower(c.${col}) COLLATE "C"`,
});

export const builtinFields: Record<string, FieldSpec> = {
  id: { expr: 'c.id', type: 'int', sortable: true, notNull: true },
  name: { expr: 'c.sort_name', type: 'text', sortable: true, notNull: true, sortExpr: 'c.sort_name COLLATE "C"' },
  kind: text('kind'),
  surname: text('surname'),
  firstName: text('first_name'),
  patronymic: text('patronymic'),
  birthDate: { expr: 'c.birth_date', type: 'date', sortable: true, right: 'birthDate' },
  position: text('position'),
  legalName: text('legal_name'),
  inn: text('inn', 'inn'),
  ogrn: text('ogrn', 'ogrn'),
  kpp: text('kpp', 'kpp'),
  industry: text('industry'),
  region: text('region'),
  status: text('status'),
  source: text('source'),
  importance: text('importance'),
  legalAddress: text('legal_address', 'legalAddress'),
  actualAddress: text('actual_address', 'actualAddress'),
  managerId: { expr: 'c.manager_id', type: 'int', sortable: true },
  tags: { expr: 'c.tags', type: 'array', sortable: false },
  phone: { expr: 'c.contact_search', type: 'text', sortable: false, right: 'channels' },
  email: { expr: 'c.emails', type: 'array', sortable: false, right: 'channels' },
  // the codes live in client_external_ids (the primary key finds a code): filters only, no sort
  externalIds: { expr: 'c.id', type: 'externalId', sortable: false, right: 'externalIds' },
  createdAt: { expr: 'c.created_at', type: 'timestamp', sortable: true, notNull: true },
  updatedAt: { expr: 'c.updated_at', type: 'timestamp', sortable: true, notNull: true },
};

function customSpec(def: FieldDef): FieldSpec {
  // def.key comes from our own table and matches ^[a-z][a-z0-9_]*$, so it may be inlined.
  if (def.type === 'multichoice') return { expr: `(c.custom->'${def.key}')`, type: 'jsonarray', sortable: false, right: `custom.${def.key}` };
  const cast = sqlCastFor(def.type);
  const expr = cast === 'text' ? `(c.custom->>'${def.key}')` : `((c.custom->>'${def.key}')::${cast})`;
  const type: ValueType = cast === 'text' ? 'text' : cast === 'numeric' ? 'numeric' : cast;
  return { expr, type, sortable: true, right: `custom.${def.key}`, sortExpr: cast === 'text' ? `lower${expr} COLLATE "C"` : expr };
}

/** Resolves a field name for this actor; hidden and unknown fields are refused alike. */
export function resolveField(name: string, fields: FieldDef[], actor: Actor, path: string): FieldSpec {
  let spec: FieldSpec | undefined;
  if (name.startsWith('custom.')) {
    const def = fields.find((f) => f.key === name.slice(7));
    if (def) spec = customSpec(def);
  } else if (Object.hasOwn(builtinFields, name)) {
    spec = builtinFields[name];
  }
  if (!spec || (spec.right && fieldHidden(actor, spec.right))) {
    throw new AppError('VALIDATION_FAILED', `${path}: unknown field "${name}"`, [{ field: path, message: `unknown field "${name}"` }]);
  }
  return spec;
}

const CAST: Record<ValueType, string> = {
  text: 'text',
  int: 'bigint',
  date: 'date',
  timestamp: 'timestamptz',
  numeric: 'numeric',
  boolean: 'boolean',
  array: 'text',
  jsonarray: 'text',
  externalId: 'text',
};

function coerce(spec: FieldSpec, v: unknown, issues: Issues, path: string): unknown {
  const bad = (m: string) => (issues.add(path, m), undefined);
  switch (spec.type) {
    case 'int':
      return Number.isSafeInteger(Number(v)) && v !== '' && v !== null ? Number(v) : bad('must be a whole number');
    case 'numeric':
      return typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) ? String(v) : bad('must be a number');
    case 'date':
      return typeof v === 'string' && validDate(v) ? v : bad('must be a date YYYY-MM-DD');
    case 'timestamp':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : bad('must be a date-time');
    case 'boolean':
      return typeof v === 'boolean' ? v : bad('must be true or false');
    default:
      return typeof v === 'string' && v.length <= 500 ? v : bad('must be text');
  }
}

const COMPARE: Partial<Record<string, string>> = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };

const typed = (spec: FieldSpec, v: unknown) => sql`${v}::${sql.raw(CAST[spec.type])}`;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, '\\$&');

export function filterSql(filters: TFilter[], fields: FieldDef[], actor: Actor): RawBuilder<boolean>[] {
  const issues = new Issues();
  const out: RawBuilder<boolean>[] = [];
  filters.forEach((f, i) => {
    const path = `filter.${i}`;
    const spec = resolveField(f.field, fields, actor, `${path}.field`);
    const e = sql.raw(spec.expr);
    const vpath = `${path}.value`;
    if (spec.type === 'externalId') {
      const has = (cond: RawBuilder<boolean>) => sql<boolean>`EXISTS (SELECT 1 FROM client_external_ids e WHERE e.client_id = c.id AND ${cond})`;
      if (f.op === 'empty' || f.op === 'notEmpty') return out.push(f.op === 'empty' ? sql<boolean>`NOT ${has(sql`true`)}` : has(sql`true`));
      if (f.op === 'in' || f.op === 'eq' || f.op === 'ne') {
        const vals = (Array.isArray(f.value) ? f.value : [f.value]).map((v) => coerce({ ...spec, type: 'text' }, v, issues, vpath)) as string[];
        if (vals.length === 0 || vals.length > 500) return issues.add(vpath, 'give 1 to 500 values');
        const hit = has(sql<boolean>`e.external_id = ANY(${vals}::text[])`);
        return out.push(f.op === 'ne' ? sql<boolean>`NOT ${hit}` : hit);
      }
      if (f.op === 'contains') {
        const v = coerce({ ...spec, type: 'text' }, f.value, issues, vpath) as string | undefined;
        if (v !== undefined) out.push(has(sql<boolean>`lower(e.external_id) LIKE ${`%${likeEscape(v.toLowerCase())}%`}`));
        return;
      }
      return issues.add(`${path}.op`, 'external IDs take "eq", "ne", "in", "contains", "empty" or "notEmpty"');
    }
    if (f.op === 'empty' || f.op === 'notEmpty') {
      const empty =
        spec.type === 'array'
          ? sql`cardinality(${e}) = 0`
          : spec.type === 'jsonarray'
            ? sql`coalesce(jsonb_array_length(${e}), 0) = 0`
            : spec.type === 'text'
              ? sql`coalesce(${e}, '') = ''`
              : sql`${e} IS NULL`;
      out.push(f.op === 'empty' ? sql<boolean>`(${empty})` : sql<boolean>`NOT (${empty})`);
      return;
    }
    if (spec.type === 'array' || spec.type === 'jsonarray') {
      if (f.op !== 'contains' && f.op !== 'in') return issues.add(`${path}.op`, 'list fields take "contains" or "in"');
      const vals = (Array.isArray(f.value) ? f.value : [f.value]).map((v) => coerce({ ...spec, type: 'text' }, v, issues, vpath)) as string[];
      if (vals.length === 0 || vals.length > 100) return issues.add(vpath, 'give 1 to 100 values');
      const norm = f.field === 'email' ? vals.map((v) => String(v).toLowerCase()) : vals;
      if (spec.type === 'array') out.push(f.op === 'contains' ? sql<boolean>`${e} @> ${norm}::text[]` : sql<boolean>`${e} && ${norm}::text[]`);
      else out.push(f.op === 'contains' ? sql<boolean>`${e} ?& ${norm}::text[]` : sql<boolean>`${e} ?| ${norm}::text[]`);
      return;
    }
    if (f.op === 'contains') {
      if (spec.type !== 'text') return issues.add(`${path}.op`, '"contains" is for text fields');
      const v = coerce(spec, f.value, issues, vpath) as string | undefined;
      if (v === undefined) return;
      // The name column holds the folded search form; other columns are compared lower-cased as stored.
      const term = f.field === 'phone' ? v.replace(/\D/g, '') : f.field === 'name' ? searchForm(v) : v.toLowerCase().replace(/\s+/g, ' ').trim();
      out.push(sql<boolean>`lower(${e}) LIKE ${`%${likeEscape(term)}%`}`);
      return;
    }
    if (f.op === 'nextDays' || f.op === 'anniversaryNextDays') {
      if (spec.type !== 'date') return issues.add(`${path}.op`, `"${f.op}" is for date fields`);
      const n = typeof f.value === 'number' || (typeof f.value === 'string' && /^\d{1,3}$/.test(f.value)) ? Number(f.value) : Number.NaN;
      if (!(Number.isInteger(n) && n >= 0 && n <= 366)) return issues.add(vpath, 'a number of days from 0 to 366');
      // today in the actor's time zone, else the firm's, else UTC
      const today = sql`(now() AT TIME ZONE coalesce((SELECT u.timezone FROM users u WHERE u.id = ${actor.userId}),
        (SELECT s.value #>> '{}' FROM settings s WHERE s.key = 'timezone'), 'UTC'))::date`;
      out.push(
        f.op === 'nextDays'
          ? sql<boolean>`(${e} >= ${today} AND ${e} <= ${today} + ${n}::int)`
          : sql<boolean>`${monthDayKey(e)} = ANY(${monthDayKeys(today, n)})`,
      );
      return;
    }
    if (f.op === 'in') {
      if (!Array.isArray(f.value) || f.value.length === 0 || f.value.length > 500) return issues.add(vpath, 'give a list of 1 to 500 values');
      const vals = f.value.map((v) => coerce(spec, v, issues, vpath));
      out.push(sql<boolean>`${e} IN (${sql.join(vals.map((v) => typed(spec, v)))})`);
      return;
    }
    const raw = f.field === 'name' && typeof f.value === 'string' ? searchForm(f.value) : f.value;
    const v = coerce(spec, raw, issues, vpath);
    if (v === undefined) return;
    const op = COMPARE[f.op];
    // parseFilters (client-filters.ts) lets no other operator through; a filter from elsewhere is refused the same way
    if (op === undefined) return issues.add(`${path}.op`, `must be one of ${filterOps.join(', ')}`);
    out.push(f.op === 'ne' ? sql<boolean>`${e} IS DISTINCT FROM ${typed(spec, v)}` : sql<boolean>`${e} ${sql.raw(op)} ${typed(spec, v)}`);
  });
  issues.throwIfAny();
  return out;
}

export type SortPlan = { spec: FieldSpec; expr: RawBuilder<unknown>; dir: 'asc' | 'desc' };

export function sortPlan(field: string, dir: 'asc' | 'desc', fields: FieldDef[], actor: Actor): SortPlan {
  const spec = resolveField(field, fields, actor, 'sort');
  if (!spec.sortable)
    throw new AppError('VALIDATION_FAILED', `sort: cannot sort by "${field}"`, [{ field: 'sort', message: `cannot sort by "${field}"` }]);
  return { spec, expr: sql.raw(spec.sortExpr ?? spec.expr), dir };
}

export function orderBySql(p: SortPlan) {
  // Nulls count as the largest value (PostgreSQL's default), so backward index scans serve desc.
  return p.dir === 'asc' ? sql`ORDER BY ${p.expr} ASC, c.id ASC` : sql`ORDER BY ${p.expr} DESC, c.id DESC`;
}

type Cursor = { v: unknown; id: number };

export function encodeCursor(value: unknown, id: number): string {
  const v = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify({ v, id })).toString('base64url');
}

export function cursorSql(p: SortPlan, cursor: string): RawBuilder<boolean> {
  let c: Cursor;
  try {
    c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (!Number.isSafeInteger(c.id) || nulPath(c.v) !== undefined) throw new Error('bad cursor');
  } catch {
    throw new AppError('VALIDATION_FAILED', 'cursor: not a cursor from this list', [{ field: 'cursor', message: 'is not valid' }]);
  }
  const gt = sql.raw(p.dir === 'asc' ? '>' : '<');
  if (c.v === null || c.v === undefined) {
    // asc: nulls come last; desc: nulls come first, then every non-null value
    return p.dir === 'asc'
      ? sql<boolean>`(${p.expr} IS NULL AND c.id > ${c.id})`
      : sql<boolean>`((${p.expr} IS NULL AND c.id < ${c.id}) OR ${p.expr} IS NOT NULL)`;
  }
  const issues = new Issues();
  const checked = p.spec.type === 'text' ? String(c.v) : coerce(p.spec, c.v, issues, 'cursor');
  issues.throwIfAny();
  const v = p.spec.type === 'timestamp' && typeof c.v === 'string' && EXACT_TIMESTAMP.test(c.v) ? c.v : checked;
  const tv = typed(p.spec, v);
  const cmpV = p.spec.sortExpr?.includes('COLLATE') ? sql`${tv} COLLATE "C"` : tv;
  if (p.spec.notNull) return sql<boolean>`(${p.expr}, c.id) ${gt} (${cmpV}, ${c.id})`;
  const after = sql<boolean>`(${p.expr} ${gt} ${cmpV} OR (${p.expr} = ${cmpV} AND c.id ${gt} ${c.id}))`;
  return p.dir === 'asc' ? sql<boolean>`(${after} OR ${p.expr} IS NULL)` : after;
}

/** The value of the sort expression for a row, to build the next cursor. Timestamps keep their
 * microseconds (as ISO text): rounded to milliseconds, the next page would repeat or skip rows. */
export function sortValueSql(p: SortPlan) {
  if (p.spec.type === 'timestamp') return sql`to_char(${p.expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  return sql`${p.expr}`;
}

const EXACT_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,6}Z$/;

/** Search condition over the parts this actor may see (docs/security.md §3: hidden parts are left out). */
export function searchParts(actor: Actor) {
  const parts = ['c.sort_name'];
  if (!fieldHidden(actor, 'channels')) parts.push('c.contact_search');
  if (!['inn', 'ogrn', 'kpp'].some((f) => fieldHidden(actor, f))) parts.push('c.tax_search');
  // contact persons' names (and an organization's recorded person): left out when contacts are hidden
  if (!fieldHidden(actor, 'contacts')) parts.push('c.people_search');
  return parts;
}

/** The parts that hold digits (phones, tax ids). */
const digitParts = new Set(['c.contact_search', 'c.tax_search']);

export function substringSql(term: string, actor: Actor): RawBuilder<boolean> {
  const parts = searchParts(actor);
  const words = term.split(' ').filter(Boolean).slice(0, 5);
  const conds = words.map((w) => {
    const pattern = `%${likeEscape(w)}%`;
    const digits = w.replace(/[\s()+-]/g, '');
    const alts = parts.map((p) => sql`${sql.raw(p)} LIKE ${pattern}`);
    // "+7 (912) 34" typed as a phone: also compare its bare digits
    if (/^\d{3,}$/.test(digits) && digits !== w)
      alts.push(...parts.filter((p) => digitParts.has(p)).map((p) => sql`${sql.raw(p)} LIKE ${`%${digits}%`}`));
    return sql<boolean>`(${sql.join(alts, sql` OR `)})`;
  });
  return sql<boolean>`(${sql.join(conds, sql` AND `)})`;
}

export { likeEscape };

/** Names starting with the search term: a range of the name index (C collation), so it stops at a page. */
export function prefixSql(term: string): RawBuilder<boolean> {
  return sql<boolean>`(c.sort_name COLLATE "C" >= ${term} AND c.sort_name COLLATE "C" < ${`${term}\u{10FFFF}`})`;
}

/**
 * A place in a list sorted by relevance: group 1 holds names starting with the term (by name),
 * group 2 every other match (newest first), so a cursor says which group and where in it.
 */
export type RelevanceCursor = { g: 1; v: string; id: number } | { g: 2; id: number };

export function encodeRelevanceCursor(c: RelevanceCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeRelevanceCursor(cursor: string): RelevanceCursor {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as RelevanceCursor;
    if (c && Number.isSafeInteger(c.id) && (c.g === 2 || (c.g === 1 && typeof c.v === 'string' && !c.v.includes('\u0000')))) return c;
  } catch {
    // falls through to the error below
  }
  throw new AppError('VALIDATION_FAILED', 'cursor: not a cursor from this list', [{ field: 'cursor', message: 'is not valid' }]);
}
