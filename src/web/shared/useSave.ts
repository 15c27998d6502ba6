import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api.js';

export type SaveOptions<T, M> = {
  /** the message above the form for a failure (null: none, the fields say it all); by default the error's own message */
  describe?: (e: unknown) => M | null;
  /** the refusal's messages next to the inputs, by field; by default those of a validation failure (VALIDATION_FAILED) */
  fieldErrors?: (e: ApiError, v: T) => Record<string, string> | null;
  /** a 409 (VERSION_CONFLICT) the form shows its own way (the client card's conflict panel): true when it did, and nothing else is shown */
  onConflict?: (e: ApiError) => boolean;
};

/**
 * A mutation that refreshes the given queries and keeps the server's field errors for the form.
 * `isPending` is the busy flag; `errors` (by field) and `error` (the message) are cleared when a
 * save starts, and a form may set them itself (its own checks before asking the server).
 * What follows a success (navigate, close) goes in `mutate(v, { onSuccess })`: it runs once the
 * queries are refreshed.
 */
export function useSave<T, R = unknown, M = string>(
  keys: QueryKey[] | ((v: T) => QueryKey[]),
  fn: (v: T) => Promise<R>,
  options: SaveOptions<T, M> = {},
) {
  const qc = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<M | null>(null);
  const m = useMutation({
    mutationFn: fn,
    onMutate: () => {
      setErrors({});
      setError(null);
    },
    onSuccess: (_r, v) => Promise.all((typeof keys === 'function' ? keys(v) : keys).map((k) => qc.invalidateQueries({ queryKey: k }))),
    onError: (e, v) => {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT' && options.onConflict?.(e)) return;
      const fields =
        e instanceof ApiError ? (options.fieldErrors ? options.fieldErrors(e, v) : e.code === 'VALIDATION_FAILED' ? e.fields : null) : null;
      if (fields) setErrors(fields);
      setError(options.describe ? options.describe(e) : ((e instanceof Error ? e.message : String(e)) as M));
    },
  });
  return { ...m, errors, setErrors, error, setError };
}
