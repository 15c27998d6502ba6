import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { ru } from './ru.js';
import { uk } from './uk.js';
import { ro } from './ro.js';

export const languages = ['en', 'ru', 'uk', 'ro'] as const;
export type Language = (typeof languages)[number];
/** Each language by its own name, as the switch offers it. */
export const languageNames: Record<Language, string> = { en: 'English', ru: 'Русский', uk: 'Українська', ro: 'Română' };

const isLanguage = (l: string | null | undefined): l is Language => !!l && (languages as readonly string[]).includes(l);

/** The browser's preferred languages ("uk-UA", "ro-MD", "ru") -> the first one we have, else English. */
export function detectLanguage(preferred: readonly string[]): Language {
  for (const p of preferred) {
    const l = p.toLowerCase().split('-')[0];
    if (isLanguage(l)) return l;
    if (l === 'mo') return 'ro'; // the old code of Moldovan
  }
  return 'en';
}

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('clientela.lang') : null;
const saved = isLanguage(stored) ? stored : null;
const browser = typeof navigator !== 'undefined' ? detectLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]) : 'en';

// React already escapes every value it renders; i18next must not escape a second time.
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ru: { translation: ru }, uk: { translation: uk }, ro: { translation: ro } },
  lng: saved ?? browser,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});
if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

export function setLanguage(lng: Language) {
  localStorage.setItem('clientela.lang', lng);
  void i18n.changeLanguage(lng);
  document.documentElement.lang = lng;
}

export default i18n;
