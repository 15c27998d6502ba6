import { describe, expect, it } from 'vitest';
import { inAnHour, nextDefault, notificationHref, pickDefault, tomorrowMorning } from './model.js';

describe('my day helpers', () => {
  const now = new Date(2026, 11, 5, 16, 20);
  it('snoozes for an hour', () => {
    expect(new Date(inAnHour(now)).getTime() - now.getTime()).toBe(3_600_000);
  });
  it('snoozes until 09:00 tomorrow on the local clock', () => {
    const at = new Date(tomorrowMorning(now));
    expect([at.getFullYear(), at.getMonth(), at.getDate(), at.getHours(), at.getMinutes()]).toEqual([2026, 11, 6, 9, 0]);
    expect(tomorrowMorning(now)).toMatch(/^2026-12-06T09:00:00[+-]\d{2}:\d{2}$/);
    expect(pickDefault(now)).toEqual({ date: '2026-12-06', time: '09:00' });
  });
  it('crosses the end of a month and a year', () => {
    expect(pickDefault(new Date(2026, 11, 31, 23, 59))).toEqual({ date: '2027-01-01', time: '09:00' });
  });
  it('proposes the next task a day after the due time (or after now when it is past)', () => {
    expect(nextDefault(new Date(2026, 11, 7, 10, 30).toISOString(), now)).toEqual({ date: '2026-12-08', time: '10:30' });
    expect(nextDefault(new Date(2026, 11, 1, 10, 30).toISOString(), now)).toEqual({ date: '2026-12-06', time: '10:30' });
    expect(nextDefault(null, now)).toEqual({ date: '2026-12-06', time: '09:00' });
  });
  it('leads a notification to its client, else to My day', () => {
    expect(notificationHref('/clients/12')).toBe('/clients/12');
    expect(notificationHref(null)).toBe('/my-day');
    expect(notificationHref('https://evil.example/')).toBe('/my-day');
  });
});
