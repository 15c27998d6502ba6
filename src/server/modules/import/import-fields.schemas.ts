// The import's field catalogue, shared by the server and the web wizard: the fields a column of a
// client file may fill, the keys a row finds its client by, the options of a run, and the mapping
// suggested from header names (English and Russian). Pure: no database, no Node modules.

/** `sku` is for products; the others for clients (`name` for both) */
export const matchKeys = ['id', 'externalId', 'inn', 'email', 'phone', 'name', 'sku'] as const;
export type MatchKey = (typeof matchKeys)[number];
/**
 * `target`: what a row is — a client (the default), or a contact person of an existing client: the
 * row's keys find the client, only its contact columns are written (merged into the client's
 * contact persons by name), and a row whose client is not found is rejected, never created.
 */
export type ImportOptions = {
  matchBy: MatchKey[];
  onMatch: 'update' | 'skip' | 'create';
  managerId?: number | null;
  target?: 'clients' | 'contacts' | 'products' | 'sales';
  /** a sales history: who made the sales and where, when the file does not say; how they were paid (default cash) */
  employeeId?: number | null;
  departmentId?: number | null;
  payment?: 'cash' | 'card' | 'transfer' | 'none';
  /** an empty cell over a matched client: keep the stored value (the default) or clear it */
  emptyCells?: 'keep' | 'clear';
  /** a matched client's name: the file only fills missing name parts (the default), or overwrites them */
  names?: 'fill' | 'overwrite';
  /** a sales history: a department the base does not have rejects its sales (the default) or is created */
  unknownDepartments?: 'reject' | 'create';
};
export const emptyCellRules = ['keep', 'clear'] as const;
export const nameRules = ['fill', 'overwrite'] as const;
export const unknownDepartmentRules = ['reject', 'create'] as const;
export const importTargets = ['clients', 'contacts', 'products', 'sales'] as const;
export const salePayments = ['cash', 'card', 'transfer', 'none'] as const;

export const targets = [
  'id',
  'externalId',
  'kind',
  'fullName',
  'surname',
  'firstName',
  'patronymic',
  'birthDate',
  'position',
  'legalName',
  'inn',
  'ogrn',
  'kpp',
  'legalAddress',
  'actualAddress',
  'industry',
  'region',
  'phone',
  'email',
  'messenger',
  'link',
  'tags',
  'status',
  'source',
  'importance',
  'notes',
  'contactName',
  'contactPosition',
  'contactPhone',
  'contactEmail',
  'manager',
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
  legalName: [
    'company',
    'company name',
    'company_name',
    'organization',
    'organisation',
    'legal name',
    'организация',
    'компания',
    'наименование',
    'название',
    'юрлицо',
  ],
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

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[_\-.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Suggests a target for every header it recognises (custom fields by key or label). */
export function suggestMapping(header: string[], fields: { key: string; label: string }[]): Mapping {
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
