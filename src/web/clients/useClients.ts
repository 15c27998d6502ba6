import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type ClientPage, type THistoryAnswer, type TClientOut } from '../api.js';

/**
 * Keyset pages of the journal. `withTotal: false` leaves the capped total out of the first page,
 * so the rows come back without waiting for a count (useClientCount fetches it alongside).
 */
export function useClientPages(q: string, sort = 'name', dir: 'asc' | 'desc' = 'asc', filters: unknown[] = [], withTotal = true) {
  const filter = filters.length ? JSON.stringify(filters) : '';
  return useInfiniteQuery({
    queryKey: ['clients', q, sort, dir, filter, withTotal],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      // A first page of 50 fills a screen with room to scroll (and answers faster); then 100 at a time.
      const p = new URLSearchParams({ sort, dir, limit: pageParam ? '100' : '50' });
      if (!withTotal) p.set('total', 'none');
      if (q) p.set('q', q);
      if (filter) p.set('filter', filter);
      if (pageParam) p.set('cursor', pageParam);
      return api<ClientPage>('GET', `/api/clients?${p}`, undefined, signal);
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (prev) => prev,
  });
}

/** The journal's capped count (the same q and filters as the pages), as its own request. */
export function useClientCount(q: string, filters: unknown[], enabled: boolean) {
  const filter = filters.length ? JSON.stringify(filters) : '';
  return useQuery({
    queryKey: ['clients-count', q, filter],
    enabled,
    queryFn: async ({ signal }) => {
      const p = new URLSearchParams({ cap: '10000' });
      if (q) p.set('q', q);
      if (filter) p.set('filter', filter);
      const r = await api<{ count: number; exact: boolean }>('GET', `/api/clients/count?${p}`, undefined, signal);
      return { value: r.count, exact: r.exact };
    },
  });
}

export const useClient = (id: number) => useQuery({ queryKey: ['client', id], queryFn: () => api<TClientOut>('GET', `/api/clients/${id}`) });
export const useHistory = (id: number) =>
  useQuery({ queryKey: ['client', id, 'history'], queryFn: () => api<THistoryAnswer>('GET', `/api/clients/${id}/history`) });

export const firstChannel = (c: TClientOut, type: string) => c.channels?.find((ch) => ch.type === type)?.value ?? '';
