import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
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

/**
 * Keeps the screen in step with the user's role: the role is read again at every navigation,
 * and when an administrator has changed it (rights, scope, field rights) every other query is
 * refetched, so hidden fields leave the journal and the card at the next click.
 */
export function useFollowRole(me: Me | null | undefined, pathname: string) {
  const qc = useQueryClient();
  const loggedIn = !!me;
  useEffect(() => {
    if (loggedIn) void qc.invalidateQueries({ queryKey: ['me'] });
  }, [pathname]);
  const role = me ? JSON.stringify(me.role) : null;
  const previous = useRef(role);
  useEffect(() => {
    if (previous.current && role && previous.current !== role) void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    previous.current = role;
  }, [role, qc]);
}
