// The "My day" API for the web: the day (GET /api/my-day) and the quick actions on its tasks and
// promises. An item of the day has no version: an action reads the record first, then sends it.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api.js';
import type { TDayItem, TMyDayAnswer } from '../../server/modules/planning/planning.schemas.js';
import type { TTaskDoneOut, TTaskOut } from '../../server/modules/tasks/tasks.schemas.js';

export type { TDayItem, TMyDayAnswer, TTaskOut };

export const myDayKey = ['my-day'] as const;

export const useMyDay = (department: boolean) =>
  useQuery({
    queryKey: [...myDayKey, { department }],
    queryFn: () => api<TMyDayAnswer>('GET', `/api/my-day${department ? '?department=true' : ''}`),
    refetchOnWindowFocus: true,
  });

const task = (id: number) => api<TTaskOut>('GET', `/api/tasks/${id}`);

export async function taskDone(id: number, next?: { title: string; dueAt: string }): Promise<TTaskDoneOut> {
  const t = await task(id);
  return api<TTaskDoneOut>('POST', `/api/tasks/${id}/done`, { version: t.version, ...(next ? { next } : {}) });
}

export async function taskSnooze(id: number, until: string): Promise<TTaskOut> {
  const t = await task(id);
  return api<TTaskOut>('POST', `/api/tasks/${id}/snooze`, { version: t.version, until });
}

export async function promiseClose(id: number, how: 'kept' | 'broken'): Promise<unknown> {
  const p = await api<{ version: number }>('GET', `/api/promises/${id}`);
  return api('POST', `/api/promises/${id}/${how}`, { version: p.version });
}
