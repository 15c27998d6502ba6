// One translator of PostgreSQL constraint errors into AppErrors: a repository or service states
// what a unique or foreign-key violation means for its feature, and everything else is rethrown.
import type { AppError } from '../shared/errors.js';

type PgError = { code?: string; constraint?: string };

export const isUniqueViolation = (e: unknown): boolean => (e as PgError | null)?.code === '23505';
export const isForeignKeyViolation = (e: unknown): boolean => (e as PgError | null)?.code === '23503';
/** the violated constraint's name, when PostgreSQL reports one */
export const violatedConstraint = (e: unknown): string | undefined => (e as PgError | null)?.constraint;

/**
 * Runs `work` and turns a unique violation into `onUnique(constraint)` and a foreign-key
 * violation into `onForeignKey(constraint)` (each returns the AppError to throw); any other
 * error passes through unchanged.
 */
export async function translatePgErrors<T>(
  work: () => Promise<T>,
  on: { unique?: (constraint: string | undefined) => AppError; foreignKey?: (constraint: string | undefined) => AppError },
): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (on.unique && isUniqueViolation(e)) throw on.unique(violatedConstraint(e));
    if (on.foreignKey && isForeignKeyViolation(e)) throw on.foreignKey(violatedConstraint(e));
    throw e;
  }
}
