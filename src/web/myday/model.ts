// Pure helpers of "My day": the snooze choices (in an hour, tomorrow morning) as instants, the
// item's key, and where a notification leads.
import { isoToLocal, localToIso } from '../events/model.js';

/** The hour "tomorrow morning" means, on the browser's clock. */
export const MORNING = '09:00';

/** `now` plus one hour, as an ISO string with the browser's offset. */
export function inAnHour(now = new Date()): string {
  const at = new Date(now.getTime() + 3_600_000);
  const l = isoToLocal(at.toISOString());
  return localToIso(l.date, l.time) ?? at.toISOString();
}

/** Tomorrow at 09:00 on the browser's clock (a day that DST shortens still gets its 09:00). */
export function tomorrowMorning(now = new Date()): string {
  const at = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0);
  const l = isoToLocal(at.toISOString());
  return localToIso(l.date, MORNING) ?? at.toISOString();
}

/** The default of "pick a date": tomorrow morning, as the form's date and time. */
export function pickDefault(now = new Date()): { date: string; time: string } {
  return isoToLocal(tomorrowMorning(now));
}

/** The next task's default due time: the same time of day, a day later (or tomorrow morning). */
export function nextDefault(dueAt: string | null, now = new Date()): { date: string; time: string } {
  if (!dueAt) return pickDefault(now);
  const due = new Date(dueAt);
  const base = due.getTime() > now.getTime() ? due : now;
  const at = new Date(base.getFullYear(), base.getMonth(), base.getDate() + 1, due.getHours(), due.getMinutes());
  return isoToLocal(at.toISOString());
}

/** Where a notification leads: its link (a client's card) when it is one of ours, else My day. */
export function notificationHref(link: string | null): string {
  return link && /^\/clients\/\d+$/.test(link) ? link : '/my-day';
}
