// Per-user iCalendar feeds (issue 15, F6 first part; docs/crm-calendar-feed.md). A user makes a
// feed and gets its secret address once (/ical/<token>.ics, 32 random bytes, base64url); only the
// token's SHA-256 is stored, the feed is found by that hash. A calendar app fetching the address
// gets the user's events and tasks from 90 days back to 365 days ahead, read as that user (their
// role's rights and record scope, as of the fetch), in their time zone. An unknown, malformed or
// revoked token, or a deactivated user, is a 404 that tells nothing more.
import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { insertAudit } from '../../db/audit-log.js';
import { AppError } from '../../shared/errors.js';
import { type Actor, can } from '../access/rights.js';
import { newSecret, sha256 } from '../auth/auth.service.js';
import { userTimezone } from '../planning/planning.service.js';
import * as repo from './calendar-feed.repository.js';
import type { TCalendarFeedOut } from './calendar-feed.schemas.js';
import { escapeText, localDate, localStamp, nextDate, paramValue, serialize, utcStamp, validZone, vtimezone } from './ical.js';

type Db = Kysely<DB>;

/** At most this many feeds that are not revoked per user. */
export const MAX_ACTIVE_FEEDS = 20;
export const WINDOW_PAST_DAYS = 90;
export const WINDOW_AHEAD_DAYS = 365;
/** A timed task shows as an event of this length (calendar apps draw a zero-length event poorly). */
export const TASK_MINUTES = 15;
const DAY = 24 * 3600_000;

/** A feed token: 32 bytes in base64url without padding, i.e. 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const feedPath = (token: string) => `/ical/${token}.ics`;

function feedOut(r: repo.FeedRow): TCalendarFeedOut {
  return {
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}

export async function createFeed(db: Db, actor: Actor, ip?: string): Promise<TCalendarFeedOut & { token: string; path: string }> {
  const token = newSecret();
  const row = await db.transaction().execute(async (trx) => {
    if ((await repo.countActiveFeeds(trx, actor.userId)) >= MAX_ACTIVE_FEEDS) {
      throw new AppError('INVALID_STATE', `At most ${MAX_ACTIVE_FEEDS} calendar feeds; revoke one first`);
    }
    const row = await repo.insertFeed(trx, actor.userId, sha256(token));
    await insertAudit(trx, { userId: actor.userId, action: 'calendar_feed.created', entity: 'calendar_feed', entityId: row.id, ip });
    return row;
  });
  return { ...feedOut(row), token, path: feedPath(token) };
}

export async function listFeeds(db: Db, actor: Actor): Promise<TCalendarFeedOut[]> {
  return (await repo.listFeeds(db, actor.userId)).map(feedOut);
}

/** Revokes one of the actor's feeds (again: no change); another user's feed is a 404. */
export async function revokeFeed(db: Db, actor: Actor, id: number, ip?: string): Promise<TCalendarFeedOut> {
  return db.transaction().execute(async (trx) => {
    const row = await repo.findUserFeed(trx, actor.userId, id);
    if (!row) throw new AppError('NOT_FOUND', 'No such calendar feed');
    if (row.revokedAt) return feedOut(row);
    await repo.revokeFeed(trx, id);
    await insertAudit(trx, { userId: actor.userId, action: 'calendar_feed.revoked', entity: 'calendar_feed', entityId: id, ip });
    return feedOut((await repo.findUserFeed(trx, actor.userId, id))!);
  });
}

/** Whether a stored hash is the hash of this token, compared in constant time. */
export function tokenMatches(storedHash: string, token: string): boolean {
  const a = Buffer.from(storedHash, 'utf8');
  const b = Buffer.from(sha256(token), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The feed text's entity tag (a strong one: the same bytes). */
export const feedEtag = (body: string) => `"${sha256(body).slice(0, 32)}"`;

const NOT_FOUND = () => new AppError('NOT_FOUND', 'No such address');

/**
 * The feed's user as an actor, or a 404: the token must have the shape of one, its hash must be a
 * stored feed's (checked again in constant time), the feed not revoked and the user active.
 */
export async function feedActor(db: Db, token: string, actorForUser: (userId: number) => Promise<Actor | undefined>) {
  if (!TOKEN_SHAPE.test(token) || Buffer.from(token, 'base64url').length !== 32) throw NOT_FOUND();
  const feed = await repo.findFeedByHash(db, sha256(token));
  if (!feed || !tokenMatches(feed.tokenHash, token) || feed.revokedAt) throw NOT_FOUND();
  const actor = await actorForUser(feed.userId);
  if (!actor) throw NOT_FOUND();
  return { feed, actor };
}

const typeName = (names: Record<string, string>, locale: string) => names[locale] ?? names.en ?? Object.values(names)[0] ?? '';

/** The text of the calendar (RFC 5545) for the feed's token, and records the fetch (at most once a minute). */
export async function renderFeed(
  db: Db,
  token: string,
  actorForUser: (userId: number) => Promise<Actor | undefined>,
  now = new Date(),
): Promise<string> {
  const { feed, actor } = await feedActor(db, token, actorForUser);
  if (!feed.lastUsedAt || now.getTime() - feed.lastUsedAt.getTime() > 60_000) await repo.touchFeed(db, feed.id);

  const from = new Date(now.getTime() - WINDOW_PAST_DAYS * DAY);
  const to = new Date(now.getTime() + WINDOW_AHEAD_DAYS * DAY);
  const stored = await userTimezone(db, actor.userId);
  const tz = validZone(stored) ? stored : 'UTC';
  const user = await repo.feedUser(db, actor.userId);
  const locale = user?.locale ?? 'en';
  const events = can(actor, 'events', 'read') ? await repo.feedEvents(db, actor, from, to) : [];
  const tasks = can(actor, 'tasks', 'read') ? await repo.feedTasks(db, actor, from, to) : [];

  const tzid = paramValue(tz);
  const withClient = (text: string, client: string | null) => (client ? `${text} — ${client}` : text);
  const description = (notes: string, contact: string | null) => [contact ? `${contact}` : '', notes].filter((s) => s !== '').join('\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Clientela//CRM calendar feed//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`Clientela — ${user?.name ?? actor.name}`)}`,
    `X-WR-TIMEZONE:${tz}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    // the zone's transitions from the year before the window to its end
    ...vtimezone(tz, Date.UTC(from.getUTCFullYear() - 1, 0, 1), Date.UTC(to.getUTCFullYear() + 1, 0, 1)),
  ];
  for (const e of events) {
    const summary = withClient(`${typeName(e.typeNames, locale)}: ${e.subject}`, e.clientName);
    const desc = description(e.notes, e.contactPerson);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}@clientela`,
      `SEQUENCE:${e.sequence}`,
      `DTSTAMP:${utcStamp(e.updatedAt)}`,
      `CREATED:${utcStamp(e.createdAt)}`,
      `LAST-MODIFIED:${utcStamp(e.updatedAt)}`,
      `DTSTART;TZID=${tzid}:${localStamp(tz, e.startsAt)}`,
      // DTEND must be later than DTSTART (RFC 5545 §3.8.2.2): a zero-length event has none
      ...(e.durationMin > 0 ? [`DTEND;TZID=${tzid}:${localStamp(tz, new Date(e.startsAt.getTime() + e.durationMin * 60_000))}`] : []),
      `SUMMARY:${escapeText(summary)}`,
      ...(desc ? [`DESCRIPTION:${escapeText(desc)}`] : []),
      `STATUS:${e.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  for (const k of tasks) {
    // Tasks as events, not VTODO: Google Calendar ignores VTODO in subscriptions.
    const summary = withClient(`${k.status === 'done' ? '✓' : '☐'} ${k.title}`, k.clientName);
    const desc = description(k.notes, k.contactPerson);
    const when = k.allDay
      ? [`DTSTART;VALUE=DATE:${localDate(tz, k.dueAt)}`, `DTEND;VALUE=DATE:${nextDate(localDate(tz, k.dueAt))}`]
      : [
          `DTSTART;TZID=${tzid}:${localStamp(tz, k.dueAt)}`,
          `DTEND;TZID=${tzid}:${localStamp(tz, new Date(k.dueAt.getTime() + TASK_MINUTES * 60_000))}`,
        ];
    lines.push(
      'BEGIN:VEVENT',
      `UID:${k.uid}@clientela`,
      `SEQUENCE:${k.sequence}`,
      `DTSTAMP:${utcStamp(k.updatedAt)}`,
      `CREATED:${utcStamp(k.createdAt)}`,
      `LAST-MODIFIED:${utcStamp(k.updatedAt)}`,
      ...when,
      `SUMMARY:${escapeText(summary)}`,
      ...(desc ? [`DESCRIPTION:${escapeText(desc)}`] : []),
      'STATUS:CONFIRMED',
      'TRANSP:TRANSPARENT',
      'CATEGORIES:Task',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return serialize(lines);
}
