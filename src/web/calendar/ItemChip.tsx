// One event or task on the calendar: its colour, time and title; draggable when it may be moved,
// a click opens it.
import { Box, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CalItem } from './useCalendar.js';
import { timeOf } from './present.js';

export const itemColour = (item: CalItem) => item.colour ?? (item.kind === 'task' ? '#7950f2' : '#868e96');
export const itemTitle = (item: CalItem) => (item.kind === 'task' ? `${item.status === 'done' ? '✓' : '☐'} ${item.title}` : item.title);

export function ItemChip({
  item,
  tz,
  draggable,
  showOwner,
  onOpen,
  onDragStart,
  style,
}: {
  item: CalItem;
  tz: string;
  draggable: boolean;
  showOwner: boolean;
  onOpen: (item: CalItem) => void;
  onDragStart: (item: CalItem) => void;
  style?: React.CSSProperties;
}) {
  const { t, i18n } = useTranslation();
  const done = item.status === 'done' || item.status === 'cancelled';
  return (
    <UnstyledButton
      data-testid="cal-item"
      data-kind={item.kind}
      data-id={item.id}
      draggable={draggable}
      onDragStart={(e) => {
        e.dataTransfer.setData('text/plain', `${item.kind}:${item.id}`);
        e.dataTransfer.effectAllowed = 'move';
        onDragStart(item);
      }}
      onClick={() => onOpen(item)}
      title={itemTitle(item)}
      style={{
        display: 'block',
        width: '100%',
        minWidth: 0,
        borderLeft: `3px solid ${itemColour(item)}`,
        background: 'var(--mantine-color-gray-1)',
        borderRadius: 4,
        padding: '1px 4px',
        cursor: draggable ? 'grab' : 'pointer',
        opacity: done ? 0.6 : 1,
        overflow: 'hidden',
        ...style,
      }}
    >
      <Text size="xs" lh={1.3} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
        <Box component="span" c="dimmed" mr={4}>
          {item.allDay ? t('calendar.allDay') : timeOf(item.start, i18n.language, tz)}
        </Box>
        <Box component="span" td={item.status === 'cancelled' ? 'line-through' : undefined}>
          {itemTitle(item)}
        </Box>
        {showOwner && (
          <Box component="span" c="dimmed" ml={4}>
            · {item.userName}
          </Box>
        )}
      </Text>
    </UnstyledButton>
  );
}
