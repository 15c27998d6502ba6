// Column mapping for client imports: value transforms (full name split, dates in common formats,
// decimal comma) and one file row -> a client draft (the fields and suggestions are in
// import-fields.schemas.ts).
import type { TClientCreate } from '../clients/clients.schemas.js';
import type { FieldDef } from '../custom-fields/custom-values.js';

import type { Mapping } from './import-fields.schemas.js';

/** "Иванов Иван Иванович" -> surname, first name, patronymic; "John Smith" -> first name, surname. */
export function splitFullName(full: string): { surname?: string; firstName?: string; patronymic?: string } {
  const parts = full.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return {};
  if (parts.length === 1) return { firstName: parts[0] };
  const cyrillic = /[а-яё]/i.test(full);
  const looksPatronymic = (s: string) => /(вич|вна|ична|кызы|оглы)$/i.test(s);
  if (cyrillic || (parts.length === 3 && looksPatronymic(parts[2]!))) {
    return { surname: parts[0], firstName: parts[1], ...(parts[2] ? { patronymic: parts.slice(2).join(' ') } : {}) };
  }
  return { firstName: parts.slice(0, -1).join(' '), surname: parts.at(-1) };
}

/** 31.12.1990, 31/12/1990, 1990-12-31, 1990.12.31, 12/31/1990 (when unambiguous) -> 1990-12-31; else null. */
export function parseDate(s: string): string | null {
  const t = s.trim();
  if (!t) return null;
  let y: number, m: number, d: number;
  let r = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[T ].*)?$/.exec(t);
  if (r) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t))) {
    const a = Number(r[1]);
    const b = Number(r[2]);
    y = Number(r[3]);
    // day first (European / Russian) unless that is impossible and month first is not
    if (b > 12 && a <= 12) [m, d] = [a, b];
    else [d, m] = [a, b];
  } else return null;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const dt = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(dt.getTime()) && dt.toISOString().slice(0, 10) === iso ? iso : null;
}

/** "1 234,50" / "1,234.50" / "1234.5" -> "1234.50"-like text with a '.' separator, or null. */
export function parseDecimal(s: string): string | null {
  let t = s
    .trim()
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/[₽$€]|руб\.?|р\.$/gi, '');
  if (!t) return null;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  else if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) t = t.replace(/\./g, '').replace(',', '.');
  else t = t.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) ? t : null;
}

/** "a; b" or, without semicolons, "a, b" */
const splitList = (raw: string) =>
  raw
    .split(raw.includes(';') ? ';' : ',')
    .map((x) => x.trim())
    .filter(Boolean);

/** `manager`: the text of a "manager" column (a login, name or e-mail, resolved by the pass) */
export type RowDraft = {
  input: TClientCreate;
  mapped: Set<string>;
  keys: { id?: number; externalId?: string };
  manager?: string;
  problems: { field: string; message: string }[];
};

/** One file row -> what the client would be, and which fields the file gives (updates touch only those). */
export function rowToClient(row: string[], mapping: Mapping, fields: FieldDef[]): RowDraft {
  const v: Record<string, unknown> = {};
  const mapped = new Set<string>();
  const problems: { field: string; message: string }[] = [];
  const channels: { type: 'phone' | 'email' | 'messenger' | 'link'; value: string }[] = [];
  const contact: { name?: string; position?: string; channels: { type: 'phone' | 'email'; value: string }[] } = { channels: [] };
  const custom: Record<string, unknown> = {};
  const keys: RowDraft['keys'] = {};
  let manager: string | undefined;
  for (const { column, target } of mapping) {
    // a leading apostrophe is how exports neutralise formulas: "'=SUM" was "=SUM"
    const raw = (row[column] ?? '').trim().replace(/^'(?=[=+\-@\t\r])/, '');
    if (target.startsWith('custom.')) {
      const key = target.slice(7);
      mapped.add('custom').add(target);
      if (!raw) continue;
      const def = fields.find((f) => f.key === key);
      if (!def) continue;
      if (def.type === 'number' || def.type === 'money') {
        const d = parseDecimal(raw);
        if (d === null) problems.push({ field: target, message: 'is not a number' });
        else custom[key] = def.type === 'number' ? Number(d) : d;
      } else if (def.type === 'date') {
        const d = parseDate(raw);
        if (d === null) problems.push({ field: target, message: 'is not a date' });
        else custom[key] = d;
      } else if (def.type === 'boolean') custom[key] = /^(1|true|yes|да|y|д|\+)$/i.test(raw);
      else if (def.type === 'multichoice') custom[key] = splitList(raw);
      else custom[key] = raw;
      continue;
    }
    switch (target) {
      case 'id': {
        if (raw && /^\d{1,10}$/.test(raw)) keys.id = Number(raw);
        break;
      }
      case 'externalId':
        if (raw) keys.externalId = raw;
        break;
      case 'manager':
        // an empty cell leaves the manager alone (a new client gets the import's manager)
        if (raw) manager = raw;
        break;
      case 'fullName':
        mapped.add('surname').add('firstName').add('patronymic');
        if (raw) Object.assign(v, splitFullName(raw));
        break;
      case 'kind':
        if (/^(org|organi[sz]ation|company|юр|юрлицо|организация|компания|юридическое лицо)/i.test(raw)) v.kind = 'organization';
        else if (raw) v.kind = 'person';
        break;
      case 'birthDate': {
        mapped.add(target);
        if (!raw) break;
        const d = parseDate(raw);
        if (d === null) problems.push({ field: 'birthDate', message: 'is not a date (use 31.12.1990 or 1990-12-31)' });
        else v.birthDate = d;
        break;
      }
      case 'phone':
      case 'email':
      case 'messenger':
      case 'link':
        mapped.add('channels').add(`channels.${target}`);
        for (const part of raw
          .split(/[;\n]/)
          .map((x) => x.trim())
          .filter(Boolean))
          channels.push({ type: target, value: part });
        break;
      case 'tags':
        mapped.add('tags');
        v.tags = [...((v.tags as string[]) ?? []), ...splitList(raw)];
        break;
      case 'contactName':
        mapped.add('contacts');
        if (raw) contact.name = raw;
        break;
      case 'contactPosition':
        mapped.add('contacts');
        if (raw) contact.position = raw;
        break;
      case 'contactPhone':
        mapped.add('contacts');
        if (raw) contact.channels.push({ type: 'phone', value: raw });
        break;
      case 'contactEmail':
        mapped.add('contacts');
        if (raw) contact.channels.push({ type: 'email', value: raw });
        break;
      default:
        mapped.add(target);
        v[target] = raw || null;
    }
  }
  if (mapped.has('channels')) v.channels = channels;
  if (mapped.has('contacts'))
    v.contacts = contact.name
      ? [{ name: contact.name, ...(contact.position ? { position: contact.position } : {}), channels: contact.channels }]
      : [];
  if (mapped.has('custom')) v.custom = custom;
  if (!v.kind) v.kind = v.legalName || (typeof v.inn === 'string' && /^\d{10}$/.test(v.inn)) ? 'organization' : 'person';
  return { input: v as TClientCreate, mapped, keys, ...(manager !== undefined ? { manager } : {}), problems };
}
