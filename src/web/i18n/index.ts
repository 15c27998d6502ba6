import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { ru } from './ru.js';

export const languages = ['en', 'ru'] as const;
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('clientela.lang') : null;
const browser = typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';

// React already escapes every value it renders; i18next must not escape a second time.
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ru: { translation: ru } },
  lng: saved ?? browser,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export function setLanguage(lng: (typeof languages)[number]) {
  localStorage.setItem('clientela.lang', lng);
  void i18n.changeLanguage(lng);
  document.documentElement.lang = lng;
}

export default i18n;
