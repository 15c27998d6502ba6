// Russian tax ids and contact normalisation. Check-digit rules: Federal Tax Service
// order for INN; OGRN = (first 12 digits mod 11) mod 10, OGRNIP = (first 14 mod 13) mod 10.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

const digitsOf = (s: string) => s.replace(/\D/g, '');

function innCheck(d: number[], weights: number[]): number {
  return (weights.reduce((sum, w, i) => sum + w * d[i]!, 0) % 11) % 10;
}

export function validInn(inn: string): boolean {
  if (!/^\d{10}$|^\d{12}$/.test(inn)) return false;
  const d = [...inn].map(Number);
  if (d.length === 10) return innCheck(d, [2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  return innCheck(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && innCheck(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
}

export function validOgrn(ogrn: string): boolean {
  if (!/^\d{13}$|^\d{15}$/.test(ogrn)) return false;
  const body = BigInt(ogrn.slice(0, -1));
  const mod = ogrn.length === 13 ? 11n : 13n;
  return Number((body % mod) % 10n) === Number(ogrn.at(-1));
}

export function validKpp(kpp: string): boolean {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp);
}

export function validEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]{2,}$/u.test(email);
}

export const phoneRegion = (): CountryCode => (process.env.CLIENTELA_PHONE_REGION || 'RU').toUpperCase() as CountryCode;

/**
 * One parse per phone: E.164 when the number is valid (for the configured default region), and
 * the digit strings a user may type to find it — as typed, E.164, the national number, and the
 * national form with the trunk prefix people dial (8 912…, 020…).
 */
export function parsePhone(value: string, region: CountryCode = phoneRegion()): Readonly<{ e164?: string; digits: readonly string[] }> {
  const key = `${region} ${value}`;
  let hit = parsed.get(key);
  if (!hit) {
    // a bounded memo: an import or a bulk create normalises each stored phone more than once
    // (the client before and after the change), at ~8 µs a parse
    if (parsed.size >= 20_000) parsed.clear();
    const once = parseOnce(value, region);
    hit = Object.freeze({ ...once, digits: Object.freeze(once.digits) });
    parsed.set(key, hit);
  }
  return hit;
}
const parsed = new Map<string, Readonly<{ e164?: string; digits: readonly string[] }>>();

function parseOnce(value: string, region: CountryCode): { e164?: string; digits: string[] } {
  const out = new Set<string>([digitsOf(value)]);
  const p = parsePhoneNumberFromString(value, region);
  if (!p?.isValid()) return { digits: [...out].filter(Boolean) };
  out.add(p.number.slice(1));
  out.add(String(p.nationalNumber));
  out.add(digitsOf(p.formatNational()));
  return { e164: p.number, digits: [...out].filter(Boolean) };
}

export const phoneE164 = (value: string, region?: CountryCode) => parsePhone(value, region).e164;
export const phoneSearchDigits = (value: string) => parsePhone(value).digits;

/** Lower case in every alphabet, accents folded (ё → е), spaces collapsed: the form search compares. */
export { searchForm } from './search-form.js';

export { digitsOf };
