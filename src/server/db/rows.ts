// Row types of the tables, for typing raw `sql<…>` statements from the generated schema
// (schema.ts is generated: helpers live here). Row<'sales'> is what `SELECT *` of sales returns.
import type { Selectable } from 'kysely';
import type { DB } from './schema.js';

/** A table's selected row: Generated<…> / ColumnType<…> unwrapped to what a read returns. */
export type Row<T extends keyof DB> = Selectable<DB[T]>;

/** The fields with null taken out: for columns the statement's WHERE (or an invariant of the rows read) keeps non-null. */
export type NotNull<T> = { [K in keyof T]: NonNullable<T[K]> };
