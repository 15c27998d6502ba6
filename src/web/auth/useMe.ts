import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, type Me } from '../api.js';

/** The logged-in user, or null when there is no valid session. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api<Me>('GET', '/api/auth/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
  });
}

export function useRefreshMe() {
  const qc = useQueryClient();
  return () => qc.resetQueries();
}
