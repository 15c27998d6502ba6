// The calendar (issue 15): month, week and day views of the user's events and tasks (and, for
// heads and administrators, colleagues'), in the user's time zone. Drag an item to another day or
// hour to move it; click it to see it, open its client or move it by date and time. On a phone the
// month and the week are a list of days.
import { Alert, Anchor, Button, Group, MultiSelect, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { can, type Me } from '../api.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { useUsers } from '../shared/queries.js';
import { AgendaList } from './AgendaList.js';
import type { GridProps } from './GridProps.js';
import { ItemDialog } from './ItemDialog.js';
import { itemTitle } from './ItemChip.js';
import { MonthGrid } from './MonthGrid.js';
import { longDay, periodLabel, timeOf } from './present.js';
import { TimeGrid } from './TimeGrid.js';
import { addDays, dayOf, movedStart, parseDay, shift, startOfDay, todayIn, type View, viewDays, wallIn } from './tz.js';
import { type CalItem, type MonthDay, movable, type Move, useCalendarItems, useCalendarMonth, useMoveItem, useTimezone } from './useCalendar.js';

const views: View[] = ['month', 'week', 'day'];
/** the items a month cell shows; the rest is "N more" */
export const MONTH_SHOWN = 3;
/** "декабрь 2026 г." → "Декабрь 2026 г." (only the first letter: CSS capitalize would make "Г.") */
const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export default function CalendarPage({ me }: { me: Me }) {
  const tz = useTimezone(me);
  return tz ? <Calendar me={me} tz={tz} /> : null;
}

function Calendar({ me, tz }: { me: Me; tz: string }) {
  const { t, i18n } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const [params, setParams] = useSearchParams();
  const view: View = views.includes(params.get('view') as View) ? (params.get('view') as View) : 'month';
  const today = todayIn(tz);
  const anchor = /^\d{4}-\d{2}-\d{2}$/.test(params.get('day') ?? '') ? params.get('day')! : today;
  const go = (v: View, day: string) => setParams({ view: v, day }, { replace: true });
  const [userIds, setUserIds] = useState<string[]>([]);
  const chooser = me.role.scope !== 'own' && can(me, 'users', 'read');
  const users = useUsers();
  const colleagues = (users.data?.items ?? []).filter(
    (u) => u.active && (me.role.scope === 'all' || u.departmentId === me.user.departmentId || u.id === me.user.id),
  );

  const days = useMemo(() => viewDays(view, anchor), [view, anchor]);
  const from = useMemo(() => startOfDay(days[0]!, tz), [days, tz]);
  const to = useMemo(() => startOfDay(addDays(days.at(-1)!, 1), tz), [days, tz]);
  const ids = userIds.map(Number);
  // the month view reads per-day counts and the first items of each day; the week and the day every item
  const monthView = view === 'month';
  const cal = useCalendarItems(monthView ? null : from, monthView ? null : to, ids);
  const month = useCalendarMonth(monthView ? anchor.slice(0, 7) : null, tz, ids, MONTH_SHOWN);
  const byDay = useMemo(() => {
    const m = new Map<string, CalItem[]>();
    if (monthView) {
      for (const d of month.data?.days ?? []) m.set(d.day, d.items);
      return m;
    }
    for (const item of cal.data?.items ?? []) {
      const d = dayOf(item.start, tz);
      m.set(d, [...(m.get(d) ?? []), item]);
    }
    for (const list of m.values()) list.sort((a, b) => Number(b.allDay) - Number(a.allDay) || a.start.localeCompare(b.start));
    return m;
  }, [monthView, month.data, cal.data, tz]);
  const summary = useMemo(
    () => (monthView ? new Map<string, MonthDay>((month.data?.days ?? []).map((d) => [d.day, d])) : undefined),
    [monthView, month.data],
  );
  const empty = monthView ? month.isSuccess && month.data.days.length === 0 : cal.isSuccess && cal.data.items.length === 0;

  const [open, setOpen] = useState<CalItem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const dragged = useRef<CalItem | null>(null);
  const move = useMoveItem(() => (setConflict(true), setOpen(null)));
  const doMove = (m: Move) => {
    setConflict(false);
    setNotice(null);
    move.mutate(m, {
      onSuccess: () => {
        setOpen(null);
        const when = m.item.allDay ? longDay(m.day, i18n.language) : `${longDay(m.day, i18n.language)}, ${timeOf(m.startsAt, i18n.language, tz)}`;
        setNotice(t('calendar.moved', { title: itemTitle(m.item), date: when }));
      },
    });
  };
  const canDrag = (item: CalItem) => movable(me, item, can);
  const grid: GridProps = {
    days,
    byDay,
    summary,
    tz,
    today,
    showOwner: ids.length > 1 || (ids.length === 1 && ids[0] !== me.user.id),
    canDrag,
    onOpen: (item) => (move.reset(), setOpen(item)),
    onDragStart: (item) => {
      dragged.current = item;
    },
    onDrop: (day, hour) => {
      const item = dragged.current;
      dragged.current = null;
      if (!item || !canDrag(item)) return;
      const sameDay = dayOf(item.start, tz) === day;
      if (item.allDay ? sameDay : sameDay && (hour === null || hour === wallIn(new Date(item.start), tz).h)) return;
      doMove({ item, startsAt: movedStart(item.start, day, item.allDay ? null : hour, tz), day });
    },
  };

  return (
    <Stack gap="sm" data-testid="calendar">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2}>{t('calendar.title')}</Title>
        <Anchor component={Link} to="/account#feed" size="sm">
          {t('calendar.subscribe')}
        </Anchor>
      </Group>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs" wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            onClick={() => go(view, shift(view, anchor, -1))}
            style={{ flex: 'none' }}
            aria-label={t('calendar.prev')}
          >
            ‹
          </Button>
          <Button size="xs" variant="default" onClick={() => go(view, today)} style={{ flex: 'none' }}>
            {t('calendar.today')}
          </Button>
          <Button
            size="xs"
            variant="default"
            onClick={() => go(view, shift(view, anchor, 1))}
            style={{ flex: 'none' }}
            aria-label={t('calendar.next')}
          >
            ›
          </Button>
          <Text fw={600} data-testid="cal-period">
            {capitalized(periodLabel(view, days, anchor, i18n.language))}
          </Text>
        </Group>
        <SegmentedControl
          size="xs"
          value={view}
          onChange={(v) => go(v as View, anchor)}
          data={views.map((v) => ({ value: v, label: t(`calendar.${v}`) }))}
        />
      </Group>
      {chooser && (
        <MultiSelect
          label={t('calendar.whose')}
          placeholder={me.user.name}
          data={colleagues.map((u) => ({ value: String(u.id), label: u.name }))}
          value={userIds}
          onChange={setUserIds}
          searchable
          clearable
          maw={520}
        />
      )}
      <Text size="xs" c="dimmed">
        {t('calendar.timezone', { tz })}
        {!phone && ` · ${t('calendar.dragHint')}`}
      </Text>
      {conflict && (
        <Alert color="orange" role="alert" data-testid="cal-conflict" withCloseButton onClose={() => setConflict(false)}>
          {t('calendar.conflict')}
        </Alert>
      )}
      {move.error && !open && <ApiErrorAlert error={move.failureReason} />}
      {notice && (
        <Alert color="green" role="status" data-testid="cal-notice" withCloseButton onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      <ApiErrorAlert error={monthView ? month.error : cal.error} />
      {!monthView && cal.data?.truncated && <Alert color="orange">{t('calendar.truncated')}</Alert>}
      {view === 'month' && !phone && <MonthGrid {...grid} month={parseDay(anchor).m} onShowDay={(d) => go('day', d)} />}
      {view === 'week' && !phone && <TimeGrid {...grid} />}
      {view === 'day' && <TimeGrid {...grid} />}
      {view !== 'day' && phone && <AgendaList {...grid} onShowDay={(d) => go('day', d)} />}
      {empty && !phone && <Text c="dimmed">{t('calendar.none')}</Text>}
      {open && (
        <ItemDialog
          item={open}
          tz={tz}
          canMove={canDrag(open)}
          moving={move.isPending}
          error={move.error}
          onMove={doMove}
          onClose={() => setOpen(null)}
        />
      )}
    </Stack>
  );
}
