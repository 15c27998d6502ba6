// The phone's calendar: the period's days that have something, each with its items in order. An
// item opens to move it (dragging needs a mouse).
import { Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { GridProps } from './GridProps.js';
import { ItemChip } from './ItemChip.js';
import { longDay } from './present.js';

export function AgendaList(p: GridProps) {
  const { t, i18n } = useTranslation();
  const days = p.days.filter((d) => (p.byDay.get(d) ?? []).length > 0);
  if (days.length === 0) return <Text c="dimmed">{t('calendar.none')}</Text>;
  return (
    <Stack gap="xs" data-testid="cal-agenda">
      {days.map((day) => (
        <Paper key={day} withBorder p="xs" data-testid="cal-day" data-day={day}>
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
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
