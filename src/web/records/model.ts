// Pure helpers of the client's records: the repeat choice of the task form as the RRULE subset of
// tasks/recurrence.ts, a task's due in the form's inputs, and a file size for people.

export const repeats = ['none', 'daily', 'weekly', 'monthly', 'yearly'] as const;
export type Repeat = (typeof repeats)[number];

/** The form's repeat choice -> the task's rrule (null: does not repeat). */
export function repeatToRrule(r: Repeat): string | null {
  return r === 'none' ? null : `FREQ=${r.toUpperCase()}`;
}

/**
 * A task's rrule -> the form's choice: a plain FREQ with interval 1 and nothing else is one of the
 * choices; anything richer (made through the API) is "custom" and is kept as it is.
 */
export function rruleToRepeat(rrule: string | null): Repeat | 'custom' {
  if (!rrule) return 'none';
  const parts = rrule
    .replace(/^RRULE:/i, '')
    .split(';')
    .filter((p) => p && p.toUpperCase() !== 'INTERVAL=1');
  const m = parts.length === 1 ? /^FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)$/i.exec(parts[0]!) : null;
  return m ? (m[1]!.toLowerCase() as Repeat) : 'custom';
}

/** The due part of a task as the API takes it, from the form: no due, a day (all day) or a day and time. */
export type DueMode = 'none' | 'time' | 'allDay';
export function dueBody(
  mode: DueMode,
  date: string,
  time: string,
  toIso: (date: string, time: string) => string | null,
): { ok: true; body: { dueAt: string | null; allDay: boolean; dueDate: string | null } } | { ok: false } {
  if (mode === 'none') return { ok: true, body: { dueAt: null, allDay: false, dueDate: null } };
  if (mode === 'allDay') return /^\d{4}-\d{2}-\d{2}$/.test(date) ? { ok: true, body: { dueAt: null, allDay: true, dueDate: date } } : { ok: false };
  const at = toIso(date, time);
  return at === null ? { ok: false } : { ok: true, body: { dueAt: at, allDay: false, dueDate: null } };
}

/** 1536 -> "1.5 KB" in the units given (already translated: B, KB, MB, GB). */
export function fileSize(bytes: number, units: [string, string, string, string], fmt: (n: number) => string): string {
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < 3) {
    v /= 1024;
    i++;
  }
  return `${fmt(i === 0 ? v : Math.round(v * 10) / 10)} ${units[i]}`;
}

/** The size in a timeline file's summary ("image/png, 1234 B") -> bytes, or null. */
export function summaryBytes(summary: string): number | null {
  const m = /(\d+) B$/.exec(summary);
  return m ? Number(m[1]) : null;
}
