// The phone's calendar: the period's days that have something, each with its items in order (the
// month: its first items and "N more", which opens the day). An item opens to move it (dragging
// needs a mouse).
import { Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { dayCounts, type GridProps } from './GridProps.js';
import { ItemChip } from './ItemChip.js';
import { longDay } from './present.js';

export function AgendaList(p: GridProps & { onShowDay: (day: string) => void }) {
  const { t, i18n } = useTranslation();
  const days = p.days.filter((d) => dayCounts(p, d).total > 0);
  if (days.length === 0) return <Text c="dimmed">{t('calendar.none')}</Text>;
  return (
    <Stack gap="xs" data-testid="cal-agenda">
      {days.map((day) => {
        const counts = dayCounts(p, day);
        const shown = (p.byDay.get(day) ?? []).length;
        return (
          <Paper key={day} withBorder p="xs" data-testid="cal-day" data-day={day} data-total={counts.total}>
            <Text size="sm" fw={600} c={day === p.today ? 'blue' : undefined} mb={4}>
              {longDay(day, i18n.language)}
            </Text>
            <Stack gap={4}>
              {(p.byDay.get(day) ?? []).map((item) => (
                <ItemChip
                  key={`${item.kind}${item.id}`}
                  item={item}
                  tz={p.tz}
                  draggable={false}
                  showOwner={p.showOwner}
                  onOpen={p.onOpen}
                  onDragStart={p.onDragStart}
                  style={{ padding: '4px 6px' }}
                />
              ))}
              {counts.total > shown && (
                <UnstyledButton data-testid="cal-more" onClick={() => p.onShowDay(day)}>
                  <Text size="sm" c="blue">
                    {t('calendar.more', { count: counts.total - shown })}
                  </Text>
                </UnstyledButton>
              )}
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}
