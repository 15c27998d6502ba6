import type { CalItem } from './useCalendar.js';

/** What the month, week, day and list views share. */
export type GridProps = {
  days: string[];
  byDay: Map<string, CalItem[]>;
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
