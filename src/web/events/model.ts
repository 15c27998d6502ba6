// Pure helpers of the events screens: a type's or result's name in the UI language, and the
// start of an event between the form's date and time inputs (the browser's local time) and the
// API's ISO string with an offset.
import type { TNames } from '../../server/modules/events/events.schemas.js';

/** The name in `lang` ("ru", "ru-RU"), else English. */
export function localName(names: TNames | undefined, lang: string): string {
  if (!names) return '';
  const l = lang.toLowerCase().split('-')[0] as keyof TNames;
  return names[l]?.trim() || names.en;
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** "2026-12-04" + "10:30" in the browser's local time -> "2026-12-04T10:30:00+02:00"; null when not a date and time. */
export function localToIso(date: string, time: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const at = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (Number.isNaN(at.getTime()) || at.getDate() !== Number(d[3])) return null;
  const off = -at.getTimezoneOffset();
  return `${date}T${pad(at.getHours())}:${pad(at.getMinutes())}:00${off >= 0 ? '+' : '-'}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}

/** An instant -> the form's local date ("2026-12-04") and time ("10:30"). */
export function isoToLocal(iso: string): { date: string; time: string } {
  const at = new Date(iso);
  return {
    date: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`,
    time: `${pad(at.getHours())}:${pad(at.getMinutes())}`,
  };
}

/** The next full hour from `now`, as the form's default start. */
export function nextHour(now = new Date()): { date: string; time: string } {
  const at = new Date(now);
  at.setMinutes(0, 0, 0);
  at.setHours(at.getHours() + 1);
  return isoToLocal(at.toISOString());
}
