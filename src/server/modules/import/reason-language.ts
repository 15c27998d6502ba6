// The rejected-rows file in the language of the person who downloads it. The engine writes each
// reason in English ("inn: is not a valid INN …"); the web shows it translated, and the file the
// user downloads says the same: the same texts (src/web/i18n/*.ts) and the same matcher
// (src/web/import/reasons.ts, pure functions) translate it here. The language comes from the
// request: a `lang` query parameter (the web sends its UI language), else Accept-Language.
import { createInstance, type TFunction } from 'i18next';
import { en } from '../../../web/i18n/en.js';
import { ru } from '../../../web/i18n/ru.js';
import { uk } from '../../../web/i18n/uk.js';
import { ro } from '../../../web/i18n/ro.js';
import { translateReason } from '../../../web/import/reasons.js';

export const uiLanguages = ['en', 'ru', 'uk', 'ro'] as const;
export type UiLanguage = (typeof uiLanguages)[number];

const known = (l: string | undefined): UiLanguage | null => {
  const base = (l ?? '').trim().toLowerCase().split(/[-_]/)[0]!;
  return (uiLanguages as readonly string[]).includes(base) ? (base as UiLanguage) : base === 'mo' ? 'ro' : null;
};

/** `lang` if it is one of ours, else the most preferred of Accept-Language ("uk-UA,uk;q=0.9,en;q=0.8") we have, else English. */
export function requestLanguage(lang: string | undefined, acceptLanguage: string | undefined): UiLanguage {
  const direct = known(lang);
  if (direct) return direct;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag!, q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) {
    const l = known(r.tag);
    if (l) return l;
  }
  return 'en';
}

let translator: Promise<TFunction> | null = null;
function t(): Promise<TFunction> {
  translator ??= (async () => {
    const i18n = createInstance();
    await i18n.init({
      resources: { en: { translation: en }, ru: { translation: ru }, uk: { translation: uk }, ro: { translation: ro } },
      lng: 'en',
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
    });
    return i18n.t;
  })();
  return translator;
}

/** The file's "error" column header and a function that translates one row's reason into `lang`. */
export async function reasonsIn(
  lang: UiLanguage,
  opts: { products?: boolean; sales?: boolean } = {},
): Promise<{ header: string; reason: (english: string) => string }> {
  if (lang === 'en') return { header: 'error', reason: (s) => s };
  const tr = await t();
  const tl = (key: string, o?: Record<string, unknown>) => String(tr(key, { ...o, lng: lang }));
  return { header: tl('import.preview.reason'), reason: (s) => translateReason(s, tl, opts) };
}
