import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n/index.js';

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  return (
    <SegmentedControl
      aria-label={t('app.language')} size="xs"
      value={i18n.language === 'ru' ? 'ru' : 'en'}
      onChange={(v) => setLanguage(v as 'en' | 'ru')}
      data={[{ value: 'en', label: 'English' }, { value: 'ru', label: 'Русский' }]}
    />
  );
}
