// An item opened from the calendar: what it is, whose, its client (a link to the card), and a
// date and time to move it to (the way to move on a phone, or without dragging).
import { Badge, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { itemColour, itemTitle } from './ItemChip.js';
import { longDay, timeOf } from './present.js';
import { dayKey, dayOf, fromWall, parseDay, wallIn } from './tz.js';
import type { CalItem, Move } from './useCalendar.js';

const pad = (n: number) => String(n).padStart(2, '0');

export function ItemDialog({
  item,
  tz,
  canMove,
  moving,
  error,
  onMove,
  onClose,
}: {
  item: CalItem;
  tz: string;
  canMove: boolean;
  moving: boolean;
  error: string | null;
  onMove: (m: Move) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const w = wallIn(new Date(item.start), tz);
  const [date, setDate] = useState(dayKey(w));
  const [time, setTime] = useState(`${pad(w.h)}:${pad(w.mi)}`);
  const [invalid, setInvalid] = useState(false);
  const day = dayOf(item.start, tz);
  const submit = () => {
    const tm = /^(\d{2}):(\d{2})$/.exec(time);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || (!item.allDay && !tm)) return setInvalid(true);
    setInvalid(false);
    const startsAt = item.allDay
      ? fromWall({ ...parseDay(date), h: 0, mi: 0 }, tz).toISOString()
      : fromWall({ ...parseDay(date), h: Number(tm![1]), mi: Number(tm![2]) }, tz).toISOString();
    onMove({ item, startsAt, day: date });
  };
  return (
    <Modal opened onClose={onClose} title={itemTitle(item)} fullScreen={phone} data-testid="cal-dialog">
      <Stack gap="sm">
        <Group gap="xs">
          <Badge color="gray" variant="light" leftSection={<span style={{ color: itemColour(item) }}>●</span>}>
            {t(`calendar.kinds.${item.kind}`)}
          </Badge>
          <Badge variant="outline">{t(`calendar.statuses.${item.status as 'planned'}`, { defaultValue: item.status })}</Badge>
        </Group>
        <Text size="sm">
          {longDay(day, i18n.language)}
          {item.allDay ? `, ${t('calendar.allDay')}` : `, ${timeOf(item.start, i18n.language, tz)}`}
          {!item.allDay && item.end !== item.start && ` – ${timeOf(item.end, i18n.language, tz)}`}
        </Text>
        <Text size="sm">{t('calendar.responsible', { name: item.userName })}</Text>
        {item.client && (
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
              {item.client.name}
            </Text>
            {item.client.visible && (
              <Button size="xs" variant="light" onClick={() => navigate(`/clients/${item.client!.id}`)}>
                {t('calendar.openClient')}
              </Button>
            )}
          </Group>
        )}
        {canMove && (
          <Stack gap="xs" component="form" onSubmit={(e) => (e.preventDefault(), submit())}>
            <Text size="sm" fw={600}>
              {t('calendar.moveTo')}
            </Text>
            <Group grow wrap="nowrap" align="flex-start">
              <TextInput type="date" label={t('calendar.date')} value={date} onChange={(e) => setDate(e.currentTarget.value)} />
              {!item.allDay && <TextInput type="time" label={t('calendar.time')} value={time} onChange={(e) => setTime(e.currentTarget.value)} />}
            </Group>
            {invalid && (
              <Text size="sm" c="red">
                {t('calendar.whenInvalid')}
              </Text>
            )}
            {error && (
              <Text size="sm" c="red" role="alert">
                {error}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.close')}
              </Button>
              <Button type="submit" loading={moving}>
                {t('calendar.move')}
              </Button>
            </Group>
          </Stack>
        )}
        {!canMove && (
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.close')}
            </Button>
          </Group>
        )}
      </Stack>
    </Modal>
  );
}
