import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type ClientPage, type TBonus, type THealth, type TSale, type TSaleSummary, type TTerms } from '../api.js';

export type SaleFilters = { from?: string; to?: string; status?: string; departmentId?: string; clientId?: number };

/** Sales newest first, a page at a time (nextBeforeId). */
export function useSalesPages(f: SaleFilters, limit = 50, enabled = true) {
  const p = new URLSearchParams({ limit: String(limit) });
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, String(v));
  return useInfiniteQuery({
    queryKey: ['sales', p.toString()],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) =>
      api<{ items: TSaleSummary[]; nextBeforeId: number | null }>('GET', `/api/sales?${p}${pageParam ? `&beforeId=${pageParam}` : ''}`),
    getNextPageParam: (last) => last.nextBeforeId,
    enabled,
  });
}

export const useSale = (id: number, enabled = true) =>
  useQuery({ queryKey: ['sale', id], queryFn: () => api<TSale>('GET', `/api/sales/${id}`), enabled });

export const useClientSearch = (q: string) =>
  useQuery({
    queryKey: ['client-search', q],
    queryFn: () => api<ClientPage>('GET', `/api/clients?${new URLSearchParams({ q, limit: '20', sort: 'name', dir: 'asc' })}`),
    placeholderData: (prev) => prev,
  });

export const useHealth = (id: number, enabled: boolean) =>
  useQuery({ queryKey: ['client', id, 'health'], queryFn: () => api<THealth>('GET', `/api/clients/${id}/health`), enabled });
export const useBonus = (id: number, enabled: boolean) =>
  useQuery({ queryKey: ['client', id, 'bonus'], queryFn: () => api<TBonus>('GET', `/api/clients/${id}/bonus?limit=20`), enabled });
export const useTerms = (id: number) =>
  useQuery({ queryKey: ['client', id, 'terms'], queryFn: () => api<TTerms>('GET', `/api/clients/${id}/terms`) });
