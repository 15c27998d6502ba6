// The one schema of a row id, a version or an id-like cursor (docs/security.md §14): an integer that fits
// PostgreSQL's `integer` (1..2147483647), so a larger number is a 400 and never reaches SQL. Ajv's
// coercion turns the text "Infinity" into a number that its range keywords pass over: such values
// (and the Infinity JSON makes of a 400-digit number) are refused for every field by
// `infinitePath` in security.ts. Imported by the web through the modules' *.schemas.ts files.
import { Type, type IntegerOptions } from '@sinclair/typebox';

export const MAX_ID = 2147483647;

/** A row id or a version (1..2147483647). */
export const IdInt = (opts: IntegerOptions = {}) => Type.Integer({ minimum: 1, maximum: MAX_ID, ...opts });

/** A keyset cursor over ids that may start before the first row (0..2147483647). */
export const IdCursor = (opts: IntegerOptions = {}) => Type.Integer({ minimum: 0, maximum: MAX_ID, ...opts });

/** `:id` path parameters. */
export const IdParams = Type.Object({ id: IdInt() });
