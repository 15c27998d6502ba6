// The month: whole weeks from Monday in a CSS grid, the first three items of a day and "N more"
// (which opens the day), from the month view's counts (GET /api/calendar/month: the month's items are
// not all read). Items are dragged to another day: same time, new day.
import { Box, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dayCounts, dropTarget, type GridProps } from './GridProps.js';
import { ItemChip } from './ItemChip.js';
import { weekdayNames } from './present.js';
import { parseDay } from './tz.js';

const SHOWN = 3; // CalendarPage MONTH_SHOWN: the first items the month view asks for

export function MonthGrid(p: GridProps & { month: number; onShowDay: (day: string) => void }) {
  const { t, i18n } = useTranslation();
  const [over, setOver] = useState<string | null>(null);
  return (
    <Box
      data-testid="cal-month"
      style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', border: '1px solid var(--mantine-color-gray-3)' }}
    >
      {weekdayNames(i18n.language).map((w) => (
        <Text key={w} size="xs" fw={600} ta="center" py={4} bg="gray.0" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          {w}
        </Text>
      ))}
      {p.days.map((day) => {
        const items = p.byDay.get(day) ?? [];
        const counts = dayCounts(p, day);
        const { m, d } = parseDay(day);
        return (
          <Box
            key={day}
            data-testid="cal-day"
            data-day={day}
            data-total={counts.total}
            data-events={counts.event}
            data-tasks={counts.task}
            {...dropTarget(
              () => p.onDrop(day, null),
              (o) => setOver(o ? day : null),
            )}
            p={4}
            mih={104}
            style={{
              minWidth: 0,
              borderRight: '1px solid var(--mantine-color-gray-2)',
              borderBottom: '1px solid var(--mantine-color-gray-2)',
              background: over === day ? 'var(--mantine-color-blue-0)' : m !== p.month ? 'var(--mantine-color-gray-0)' : undefined,
            }}
          >
            <UnstyledButton onClick={() => p.onShowDay(day)} aria-label={day}>
              <Text size="xs" fw={day === p.today ? 700 : 400} c={day === p.today ? 'blue' : m !== p.month ? 'dimmed' : undefined} mb={2}>
                {d}
              </Text>
            </UnstyledButton>
            <Box style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
              {items.slice(0, SHOWN).map((item) => (
                <ItemChip
                  key={`${item.kind}${item.id}`}
                  item={item}
                  tz={p.tz}
                  draggable={p.canDrag(item)}
                  showOwner={p.showOwner}
                  onOpen={p.onOpen}
                  onDragStart={p.onDragStart}
                />
              ))}
              {counts.total > SHOWN && (
                <UnstyledButton
                  data-testid="cal-more"
                  onClick={() => p.onShowDay(day)}
                  title={t('calendar.dayCounts', { events: counts.event, tasks: counts.task })}
                >
                  <Text size="xs" c="blue">
                    {t('calendar.more', { count: counts.total - SHOWN })}
                  </Text>
                </UnstyledButton>
              )}
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}
