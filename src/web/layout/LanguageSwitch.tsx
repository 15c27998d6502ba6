import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { languageNames, languages, setLanguage, type Language } from '../i18n/index.js';

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const current = (languages as readonly string[]).includes(i18n.language) ? i18n.language : 'en';
  return (
    <NativeSelect
      aria-label={t('app.language')}
      size="xs"
      w={{ base: 108, xs: 116 }}
      value={current}
      onChange={(e) => setLanguage(e.currentTarget.value as Language)}
      data={languages.map((l) => ({ value: l, label: languageNames[l] }))}
    />
  );
}
