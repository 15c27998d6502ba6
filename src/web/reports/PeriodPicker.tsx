import { Button, Group, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { presetOf, presetPeriod, type Period, type Preset } from './rating.js';

export const localToday = () => new Date().toLocaleDateString('sv'); // YYYY-MM-DD, the browser's day

/** Two dates and the presets this month / this year / last year / all time. */
export function PeriodPicker({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const { t } = useTranslation();
  const today = localToday();
  const active = presetOf(value, today);
  return (
    <Group align="flex-end" gap="xs" wrap="wrap">
      <TextInput
        type="date"
        label={t('common.from')}
        value={value.from}
        required
        onChange={(e) => e.currentTarget.value && onChange({ ...value, from: e.currentTarget.value })}
      />
      <TextInput
        type="date"
        label={t('common.to')}
        value={value.to}
        required
        onChange={(e) => e.currentTarget.value && onChange({ ...value, to: e.currentTarget.value })}
      />
      <Group gap={4} role="group" aria-label={t('common.period')}>
        {(['month', 'year', 'lastYear', 'all'] as Preset[]).map((p) => (
          <Button
            key={p}
            size="xs"
            variant={active === p ? 'filled' : 'default'}
            aria-pressed={active === p}
            onClick={() => onChange(presetPeriod(p, today))}
          >
            {t(`reports.presets.${p}`)}
          </Button>
        ))}
      </Group>
    </Group>
  );
}
