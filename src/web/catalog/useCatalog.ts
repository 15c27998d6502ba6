import { useQuery } from '@tanstack/react-query';
import { api, type Currency, type Settings, type TCategory, type TPriceItem, type TPriceList, type TProduct, type TProductGroup } from '../api.js';

type Items<T> = { items: T[] };

export const useGroups = (enabled = true) =>
  useQuery({ queryKey: ['product-groups'], queryFn: () => api<Items<TProductGroup>>('GET', '/api/product-groups'), enabled, staleTime: 60_000 });

export function useProducts(q: string, groupId: number | null, opts: { active?: boolean; limit?: number; enabled?: boolean } = {}) {
  const p = new URLSearchParams({ limit: String(opts.limit ?? 200) });
  if (q) p.set('q', q);
  if (groupId) p.set('groupId', String(groupId));
  if (opts.active !== undefined) p.set('active', String(opts.active));
  return useQuery({
    queryKey: ['products', p.toString()],
    queryFn: () => api<{ items: TProduct[]; nextAfterId: number | null }>('GET', `/api/products?${p}`),
    enabled: opts.enabled ?? true,
    placeholderData: (prev) => prev,
  });
}

export const usePriceLists = (enabled = true) =>
  useQuery({
    queryKey: ['price-lists'],
    queryFn: () => api<Items<TPriceList & { items: number }>>('GET', '/api/price-lists'),
    enabled,
    staleTime: 60_000,
  });
export const usePriceItems = (id: number | null) =>
  useQuery({
    queryKey: ['price-lists', id, 'items'],
    queryFn: () => api<Items<TPriceItem>>('GET', `/api/price-lists/${id}/items`),
    enabled: id !== null,
  });
export const useCategories = (enabled = true) =>
  useQuery({ queryKey: ['client-categories'], queryFn: () => api<Items<TCategory>>('GET', '/api/client-categories'), enabled, staleTime: 60_000 });
export const useFirmSettings = () => useQuery({ queryKey: ['settings'], queryFn: () => api<Settings>('GET', '/api/settings'), staleTime: 60_000 });
export const useCurrencies = () => useQuery({ queryKey: ['currencies'], queryFn: () => api<Items<Currency>>('GET', '/api/currencies') });
