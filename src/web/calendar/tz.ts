// Calendar arithmetic in the user's time zone (users.timezone, else the firm's), without a date
// library: days are "YYYY-MM-DD" keys, instants are Dates, and Intl converts between the two.
export type Wall = { y: number; m: number; d: number; h: number; mi: number };

const fmts = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string) {
  let f = fmts.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    fmts.set(tz, f);
  }
  return f;
}

/** The wall clock in `tz` at `at`. */
export function wallIn(at: Date, tz: string): Wall {
  const p = Object.fromEntries(
    fmt(tz)
      .formatToParts(at)
      .filter((x) => x.type !== 'literal')
      .map((x) => [x.type, Number(x.value)]),
  ) as Record<string, number>;
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour! % 24, mi: p.minute! };
}

const asUtc = (w: Wall) => Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi);

/** The instant of a wall-clock time in `tz` (a time skipped by a DST change moves forward by the gap). */
export function fromWall(w: Wall, tz: string): Date {
  const want = asUtc(w);
  let at = want - (asUtc(wallIn(new Date(want), tz)) - want);
  // a second step settles the offset when the first guess crossed a DST change
  const diff = asUtc(wallIn(new Date(at), tz)) - want;
  if (diff !== 0) {
    const other = at - diff;
    if (asUtc(wallIn(new Date(other), tz)) === want) at = other;
  }
  return new Date(at);
}

const pad = (n: number) => String(n).padStart(2, '0');
export const dayKey = (w: { y: number; m: number; d: number }) => `${w.y}-${pad(w.m)}-${pad(w.d)}`;
export const parseDay = (key: string) => {
  const [y, m, d] = key.split('-').map(Number);
  return { y: y!, m: m!, d: d! };
};
/** the day `n` days after `key` */
export function addDays(key: string, n: number): string {
  const { y, m, d } = parseDay(key);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return dayKey({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}
/** 0 = Monday … 6 = Sunday */
export const weekday = (key: string) => {
  const { y, m, d } = parseDay(key);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
};
export const dayOf = (at: Date | string, tz: string) => dayKey(wallIn(new Date(at), tz));
/** local midnight of a day */
export const startOfDay = (key: string, tz: string) => fromWall({ ...parseDay(key), h: 0, mi: 0 }, tz);
export const todayIn = (tz: string, now = new Date()) => dayOf(now, tz);

export type View = 'month' | 'week' | 'day';

/** The days a view shows around `anchor`: a month as whole weeks (Monday first), a week, a day. */
export function viewDays(view: View, anchor: string): string[] {
  if (view === 'day') return [anchor];
  let first = addDays(anchor, -weekday(anchor));
  let count = 7;
  if (view === 'month') {
    const { y, m } = parseDay(anchor);
    const start = dayKey({ y, m, d: 1 });
    first = addDays(start, -weekday(start));
    const last = addDays(dayKey({ y: m === 12 ? y + 1 : y, m: m === 12 ? 1 : m + 1, d: 1 }), -1);
    count = Math.round((Date.UTC(...ymd(last)) - Date.UTC(...ymd(first))) / 86_400_000) + 1;
    count = Math.ceil(count / 7) * 7;
  }
  return Array.from({ length: count }, (_, i) => addDays(first, i));
}
const ymd = (key: string): [number, number, number] => {
  const { y, m, d } = parseDay(key);
  return [y, m - 1, d];
};

/** The anchor of the previous (-1) or next (+1) period. */
export function shift(view: View, anchor: string, dir: 1 | -1): string {
  if (view === 'day') return addDays(anchor, dir);
  if (view === 'week') return addDays(anchor, 7 * dir);
  const { y, m } = parseDay(anchor);
  const mm = m + dir;
  return dayKey({ y: mm < 1 ? y - 1 : mm > 12 ? y + 1 : y, m: mm < 1 ? 12 : mm > 12 ? 1 : mm, d: 1 });
}

/**
 * The new start of an item dropped on `day` (and, in the day and week views, on the hour `hour`):
 * the same wall-clock time on the new day, or the slot's hour. An instant as ISO (UTC).
 */
export function movedStart(start: string, day: string, hour: number | null, tz: string): string {
  const w = wallIn(new Date(start), tz);
  const target = parseDay(day);
  return fromWall({ ...target, h: hour ?? w.h, mi: hour === null ? w.mi : 0 }, tz).toISOString();
}

/** Every IANA zone the browser knows (a short list when it cannot say). */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const all = intl.supportedValuesOf?.('timeZone') ?? ['UTC', 'Europe/Moscow', 'Europe/Kyiv', 'Europe/Chisinau', 'Europe/Bucharest', 'Europe/London'];
  // ICU still lists some zones by their old names (Europe/Kiev): offer today's (the server's PostgreSQL knows both)
  const renamed: Record<string, string> = { 'Europe/Kiev': 'Europe/Kyiv', 'Asia/Calcutta': 'Asia/Kolkata', 'Asia/Saigon': 'Asia/Ho_Chi_Minh' };
  const list = [...new Set(all.map((z) => renamed[z] ?? z))].sort();
  return list.includes('UTC') ? list : ['UTC', ...list];
}
