// Money on the client, exact like the server's (src/server/shared/money.ts): amounts are bigint
// ten-thousandths ("e4"), the API speaks decimal strings ("174.61"). No floats anywhere, so a
// sum of payments or the debt shown in a form is the one the server will compute.

export type E4 = bigint;

/**
 * What a person typed -> e4, or null when it is not an amount. Accepts "1 234,5" and "1234.50"
 * (space / no-break space as thousands, comma or dot as the decimal separator), up to `decimals`.
 */
export function parseAmount(input: string, decimals = 2, opts: { negative?: boolean } = {}): E4 | null {
  const s = input.replace(/[\s\u00a0\u202f']/g, '').replace(',', '.');
  const m = /^(-)?(\d{1,15})(?:\.(\d*))?$/.exec(s);
  if (!m || (m[1] && !opts.negative)) return null;
  const frac = m[3] ?? '';
  if (frac.length > decimals) return null;
  const v = BigInt(m[2]!) * 10_000n + BigInt((frac + '0000').slice(0, 4));
  return m[1] ? -v : v;
}

/** A decimal string from the API -> e4 (the API never sends more than 4 decimals). */
export function e4(s: string | null | undefined): E4 {
  if (!s) return 0n;
  return parseAmount(s, 4, { negative: true }) ?? 0n;
}

/** e4 -> the API's decimal string: at least 2 decimals, more only when they are not zero. */
export function toApi(v: E4): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  let frac = (a % 10_000n).toString().padStart(4, '0');
  while (frac.length > 2 && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${neg ? '-' : ''}${a / 10_000n}.${frac}`;
}

/** Half away from zero to whole cents (what is paid). */
export function roundCents(v: E4): E4 {
  const r = v % 100n;
  const q = v - r;
  if (r === 0n) return v;
  if (r > 0n) return r >= 50n ? q + 100n : q;
  return -r >= 50n ? q - 100n : q;
}

/** Σ of decimal strings (or bigint), exactly. Empty / invalid entries count as 0. */
export function sum(values: (string | E4 | null | undefined)[]): E4 {
  return values.reduce<E4>((a, v) => a + (typeof v === 'bigint' ? v : e4(v ?? null)), 0n);
}

type Pattern = { group: string; decimal: string; pos: [string, string]; neg: [string, string] };
const patterns = new Map<string, Pattern>();

/**
 * How the locale writes an amount (and where its currency sign goes), learnt once per language
 * and currency from Intl: "1 234,50 ₽" (ru), "1.234,50 RON" (ro), "$1,234.50" (en). The digits
 * themselves are ours (exact bigint), only the separators and the sign come from Intl.
 */
function pattern(lang: string, currency?: string): Pattern {
  const id = `${lang}|${currency ?? ''}`;
  const known = patterns.get(id);
  if (known) return known;
  let nf: Intl.NumberFormat;
  try {
    nf = new Intl.NumberFormat(lang, currency ? { style: 'currency', currency, minimumFractionDigits: 2 } : { minimumFractionDigits: 2 });
  } catch {
    nf = new Intl.NumberFormat(lang, { minimumFractionDigits: 2 }); // not a currency Intl knows: the code follows the number
  }
  const affixes = (n: number): [string, string] => {
    const parts = nf.formatToParts(n);
    const first = parts.findIndex((p) => p.type === 'integer');
    const last = parts.length - 1 - [...parts].reverse().findIndex((p) => p.type === 'fraction' || p.type === 'integer');
    let before = parts
      .slice(0, first)
      .map((p) => (p.type === 'minusSign' ? '−' : p.value))
      .join('');
    let after = parts
      .slice(last + 1)
      .map((p) => (p.type === 'minusSign' ? '−' : p.value))
      .join('');
    const sign = parts.find((p) => p.type === 'currency')?.value;
    // no sign of its own in this locale (Intl shows the bare ISO code): the code after the number
    if (currency && (!sign || sign === currency)) {
      before = before.replace(currency, '').trim();
      after = after.replace(currency, '').trim();
      after = `${after} ${currency}`;
    }
    return [before, after];
  };
  const sample = nf.formatToParts(1234567.5);
  const made: Pattern = {
    group: sample.find((p) => p.type === 'group')?.value ?? '',
    decimal: sample.find((p) => p.type === 'decimal')?.value ?? '.',
    pos: affixes(1234567.5),
    neg: affixes(-1234567.5),
  };
  patterns.set(id, made);
  return made;
}

/**
 * For people, in the locale of `lang`: "1,234.50" (en) / "1 234,50" (ru) / "1.234,50" (ro),
 * rounded to cents unless `exact` (then up to 4 decimals, trailing zeros dropped past the cents).
 * With a currency, its sign where the locale puts it ("2 250,00 ₽", "$5.00"), or its code after
 * the number when the locale has no sign for it ("1,375.95 RUB", "2.250,00 RON").
 */
export function formatMoney(value: string | E4 | null | undefined, lang = 'en', currency?: string, exact = false): string {
  if (value === null || value === undefined || value === '') return '';
  let v = typeof value === 'bigint' ? value : e4(value);
  if (!exact) v = roundCents(v);
  const neg = v < 0n;
  const a = neg ? -v : v;
  let frac = (a % 10_000n).toString().padStart(4, '0');
  while (frac.length > 2 && frac.endsWith('0')) frac = frac.slice(0, -1);
  const p = pattern(lang, currency);
  const int = (a / 10_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, p.group);
  const [before, after] = neg ? p.neg : p.pos;
  return `${before}${int}${p.decimal}${frac}${after}`;
}

/** Quantities as typed: up to 3 decimals, comma allowed; returns the API string or null. */
export function parseQuantity(input: string): string | null {
  const s = input.replace(/\s/g, '').replace(',', '.');
  const m = /^(\d{1,12})(?:\.(\d{0,3}))?$/.exec(s);
  if (!m) return null;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (BigInt(m[1]!) === 0n && !/[1-9]/.test(frac)) return null;
  return `${BigInt(m[1]!)}${frac ? `.${frac}` : ''}`;
}

/** Percent as typed ("5", "12,5") -> the API string, 0..100 with up to 2 decimals, or null. */
export function parsePercent(input: string): string | null {
  const v = parseAmount(input, 2);
  if (v === null || v > 100n * 10_000n) return null;
  return toApi(v).replace(/\.?0+$/, '') || '0';
}

/** Share of a part in a whole in whole percent tenths, for charts: 1234 -> "12.3 %". Exact, no floats. */
export function share(part: E4, whole: E4): number {
  if (whole <= 0n || part <= 0n) return 0;
  return Number((part * 1000n + whole / 2n) / whole) / 10;
}
