// The week and the day: a column per day, an hour per row (CSS grid), all-day tasks on top. Items
// sit at their local time, as tall as they last (at least half an hour); side by side when they
// overlap. Dropping on an hour moves the item there; on the all-day row, to that day.
import { Box, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dropTarget, type GridProps } from './GridProps.js';
import { ItemChip } from './ItemChip.js';
import { dayLabel } from './present.js';
import { wallIn } from './tz.js';
import type { CalItem } from './useCalendar.js';

const HOUR = 44;
const hours = Array.from({ length: 24 }, (_, h) => h);
const line = '1px solid var(--mantine-color-gray-2)';

/** Each timed item's top, height and lane (overlapping items share the width). */
function layout(items: CalItem[], tz: string) {
  const placed = items.map((item) => {
    const s = wallIn(new Date(item.start), tz);
    const top = s.h * 60 + s.mi;
    const mins = Math.max(30, (new Date(item.end).getTime() - new Date(item.start).getTime()) / 60_000);
    return { item, top, bottom: Math.min(24 * 60, top + mins), lane: 0 };
  });
  const ends: number[] = [];
  for (const p of placed) {
    let lane = ends.findIndex((e) => e <= p.top);
    if (lane < 0) lane = ends.length;
    ends[lane] = p.bottom;
    p.lane = lane;
  }
  return { placed, lanes: Math.max(1, ends.length) };
}

export function TimeGrid(p: GridProps) {
  const { t, i18n } = useTranslation();
  const body = useRef<HTMLDivElement>(null);
  const [over, setOver] = useState<string | null>(null);
  useEffect(() => {
    if (body.current) body.current.scrollTop = 8 * HOUR;
  }, []);
  const cols = `44px repeat(${p.days.length}, minmax(0, 1fr))`;
  const hourAt = (e: React.DragEvent) => {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return Math.min(23, Math.max(0, Math.floor((e.clientY - box.top) / HOUR)));
  };
  return (
    <Box data-testid={p.days.length === 1 ? 'cal-dayview' : 'cal-week'} style={{ border: line }}>
      <Box style={{ display: 'grid', gridTemplateColumns: cols, borderBottom: line }}>
        <Box />
        {p.days.map((day) => (
          <Text key={day} size="xs" fw={day === p.today ? 700 : 500} c={day === p.today ? 'blue' : undefined} ta="center" py={4} truncate>
            {dayLabel(day, i18n.language)}
          </Text>
        ))}
      </Box>
      <Box style={{ display: 'grid', gridTemplateColumns: cols, borderBottom: line }}>
        <Text size="xs" c="dimmed" p={2}>
          {t('calendar.allDay')}
        </Text>
        {p.days.map((day) => (
          <Box
            key={day}
            data-testid="cal-allday"
            data-day={day}
            {...dropTarget(
              () => p.onDrop(day, null),
              (o) => setOver(o ? `a${day}` : null),
            )}
            p={2}
            mih={28}
            style={{ minWidth: 0, borderLeft: line, background: over === `a${day}` ? 'var(--mantine-color-blue-0)' : undefined }}
          >
            {(p.byDay.get(day) ?? [])
              .filter((i) => i.allDay)
              .map((item) => (
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
          </Box>
        ))}
      </Box>
      <Box ref={body} style={{ maxHeight: '65vh', overflowY: 'auto' }}>
        <Box style={{ display: 'grid', gridTemplateColumns: cols }}>
          <Box>
            {hours.map((h) => (
              <Text key={h} size="xs" c="dimmed" h={HOUR} pr={4} ta="right" style={{ borderTop: line }}>
                {String(h).padStart(2, '0')}:00
              </Text>
            ))}
          </Box>
          {p.days.map((day) => {
            const { placed, lanes } = layout(
              (p.byDay.get(day) ?? []).filter((i) => !i.allDay),
              p.tz,
            );
            return (
              <Box
                key={day}
                data-testid="cal-column"
                data-day={day}
                onDragOver={(e) => {
                  e.preventDefault();
                  e.dataTransfer.dropEffect = 'move';
                  setOver(`${day}:${hourAt(e)}`);
                }}
                onDragLeave={() => setOver(null)}
                onDrop={(e) => {
                  e.preventDefault();
                  setOver(null);
                  p.onDrop(day, hourAt(e));
                }}
                style={{ position: 'relative', minWidth: 0, borderLeft: line, height: 24 * HOUR }}
              >
                {hours.map((h) => (
                  <Box
                    key={h}
                    data-testid="cal-slot"
                    data-hour={h}
                    h={HOUR}
                    style={{ borderTop: line, background: over === `${day}:${h}` ? 'var(--mantine-color-blue-0)' : undefined }}
                  />
                ))}
                {placed.map(({ item, top, bottom, lane }) => (
                  <ItemChip
                    key={`${item.kind}${item.id}`}
                    item={item}
                    tz={p.tz}
                    draggable={p.canDrag(item)}
                    showOwner={p.showOwner}
                    onOpen={p.onOpen}
                    onDragStart={p.onDragStart}
                    style={{
                      position: 'absolute',
                      top: (top / 60) * HOUR,
                      height: ((bottom - top) / 60) * HOUR - 2,
                      left: `calc(${(lane / lanes) * 100}% + 1px)`,
                      width: `calc(${100 / lanes}% - 2px)`,
                    }}
                  />
                ))}
              </Box>
            );
          })}
        </Box>
      </Box>
    </Box>
  );
}
