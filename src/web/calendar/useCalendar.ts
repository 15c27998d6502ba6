// The calendar's data: the items of a range (GET /api/calendar, the week and the day), the month
// view's per-day counts and first items (GET /api/calendar/month), the user's time zone (their own,
// else the firm's), and moving an item (PATCH of the event or the task with its version).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type ApiError, type Me, type Settings } from '../api.js';
import type { TCalendarAnswer, TCalendarItem, TCalendarMonthAnswer, TCalendarMonthDay } from '../../server/modules/planning/planning.schemas.js';
import { useSave } from '../shared/useSave.js';

export type CalItem = TCalendarItem;
export type MonthDay = TCalendarMonthDay;

export const useFirmTimezone = () =>
  useQuery({ queryKey: ['settings'], queryFn: () => api<Settings>('GET', '/api/settings'), staleTime: 60_000, select: (s) => s.timezone });

/** The zone the calendar shows: the user's own, else the firm's, else the browser's. */
export function useTimezone(me: Me): string | null {
  const firm = useFirmTimezone();
  if (me.user.timezone) return me.user.timezone;
  if (firm.isLoading) return null;
  return firm.data ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

export const useCalendarItems = (from: Date | null, to: Date | null, userIds: number[]) =>
  useQuery({
    queryKey: ['calendar', from?.toISOString(), to?.toISOString(), userIds],
    enabled: !!from && !!to,
    queryFn: ({ signal }) => {
      const q = new URLSearchParams({ from: from!.toISOString(), to: to!.toISOString() });
      if (userIds.length) q.set('userIds', userIds.join(','));
      return api<TCalendarAnswer>('GET', `/api/calendar?${q}`, undefined, signal);
    },
    placeholderData: (prev) => prev,
  });

/** The month view: per day the counts of events and tasks and the first `perDay` items (not every item of the month). */
export const useCalendarMonth = (month: string | null, tz: string, userIds: number[], perDay: number) =>
  useQuery({
    queryKey: ['calendar', 'month', month, tz, userIds, perDay],
    enabled: !!month,
    queryFn: ({ signal }) => {
      const q = new URLSearchParams({ month: month!, tz, perDay: String(perDay) });
      if (userIds.length) q.set('userIds', userIds.join(','));
      return api<TCalendarMonthAnswer>('GET', `/api/calendar/month?${q}`, undefined, signal);
    },
    placeholderData: (prev) => prev,
  });

/** A move: the new start (an instant, ISO) or, for an all-day task, the new day. */
export type Move = { item: CalItem; startsAt: string; day: string };

/**
 * Moves an event (its start) or a task (its due time, or its day when all-day) with the version the
 * calendar read. A conflict (someone changed it meanwhile) reloads the calendar and says so.
 */
export function useMoveItem(onConflict: () => void) {
  const qc = useQueryClient();
  return useSave(
    [['calendar'], ['events'], ['tasks']],
    ({ item, startsAt, day }: Move) =>
      item.kind === 'event'
        ? api('PATCH', `/api/events/${item.id}`, { version: item.version, startsAt })
        : api('PATCH', `/api/tasks/${item.id}`, item.allDay ? { version: item.version, dueDate: day } : { version: item.version, dueAt: startsAt }),
    {
      onConflict: (e: ApiError) => {
        onConflict();
        void qc.invalidateQueries({ queryKey: ['calendar'] });
        return e.code === 'VERSION_CONFLICT';
      },
    },
  );
}

/** Whether the user may move the item: an open task or a planned event, with the right to edit it. */
export const movable = (me: Me, item: CalItem, can: (me: Me, s: string, a: string) => boolean) =>
  item.kind === 'event' ? item.status === 'planned' && can(me, 'events', 'edit') : item.status === 'open' && can(me, 'tasks', 'edit');
