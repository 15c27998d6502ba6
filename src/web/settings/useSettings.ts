import { useQuery } from '@tanstack/react-query';
import { api } from '../api.js';

export type Role = {
  id: number;
  key: string;
  name: string;
  isAdmin: boolean;
  builtin: boolean;
  scope: string;
  rights: Record<string, Record<string, boolean>>;
  fieldRights: Record<string, string>;
  maxDiscount?: string | null;
  version: number;
};

export const useRoles = () =>
  useQuery({ queryKey: ['roles'], queryFn: () => api<{ items: Role[]; clientFields: { field: string; hideable: boolean }[] }>('GET', '/api/roles') });
