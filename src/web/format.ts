// Dates, numbers and currency names for people, in the current UI language (i18n.language) — the
// one place the web formats them, so a Russian screen says 03.12.2026 and "2 250,00 ₽" everywhere.
// Money itself is formatted exactly by money.ts (formatMoney); `money()` here only supplies the
// language.
import i18n from './i18n/index.js';
import { formatMoney, type E4 } from './money.js';

const lang = (l?: string) => l ?? i18n.language ?? 'en';
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.DisplayNames>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.DisplayNames>(id: string, make: () => T): T {
  let f = cache.get(id) as T | undefined;
  if (!f) cache.set(id, (f = make()));
  return f;
}

/** "2026-12-03" is a calendar day (no time zone shift); anything else is an instant. */
function toDate(value: string | Date): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** 03.12.2026 (ru, uk, ro), 12/03/2026 (en). A value that is not a date is shown as it is. */
export function formatDate(value: string | Date | null | undefined, l?: string): string {
  if (value === null || value === undefined || value === '') return '';
  const d = toDate(value);
  if (!d) return String(value);
  return cached(`d|${lang(l)}`, () => new Intl.DateTimeFormat(lang(l), { day: '2-digit', month: '2-digit', year: 'numeric' })).format(d);
}

/** 03.12.2026, 09:05 (ru), 12/03/2026, 09:05 AM (en). */
export function formatDateTime(value: string | Date | null | undefined, l?: string): string {
  if (value === null || value === undefined || value === '') return '';
  const d = toDate(value);
  if (!d) return String(value);
  return cached(
    `dt|${lang(l)}`,
    () => new Intl.DateTimeFormat(lang(l), { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
  ).format(d);
}

/** 12 345 (ru), 12,345 (en), 12.345 (ro). */
export function formatNumber(value: number | bigint | null | undefined, l?: string): string {
  if (value === null || value === undefined) return '';
  return cached(`n|${lang(l)}`, () => new Intl.NumberFormat(lang(l), { maximumFractionDigits: 3 })).format(value);
}

/** Money in the current language: see formatMoney. */
export function money(value: string | E4 | null | undefined, currency?: string, exact = false, l?: string): string {
  return formatMoney(value, lang(l), currency, exact);
}

/**
 * A currency's name for people: "российский рубль" for RUB in Russian, "leu românesc" for RON in
 * Romanian (Intl.DisplayNames). In English, and for a code Intl does not know, the name the firm
 * gave it (`stored`, the currency list's own name).
 */
export function currencyName(code: string, stored?: string, l?: string): string {
  const lg = lang(l);
  if (stored && lg.startsWith('en')) return stored;
  try {
    const name = cached(`c|${lg}`, () => new Intl.DisplayNames([lg], { type: 'currency', fallback: 'none' })).of(code.toUpperCase());
    return name ?? stored ?? code;
  } catch {
    return stored ?? code;
  }
}

/**
 * A client field's value for reading, by the field's type: dates as dates, money as money, yes/no
 * in words, lists joined. Built-in date fields (birthDate, createdAt) pass type 'date'.
 */
export function fieldValue(type: string | undefined, v: unknown, l?: string): string {
  if (v === null || v === undefined || v === '') return '';
  if (Array.isArray(v)) return v.map((x) => fieldValue(type === 'multichoice' ? 'text' : type, x, l)).join(', ');
  if (type === 'boolean' || typeof v === 'boolean') return i18n.t(v === true || v === 'true' ? 'common.yes' : 'common.no', { lng: lang(l) });
  if (type === 'date' && typeof v === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v, l) : formatDateTime(v, l);
  if (type === 'money' && (typeof v === 'string' || typeof v === 'number')) return money(String(v), undefined, true, l);
  if (type === 'number' && typeof v === 'number') return formatNumber(v, l);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const channelLabels = new Set(['mobile', 'work', 'home', 'fax', 'cell', 'phone', 'email', 'messenger', 'link', 'website']);

/** A contact channel's label ("mobile", "work") or type ("email") in the UI language; a label someone typed stays as typed. */
export function channelLabel(label: string, l?: string): string {
  const k = label.toLowerCase();
  return channelLabels.has(k) ? i18n.t(`client.channelLabels.${k}`, { lng: lang(l) }) : label;
}

/** A built-in role by its key ("admin", "manager") in the UI language; a role the firm made keeps its own name. */
export function roleName(role: { key: string; name: string; builtin?: boolean }, l?: string): string {
  // the names the server seeds (src/server/modules/access/rights.ts); a built-in role renamed by the firm keeps its new name
  const seeded: Record<string, string> = { admin: 'Administrator', senior: 'Senior manager', manager: 'Manager', readonly: 'Read-only' };
  return seeded[role.key] === role.name && role.builtin !== false ? i18n.t(`roles.${role.key}`, { lng: lang(l) }) : role.name;
}
