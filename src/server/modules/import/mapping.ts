// Column mapping for client imports: targets, suggestions from header names (English and
// Russian), value transforms (full name split, dates in common formats, decimal comma), and
// one file row -> a client draft.
import type { TClientCreate } from '../clients/clients.schemas.js';
import type { FieldDef } from '../custom-fields/custom-values.js';

export const targets = [
  'id', 'externalId', 'kind', 'fullName', 'surname', 'firstName', 'patronymic', 'birthDate', 'position',
  'legalName', 'inn', 'ogrn', 'kpp', 'legalAddress', 'actualAddress', 'industry', 'region',
  'phone', 'email', 'messenger', 'link', 'tags', 'status', 'source', 'importance', 'notes',
  'contactName', 'contactPosition', 'contactPhone', 'contactEmail', 'manager',
] as const;
export type Target = (typeof targets)[number] | `custom.${string}` | `product.${string}` | `sale.${string}` | `item.${string}`;

/** column index -> target; a target may take several columns (phones, emails) */
export type Mapping = { column: number; target: Target }[];

const names: Record<(typeof targets)[number], string[]> = {
  id: ['id', 'clientela id', 'ид', 'код клиента'],
  externalId: ['external id', 'customer id', 'customer_id', 'uid', 'код', 'внешний код', 'внешний id'],
  kind: ['kind', 'type', 'client type', 'тип', 'вид', 'тип клиента'],
  fullName: ['full name', 'name', 'contact', 'фио', 'имя полностью', 'клиент', 'полное имя', 'ф.и.о.'],
  surname: ['surname', 'last name', 'family name', 'lastname', 'фамилия'],
  firstName: ['first name', 'given name', 'firstname', 'имя'],
  patronymic: ['patronymic', 'middle name', 'отчество'],
  birthDate: ['birth date', 'birthday', 'date of birth', 'дата рождения', 'день рождения', 'др'],
  position: ['position', 'job title', 'title', 'должность'],
  legalName: ['company', 'company name', 'company_name', 'organization', 'organisation', 'legal name', 'организация', 'компания', 'наименование', 'название', 'юрлицо'],
  inn: ['inn', 'tax id', 'инн'],
  ogrn: ['ogrn', 'ogrnip', 'огрн', 'огрнип'],
  kpp: ['kpp', 'кпп'],
  legalAddress: ['legal address', 'юридический адрес', 'юр. адрес', 'юр адрес'],
  actualAddress: ['address', 'actual address', 'адрес', 'фактический адрес', 'почтовый адрес'],
  industry: ['industry', 'отрасль', 'сфера'],
  region: ['region', 'country', 'регион', 'страна', 'область'],
  phone: ['phone', 'telephone', 'mobile', 'cell', 'tel', 'fax', 'phone 2', 'телефон', 'мобильный', 'тел', 'тел.', 'сотовый', 'факс', 'телефон 2'],
  email: ['email', 'e-mail', 'mail', 'email 2', 'почта', 'эл. почта', 'электронная почта', 'емейл'],
  messenger: ['messenger', 'telegram', 'whatsapp', 'мессенджер', 'телеграм'],
  link: ['website', 'site', 'url', 'web', 'сайт', 'ссылка'],
  tags: ['tags', 'labels', 'теги', 'метки'],
  status: ['status', 'статус'],
  source: ['source', 'lead source', 'источник'],
  importance: ['importance', 'priority', 'важность', 'приоритет'],
  notes: ['notes', 'note', 'comment', 'comments', 'description', 'примечание', 'заметки', 'комментарий', 'описание'],
  contactName: ['contact name', 'contact_name', 'contact person', 'контактное лицо', 'контакт'],
  contactPosition: ['contact title', 'contact_title', 'contact position', 'должность контакта'],
  contactPhone: ['contact phone', 'телефон контакта'],
  contactEmail: ['contact email', 'email контакта'],
  manager: ['manager', 'responsible', 'responsible manager', 'account manager', 'owner', 'менеджер', 'ответственный', 'ответственный менеджер'],
};

const norm = (s: string) => s.toLowerCase().replace(/ё/g, 'е').replace(/[_\-.]+/g, ' ').replace(/\s+/g, ' ').trim();

/** Suggests a target for every header it recognises (custom fields by key or label). */
export function suggestMapping(header: string[], fields: FieldDef[]): Mapping {
  const out: Mapping = [];
  const taken = new Set<string>();
  header.forEach((h, column) => {
    const n = norm(h);
    if (!n) return;
    let target: Target | undefined;
    for (const t of targets) if (names[t].some((x) => norm(x) === n)) target = t;
    if (!target) {
      const f = fields.find((x) => norm(x.key) === n || norm(x.label) === n);
      if (f) target = `custom.${f.key}`;
    }
    // fax and second phones/emails may share a target; other targets only once
    if (!target || (taken.has(target) && !['phone', 'email', 'tags', 'notes'].includes(target))) return;
    taken.add(target);
    out.push({ column, target });
  });
  return out;
}

/**
 * A suggestion for a file of contact persons: its plain name, position, phone and e-mail columns are
 * the contact's (the client is found by the other columns: INN, company name, external id).
 */
export function asContactsMapping(mapping: Mapping): Mapping {
  const to: Partial<Record<string, Target>> = { phone: 'contactPhone', email: 'contactEmail', position: 'contactPosition' };
  if (!mapping.some((m) => m.target === 'contactName')) to.fullName = 'contactName';
  const out = mapping.map((m) => ({ column: m.column, target: to[m.target] ?? m.target }));
  return out.filter((m, i) => !['contactName', 'contactPosition'].includes(m.target) || out.findIndex((x) => x.target === m.target) === i);
}

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
  let t = s.trim().replace(/[\s\u00a0\u202f]/g, '').replace(/[₽$€]|руб\.?|р\.$/gi, '');
  if (!t) return null;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  else if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) t = t.replace(/\./g, '').replace(',', '.');
  else t = t.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) ? t : null;
}

/** "a; b" or, without semicolons, "a, b" */
const splitList = (raw: string) => raw.split(raw.includes(';') ? ';' : ',').map((x) => x.trim()).filter(Boolean);

/** `manager`: the text of a "manager" column (a login, name or e-mail, resolved by the pass) */
export type RowDraft = { input: TClientCreate; mapped: Set<string>; keys: { id?: number; externalId?: string }; manager?: string; problems: { field: string; message: string }[] };

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
      case 'phone': case 'email': case 'messenger': case 'link':
        mapped.add('channels').add(`channels.${target}`);
        for (const part of raw.split(/[;\n]/).map((x) => x.trim()).filter(Boolean)) channels.push({ type: target, value: part });
        break;
      case 'tags':
        mapped.add('tags');
        v.tags = [...((v.tags as string[]) ?? []), ...splitList(raw)];
        break;
      case 'contactName': mapped.add('contacts'); if (raw) contact.name = raw; break;
      case 'contactPosition': mapped.add('contacts'); if (raw) contact.position = raw; break;
      case 'contactPhone': mapped.add('contacts'); if (raw) contact.channels.push({ type: 'phone', value: raw }); break;
      case 'contactEmail': mapped.add('contacts'); if (raw) contact.channels.push({ type: 'email', value: raw }); break;
      default:
        mapped.add(target);
        v[target] = raw || null;
    }
  }
  if (mapped.has('channels')) v.channels = channels;
  if (mapped.has('contacts')) v.contacts = contact.name ? [{ name: contact.name, ...(contact.position ? { position: contact.position } : {}), channels: contact.channels }] : [];
  if (mapped.has('custom')) v.custom = custom;
  if (!v.kind) v.kind = v.legalName || (typeof v.inn === 'string' && /^\d{10}$/.test(v.inn)) ? 'organization' : 'person';
  return { input: v as TClientCreate, mapped, keys, ...(manager !== undefined ? { manager } : {}), problems };
}
