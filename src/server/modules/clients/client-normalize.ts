// Validates a whole client record and derives the columns search and duplicates use.
import type { Issues } from '../../shared/errors.js';
import { checkValue, validDate, type FieldDef } from '../custom-fields/custom-values.js';
import type { ClientValues } from './clients.repository.js';
import type { TChannel, TContact } from './clients.schemas.js';
import { digitsOf, parsePhone, searchForm, validEmail, validInn, validKpp, validOgrn } from './client-validation.js';

export type ClientDraft = Omit<
  ClientValues,
  'displayName' | 'sortName' | 'phones' | 'emails' | 'contactSearch' | 'taxSearch' | 'peopleSearch' | 'channels' | 'contacts'
> & {
  channels: TChannel[];
  contacts: TContact[];
};

const trimOrNull = (s: string | null | undefined) => {
  const t = s?.trim();
  return t ? t : null;
};

/** Search digits of each phone, filled while checking (so each phone is parsed once). */
type PhoneDigits = Map<TChannel, readonly string[]>;

function checkChannels(list: TChannel[], issues: Issues, path: string, phoneDigits?: PhoneDigits): TChannel[] {
  return list.map((ch, i) => {
    const value = ch.value.trim();
    const out: TChannel = { type: ch.type, value, ...(ch.label ? { label: ch.label.trim() } : {}) };
    const p = `${path}.${i}.value`;
    if (ch.type === 'phone') {
      if (digitsOf(value).length < 3 || !/^[\d\s()+\-.]+(\s*(ext|доб)\.?\s*\d+)?$/i.test(value)) issues.add(p, 'is not a phone number');
      const parsed = parsePhone(value);
      if (parsed.e164) out.normalized = parsed.e164;
      phoneDigits?.set(out, parsed.digits);
    } else if (ch.type === 'email') {
      if (!validEmail(value)) issues.add(p, 'is not an email address');
      out.normalized = value.toLowerCase();
    } else if (ch.type === 'link' || ch.type === 'website') {
      // Only web addresses: a javascript: or data: "link" must never reach a page.
      if (!/^https?:\/\/\S+$/i.test(value)) issues.add(p, 'must start with http:// or https://');
    }
    return out;
  });
}

export function normalizeClient(draft: ClientDraft, fields: FieldDef[], issues: Issues, opts: { creating: boolean }): ClientValues {
  const d = {
    ...draft,
    surname: trimOrNull(draft.surname),
    firstName: trimOrNull(draft.firstName),
    patronymic: trimOrNull(draft.patronymic),
    legalName: trimOrNull(draft.legalName),
    inn: trimOrNull(draft.inn),
    ogrn: trimOrNull(draft.ogrn),
    kpp: trimOrNull(draft.kpp)?.toUpperCase() ?? null,
  };
  let displayName: string;
  if (d.kind === 'person') {
    displayName = [d.surname, d.firstName, d.patronymic].filter(Boolean).join(' ');
    if (!d.surname && !d.firstName) issues.add('surname', 'a person needs a surname or a first name');
  } else {
    displayName = d.legalName ?? '';
    if (!d.legalName) issues.add('legalName', 'an organization needs a name');
  }
  if (d.inn && !validInn(d.inn)) issues.add('inn', 'is not a valid INN (10 or 12 digits with correct check digits)');
  if (d.ogrn && !validOgrn(d.ogrn)) issues.add('ogrn', 'is not a valid OGRN / OGRNIP (13 or 15 digits with a correct check digit)');
  if (d.kpp && !validKpp(d.kpp)) issues.add('kpp', 'is not a valid KPP (9 characters)');
  if (d.birthDate && (!validDate(d.birthDate) || d.birthDate > new Date().toISOString().slice(0, 10) || d.birthDate < '1900-01-01')) {
    issues.add('birthDate', 'must be a real date between 1900 and today');
  }
  const phoneDigits: PhoneDigits = new Map();
  const channels = checkChannels(d.channels, issues, 'channels', phoneDigits);
  const contacts = d.contacts.map((c, i) => ({
    name: c.name.trim(),
    ...(c.position ? { position: c.position.trim() } : {}),
    ...(c.notes ? { notes: c.notes } : {}),
    channels: checkChannels(c.channels ?? [], issues, `contacts.${i}.channels`),
  }));

  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(d.custom)) {
    const def = fields.find((f) => f.key === key);
    if (!def) {
      issues.add(`custom.${key}`, 'is not a field of clients');
      continue;
    }
    const v = checkValue(def, value, issues, `custom.${key}`);
    if (v !== undefined && v !== null) custom[key] = v;
  }
  for (const def of fields) {
    if (def.key in d.custom || !opts.creating) continue;
    if (def.defaultValue !== null && def.defaultValue !== undefined) custom[def.key] = def.defaultValue;
    else if (def.required) issues.add(`custom.${def.key}`, 'is required');
  }

  const phones = channels.filter((c) => c.type === 'phone');
  const emails = channels.filter((c) => c.type === 'email').map((c) => c.normalized!);
  const phoneKeys = phones.map((p) => p.normalized ?? digitsOf(p.value));
  const searchDigits = phones.flatMap((p) => phoneDigits.get(p) ?? []);
  return {
    ...d,
    displayName,
    channels,
    contacts,
    custom,
    tags: [...new Set(d.tags.map((t) => t.trim()).filter(Boolean))],
    sortName: searchForm(displayName),
    phones: [...new Set(phoneKeys)],
    emails: [...new Set(emails)],
    contactSearch: [...new Set([...emails, ...searchDigits])].join(' '),
    taxSearch: [d.inn, d.ogrn, d.kpp?.toLowerCase()].filter(Boolean).join(' '),
    // The people linked to the client, found by their own names: its contact persons and, on an
    // organization, the person recorded with it (migration 015 computes the same for stored rows).
    peopleSearch: searchForm(
      [...(d.kind === 'organization' ? [d.surname, d.firstName, d.patronymic] : []), ...contacts.map((c) => c.name)].filter(Boolean).join(' '),
    ),
  };
}
