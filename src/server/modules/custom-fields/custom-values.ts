// Validation of custom field values by type. Values are stored in clients.custom (jsonb):
// money as a decimal string (exact), dates as 'YYYY-MM-DD', multi-choice as an array.
import type { Issues } from '../../shared/errors.js';

export const fieldTypes = ['text', 'number', 'money', 'date', 'boolean', 'choice', 'multichoice', 'link'] as const;
export type FieldType = (typeof fieldTypes)[number];

export type FieldDef = {
  id: number;
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  defaultValue: unknown;
  options: string[];
  position: number;
  hidden: boolean;
  version: number;
};

const MONEY = /^-?\d{1,15}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Returns the value to store, or undefined after adding an issue. null clears the value. */
export function checkValue(def: FieldDef, value: unknown, issues: Issues, path: string): unknown {
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
    if (def.required) issues.add(path, 'is required');
    return null;
  }
  const bad = (msg: string) => {
    issues.add(path, msg);
    return undefined;
  };
  switch (def.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 10_000 ? value : bad('must be text of at most 10000 characters');
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      return bad('must be a number');
    case 'money': {
      const s = typeof value === 'number' ? String(value) : value;
      return typeof s === 'string' && MONEY.test(s.trim()) ? s.trim() : bad('must be an amount like 1234.56');
    }
    case 'date':
      return typeof value === 'string' && validDate(value) ? value : bad('must be a date YYYY-MM-DD');
    case 'boolean':
      return typeof value === 'boolean' ? value : bad('must be true or false');
    case 'choice':
      return typeof value === 'string' && def.options.includes(value) ? value : bad(`must be one of: ${def.options.join(', ')}`);
    case 'multichoice':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && def.options.includes(v))
        ? [...new Set(value as string[])]
        : bad(`must be a list of: ${def.options.join(', ')}`);
    case 'link':
      return typeof value === 'string' && /^https?:\/\/[^\s]{1,2000}$/i.test(value) ? value : bad('must be an http(s) address');
  }
}

/** The SQL cast used to filter and sort a custom field by its type. */
export function sqlCastFor(type: FieldType): 'numeric' | 'date' | 'boolean' | 'text' {
  if (type === 'number' || type === 'money') return 'numeric';
  if (type === 'date') return 'date';
  if (type === 'boolean') return 'boolean';
  return 'text';
}
