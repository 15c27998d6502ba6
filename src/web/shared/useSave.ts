import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api.js';

/**
 * A mutation that refreshes the given queries and keeps the server's field errors for the form.
 * `describe` turns an error into the message shown above the form (null: none, the fields say
 * it all); by default the server's message.
 */
export function useSave<T>(keys: string[][], fn: (v: T) => Promise<unknown>, describe?: (e: unknown) => string | null) {
  const qc = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const m = useMutation({
    mutationFn: fn,
    onMutate: () => {
      setErrors({});
      setError(null);
    },
    onSuccess: () => Promise.all(keys.map((k) => qc.invalidateQueries({ queryKey: k }))),
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') setErrors(e.fields);
      setError(describe ? describe(e) : e instanceof Error ? e.message : String(e));
    },
  });
  return { ...m, errors, error };
}
