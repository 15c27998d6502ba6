// A client's timeline (issue 15; docs/crm-planning.md): its events, tasks, promises, contracts,
// notes, files, e-mail messages (mail/), sales and the changes of its card, newest first, in one keyset-paged list. The
// client must be in the actor's scope; each kind shows only when the role reads its section; the
// changes are masked like the card's history (audit.service maskChanges: hidden fields leave the
// entries, an entry of hidden fields only leaves the list).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, validationError } from '../../shared/errors.js';
import { can, requireRight, type Actor, type Section } from '../access/rights.js';
import { maskChanges } from '../audit/audit.service.js';
import { userLocale, visibleClientName } from './planning.repository.js';
import { timelineKinds, type TimelineKind, type TTimelineAnswer, type TTimelineItem, type TTimelineQuery } from './planning.schemas.js';
import { timelineRows, type TimelineCursor, type TimelineRow } from './timeline.repository.js';

const sectionOf: Record<TimelineKind, Section> = {
  event: 'events',
  task: 'tasks',
  promise: 'promises',
  contract: 'contracts',
  note: 'notes',
  file: 'notes',
  // a message to the client (mail/) is an interaction: the events section's right
  mail: 'events',
  sale: 'sales',
  change: 'clients',
};

const AT_KEY = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;

export function encodeCursor(c: TimelineCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.kind, c.id])).toString('base64url');
}

export function decodeCursor(s: string): TimelineCursor {
  const bad = () => validationError([{ field: 'before', message: 'not a cursor of this list' }]);
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(v) || v.length !== 3) throw bad();
  const [at, kind, id] = v as unknown[];
  if (typeof at !== 'string' || !AT_KEY.test(at) || at < '1000') throw bad();
  // a real instant, as PostgreSQL reads it: no 30 February, no 24:00 (which Date.parse rolls over)
  const ms = Date.parse(`${at.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== at.slice(0, 19).replace(' ', 'T')) throw bad();
  if (typeof kind !== 'string' || !(timelineKinds as readonly string[]).includes(kind)) throw bad();
  if (!Number.isSafeInteger(id) || (id as number) < 0 || (id as number) > 2 ** 62) throw bad();
  return { at, kind: kind as TimelineKind, id: id as number };
}

function parseKinds(text: string | undefined): TimelineKind[] {
  if (text === undefined) return [...timelineKinds];
  const asked = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = asked.filter((k) => !(timelineKinds as readonly string[]).includes(k));
  if (unknown.length > 0) throw validationError([{ field: 'kinds', message: `unknown kind: ${unknown.join(', ')}` }]);
  return timelineKinds.filter((k) => asked.includes(k));
}

/** The web page of an item, where it has one of its own (a sale); the others open from the client's card. */
const links: Partial<Record<TimelineKind, (clientId: number, id: number) => string>> = {
  sale: (_c, id) => `/sales/${id}`,
};

function toItem(actor: Actor, clientId: number, r: TimelineRow): TTimelineItem | undefined {
  const item: TTimelineItem = {
    kind: r.kind,
    id: r.id,
    at: r.at.toISOString(),
    title: r.title ?? '',
    summary: r.summary ?? '',
    status: r.status,
    actorName: r.actorName,
  };
  const link = links[r.kind]?.(clientId, r.id);
  if (link) item.link = link;
  if (r.kind === 'task' || r.kind === 'promise' || r.kind === 'contract') item.due = r.due;
  if (r.kind === 'change') {
    const changes = maskChanges(actor, 'client', r.title, r.changes);
    if (changes === undefined) return undefined;
    item.changes = changes;
    if (changes && typeof changes === 'object' && !Array.isArray(changes)) item.summary = Object.keys(changes).join(', ');
  }
  return item;
}

/** GET /api/clients/:id/timeline */
export async function clientTimeline(db: Kysely<DB>, actor: Actor, clientId: number, q: TTimelineQuery): Promise<TTimelineAnswer> {
  requireRight(actor, 'clients', 'read');
  const asked = parseKinds(q.kinds);
  const cursor = q.before ? decodeCursor(q.before) : undefined;
  if ((await visibleClientName(db, actor, clientId)) === undefined) throw new AppError('CLIENT_NOT_FOUND', 'No such client');
  const kinds = asked.filter((k) => can(actor, sectionOf[k], 'read'));
  const rows = await timelineRows(db, clientId, kinds, cursor, q.limit, await userLocale(db, actor.userId));
  const items: TTimelineItem[] = [];
  for (const r of rows) {
    const item = toItem(actor, clientId, r);
    if (item) items.push(item);
  }
  // The cursor is the last row read (even when masking dropped it), so a page never repeats or skips one.
  const last = rows[rows.length - 1];
  return {
    items,
    nextBefore: rows.length === q.limit && last ? encodeCursor({ at: last.atKey, kind: last.kind, id: last.id }) : null,
    kinds,
  };
}
