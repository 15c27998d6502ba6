import { describe, expect, it } from 'vitest';
import { dueBody, fileSize, repeatToRrule, rruleToRepeat, summaryBytes } from './model.js';

describe('records model', () => {
  it('maps the repeat choice to the RRULE subset and back', () => {
    expect(repeatToRrule('none')).toBeNull();
    expect(repeatToRrule('weekly')).toBe('FREQ=WEEKLY');
    expect(rruleToRepeat(null)).toBe('none');
    expect(rruleToRepeat('FREQ=MONTHLY')).toBe('monthly');
    expect(rruleToRepeat('RRULE:FREQ=YEARLY;INTERVAL=1')).toBe('yearly');
    expect(rruleToRepeat('FREQ=WEEKLY;BYDAY=MO,FR')).toBe('custom');
    expect(rruleToRepeat('FREQ=DAILY;COUNT=3')).toBe('custom');
  });
  it('builds the due part of a task', () => {
    const iso = (d: string, t: string) => (d && t ? `${d}T${t}:00+02:00` : null);
    expect(dueBody('none', '', '', iso)).toEqual({ ok: true, body: { dueAt: null, allDay: false, dueDate: null } });
    expect(dueBody('allDay', '2026-12-10', '', iso)).toEqual({ ok: true, body: { dueAt: null, allDay: true, dueDate: '2026-12-10' } });
    expect(dueBody('allDay', '', '', iso)).toEqual({ ok: false });
    expect(dueBody('time', '2026-12-10', '10:00', iso)).toEqual({
      ok: true,
      body: { dueAt: '2026-12-10T10:00:00+02:00', allDay: false, dueDate: null },
    });
    expect(dueBody('time', '2026-12-10', '', iso)).toEqual({ ok: false });
  });
  it('shows sizes', () => {
    const u: [string, string, string, string] = ['B', 'KB', 'MB', 'GB'];
    expect(fileSize(500, u, String)).toBe('500 B');
    expect(fileSize(1536, u, String)).toBe('1.5 KB');
    expect(fileSize(26 * 1024 * 1024, u, String)).toBe('26 MB');
    expect(summaryBytes('image/png, 1234 B')).toBe(1234);
    expect(summaryBytes('x')).toBeNull();
  });
});
