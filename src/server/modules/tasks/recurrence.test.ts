// The RRULE subset and the wall-clock arithmetic of repeating tasks (pure; docs/crm-tasks.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRRule, fromLocal, occurrenceAt, parseRRule, RRuleError, toLocal } from './recurrence.js';

const KYIV = 'Europe/Kyiv';
const series = (rule: string, first: string, tz: string, n: number) =>
  Array.from({ length: n }, (_, i) => occurrenceAt(parseRRule(rule), new Date(first), tz, i + 1)?.toISOString() ?? null);

describe('parseRRule', () => {
  it('accepts the subset and normalises it', () => {
    assert.equal(formatRRule(parseRRule('freq=weekly;byday=fr,mo;interval=2')), 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR');
    assert.equal(formatRRule(parseRRule('RRULE:FREQ=DAILY;COUNT=3')), 'FREQ=DAILY;COUNT=3');
    assert.equal(formatRRule(parseRRule('FREQ=MONTHLY;UNTIL=20270131')), 'FREQ=MONTHLY;UNTIL=20270131');
    assert.equal(formatRRule(parseRRule('FREQ=YEARLY;UNTIL=20300101T000000Z')), 'FREQ=YEARLY;UNTIL=20300101T000000Z');
  });
  it('refuses everything outside it', () => {
    for (const bad of [
      '',
      'FREQ=HOURLY',
      'INTERVAL=2',
      'FREQ=DAILY;INTERVAL=0',
      'FREQ=DAILY;INTERVAL=x',
      'FREQ=DAILY;BYDAY=MO',
      'FREQ=WEEKLY;BYDAY=1MO',
      'FREQ=WEEKLY;BYDAY=MO,MO',
      'FREQ=DAILY;COUNT=0',
      'FREQ=DAILY;COUNT=2;UNTIL=20270101',
      'FREQ=DAILY;UNTIL=20270230',
      'FREQ=DAILY;UNTIL=2027-01-01',
      'FREQ=DAILY;BYMONTHDAY=1',
      'FREQ=DAILY;FREQ=WEEKLY',
      'FREQ',
    ]) {
      assert.throws(() => parseRRule(bad), RRuleError, bad);
    }
  });
});

describe('wall clock', () => {
  it('converts both ways in a zone with DST', () => {
    assert.deepEqual(toLocal(new Date('2026-03-29T06:00:00Z'), KYIV), { y: 2026, m: 3, d: 29, h: 9, mi: 0, s: 0 });
    assert.equal(fromLocal({ y: 2026, m: 3, d: 28, h: 10, mi: 0, s: 0 }, KYIV).toISOString(), '2026-03-28T08:00:00.000Z');
    assert.equal(fromLocal({ y: 2026, m: 3, d: 29, h: 10, mi: 0, s: 0 }, KYIV).toISOString(), '2026-03-29T07:00:00.000Z');
    // 03:30 does not exist on 2026-03-29 in Kyiv (03:00 -> 04:00): moved forward by the gap
    assert.equal(fromLocal({ y: 2026, m: 3, d: 29, h: 3, mi: 30, s: 0 }, KYIV).toISOString(), '2026-03-29T01:30:00.000Z');
    // 03:30 happens twice on 2026-10-25: the first
    assert.equal(fromLocal({ y: 2026, m: 10, d: 25, h: 3, mi: 30, s: 0 }, KYIV).toISOString(), '2026-10-25T00:30:00.000Z');
  });
});

describe('occurrenceAt', () => {
  it('keeps 10:00 local across both DST changes', () => {
    assert.deepEqual(series('FREQ=DAILY', '2026-03-28T10:00:00+02:00', KYIV, 3), [
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
    assert.deepEqual(series('FREQ=WEEKLY', '2026-10-18T10:00:00+03:00', KYIV, 2), ['2026-10-18T07:00:00.000Z', '2026-10-25T08:00:00.000Z']);
  });
  it('puts the 31st on the last day of shorter months without drifting', () => {
    assert.deepEqual(series('FREQ=MONTHLY', '2027-01-31T09:00:00+02:00', KYIV, 5), [
      '2027-01-31T07:00:00.000Z',
      '2027-02-28T07:00:00.000Z',
      '2027-03-31T06:00:00.000Z',
      '2027-04-30T06:00:00.000Z',
      '2027-05-31T06:00:00.000Z',
    ]);
  });
  it('puts Feb 29 on Feb 28 in other years and back on Feb 29 in a leap year', () => {
    assert.deepEqual(series('FREQ=YEARLY', '2028-02-29T00:00:00Z', 'UTC', 5), [
      '2028-02-29T00:00:00.000Z',
      '2029-02-28T00:00:00.000Z',
      '2030-02-28T00:00:00.000Z',
      '2031-02-28T00:00:00.000Z',
      '2032-02-29T00:00:00.000Z',
    ]);
  });
  it('walks BYDAY weeks with an interval', () => {
    // 2026-12-07 is a Monday
    assert.deepEqual(series('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH', '2026-12-07T08:00:00Z', 'UTC', 5), [
      '2026-12-07T08:00:00.000Z',
      '2026-12-10T08:00:00.000Z',
      '2026-12-21T08:00:00.000Z',
      '2026-12-24T08:00:00.000Z',
      '2027-01-04T08:00:00.000Z',
    ]);
  });
  it('stops at COUNT and at UNTIL (a date includes its whole day)', () => {
    assert.deepEqual(series('FREQ=DAILY;COUNT=2', '2026-12-07T08:00:00Z', 'UTC', 3), ['2026-12-07T08:00:00.000Z', '2026-12-08T08:00:00.000Z', null]);
    assert.deepEqual(series('FREQ=DAILY;UNTIL=20261208', '2026-12-07T23:00:00Z', 'UTC', 3), [
      '2026-12-07T23:00:00.000Z',
      '2026-12-08T23:00:00.000Z',
      null,
    ]);
    assert.deepEqual(series('FREQ=DAILY;UNTIL=20261208T080000Z', '2026-12-07T08:00:00Z', 'UTC', 3), [
      '2026-12-07T08:00:00.000Z',
      '2026-12-08T08:00:00.000Z',
      null,
    ]);
  });
});
