// A client's history entry for reading: field names as the card labels them, values as the card
// shows them (dates, money, yes/no, channels "mobile: +7 …") in the UI language.
import type { CustomField } from '../api.js';
import { channelLabel, fieldValue } from '../format.js';
import i18n from '../i18n/index.js';

const builtin = new Set([
  'kind',
  'surname',
  'firstName',
  'patronymic',
  'birthDate',
  'position',
  'legalName',
  'inn',
  'ogrn',
  'kpp',
  'legalAddress',
  'actualAddress',
  'industry',
  'region',
  'status',
  'source',
  'importance',
  'notes',
  'tags',
  'manager',
  'channels',
  'contacts',
  'passport',
]);
const aliases: Record<string, string> = { managerId: 'manager' };

export function historyField(field: string, customFields: CustomField[] = []): string {
  if (field.startsWith('custom.')) return customFields.find((f) => f.key === field.slice(7))?.label ?? field.slice(7);
  if (field === 'displayName') return i18n.t('journal.name');
  const key = aliases[field] ?? field;
  return builtin.has(key) ? i18n.t(`client.${key}`) : field;
}

type Channel = { type?: string; label?: string; value?: string };

export function historyValue(field: string, v: unknown, customFields: CustomField[] = [], users: Map<number, string> = new Map()): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return '—';
  if (field === 'kind' && (v === 'person' || v === 'organization')) return i18n.t(`client.${v}`);
  if (field === 'managerId' && typeof v === 'number') return users.get(v) ?? String(v);
  if (field === 'birthDate') return fieldValue('date', v);
  if (field === 'channels' && Array.isArray(v)) {
    return (v as Channel[]).map((c) => `${channelLabel(c.label ?? c.type ?? '')}: ${c.value ?? ''}`).join(', ');
  }
  if (field === 'contacts' && Array.isArray(v)) {
    return (v as { name?: string; channels?: Channel[] }[])
      .map((c) => [c.name, ...(c.channels ?? []).map((ch) => ch.value)].filter(Boolean).join(' · '))
      .join('; ');
  }
  if (field.startsWith('custom.')) return fieldValue(customFields.find((f) => f.key === field.slice(7))?.type, v) || '—';
  return fieldValue(undefined, v) || '—';
}
