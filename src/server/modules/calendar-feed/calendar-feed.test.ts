// The calendar feed through HTTP on a real database (docs/crm-calendar-feed.md): feeds made,
// listed and revoked by their owner, the token stored only hashed, the public /ical/<token>.ics
// parsed by two independent iCalendar parsers (ical.js and Python's icalendar), times in
// Europe/Kyiv across a DST change, the record scope of the feed's user, and every kind of bad
// token answered 404.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import ICAL from 'ical.js';
import { sql } from 'kysely';
import { sha256 } from '../auth/auth.service.js';
import { insertTask } from '../tasks/tasks.service.js';
import { isAppRoute } from '../../web.js';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';
import { escapeText, foldLine, offsetMinutes, serialize, transitions, vtimezone } from './ical.js';
import { tokenMatches } from './calendar-feed.service.js';

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const DAY = 24 * 3600_000;

let t: TestApp;
let admin: ApiClient;
let anna: ApiClient; // manager, own scope, Europe/Kyiv
let boris: ApiClient; // manager, own scope
let call: number;
let meeting: number;
let annaClient: number;
let borisClient: number;

/** The next last Sunday of March after `after` (the EU's spring DST change), as y-m-d. */
function nextSpringChange(after: Date): { y: number; m: number; d: number } {
  for (let y = after.getUTCFullYear(); ; y++) {
    const last = new Date(Date.UTC(y, 2, 31));
    const d = 31 - last.getUTCDay();
    if (Date.UTC(y, 2, d) > after.getTime() + 2 * DAY) return { y, m: 3, d };
  }
}

const ymd = (p: { y: number; m: number; d: number }, days: number, time: string, offset: string) => {
  const x = new Date(Date.UTC(p.y, p.m - 1, p.d + days));
  return `${x.toISOString().slice(0, 10)}T${time}${offset}`;
};

async function newFeed(c: ApiClient) {
  const r = await c.post('/api/calendar-feeds');
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { id: number; token: string; path: string; url: string };
}

const fetchFeed = (path: string) => t.app.inject({ method: 'GET', url: path });

type Parsed = { uid: string; summary: string; description: string | null; start: string; end: string | null; status: string; allDay: boolean };

/** The feed parsed with ical.js: its VTIMEZONEs registered, every VEVENT's times as UTC instants. */
function parseWithIcalJs(text: string): Parsed[] {
  const comp = new ICAL.Component(ICAL.parse(text));
  for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return comp.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    const end = v.getFirstPropertyValue('dtend') as ICAL.Time | null;
    return {
      uid: e.uid,
      summary: e.summary,
      description: (v.getFirstPropertyValue('description') as string | null) ?? null,
      start: e.startDate.isDate ? e.startDate.toString() : e.startDate.toJSDate().toISOString(),
      end: end ? (end.isDate ? end.toString() : end.toJSDate().toISOString()) : null,
      status: String(v.getFirstPropertyValue('status')),
      allDay: e.startDate.isDate,
    };
  });
}

/** The feed parsed with Python's icalendar: times resolved through the feed's own VTIMEZONE (to_tz). */
function parseWithPython(text: string): { uid: string; summary: string; start: string; end: string | null; tzid: string | null }[] {
  const script = `
import json, sys, datetime
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.buffer.read())
zones = {str(z['TZID']): z.to_tz() for z in cal.walk('VTIMEZONE')}
def instant(prop):
    if prop is None: return None
    dt = prop.dt
    if not isinstance(dt, datetime.datetime): return dt.isoformat()
    tzid = prop.params.get('TZID')
    local = dt.replace(tzinfo=None)
    return zones[tzid].localize(local).astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.000Z')
out = []
for e in cal.walk('VEVENT'):
    out.append({'uid': str(e['UID']), 'summary': str(e['SUMMARY']), 'start': instant(e.get('DTSTART')),
                'end': instant(e.get('DTEND')), 'tzid': e['DTSTART'].params.get('TZID')})
print(json.dumps(out))
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script], { input: text, encoding: 'utf8' }));
}

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  anna = await t.user('manager');
  boris = await t.user('manager');
  const types = (await admin.get('/api/event-types')).body.items as { id: number; key: string }[];
  call = types.find((x) => x.key === 'call')!.id;
  meeting = types.find((x) => x.key === 'meeting')!.id;
  annaClient = (await anna.post('/api/clients', person('Annaclient', { channels: [{ type: 'phone', value: '+380 44 555-12-34' }] }))).body.client.id;
  borisClient = (await boris.post('/api/clients', person('Borisclient'))).body.client.id;
  await sql`UPDATE users SET timezone = 'Europe/Kyiv', locale = 'uk' WHERE id = ${anna.userId}`.execute(t.db);
});
after(async () => t.close());

describe('calendar feeds: made, listed and revoked by their owner', () => {
  it('answers the token once and stores only its SHA-256', async () => {
    const f = await newFeed(anna);
    assert.match(f.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(f.token, 'base64url').length, 32);
    assert.equal(f.path, `/ical/${f.token}.ics`);
    assert.ok(f.url.endsWith(f.path), f.url);
    const rows = await sql<Record<string, unknown>>`SELECT * FROM calendar_feeds WHERE user_id = ${anna.userId}`.execute(t.db);
    const row = rows.rows.find((r) => Number(r.id) === f.id)!;
    assert.equal(row.tokenHash, sha256(f.token));
    assert.ok(!JSON.stringify(rows.rows).includes(f.token), 'the token itself is stored nowhere');
    const list = await anna.get('/api/calendar-feeds');
    assert.equal(list.status, 200);
    const mine = list.body.items.find((x: { id: number }) => x.id === f.id);
    assert.deepEqual(Object.keys(mine).sort(), ['createdAt', 'id', 'lastUsedAt', 'revokedAt']);
    assert.ok(!JSON.stringify(list.body).includes(f.token));
    // another user's list does not show it
    assert.ok(!(await boris.get('/api/calendar-feeds')).body.items.some((x: { id: number }) => x.id === f.id));
    const audit = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'calendar_feed.created' AND entity_id = ${String(f.id)}`.execute(t.db);
    assert.equal(audit.rows[0]!.n, 1);
  });

  it('records the last use, and revokes: mine only, then 404 for the address', async () => {
    const f = await newFeed(anna);
    assert.equal((await fetchFeed(f.path)).statusCode, 200);
    const used = (await anna.get('/api/calendar-feeds')).body.items.find((x: { id: number }) => x.id === f.id);
    assert.ok(used.lastUsedAt !== null);
    assert.equal((await boris.del(`/api/calendar-feeds/${f.id}`)).status, 404);
    const again = await fetchFeed(f.path);
    assert.equal(again.statusCode, 200, "another user's revoke changed nothing");
    // an unchanged feed answers 304 to its ETag; a changed one the new text
    const etag = String(again.headers.etag);
    assert.match(etag, /^"[0-9a-f]{32}"$/);
    const same = await t.app.inject({ method: 'GET', url: f.path, headers: { 'if-none-match': etag } });
    assert.equal(same.statusCode, 304);
    assert.equal(same.body, '');
    await anna.post('/api/events', { typeId: call, subject: 'New one', startsAt: new Date(Date.now() + DAY).toISOString() });
    const changed = await t.app.inject({ method: 'GET', url: f.path, headers: { 'if-none-match': etag } });
    assert.equal(changed.statusCode, 200);
    assert.ok(changed.body.includes('SUMMARY:Дзвінок: New one'));
    const r = await anna.del(`/api/calendar-feeds/${f.id}`);
    assert.equal(r.status, 200);
    assert.ok(r.body.revokedAt !== null);
    const gone = await fetchFeed(f.path);
    assert.equal(gone.statusCode, 404);
    assert.equal(JSON.parse(gone.body).error.code, 'NOT_FOUND');
    assert.equal((await anna.del(`/api/calendar-feeds/${f.id}`)).status, 200, 'revoking again changes nothing');
    assert.equal((await anna.del('/api/calendar-feeds/2147483647')).status, 404);
  });

  it('needs a login to manage feeds', async () => {
    assert.equal((await t.anonymous.post('/api/calendar-feeds')).status, 401);
    assert.equal((await t.anonymous.get('/api/calendar-feeds')).status, 401);
  });
});

describe('the feed (/ical/<token>.ics)', () => {
  let text: string;
  let spring: { y: number; m: number; d: number };
  const ids: Record<string, { uid: string; startsAt: string }> = {};

  before(async () => {
    spring = nextSpringChange(new Date());
    const ev = async (c: ApiClient, key: string, body: Record<string, unknown>) => {
      const r = await c.post('/api/events', body);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      ids[key] = { uid: r.body.uid, startsAt: r.body.startsAt };
      return r.body;
    };
    // Saturday before the spring change (EET, +02:00) and the Monday after (EEST, +03:00)
    await ev(anna, 'winter', {
      typeId: call,
      subject: 'Before; the change, with \\ commas',
      clientId: annaClient,
      startsAt: ymd(spring, -1, '10:00:00', '+02:00'),
      durationMin: 30,
      notes: 'line one\nline two',
    });
    await ev(anna, 'summer', { typeId: meeting, subject: 'After the change', startsAt: ymd(spring, 1, '10:00:00', '+03:00'), durationMin: 90 });
    const cancelled = await ev(anna, 'cancelled', { typeId: call, subject: 'Called off', startsAt: ymd(spring, 2, '09:00:00', '+03:00') });
    assert.equal((await anna.patch(`/api/events/${cancelled.id}`, { version: cancelled.version, status: 'cancelled' })).status, 200);
    await ev(anna, 'long', {
      typeId: call,
      subject: 'Довга назва зустрічі з клієнтом 🙂 — щоб рядок обов’язково перенісся на кілька рядків 🙂🙂🙂',
      startsAt: ymd(spring, 3, '12:00:00', '+03:00'),
    });
    // outside the window: 100 days back, 400 days ahead
    await ev(anna, 'old', { typeId: call, subject: 'Too old', startsAt: new Date(Date.now() - 100 * DAY).toISOString() });
    await ev(anna, 'far', { typeId: call, subject: 'Too far', startsAt: new Date(Date.now() + 400 * DAY).toISOString() });
    // Boris's own events with his client; one of them has Anna as a participant
    await ev(boris, 'borisOwn', { typeId: call, subject: 'Boris alone', clientId: borisClient, startsAt: ymd(spring, 1, '11:00:00', '+03:00') });
    await ev(boris, 'joint', {
      typeId: meeting,
      subject: 'Joint visit',
      clientId: borisClient,
      participantIds: [anna.userId],
      startsAt: ymd(spring, 1, '15:00:00', '+03:00'),
    });
    // tasks: open timed, done all-day, cancelled, without a due time, Boris's
    const task = (assigneeId: number, title: string, dueAt: string | null, allDay = false) =>
      insertTask(
        t.db,
        {
          title,
          notes: '',
          assigneeId,
          clientId: null,
          contactPerson: null,
          saleId: null,
          contractId: null,
          typeId: null,
          dueAt,
          allDay,
          priority: 'normal',
          rrule: null,
          remindBeforeMin: null,
        },
        assigneeId,
      );
    await task(anna.userId, 'Send the offer', ymd(spring, 1, '16:30:00', '+03:00'));
    const done = await task(anna.userId, 'Prepare papers', ymd(spring, -1, '00:00:00', '+02:00'), true);
    await sql`UPDATE tasks SET status = 'done', done_at = now() WHERE id = ${done}`.execute(t.db);
    const dropped = await task(anna.userId, 'Dropped task', ymd(spring, 1, '12:00:00', '+03:00'));
    await sql`UPDATE tasks SET status = 'cancelled' WHERE id = ${dropped}`.execute(t.db);
    await task(anna.userId, 'Someday', null);
    await task(boris.userId, 'Boris task', ymd(spring, 1, '12:00:00', '+03:00'));
    const r = await fetchFeed((await newFeed(anna)).path);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'text/calendar; charset=utf-8');
    text = r.body;
  });

  it('is RFC 5545 text: CRLF lines of at most 75 octets, a VTIMEZONE of the user’s zone', () => {
    assert.ok(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'));
    assert.ok(text.endsWith('END:VCALENDAR\r\n'));
    assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
    const lines = text.split('\r\n');
    for (const l of lines) assert.ok(Buffer.byteLength(l) <= 75, `too long: ${l}`);
    assert.ok(
      lines.some((l) => l.startsWith(' ')),
      'the long summary was folded',
    );
    assert.ok(!text.includes('\uFFFD'));
    assert.match(text, /BEGIN:VTIMEZONE\r\nTZID:Europe\/Kyiv\r\n/);
    assert.match(
      text,
      /BEGIN:DAYLIGHT\r\nDTSTART:\d{8}T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0300/,
    );
    assert.match(
      text,
      /BEGIN:STANDARD\r\nDTSTART:\d{8}T040000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:\+0300\r\nTZOFFSETTO:\+0200/,
    );
    assert.ok(text.includes(`DTSTART;TZID=Europe/Kyiv:${ymd(spring, -1, '', '').replace(/-/g, '').replace('T', '')}T100000`));
  });

  it('shows the user’s events at the right instants across the DST change (ical.js)', () => {
    const events = parseWithIcalJs(text);
    const by = (k: string) => events.find((e) => e.uid === `${ids[k]!.uid}@clientela`);
    const winter = by('winter')!;
    assert.equal(winter.start, ids.winter!.startsAt);
    assert.equal(winter.end, new Date(Date.parse(ids.winter!.startsAt) + 30 * 60_000).toISOString());
    assert.ok(winter.summary.includes('Annaclient'));
    assert.ok(winter.summary.startsWith('Дзвінок: Before; the change, with \\ commas — '), winter.summary);
    assert.equal(winter.description, 'line one\nline two');
    assert.equal(winter.status, 'CONFIRMED');
    const summer = by('summer')!;
    assert.equal(summer.start, ids.summer!.startsAt);
    assert.equal(summer.start.slice(11, 16), '07:00', '10:00 EEST is 07:00 UTC');
    assert.equal(winter.start.slice(11, 16), '08:00', '10:00 EET is 08:00 UTC');
    assert.equal(summer.summary, 'Зустріч: After the change');
    assert.equal(by('cancelled')!.status, 'CANCELLED');
    assert.equal(by('cancelled')!.end, null, 'a zero-length event has no DTEND');
    assert.equal(by('long')!.summary, 'Дзвінок: Довга назва зустрічі з клієнтом 🙂 — щоб рядок обов’язково перенісся на кілька рядків 🙂🙂🙂');
    assert.equal(by('old'), undefined, 'before the window');
    assert.equal(by('far'), undefined, 'after the window');
    assert.equal(by('borisOwn'), undefined, "another manager's event with his client");
    const joint = by('joint')!;
    assert.equal(joint.summary, 'Зустріч: Joint visit', 'a participant sees the event, not the client they may not see');
    // tasks as events
    const tasks = events.filter((e) => e.summary.startsWith('☐') || e.summary.startsWith('✓'));
    assert.deepEqual(tasks.map((e) => e.summary).sort(), ['☐ Send the offer', '✓ Prepare papers']);
    const open = tasks.find((e) => e.summary === '☐ Send the offer')!;
    assert.equal(open.start, new Date(ymd(spring, 1, '16:30:00', '+03:00')).toISOString());
    const doneTask = tasks.find((e) => e.summary === '✓ Prepare papers')!;
    assert.ok(doneTask.allDay);
    assert.equal(doneTask.start, ymd(spring, -1, '', '').slice(0, 10));
    assert.equal(doneTask.end, ymd(spring, 0, '', '').slice(0, 10));
    assert.ok(!text.includes('Dropped task') && !text.includes('Someday') && !text.includes('Boris task'));
    assert.ok(!text.includes('Borisclient'));
    assert.ok(!text.includes('555-12-34') && !text.includes('380'), "the client's other fields never appear");
  });

  it('parses the same in Python’s icalendar, through the feed’s own VTIMEZONE', () => {
    const events = parseWithPython(text);
    const winter = events.find((e) => e.uid === `${ids.winter!.uid}@clientela`)!;
    const summer = events.find((e) => e.uid === `${ids.summer!.uid}@clientela`)!;
    assert.equal(winter.tzid, 'Europe/Kyiv');
    assert.equal(winter.start, ids.winter!.startsAt);
    assert.equal(summer.start, ids.summer!.startsAt);
    assert.equal(summer.end, new Date(Date.parse(ids.summer!.startsAt) + 90 * 60_000).toISOString());
    assert.ok(winter.summary.startsWith('Дзвінок: Before; the change, with \\ commas'));
    assert.equal(events.length, parseWithIcalJs(text).length);
  });

  it('follows changes: SEQUENCE goes up with an edit', async () => {
    const before = parseWithIcalJs(text).find((e) => e.uid === `${ids.summer!.uid}@clientela`)!;
    assert.ok(before);
    const list = (await anna.get('/api/events?limit=100')).body.items as { id: number; uid: string; version: number }[];
    const summer = list.find((e) => e.uid === ids.summer!.uid)!;
    assert.equal((await anna.patch(`/api/events/${summer.id}`, { version: summer.version, subject: 'Moved' })).status, 200);
    const r = await fetchFeed((await newFeed(anna)).path);
    const block = r.body.split('BEGIN:VEVENT').find((b) => b.includes(`UID:${ids.summer!.uid}@clientela`))!;
    assert.match(block, /\r\nSEQUENCE:1\r\n/);
    assert.match(block, /SUMMARY:Зустріч: Moved/);
  });
});

describe('the feed refuses every token that is not a live one, with a 404', () => {
  it('unknown, malformed, 31 bytes, garbage, without .ics', async () => {
    const f = await newFeed(boris);
    const b31 = Buffer.alloc(31, 7).toString('base64url');
    const unknown = Buffer.alloc(32, 9).toString('base64url');
    for (const path of [
      `/ical/${unknown}.ics`,
      `/ical/${b31}.ics`,
      `/ical/${f.token.slice(0, 42)}.ics`,
      `/ical/${f.token}x.ics`,
      `/ical/${f.token}`,
      `/ical/${f.token}.ics.ics`,
      '/ical/garbage.ics',
      '/ical/%00.ics',
      `/ical/${'A'.repeat(99)}.ics`,
      '/ical/.ics',
    ]) {
      const r = await fetchFeed(path);
      assert.ok(r.statusCode === 404 || r.statusCode === 400, `${path}: ${r.statusCode}`);
      assert.ok(!r.body.includes('BEGIN:VCALENDAR'));
    }
    assert.equal((await fetchFeed(`/ical/${unknown}.ics`)).statusCode, 404);
    assert.equal((await fetchFeed(`/ical/${b31}.ics`)).statusCode, 404);
    assert.equal((await fetchFeed(f.path)).statusCode, 200);
  });

  it('a deactivated user’s feed is a 404', async () => {
    const carl = await t.user('manager');
    const f = await newFeed(carl);
    assert.equal((await fetchFeed(f.path)).statusCode, 200);
    await sql`UPDATE users SET active = false WHERE id = ${carl.userId}`.execute(t.db);
    assert.equal((await fetchFeed(f.path)).statusCode, 404);
  });

  it('reads as the user at the time of the fetch: no events or tasks without the rights to read them', async () => {
    const manager = (await admin.get('/api/roles')).body.items.find((r: { key: string }) => r.key === 'manager');
    const role = await admin.post('/api/roles', {
      key: 'no_planning',
      name: 'No planning',
      scope: 'own',
      rights: { ...manager.rights, events: { read: false }, tasks: { read: false } },
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const dora = await t.user(role.body.id);
    const e = await admin.post('/api/events', {
      typeId: call,
      subject: 'For Dora',
      employeeId: dora.userId,
      startsAt: new Date(Date.now() + DAY).toISOString(),
    });
    assert.equal(e.status, 201, JSON.stringify(e.body));
    const f = await newFeed(dora);
    const without = await fetchFeed(f.path);
    assert.equal(without.statusCode, 200);
    assert.ok(!without.body.includes('BEGIN:VEVENT'));
    await sql`UPDATE users SET role_id = ${manager.id} WHERE id = ${dora.userId}`.execute(t.db);
    const withRights = await fetchFeed(f.path);
    assert.ok(withRights.body.includes(`UID:${e.body.uid}@clientela`));
  });

  it('compares the stored hash in constant time and only for the right token', () => {
    const token = Buffer.alloc(32, 1).toString('base64url');
    assert.equal(tokenMatches(sha256(token), token), true);
    assert.equal(tokenMatches(sha256(token), Buffer.alloc(32, 2).toString('base64url')), false);
    assert.equal(tokenMatches(sha256(token).slice(0, 63), token), false, 'a different length is a mismatch, not an exception');
  });

  it('is not swallowed by the web app’s fallback', () => {
    assert.equal(isAppRoute('/ical/abc', 'GET'), false);
    assert.equal(isAppRoute('/clients/42', 'GET'), true);
  });
});

describe('the iCalendar writer', () => {
  it('escapes TEXT and folds at 75 octets without splitting a character', () => {
    assert.equal(escapeText('a\\b;c,d\r\ne\nf'), 'a\\\\b\\;c\\,d\\ne\\nf');
    const line = `SUMMARY:${'я'.repeat(40)}🙂${'x'.repeat(10)}`;
    const folded = foldLine(line).split('\r\n');
    assert.ok(folded.length > 1);
    for (const l of folded) {
      assert.ok(Buffer.byteLength(l) <= 75);
      assert.ok(!l.includes('\uFFFD'));
    }
    assert.equal(folded.map((l, i) => (i === 0 ? l : l.slice(1))).join(''), line);
    assert.ok(folded.slice(1).every((l) => l.startsWith(' ')));
  });

  it('builds VTIMEZONEs from the zone’s transitions', () => {
    const from = Date.UTC(2026, 0, 1);
    const to = Date.UTC(2028, 0, 1);
    const kyiv = transitions('Europe/Kyiv', from, to);
    assert.deepEqual(
      kyiv.map((x) => [new Date(x.at).toISOString(), x.from, x.to]),
      [
        ['2026-03-29T01:00:00.000Z', 120, 180],
        ['2026-10-25T01:00:00.000Z', 180, 120],
        ['2027-03-28T01:00:00.000Z', 120, 180],
        ['2027-10-31T01:00:00.000Z', 180, 120],
      ],
    );
    assert.equal(offsetMinutes('Asia/Kolkata', from), 330);
    assert.deepEqual(vtimezone('UTC', from, to), [
      'BEGIN:VTIMEZONE',
      'TZID:UTC',
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0000',
      'TZOFFSETTO:+0000',
      'END:STANDARD',
      'END:VTIMEZONE',
    ]);
    // every zone's VTIMEZONE, read by ical.js, gives back the zone's own offset at noon UTC every 3 days of 2026-2027
    // (Casablanca changes around Ramadan, no yearly rule: one component per transition)
    for (const tz of ['Europe/Kyiv', 'America/New_York', 'Australia/Sydney', 'Africa/Casablanca', 'Asia/Tokyo']) {
      // as the feed does: the zone's transitions from the year before the period
      const lines = vtimezone(tz, Date.UTC(2025, 0, 1), to);
      if (tz === 'Africa/Casablanca')
        assert.ok(!lines.some((l) => l.startsWith('RRULE')) && lines.filter((l) => l.startsWith('DTSTART')).length >= 4);
      const zone = new ICAL.Timezone(new ICAL.Component(ICAL.parse(serialize(lines))));
      for (let at = from + 12 * 3600_000; at < to - DAY; at += 3 * DAY) {
        const w = new Date(at + offsetMinutes(tz, at) * 60_000);
        const local = ICAL.Time.fromData(
          { year: w.getUTCFullYear(), month: w.getUTCMonth() + 1, day: w.getUTCDate(), hour: w.getUTCHours(), minute: w.getUTCMinutes(), second: 0 },
          zone,
        );
        assert.equal(local.toUnixTime() * 1000, at, `${tz} at ${new Date(at).toISOString()}`);
      }
    }
    // southern hemisphere: DST starts in October, ends in April
    const sydney = vtimezone('Australia/Sydney', from, to).join('\n');
    assert.match(sydney, /BEGIN:DAYLIGHT\nDTSTART:20261004T020000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU\nTZOFFSETFROM:\+1000\nTZOFFSETTO:\+1100/);
    assert.match(sydney, /BEGIN:STANDARD\nDTSTART:20260405T030000\nRRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU\nTZOFFSETFROM:\+1100\nTZOFFSETTO:\+1000/);
  });
});
