// A small iCalendar (RFC 5545) writer for the calendar feed (docs/crm-calendar-feed.md): content
// lines joined by CRLF and folded at 75 octets without splitting a UTF-8 character, TEXT escaping,
// local times with TZID, and a VTIMEZONE built from the zone's real transitions (computed with Intl
// for the years the feed covers), so that Outlook and others place events at the right hour.
// Dependency-free on purpose: ical-generator 11 needs Node 22 and the feed needs little.

const CRLF = '\r\n';

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, line breaks; control characters dropped. */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');
}

/** A parameter value (RFC 5545 §3.2): quoted when it holds `:`, `;` or `,`; quotes cannot occur in one. */
export function paramValue(s: string): string {
  const clean = s.replace(/["\u0000-\u001f\u007f]/g, '');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** One content line folded (RFC 5545 §3.1): at most 75 octets a line, continuation lines begin with a space; a character is never split. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) return line;
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > limit) {
      out.push(cur);
      cur = ' ';
      bytes = 1;
      limit = 75;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join(CRLF);
}

/** Content lines to the calendar's text: every line folded and ended by CRLF. */
export function serialize(lines: string[]): string {
  return lines.map((l) => foldLine(l) + CRLF).join('');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A UTC DATE-TIME (20261204T181500Z). */
export function utcStamp(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Whether Intl knows the zone. */
export function validZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

type Wall = { y: number; mo: number; d: number; h: number; mi: number; s: number };

/** The wall-clock time of an instant in `tz`. */
export function wallTime(tz: string, ms: number): Wall {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour! % 24, mi: p.minute!, s: p.second! };
}

/** The zone's offset from UTC at an instant, in minutes (east positive). */
export function offsetMinutes(tz: string, ms: number): number {
  const w = wallTime(tz, ms);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

const wallStamp = (w: Wall) => `${w.y}${pad(w.mo)}${pad(w.d)}T${pad(w.h)}${pad(w.mi)}${pad(w.s)}`;

/** A local DATE-TIME in `tz` (no zone letter: goes with ;TZID=). */
export const localStamp = (tz: string, d: Date) => wallStamp(wallTime(tz, d.getTime()));

/** A DATE (20261204): the day of the instant on the wall clock of `tz`. */
export function localDate(tz: string, d: Date): string {
  const w = wallTime(tz, d.getTime());
  return `${w.y}${pad(w.mo)}${pad(w.d)}`;
}

/** The DATE after a DATE (20261231 -> 20270101). */
export function nextDate(date: string): string {
  const t = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)) + 1));
  return `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}`;
}

const utcOffset = (min: number) => `${min < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(min) / 60))}${pad(Math.abs(min) % 60)}`;

export type Transition = { at: number; from: number; to: number };

/** The instants in [fromMs, toMs) at which the zone's offset changes, to the minute. */
export function transitions(tz: string, fromMs: number, toMs: number): Transition[] {
  const out: Transition[] = [];
  const step = 24 * 3600_000;
  let prevAt = fromMs;
  let prev = offsetMinutes(tz, prevAt);
  for (let at = fromMs + step; at < toMs + step; at += step) {
    const off = offsetMinutes(tz, at);
    if (off !== prev) {
      // the first minute with the new offset, by bisection between the two days
      let lo = prevAt;
      let hi = at;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (offsetMinutes(tz, mid) === prev) lo = mid;
        else hi = mid;
      }
      if (hi < toMs) out.push({ at: hi, from: prev, to: offsetMinutes(tz, hi) });
      prev = off;
    }
    prevAt = at;
  }
  return out;
}

type Observance = { kind: 'STANDARD' | 'DAYLIGHT'; from: number; to: number; wall: Wall; at: number };

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** The yearly rule of a transition's local time ("last Sunday of March"): BYMONTH and BYDAY, or undefined when none fits. */
function yearlyRule(w: Wall): { key: string; rule: string } | undefined {
  const wd = new Date(Date.UTC(w.y, w.mo - 1, w.d)).getUTCDay();
  const daysInMonth = new Date(Date.UTC(w.y, w.mo, 0)).getUTCDate();
  const nth = w.d + 7 > daysInMonth ? -1 : Math.ceil(w.d / 7);
  if (nth > 4) return undefined;
  const time = `${pad(w.h)}${pad(w.mi)}${pad(w.s)}`;
  return { key: `${w.mo}/${nth}/${wd}/${time}`, rule: `FREQ=YEARLY;BYMONTH=${w.mo};BYDAY=${nth}${WEEKDAYS[wd]}` };
}

/**
 * The VTIMEZONE of `tz` valid over [fromMs, toMs): one STANDARD/DAYLIGHT component per kind with a
 * yearly RRULE when the zone's transitions in the period follow one (what Outlook reads best),
 * otherwise one component per transition; a zone without transitions gets one STANDARD.
 */
export function vtimezone(tz: string, fromMs: number, toMs: number): string[] {
  const list = transitions(tz, fromMs, toMs);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tz}`];
  if (list.length === 0) {
    const off = offsetMinutes(tz, fromMs);
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${utcOffset(off)}`, `TZOFFSETTO:${utcOffset(off)}`, 'END:STANDARD');
    return [...lines, 'END:VTIMEZONE'];
  }
  const obs: Observance[] = list.map((t) => ({
    kind: t.to > t.from ? 'DAYLIGHT' : 'STANDARD',
    from: t.from,
    to: t.to,
    // DTSTART of an observance is the local time before the change (RFC 5545 §3.6.5)
    wall: wallTime('UTC', t.at + t.from * 60_000),
    at: t.at,
  }));
  const component = (o: Observance, rule?: string) => [
    `BEGIN:${o.kind}`,
    `DTSTART:${wallStamp(o.wall)}`,
    ...(rule ? [`RRULE:${rule}`] : []),
    `TZOFFSETFROM:${utcOffset(o.from)}`,
    `TZOFFSETTO:${utcOffset(o.to)}`,
    `END:${o.kind}`,
  ];
  // A yearly rule per kind when every transition of the kind has the same offsets and rule, the
  // kinds alternate, and no year is missing (a zone that stopped or started DST keeps the list).
  const byKind = new Map<string, Observance[]>();
  for (const o of obs) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
  const ruled: string[] = [];
  let regular = byKind.size === 2;
  if (regular) {
    for (const group of byKind.values()) {
      const rules = group.map((o) => yearlyRule(o.wall));
      const first = rules[0];
      const same =
        first !== undefined &&
        rules.every((r) => r?.key === first.key) &&
        group.every((o, i) => o.from === group[0]!.from && o.to === group[0]!.to && (i === 0 || o.wall.y === group[i - 1]!.wall.y + 1));
      if (!same) {
        regular = false;
        break;
      }
      ruled.push(...component(group[0]!, first.rule));
    }
  }
  lines.push(...(regular ? ruled : obs.flatMap((o) => component(o))));
  return [...lines, 'END:VTIMEZONE'];
}
