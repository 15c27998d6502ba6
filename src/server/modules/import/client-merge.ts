// An import row over the client it matches: only the fields the file maps change; contact persons
// are merged by name and channels by type, so an exported file imports back unchanged.
import type { ClientDraft } from '../clients/client-normalize.js';
import { parsePhone } from '../clients/client-validation.js';
import type * as repo from '../clients/clients.service.js';

type ContactIn = {
  name: string;
  position?: string;
  notes?: string;
  channels?: { type: string; value: string; label?: string; normalized?: string }[];
};

const channelKey = (c: { type: string; value: string; normalized?: string }) =>
  c.type === 'phone'
    ? `phone:${c.normalized ?? parsePhone(c.value).e164 ?? c.value.replace(/\D/g, '')}`
    : `${c.type}:${(c.normalized ?? c.value).trim().toLowerCase()}`;

/**
 * The file's contact persons merged into the client's: one with the same name (any case) takes the
 * file's position and gains the channels it lacks; a new name is added; nobody is removed.
 */
export function mergeContacts(current: ContactIn[], incoming: ContactIn[]): ContactIn[] {
  const have = new Map<ContactIn, Set<string>>();
  const out = current.map((c) => {
    const copy = { ...c, channels: (c.channels ?? []).map(({ normalized: _n, ...ch }) => ch) };
    have.set(copy, new Set((c.channels ?? []).map(channelKey)));
    return copy;
  });
  for (const inc of incoming) {
    let same = out.find((c) => c.name.trim().toLowerCase() === inc.name.trim().toLowerCase());
    if (!same) {
      same = { ...inc, channels: [] };
      have.set(same, new Set());
      out.push(same);
    } else if (inc.position) same.position = inc.position;
    const keys = have.get(same)!;
    for (const ch of inc.channels ?? []) {
      if (keys.has(channelKey(ch))) continue;
      keys.add(channelKey(ch));
      same.channels!.push(ch);
    }
  }
  return out;
}

/**
 * How a row writes over a matched client. `keepEmpty`: an empty cell leaves the stored value alone
 * (the default; "clear" empties it). `fillNames`: a client that has a name keeps it — the person's
 * name (surname, first name, patronymic) as a whole, and the legal name — and the file's name only
 * gives one to a client without (the default; "overwrite" replaces it).
 */
export type MergeRules = { keepEmpty: boolean; fillNames: boolean };
export const PERSON_NAME = ['surname', 'firstName', 'patronymic'] as const;
export const NAME_FIELDS = [...PERSON_NAME, 'legalName'] as const;

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && !v.length);

/** The mapped fields of a row over the current client: the fields the file does not give stay as they are. */
export function merged(
  cur: repo.ClientRow,
  p: { mapped: Set<string>; input: Record<string, unknown> },
  contactsOnly: boolean,
  rules: MergeRules = { keepEmpty: false, fillNames: false },
): ClientDraft {
  if (contactsOnly)
    return { ...cur, contacts: mergeContacts(cur.contacts as ContactIn[], (p.input.contacts as ContactIn[]) ?? []) } as unknown as ClientDraft;
  const patch: Record<string, unknown> = {};
  for (const k of p.mapped) {
    if (k === 'custom' || k.includes('.')) continue;
    const v = p.input[k];
    // channels are decided per type below
    if (rules.keepEmpty && k !== 'channels' && blank(v)) continue;
    if (
      rules.fillNames &&
      (k === 'legalName' ? !blank(cur.legalName) : (PERSON_NAME as readonly string[]).includes(k) && PERSON_NAME.some((f) => !blank(cur[f])))
    )
      continue;
    if (k in p.input) patch[k] = v;
    else patch[k] = k === 'channels' || k === 'contacts' || k === 'tags' ? [] : null;
  }
  // only the channel types the file has are replaced (a file of phones keeps the emails); a channel
  // the file repeats keeps its place, label and type, so an exported file imports back unchanged
  if (Array.isArray(patch.channels)) {
    const link = (t: string) => (t === 'website' ? 'link' : t);
    type Ch = { type: string; value: string; label?: string; normalized?: string };
    const current = cur.channels as Ch[];
    const incoming = [...(patch.channels as Ch[])];
    // with empty cells kept, a type the row leaves empty is not replaced (its stored values stay)
    const given = new Set(incoming.map((ch) => link(ch.type)));
    const replaces = (t: string) => p.mapped.has(`channels.${link(t)}`) && (!rules.keepEmpty || given.has(link(t)));
    const out: Ch[] = [];
    for (const x of current) {
      if (!replaces(x.type)) {
        out.push(x);
        continue;
      }
      const i = incoming.findIndex(
        (ch) => link(x.type) === link(ch.type) && (x.value === ch.value || (x.normalized !== undefined && x.normalized === ch.value)),
      );
      if (i >= 0) {
        incoming.splice(i, 1);
        out.push(x);
      }
    }
    patch.channels = [...out, ...incoming].map(({ normalized: _n, ...c }) => c);
  }
  const custom = { ...cur.custom, ...((p.input.custom as Record<string, unknown>) ?? {}) };
  // "clear": a custom field column left empty empties the field
  if (!rules.keepEmpty)
    for (const k of p.mapped) if (k.startsWith('custom.') && !(k.slice(7) in ((p.input.custom as object) ?? {}))) delete custom[k.slice(7)];
  return {
    ...cur,
    ...patch,
    kind: cur.kind,
    custom,
    channels: (patch.channels ?? cur.channels) as ClientDraft['channels'],
    contacts: (patch.contacts ? mergeContacts(cur.contacts as ContactIn[], patch.contacts as ContactIn[]) : cur.contacts) as ClientDraft['contacts'],
  } as ClientDraft;
}
