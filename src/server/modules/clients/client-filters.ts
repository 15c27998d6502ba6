// The `filter` parameter of the journal (GET /api/clients, its count and export) and of the rating
// report (GET /api/reports/rating, `clientela report rating --filter`): one parser, one set of
// rules, so a filter one of them refuses is refused by the other too. Field names and values are
// checked later, against the fields this actor may see (filterSql in client-query.ts).
import { AppError, Issues } from '../../shared/errors.js';
import { badTextPath } from '../../shared/security.js';
import { filterOps, type TFilter } from './clients.schemas.js';

const MAX_FILTERS = 50;
const MAX_FIELD = 80;
const KEYS = new Set(['field', 'op', 'value']);
const SHAPE = `must be a JSON array of at most ${MAX_FILTERS} {field, op, value}`;

/** The filters of a request, or 400 VALIDATION_FAILED naming the part that is wrong. */
export function parseFilters(text: string | undefined): TFilter[] {
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'filter: not valid JSON', [{ field: 'filter', message: SHAPE }]);
  }
  const shaped =
    Array.isArray(parsed) &&
    parsed.length <= MAX_FILTERS &&
    parsed.every((f) => f !== null && typeof f === 'object' && !Array.isArray(f) && typeof f.field === 'string' && typeof f.op === 'string');
  if (!shaped) throw new AppError('VALIDATION_FAILED', `filter: ${SHAPE}`, [{ field: 'filter', message: SHAPE }]);
  // text PostgreSQL cannot store (a NUL, a lone surrogate) cannot be compared with stored text either
  const bad = badTextPath(parsed, 'filter');
  if (bad) throw new AppError('VALIDATION_FAILED', `${bad.field}: ${bad.message}`, [bad]);
  const issues = new Issues();
  (parsed as Record<string, unknown>[]).forEach((f, i) => {
    if (!(filterOps as readonly unknown[]).includes(f.op)) issues.add(`filter.${i}.op`, `must be one of ${filterOps.join(', ')}`);
    if ((f.field as string).length > MAX_FIELD) issues.add(`filter.${i}.field`, `at most ${MAX_FIELD} characters`);
    for (const k of Object.keys(f)) if (!KEYS.has(k)) issues.add(`filter.${i}.${k}`, 'unknown key: a filter is {field, op, value}');
  });
  issues.throwIfAny();
  return parsed as TFilter[];
}
