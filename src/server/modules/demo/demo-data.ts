// Realistic generated people and firms, Russian and English, from a seeded PRNG: used by
// `seed --demo` and by the benchmark generator, so both make the same kind of data.
import type { TClientCreate } from '../clients/clients.schemas.js';

export function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export type Rand = ReturnType<typeof prng>;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

const ruMale = [
  'Иванов',
  'Петров',
  'Сидоров',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
  'Павлов',
  'Козлов',
  'Степанов',
  'Николаев',
  'Орлов',
  'Андреев',
  'Макаров',
  'Никитин',
  'Захаров',
  'Зайцев',
  'Соловьёв',
  'Борисов',
  'Яковлев',
  'Григорьев',
  'Романов',
  'Воробьёв',
  'Сергеев',
  'Кузьмин',
  'Фролов',
  'Александров',
  'Дмитриев',
  'Королёв',
  'Гусев',
  'Киселёв',
  'Ильин',
  'Максимов',
  'Поляков',
  'Сорокин',
  'Виноградов',
  'Ковалёв',
  'Белов',
  'Медведев',
  'Антонов',
];
const ruFirstM = [
  'Александр',
  'Сергей',
  'Дмитрий',
  'Андрей',
  'Алексей',
  'Максим',
  'Евгений',
  'Иван',
  'Михаил',
  'Артём',
  'Николай',
  'Владимир',
  'Павел',
  'Пётр',
  'Роман',
  'Олег',
  'Игорь',
  'Юрий',
  'Виктор',
  'Константин',
];
const ruFirstF = [
  'Елена',
  'Ольга',
  'Наталья',
  'Анна',
  'Мария',
  'Татьяна',
  'Ирина',
  'Екатерина',
  'Светлана',
  'Юлия',
  'Анастасия',
  'Дарья',
  'Марина',
  'Людмила',
  'Галина',
  'Вера',
  'Ксения',
  'Алёна',
  'Полина',
  'Софья',
];
const ruPatrM = [
  'Александрович',
  'Сергеевич',
  'Дмитриевич',
  'Андреевич',
  'Иванович',
  'Петрович',
  'Михайлович',
  'Николаевич',
  'Владимирович',
  'Юрьевич',
];
const ruPatrF = [
  'Александровна',
  'Сергеевна',
  'Дмитриевна',
  'Андреевна',
  'Ивановна',
  'Петровна',
  'Михайловна',
  'Николаевна',
  'Владимировна',
  'Юрьевна',
];
const enLast = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Miller',
  'Davis',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Martin',
  'Jackson',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Hill',
  'Green',
  'Adams',
  'Baker',
];
const enFirst = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'David',
  'Susan',
  'Richard',
  'Jessica',
  'Joseph',
  'Sarah',
  'Thomas',
  'Karen',
  'Daniel',
  'Nancy',
];
const orgWords = [
  'Альфа',
  'Вектор',
  'Гранит',
  'Север',
  'Лотос',
  'Меридиан',
  'Орион',
  'Прогресс',
  'Радуга',
  'Стройка',
  'Техно',
  'Уют',
  'Феникс',
  'Янтарь',
  'Nord',
  'Atlas',
  'Zenith',
  'Sigma',
  'Vertex',
  'Polar',
];
const orgForms = ['ООО', 'АО', 'ИП', 'ООО', 'LLC', 'Ltd'];
const regions = ['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск', 'Екатеринбург', 'Нижний Новгород', 'London', 'Manchester'];
const statuses = ['new', 'active', 'vip', 'inactive'];
const sources = ['website', 'referral', 'walk-in', 'advertising', 'exhibition'];
const importance = ['A', 'B', 'C'];

const translit: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};
const latin = (s: string) =>
  [...s.toLowerCase()]
    .map((c) => translit[c] ?? c)
    .join('')
    .replace(/[^a-z0-9]/g, '');

/** A valid 10-digit organisation INN built from 9 random digits. */
export function makeInn10(r: Rand): string {
  const d = Array.from({ length: 9 }, () => Math.floor(r() * 10));
  d[0] = 1 + Math.floor(r() * 9);
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  d.push((w.reduce((s, x, i) => s + x * d[i]!, 0) % 11) % 10);
  return d.join('');
}

/** A valid 13-digit OGRN. */
export function makeOgrn(r: Rand): string {
  let body = '1';
  for (let i = 0; i < 11; i++) body += Math.floor(r() * 10);
  return body + Number((BigInt(body) % 11n) % 10n);
}

export function makePhone(r: Rand): string {
  const n = () => Math.floor(r() * 10);
  const code = 900 + Math.floor(r() * 99);
  const rest = `${n()}${n()}${n()}-${n()}${n()}-${n()}${n()}`;
  return r() < 0.5 ? `+7 (${code}) ${rest}` : `8${code}${rest.replace(/-/g, '')}`;
}

export function makeClient(r: Rand, i: number, custom: Record<string, unknown> = {}): TClientCreate {
  const common = {
    region: pick(r, regions),
    status: pick(r, statuses),
    source: pick(r, sources),
    importance: pick(r, importance),
    tags: r() < 0.3 ? [pick(r, ['опт', 'розница', 'vip', 'newsletter'])] : [],
    custom,
  };
  const roll = r();
  if (roll < 0.15) {
    const name = `${pick(r, orgForms)} «${pick(r, orgWords)}${r() < 0.5 ? `-${1 + Math.floor(r() * 99)}` : ''}»`;
    return {
      kind: 'organization',
      legalName: name,
      inn: makeInn10(r),
      ogrn: r() < 0.6 ? makeOgrn(r) : null,
      channels: [
        { type: 'phone', label: 'work', value: makePhone(r) },
        { type: 'email', value: `info${i}@${latin(name).slice(0, 12) || 'firm'}.ru` },
      ],
      industry: pick(r, ['retail', 'construction', 'IT', 'services', 'food']),
      contacts: [{ name: `${pick(r, ruFirstM)} ${pick(r, ruMale)}`, position: 'директор', channels: [{ type: 'phone', value: makePhone(r) }] }],
      ...common,
    };
  }
  if (roll < 0.75) {
    const female = r() < 0.5;
    const surname = pick(r, ruMale) + (female ? 'а' : '');
    const firstName = pick(r, female ? ruFirstF : ruFirstM);
    return {
      kind: 'person',
      surname,
      firstName,
      patronymic: pick(r, female ? ruPatrF : ruPatrM),
      birthDate: `${1950 + Math.floor(r() * 55)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
      channels: [
        { type: 'phone', label: 'mobile', value: makePhone(r) },
        ...(r() < 0.7 ? [{ type: 'email' as const, value: `${latin(firstName)}.${latin(surname)}${i}@mail.ru` }] : []),
      ],
      ...common,
    };
  }
  const surname = pick(r, enLast),
    firstName = pick(r, enFirst);
  return {
    kind: 'person',
    surname,
    firstName,
    channels: [
      { type: 'phone', label: 'mobile', value: makePhone(r) },
      { type: 'email', value: `${firstName}.${surname}${i}@example.com`.toLowerCase() },
    ],
    ...common,
  };
}
