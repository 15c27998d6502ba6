import type { CalItem, MonthDay } from './useCalendar.js';

/** What the month, week, day and list views share. */
export type GridProps = {
  days: string[];
  byDay: Map<string, CalItem[]>;
  /** the month view: each day's counts (byDay then holds only its first items) */
  summary?: Map<string, MonthDay>;
  tz: string;
  today: string;
  showOwner: boolean;
  canDrag: (item: CalItem) => boolean;
  onOpen: (item: CalItem) => void;
  onDragStart: (item: CalItem) => void;
  /** an item dropped on a day (and an hour in the time grid) */
  onDrop: (day: string, hour: number | null) => void;
};

/** Lets a cell take a drop (the browser refuses one unless dragover is prevented). */
export const dropTarget = (onDrop: () => void, setOver?: (over: boolean) => void) => ({
  onDragOver: (e: React.DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    setOver?.(true);
  },
  onDragLeave: () => setOver?.(false),
  onDrop: (e: React.DragEvent) => {
    e.preventDefault();
    setOver?.(false);
    onDrop();
  },
});

/** A day's counts: from the month view's summary, else from the items read. */
export function dayCounts(p: GridProps, day: string): { total: number; event: number; task: number } {
  const s = p.summary?.get(day);
  if (s) return { total: s.total, ...s.counts };
  const items = p.byDay.get(day) ?? [];
  const event = items.filter((i) => i.kind === 'event').length;
  return { total: items.length, event, task: items.length - event };
}
