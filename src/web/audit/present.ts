// One audit or history entry as lines of text a person reads: field labels instead of internal
// names, the names behind ids, custom fields by their label, no-op changes left out. Every entry
// kind renders, whatever shape its `changes` has (a pair per field, plain values, an import job
// number, nothing at all).
import type { TFunction } from 'i18next';
import { pairedActions, referenceKeys, type TAuditNames } from '../../server/modules/audit/audit.schemas.js';

export type Names = TAuditNames;
export type Line = { field: string; label: string; text: string };
export type Shown = { title: string; lines: Line[]; note: string | null };

const emptyNames: Names = { users: {}, categories: {}, priceLists: {}, departments: {}, fields: {} };
const isPair = (v: unknown): v is [unknown, unknown] => Array.isArray(v) && v.length === 2;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const MAX = 300;

export function fieldLabel(field: string, names: Names, t: TFunction): string {
  if (field.startsWith('custom.')) return names.fields?.[field] ?? field.slice(7);
  const own = t(`history.fields.${field}`, { defaultValue: '' });
  if (own) return own;
  const card = t(`client.${field}`, { defaultValue: '' });
  return typeof card === 'string' && card ? card : field;
}

export function showValue(field: string, v: unknown, names: Names, t: TFunction, depth = 0): string {
  if (v === null || v === undefined || v === '') return '—';
  const ref = referenceKeys[field];
  if (ref && (typeof v === 'number' || typeof v === 'string')) return names[ref]?.[String(v)] ?? `#${v}`;
  if (typeof v === 'boolean') return t(v ? 'history.yes' : 'history.no');
  if (typeof v !== 'object') return String(v);
  if (depth > 3) return '…';
  let text: string;
  if (Array.isArray(v)) {
    text =
      v.length === 0
        ? '—'
        : v
            .map((x) => {
              if (x && typeof x === 'object' && !Array.isArray(x)) {
                const o = x as Record<string, unknown>;
                if (typeof o.value === 'string') return o.label ? `${o.value} (${String(o.label)})` : o.value; // a channel
                if (typeof o.name === 'string') return o.position ? `${o.name}, ${String(o.position)}` : o.name; // a contact person
              }
              return showValue(field, x, names, t, depth + 1);
            })
            .join(', ');
  } else {
    const parts = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null && x !== undefined && x !== '');
    text = parts.length === 0 ? '—' : parts.map(([k, x]) => `${fieldLabel(k, names, t)}: ${showValue(k, x, names, t, depth + 1)}`).join(', ');
  }
  return text.length > MAX ? `${text.slice(0, MAX)}…` : text;
}

/** An entry of the card's history or the audit trail, ready to show. */
export function presentEntry(e: { action: string; changes: unknown }, names: Names | undefined, t: TFunction): Shown {
  const n = names ?? emptyNames;
  const title = t(`history.${e.action}`, { defaultValue: e.action });
  const lines: Line[] = [];
  let note: string | null = null;
  const ch = e.changes;
  if (ch === null || ch === undefined) return { title, lines, note };
  if (typeof ch !== 'object' || Array.isArray(ch)) return { title, lines: [{ field: '', label: '', text: showValue('', ch, n, t) }], note };
  const paired = pairedActions.includes(e.action);
  for (const [field, v] of Object.entries(ch as Record<string, unknown>)) {
    if (field === 'importJob' && (typeof v === 'number' || typeof v === 'string')) {
      note = t('history.byImport', { id: v });
      continue;
    }
    if (paired && isPair(v)) {
      if (same(v[0], v[1])) continue;
      lines.push({ field, label: fieldLabel(field, n, t), text: `${showValue(field, v[0], n, t)} → ${showValue(field, v[1], n, t)}` });
    } else {
      lines.push({ field, label: fieldLabel(field, n, t), text: showValue(field, v, n, t) });
    }
  }
  return { title, lines, note };
}
