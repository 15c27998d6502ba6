// The recurrence of tasks (issue 15; docs/crm-tasks.md): an RFC 5545 RRULE subset — FREQ=DAILY|
// WEEKLY|MONTHLY|YEARLY, INTERVAL, BYDAY (weekly, MO..SU) and UNTIL (a date or a date-time) or
// COUNT — parsed, validated, and the due time of the n-th occurrence of a series computed on the
// wall clock of a time zone with Intl (no dependency, no database): 10:00 stays 10:00 across a
// DST change, a series on the 31st falls on the last day of a shorter month and comes back to the
// 31st (every occurrence is computed from the series' first due time, never from the previous
// one), Feb 29 falls on Feb 28 in a year without it. Pure: no I/O.

export type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type Until = { kind: 'date'; y: number; m: number; d: number } | { kind: 'utc'; at: Date } | { kind: 'local'; local: Local };

export type Rule = {
  freq: Freq;
  interval: number;
  /** weekdays, Monday = 0 .. Sunday = 6, sorted; empty = the weekday of the first occurrence */
  byDay: number[];
  until: Until | null;
  count: number | null;
};

/** A wall-clock date and time (month 1..12). */
export type Local = { y: number; m: number; d: number; h: number; mi: number; s: number };

export class RRuleError extends Error {}

const MAX_INTERVAL = 1000;
const MAX_COUNT = 10000;

function isValidDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Parses and validates the RRULE subset; throws RRuleError with a human message otherwise. */
export function parseRRule(text: string): Rule {
  const src = text.trim().replace(/^RRULE:/i, '');
  if (src === '') throw new RRuleError('empty rule');
  if (src.length > 500) throw new RRuleError('too long');
  const parts = new Map<string, string>();
  for (const part of src.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new RRuleError(`"${part}" is not NAME=VALUE`);
    const name = part.slice(0, eq).toUpperCase();
    const value = part.slice(eq + 1).toUpperCase();
    if (parts.has(name)) throw new RRuleError(`${name} is given twice`);
    if (!['FREQ', 'INTERVAL', 'BYDAY', 'UNTIL', 'COUNT'].includes(name))
      throw new RRuleError(`${name} is not supported (FREQ, INTERVAL, BYDAY, UNTIL, COUNT are)`);
    parts.set(name, value);
  }
  const freq = parts.get('FREQ');
  if (!freq) throw new RRuleError('FREQ is required');
  if (!['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(freq)) throw new RRuleError('FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY');
  let interval = 1;
  const iv = parts.get('INTERVAL');
  if (iv !== undefined) {
    if (!/^\d{1,4}$/.test(iv) || Number(iv) < 1 || Number(iv) > MAX_INTERVAL) throw new RRuleError(`INTERVAL must be 1..${MAX_INTERVAL}`);
    interval = Number(iv);
  }
  const byDay: number[] = [];
  const bd = parts.get('BYDAY');
  if (bd !== undefined) {
    if (freq !== 'WEEKLY') throw new RRuleError('BYDAY is supported only with FREQ=WEEKLY');
    for (const d of bd.split(',')) {
      const i = WEEKDAYS.indexOf(d as Weekday);
      if (i < 0) throw new RRuleError(`BYDAY: "${d}" is not one of MO,TU,WE,TH,FR,SA,SU`);
      if (byDay.includes(i)) throw new RRuleError(`BYDAY: ${d} is given twice`);
      byDay.push(i);
    }
    byDay.sort((a, b) => a - b);
  }
  if (parts.has('UNTIL') && parts.has('COUNT')) throw new RRuleError('UNTIL and COUNT cannot both be given');
  let count: number | null = null;
  const ct = parts.get('COUNT');
  if (ct !== undefined) {
    if (!/^\d{1,5}$/.test(ct) || Number(ct) < 1 || Number(ct) > MAX_COUNT) throw new RRuleError(`COUNT must be 1..${MAX_COUNT}`);
    count = Number(ct);
  }
  let until: Until | null = null;
  const un = parts.get('UNTIL');
  if (un !== undefined) {
    const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(un);
    if (!m) throw new RRuleError('UNTIL must be YYYYMMDD or YYYYMMDDTHHMMSS[Z]');
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!isValidDate(y, mo, d) || y < 1900 || y > 2999) throw new RRuleError('UNTIL is not a valid date');
    if (m[4] === undefined) until = { kind: 'date', y, m: mo, d };
    else {
      const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
      if (h > 23 || mi > 59 || s > 59) throw new RRuleError('UNTIL is not a valid time');
      until = m[7] === 'Z' ? { kind: 'utc', at: new Date(Date.UTC(y, mo - 1, d, h, mi, s)) } : { kind: 'local', local: { y, m: mo, d, h, mi, s } };
    }
  }
  return { freq: freq as Freq, interval, byDay, until, count };
}

/** The canonical text of a rule (what is stored): FREQ first, upper case, no defaults. */
export function formatRRule(r: Rule): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  const parts = [`FREQ=${r.freq}`];
  if (r.interval !== 1) parts.push(`INTERVAL=${r.interval}`);
  if (r.byDay.length > 0) parts.push(`BYDAY=${r.byDay.map((i) => WEEKDAYS[i]).join(',')}`);
  if (r.count !== null) parts.push(`COUNT=${r.count}`);
  if (r.until) {
    const u = r.until;
    if (u.kind === 'date') parts.push(`UNTIL=${u.y}${p2(u.m)}${p2(u.d)}`);
    else if (u.kind === 'local') parts.push(`UNTIL=${u.local.y}${p2(u.local.m)}${p2(u.local.d)}T${p2(u.local.h)}${p2(u.local.mi)}${p2(u.local.s)}`);
    else
      parts.push(
        `UNTIL=${u.at
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d{3}/, '')}`,
      );
  }
  return parts.join(';');
}

// ---------------------------------------------------------------- wall clock <-> instant (Intl)

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Whether Intl knows the time zone. */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of `tz` at the instant. */
export function toLocal(at: Date, tz: string): Local {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour! % 24, mi: p.minute!, s: p.second! };
}

const localMs = (l: Local) => Date.UTC(l.y, l.m - 1, l.d, l.h, l.mi, l.s);

/**
 * The instant the wall clock of `tz` shows `l`. A time skipped by a DST change (02:30 on a spring
 * night) is moved forward by the gap, as RFC 5545 says; a time shown twice (autumn) is its first.
 */
export function fromLocal(l: Local, tz: string): Date {
  const want = localMs(l);
  const offsetAt = (ms: number) => localMs(toLocal(new Date(ms), tz)) - ms;
  // the offsets a little before and after decide between the two candidates
  const before = offsetAt(want - 86400_000);
  const after = offsetAt(want + 86400_000);
  const candidates = [want - before, want - after].filter((ms) => offsetAt(ms) + ms === want).sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]!);
  // in a gap: the same wall-clock time with the offset from before the change, i.e. shifted by the gap
  return new Date(want - before);
}

// ---------------------------------------------------------------- occurrences

const dayNumber = (y: number, m: number, d: number) => Math.floor(Date.UTC(y, m - 1, d) / 86400_000);
const fromDayNumber = (n: number) => {
  const dt = new Date(n * 86400_000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
};
/** Monday = 0 .. Sunday = 6 (day 0 of the epoch was a Thursday). */
const weekdayOf = (dayNo: number) => (((dayNo + 3) % 7) + 7) % 7;

/** The local date of occurrence `n` (1 = the first, `start`'s own date), or null past the years 2999. */
function occurrenceDate(rule: Rule, start: Local, n: number): { y: number; m: number; d: number } | null {
  const k = n - 1;
  let date: { y: number; m: number; d: number };
  switch (rule.freq) {
    case 'DAILY':
      date = fromDayNumber(dayNumber(start.y, start.m, start.d) + k * rule.interval);
      break;
    case 'WEEKLY': {
      const startDay = dayNumber(start.y, start.m, start.d);
      if (rule.byDay.length === 0) {
        date = fromDayNumber(startDay + 7 * k * rule.interval);
        break;
      }
      // the first occurrence is the start itself; then the BYDAY days after it, week by week
      if (k === 0) {
        date = { y: start.y, m: start.m, d: start.d };
        break;
      }
      const weekStart = startDay - weekdayOf(startDay);
      let seen = 0;
      let found: number | null = null;
      for (let w = 0; found === null; w += rule.interval) {
        for (const wd of rule.byDay) {
          const day = weekStart + 7 * w + wd;
          if (day <= startDay) continue;
          if (++seen === k) {
            found = day;
            break;
          }
        }
        if (w > 60000) return null;
      }
      date = fromDayNumber(found);
      break;
    }
    case 'MONTHLY': {
      const months = start.m - 1 + k * rule.interval;
      const y = start.y + Math.floor(months / 12);
      const m = (months % 12) + 1;
      date = { y, m, d: Math.min(start.d, daysInMonth(y, m)) };
      break;
    }
    case 'YEARLY': {
      const y = start.y + k * rule.interval;
      date = { y, m: start.m, d: Math.min(start.d, daysInMonth(y, start.m)) };
      break;
    }
  }
  return date.y > 2999 ? null : date;
}

/**
 * The due time of occurrence `n` (1-based) of a series whose first occurrence is due at `first`,
 * on the wall clock of `tz`; null when the series has ended by then (COUNT, UNTIL).
 */
export function occurrenceAt(rule: Rule, first: Date, tz: string, n: number): Date | null {
  if (!Number.isInteger(n) || n < 1) return null;
  if (rule.count !== null && n > rule.count) return null;
  const start = toLocal(first, tz);
  const date = occurrenceDate(rule, start, n);
  if (!date) return null;
  const local: Local = { ...date, h: start.h, mi: start.mi, s: start.s };
  const at = fromLocal(local, tz);
  const u = rule.until;
  if (u) {
    if (u.kind === 'date' && dayNumber(date.y, date.m, date.d) > dayNumber(u.y, u.m, u.d)) return null;
    if (u.kind === 'local' && localMs(local) > localMs(u.local)) return null;
    if (u.kind === 'utc' && at.getTime() > u.at.getTime()) return null;
  }
  return at;
}
