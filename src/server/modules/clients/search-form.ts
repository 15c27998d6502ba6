// The form search compares: lower case in every alphabet, accents folded ("Wójcik" -> "wojcik",
// "Hämäläinen" -> "hamalainen", "Ёлкина" -> "елкина"), whitespace collapsed. Stored columns
// (sort_name, people_search) hold it, written in Node by normalizeClient; the typed text gets the
// same form, so search compares plain columns with plain trigram and btree indexes — no function
// per row (an unaccent() wrapper would run for every row a walk or a bitmap recheck reads) and no
// dependence on the database's locale or on the unaccent extension.
//
// It is a mapping of single characters, so the same mapping can be written as SQL (translate and
// replace; `searchFormSql`), which migration 015 uses to bring stored rows to this form.

/** Characters folded to a base letter (after lower-casing). */
const FOLD = new Map<string, string>();

// Combining diacritical marks (U+0300–U+036F) and the other blocks of diacritics: dropped.
const isDiacritic = (cp: number) =>
  (cp >= 0x300 && cp <= 0x36f) ||
  (cp >= 0x1ab0 && cp <= 0x1aff) ||
  (cp >= 0x1dc0 && cp <= 0x1dff) ||
  (cp >= 0x20d0 && cp <= 0x20ff) ||
  (cp >= 0xfe20 && cp <= 0xfe2f);
const latinOrGreek = /^[\p{Script=Latin}\p{Script=Greek}]$/u;

for (let cp = 0; cp < 0x2000; cp++) {
  const ch = String.fromCodePoint(cp);
  if (isDiacritic(cp)) {
    FOLD.set(ch, '');
    continue;
  }
  // A Latin or Greek letter with diacritics: its base letter (as PostgreSQL's unaccent rules do).
  // Other scripts keep theirs (Cyrillic й, ї, ў are letters of their own), except ё below.
  const d = [...ch.normalize('NFD')];
  if (d.length > 1 && latinOrGreek.test(d[0]!) && d.slice(1).every((m) => isDiacritic(m.codePointAt(0)!))) FOLD.set(ch, d[0]!);
}
// Letters without a decomposition that people type without their stroke or ligature.
for (const [from, to] of Object.entries({
  ё: 'е',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ħ: 'h',
  ı: 'i',
  ŀ: 'l',
  ŧ: 't',
  ς: 'σ',
}))
  FOLD.set(from, to);
// Every JavaScript whitespace character becomes a plain space (then runs of spaces collapse).
for (const ch of ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff')
  FOLD.set(ch, ' ');
FOLD.delete(' ');

const escapeClass = (ch: string) => (/[\\\][^-]/.test(ch) ? `\\${ch}` : ch);
const FOLD_RE = new RegExp(`[${[...FOLD.keys()].map(escapeClass).join('')}]`, 'gu');
const foldChars = (lower: string) => lower.replace(FOLD_RE, (ch) => FOLD.get(ch)!);

/** Lower case in every alphabet, accents folded (ё → е), spaces collapsed: the form search compares. */
export function searchForm(s: string): string {
  // toLowerCase is a mapping of single characters but for the final sigma (folded to σ) and İ
  // (to i + a dot, which is dropped), so this is one too.
  return foldChars(s.toLowerCase()).replace(/ {2,}/g, ' ').trim();
}

let sqlMap: { from: string; to: string; dropped: string; multi: [string, string][] } | undefined;

/** Every character that searchForm changes, with what it becomes. */
function characterMap() {
  if (sqlMap) return sqlMap;
  let from = '';
  let to = '';
  let dropped = '';
  const multi: [string, string][] = [];
  const ranges: [number, number][] = [
    [0, 0x3000],
    [0xa640, 0xac00],
    [0xfb00, 0xff60],
    [0x10400, 0x1ea00],
  ];
  for (const [lo, hi] of ranges) {
    for (let cp = lo; cp < hi; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      const lower = ch.toLowerCase();
      if (lower === ch && !FOLD.has(ch)) continue;
      const out = foldChars(lower);
      if (out === ch) continue;
      const n = [...out].length;
      if (n === 0) dropped += ch;
      else if (n === 1) (from += ch), (to += out);
      else multi.push([ch, out]);
    }
  }
  sqlMap = { from, to, dropped, multi };
  return sqlMap;
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * searchForm as a SQL expression over `expr` (for migrations: the same characters map to the same
 * text, whatever the database's locale, since no lower() is used).
 */
export function searchFormSql(expr: string): string {
  const { from, to, dropped, multi } = characterMap();
  let e = expr;
  for (const [a, b] of multi) e = `replace(${e}, ${literal(a)}, ${literal(b)})`;
  // translate: characters of `from` past the end of `to` are deleted
  e = `translate(${e}, ${literal(from + dropped)}, ${literal(to)})`;
  return `btrim(regexp_replace(${e}, ' {2,}', ' ', 'g'), ' ')`;
}

/** A regular-expression class (PostgreSQL and JavaScript) of the characters searchForm folds after lower-casing. */
export function foldedCharacterClass(): string {
  return `[${[...FOLD.keys()].map(escapeClass).join('')}]`;
}
