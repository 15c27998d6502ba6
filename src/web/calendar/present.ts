// How the calendar writes times and days in the UI language: times in the user's zone, days (keys
// "YYYY-MM-DD") as they are.
import { parseDay, type View } from './tz.js';

const cache = new Map<string, Intl.DateTimeFormat>();
function f(lang: string, tz: string, o: Intl.DateTimeFormatOptions) {
  const id = `${lang}|${tz}|${JSON.stringify(o)}`;
  let x = cache.get(id);
  if (!x) cache.set(id, (x = new Intl.DateTimeFormat(lang, { ...o, timeZone: tz })));
  return x;
}
const utcDay = (key: string) => {
  const { y, m, d } = parseDay(key);
  return new Date(Date.UTC(y, m - 1, d, 12));
};

/** 9:30 AM (en), 09:30 (ru) */
export const timeOf = (iso: string, lang: string, tz: string) => f(lang, tz, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
/** "Mon 7 Dec" */
export const dayLabel = (key: string, lang: string) => f(lang, 'UTC', { weekday: 'short', day: 'numeric', month: 'short' }).format(utcDay(key));
/** "Monday, 7 December 2026" */
export const longDay = (key: string, lang: string) =>
  f(lang, 'UTC', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(utcDay(key));
/** "Mon" … "Sun", Monday first */
export const weekdayNames = (lang: string) =>
  Array.from({ length: 7 }, (_, i) => f(lang, 'UTC', { weekday: 'short' }).format(new Date(Date.UTC(2026, 10, 30 + i, 12))));
/** the title of the period: "December 2026", "30 Nov – 6 Dec 2026", the day */
export function periodLabel(view: View, days: string[], anchor: string, lang: string): string {
  if (view === 'day') return longDay(anchor, lang);
  if (view === 'month') return f(lang, 'UTC', { month: 'long', year: 'numeric' }).format(utcDay(anchor));
  const o: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
  return f(lang, 'UTC', o).formatRange(utcDay(days[0]!), utcDay(days.at(-1)!));
}
