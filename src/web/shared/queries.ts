// Reference lists read by several features (settings, sales, reports, import, audit, clients).
import { useQuery } from '@tanstack/react-query';
import { api, type CustomField, type TUserOut } from '../api.js';

export type Department = { id: number; name: string; version: number };

export const useDepartments = () => useQuery({ queryKey: ['departments'], queryFn: () => api<{ items: Department[] }>('GET', '/api/departments') });
export const useUsers = () => useQuery({ queryKey: ['users'], queryFn: () => api<{ items: TUserOut[] }>('GET', '/api/users'), staleTime: 60_000 });
export const useCustomFields = () =>
  useQuery({ queryKey: ['custom-fields'], queryFn: () => api<{ items: CustomField[] }>('GET', '/api/custom-fields'), staleTime: 60_000 });
