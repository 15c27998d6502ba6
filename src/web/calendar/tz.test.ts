import { describe, expect, it } from 'vitest';
import { addDays, dayOf, fromWall, movedStart, shift, startOfDay, viewDays, wallIn, weekday } from './tz.js';

describe('calendar time zone arithmetic', () => {
  it('reads and builds wall-clock times in a zone, across DST', () => {
    expect(wallIn(new Date('2027-03-28T06:00:00Z'), 'Europe/Kyiv')).toEqual({ y: 2027, m: 3, d: 28, h: 9, mi: 0 });
    expect(fromWall({ y: 2027, m: 3, d: 28, h: 9, mi: 0 }, 'Europe/Kyiv').toISOString()).toBe('2027-03-28T06:00:00.000Z');
    expect(fromWall({ y: 2027, m: 10, d: 31, h: 9, mi: 0 }, 'Europe/Kyiv').toISOString()).toBe('2027-10-31T07:00:00.000Z');
    expect(fromWall({ y: 2026, m: 12, d: 4, h: 23, mi: 30 }, 'America/New_York').toISOString()).toBe('2026-12-05T04:30:00.000Z');
    expect(startOfDay('2026-12-05', 'UTC').toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect(dayOf('2026-12-05T04:30:00Z', 'America/New_York')).toBe('2026-12-04');
  });

  it('lays out months as whole weeks from Monday, weeks and days', () => {
    expect(weekday('2026-12-07')).toBe(0);
    const month = viewDays('month', '2026-12-15');
    expect(month[0]).toBe('2026-11-30');
    expect(month.length).toBe(35);
    expect(month.at(-1)).toBe('2027-01-03');
    expect(viewDays('week', '2026-12-05')).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    expect(viewDays('day', '2026-12-05')).toEqual(['2026-12-05']);
    expect(shift('month', '2026-12-15', 1)).toBe('2027-01-01');
    expect(shift('month', '2026-01-15', -1)).toBe('2025-12-01');
    expect(shift('week', '2026-12-05', -1)).toBe('2026-11-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('moves an item to another day at the same local time, or to a slot', () => {
    expect(movedStart('2026-12-10T08:30:00Z', '2026-12-11', null, 'UTC')).toBe('2026-12-11T08:30:00.000Z');
    // across the spring change the local time stays 10:30, so the instant moves by 23 hours
    expect(movedStart('2027-03-27T08:30:00Z', '2027-03-28', null, 'Europe/Kyiv')).toBe('2027-03-28T07:30:00.000Z');
    expect(movedStart('2026-12-10T08:30:00Z', '2026-12-10', 14, 'Europe/Kyiv')).toBe('2026-12-10T12:00:00.000Z');
  });
});
