// The total in words (issue 16, "Documents"): an exact amount (a decimal string, never a float) in
// the document's language and currency, as a Russian small firm prints it on an invoice:
// "Одна тысяча двести тридцать четыре рубля 56 копеек". The whole units in words (with the gender
// the unit needs: "одна тысяча", "две тысячи", "одна гривна", "один рубль"), the minor units as two
// digits. Languages: ru, uk, en, ro; currencies: RUB, UAH, USD, EUR, MDL, RON, others by their code.
export type WordsLang = 'ru' | 'uk' | 'en' | 'ro';
type Gender = 'm' | 'f';
/** [one, few (2–4), many] for ru/uk; [one, other] for en/ro. */
type Unit = { forms: string[]; gender: Gender };
type Money = { major: Unit; minor: Unit };

const slav = (one: string, few: string, many: string, gender: Gender): Unit => ({ forms: [one, few, many], gender });
const two = (one: string, other: string, gender: Gender = 'm'): Unit => ({ forms: [one, other], gender });

const currencies: Record<WordsLang, Record<string, Money>> = {
  ru: {
    RUB: { major: slav('рубль', 'рубля', 'рублей', 'm'), minor: slav('копейка', 'копейки', 'копеек', 'f') },
    UAH: { major: slav('гривна', 'гривны', 'гривен', 'f'), minor: slav('копейка', 'копейки', 'копеек', 'f') },
    USD: { major: slav('доллар США', 'доллара США', 'долларов США', 'm'), minor: slav('цент', 'цента', 'центов', 'm') },
    EUR: { major: slav('евро', 'евро', 'евро', 'm'), minor: slav('евроцент', 'евроцента', 'евроцентов', 'm') },
    MDL: { major: slav('молдавский лей', 'молдавских лея', 'молдавских леев', 'm'), minor: slav('бан', 'бана', 'банов', 'm') },
    RON: { major: slav('румынский лей', 'румынских лея', 'румынских леев', 'm'), minor: slav('бан', 'бана', 'банов', 'm') },
  },
  uk: {
    UAH: { major: slav('гривня', 'гривні', 'гривень', 'f'), minor: slav('копійка', 'копійки', 'копійок', 'f') },
    RUB: { major: slav('російський рубль', 'російські рублі', 'російських рублів', 'm'), minor: slav('копійка', 'копійки', 'копійок', 'f') },
    USD: { major: slav('долар США', 'долари США', 'доларів США', 'm'), minor: slav('цент', 'центи', 'центів', 'm') },
    EUR: { major: slav('євро', 'євро', 'євро', 'm'), minor: slav('євроцент', 'євроценти', 'євроцентів', 'm') },
    MDL: { major: slav('молдовський лей', 'молдовські леї', 'молдовських леїв', 'm'), minor: slav('бан', 'бани', 'банів', 'm') },
    RON: { major: slav('румунський лей', 'румунські леї', 'румунських леїв', 'm'), minor: slav('бан', 'бани', 'банів', 'm') },
  },
  en: {
    USD: { major: two('US dollar', 'US dollars'), minor: two('cent', 'cents') },
    EUR: { major: two('euro', 'euros'), minor: two('cent', 'cents') },
    RUB: { major: two('Russian rouble', 'Russian roubles'), minor: two('kopeck', 'kopecks') },
    UAH: { major: two('hryvnia', 'hryvnias'), minor: two('kopiyka', 'kopiykas') },
    MDL: { major: two('Moldovan leu', 'Moldovan lei'), minor: two('ban', 'bani') },
    RON: { major: two('Romanian leu', 'Romanian lei'), minor: two('ban', 'bani') },
    GBP: { major: two('pound sterling', 'pounds sterling'), minor: two('penny', 'pence') },
  },
  ro: {
    MDL: { major: two('leu moldovenesc', 'lei moldovenești'), minor: two('ban', 'bani') },
    RON: { major: two('leu', 'lei'), minor: two('ban', 'bani') },
    EUR: { major: two('euro', 'euro'), minor: two('cent', 'cenți') },
    USD: { major: two('dolar SUA', 'dolari SUA'), minor: two('cent', 'cenți') },
    RUB: { major: two('rublă rusească', 'ruble rusești', 'f'), minor: two('copeică', 'copeici', 'f') },
    UAH: { major: two('grivnă', 'grivne', 'f'), minor: two('copeică', 'copeici', 'f') },
  },
};

/** The Slavic plural form: 1 (not 11) → one, 2–4 (not 12–14) → few, else many. */
export function slavForm(n: bigint): 0 | 1 | 2 {
  const d = n % 10n;
  const h = n % 100n;
  if (d === 1n && h !== 11n) return 0;
  if (d >= 2n && d <= 4n && (h < 12n || h > 14n)) return 1;
  return 2;
}

// ----- Russian and Ukrainian: groups of three digits, each with its scale word and gender
type SlavWords = { ones: Record<Gender, string[]>; teens: string[]; tens: string[]; hundreds: string[]; scales: Unit[]; zero: string };
const RU: SlavWords = {
  ones: {
    m: ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
    f: ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
  },
  teens: [
    'десять',
    'одиннадцать',
    'двенадцать',
    'тринадцать',
    'четырнадцать',
    'пятнадцать',
    'шестнадцать',
    'семнадцать',
    'восемнадцать',
    'девятнадцать',
  ],
  tens: ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'],
  hundreds: ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'],
  scales: [
    slav('', '', '', 'm'),
    slav('тысяча', 'тысячи', 'тысяч', 'f'),
    slav('миллион', 'миллиона', 'миллионов', 'm'),
    slav('миллиард', 'миллиарда', 'миллиардов', 'm'),
    slav('триллион', 'триллиона', 'триллионов', 'm'),
  ],
  zero: 'ноль',
};
const UK: SlavWords = {
  ones: {
    m: ['', 'один', 'два', 'три', 'чотири', "п'ять", 'шість', 'сім', 'вісім', "дев'ять"],
    f: ['', 'одна', 'дві', 'три', 'чотири', "п'ять", 'шість', 'сім', 'вісім', "дев'ять"],
  },
  teens: [
    'десять',
    'одинадцять',
    'дванадцять',
    'тринадцять',
    'чотирнадцять',
    "п'ятнадцять",
    'шістнадцять',
    'сімнадцять',
    'вісімнадцять',
    "дев'ятнадцять",
  ],
  tens: ['', '', 'двадцять', 'тридцять', 'сорок', "п'ятдесят", 'шістдесят', 'сімдесят', 'вісімдесят', "дев'яносто"],
  hundreds: ['', 'сто', 'двісті', 'триста', 'чотириста', "п'ятсот", 'шістсот', 'сімсот', 'вісімсот', "дев'ятсот"],
  scales: [
    slav('', '', '', 'm'),
    slav('тисяча', 'тисячі', 'тисяч', 'f'),
    slav('мільйон', 'мільйони', 'мільйонів', 'm'),
    slav('мільярд', 'мільярди', 'мільярдів', 'm'),
    slav('трильйон', 'трильйони', 'трильйонів', 'm'),
  ],
  zero: 'нуль',
};

function slavTriple(w: SlavWords, n: number, gender: Gender): string[] {
  const out: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h) out.push(w.hundreds[h]!);
  if (rest >= 10 && rest < 20) out.push(w.teens[rest - 10]!);
  else {
    if (rest >= 20) out.push(w.tens[Math.floor(rest / 10)]!);
    if (rest % 10) out.push(w.ones[gender][rest % 10]!);
  }
  return out;
}

function slavWords(w: SlavWords, n: bigint, gender: Gender): string {
  if (n === 0n) return w.zero;
  const groups: number[] = [];
  for (let v = n; v > 0n; v /= 1000n) groups.push(Number(v % 1000n));
  if (groups.length > w.scales.length) throw new RangeError('amountInWords: the amount is too large');
  const out: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    const scale = w.scales[i]!;
    out.push(...slavTriple(w, g, i === 0 ? gender : scale.gender));
    if (i > 0) out.push(scale.forms[slavForm(BigInt(g))]!);
  }
  return out.join(' ');
}

// ----- English
const EN_ONES = [
  '',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_SCALES = ['', 'thousand', 'million', 'billion', 'trillion'];

function enTriple(n: number): string[] {
  const out: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h) out.push(EN_ONES[h]!, 'hundred');
  if (rest >= 20) out.push(EN_TENS[Math.floor(rest / 10)]! + (rest % 10 ? `-${EN_ONES[rest % 10]}` : ''));
  else if (rest) out.push(EN_ONES[rest]!);
  return out;
}

function enWords(n: bigint): string {
  if (n === 0n) return 'zero';
  const groups: number[] = [];
  for (let v = n; v > 0n; v /= 1000n) groups.push(Number(v % 1000n));
  if (groups.length > EN_SCALES.length) throw new RangeError('amountInWords: the amount is too large');
  const out: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    if (groups[i] === 0) continue;
    out.push(...enTriple(groups[i]!));
    if (i > 0) out.push(EN_SCALES[i]!);
  }
  return out.join(' ');
}

// ----- Romanian: "un leu", "o rublă", "două mii", "douăzeci de lei" (the "de" after 20 and above,
// unless the last two digits are 01–19)
const RO_ONES_M = ['', 'unu', 'doi', 'trei', 'patru', 'cinci', 'șase', 'șapte', 'opt', 'nouă'];
const RO_TEENS = [
  'zece',
  'unsprezece',
  'doisprezece',
  'treisprezece',
  'paisprezece',
  'cincisprezece',
  'șaisprezece',
  'șaptesprezece',
  'optsprezece',
  'nouăsprezece',
];
const RO_TENS = ['', '', 'douăzeci', 'treizeci', 'patruzeci', 'cincizeci', 'șaizeci', 'șaptezeci', 'optzeci', 'nouăzeci'];
/** [one (with its article), plural] of thousand, million, billion, trillion */
const RO_SCALES: [string, string, Gender][] = [
  ['', '', 'm'],
  ['o mie', 'mii', 'f'],
  ['un milion', 'milioane', 'm'],
  ['un miliard', 'miliarde', 'm'],
  ['un trilion', 'trilioane', 'm'],
];

/** "de" goes between a number and its noun when the number is ≥ 20 and its last two digits are not 01–19. */
const roNeedsDe = (n: bigint) => n >= 20n && (n % 100n === 0n || n % 100n >= 20n);

/** 1..999 in Romanian, as a count before a noun of the gender (1 and 2 agree: un/o, doi/două). */
function roTriple(n: number, gender: Gender, beforeNoun: boolean): string[] {
  const out: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h === 1) out.push('o sută');
  else if (h === 2) out.push('două sute');
  else if (h) out.push(RO_ONES_M[h]!, 'sute');
  if (rest >= 10 && rest < 20) out.push(rest === 12 && gender === 'f' ? 'douăsprezece' : RO_TEENS[rest - 10]!);
  else {
    const one = rest % 10;
    const tens = rest >= 20 ? RO_TENS[Math.floor(rest / 10)]! : '';
    let unit = '';
    if (one === 1) unit = rest === 1 && beforeNoun && !h ? (gender === 'f' ? 'o' : 'un') : gender === 'f' ? 'una' : 'unu';
    else if (one === 2) unit = gender === 'f' ? 'două' : 'doi';
    else if (one) unit = RO_ONES_M[one]!;
    if (tens && unit) out.push(`${tens} și ${unit}`);
    else if (tens) out.push(tens);
    else if (unit) out.push(unit);
  }
  return out;
}

function roWords(n: bigint, gender: Gender): string {
  if (n === 0n) return 'zero';
  const groups: number[] = [];
  for (let v = n; v > 0n; v /= 1000n) groups.push(Number(v % 1000n));
  if (groups.length > RO_SCALES.length) throw new RangeError('amountInWords: the amount is too large');
  const out: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    if (i === 0) {
      out.push(...roTriple(g, gender, true));
      continue;
    }
    const [one, many, scaleGender] = RO_SCALES[i]!;
    if (g === 1) out.push(one);
    else {
      out.push(...roTriple(g, scaleGender, false));
      if (roNeedsDe(BigInt(g))) out.push('de');
      out.push(many);
    }
  }
  return out.join(' ');
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Splits "1234.56" into 1234n and 56n (minor units, rounded half up to two decimals); exact, no floats. */
export function splitAmount(amount: string): { major: bigint; minor: bigint; negative: boolean } {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) throw new RangeError(`amountInWords: not an amount: ${JSON.stringify(amount)}`);
  const frac = (m[3] ?? '').padEnd(3, '0');
  let cents = BigInt(m[2]!) * 100n + BigInt(frac.slice(0, 2));
  if (Number(frac[2]) >= 5) cents += 1n; // half away from zero, as the money code rounds
  return { major: cents / 100n, minor: cents % 100n, negative: m[1] === '-' && cents > 0n };
}

/**
 * The amount in words with its currency: the whole units in words, the minor units as two digits.
 * `amount` is a decimal string ("1234.56"); an unknown currency is named by its code.
 */
export function amountInWords(amount: string, currency: string, lang: WordsLang): string {
  const { major, minor, negative } = splitAmount(amount);
  const code = currency.toUpperCase();
  const money = currencies[lang][code];
  const cents = minor.toString().padStart(2, '0');
  let text: string;
  if (lang === 'ru' || lang === 'uk') {
    const w = lang === 'ru' ? RU : UK;
    const words = slavWords(w, major, money?.major.gender ?? 'm');
    text = money ? `${words} ${money.major.forms[slavForm(major)]} ${cents} ${money.minor.forms[slavForm(minor)]}` : `${words} ${code} ${cents}`;
    if (negative) text = `${lang === 'ru' ? 'минус' : 'мінус'} ${text}`;
  } else if (lang === 'en') {
    const words = enWords(major);
    text = money
      ? `${words} ${money.major.forms[major === 1n ? 0 : 1]} ${cents} ${money.minor.forms[minor === 1n ? 0 : 1]}`
      : `${words} ${code} ${cents}`;
    if (negative) text = `minus ${text}`;
  } else {
    const g = money?.major.gender ?? 'm';
    const words = roWords(major, g);
    const noun = (n: bigint, u: Unit) => `${n === 1n ? '' : roNeedsDe(n) ? 'de ' : ''}${u.forms[n === 1n ? 0 : 1]}`;
    text = money ? `${words} ${noun(major, money.major)} ${cents} ${noun(minor, money.minor)}` : `${words} ${code} ${cents}`;
    if (negative) text = `minus ${text}`;
  }
  return capitalise(text.replace(/\s+/g, ' ').trim());
}
