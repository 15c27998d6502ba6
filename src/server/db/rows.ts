// Row types of the tables, for typing raw `sql<…>` statements from the generated schema
// (schema.ts is generated: helpers live here). Row<'sales'> is what `SELECT *` of sales returns.
import type { Selectable } from 'kysely';
import type { DB } from './schema.js';

/** A table's selected row: Generated<…> / ColumnType<…> unwrapped to what a read returns. */
export type Row<T extends keyof DB> = Selectable<DB[T]>;
