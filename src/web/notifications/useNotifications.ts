// The notification centre for the web: the unread count (polled every 30 s and when the window
// gets the focus back), the newest notifications page by page, mark one or all read.
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../api.js';
import type { TNotificationOut } from '../../server/modules/notifications/notifications.schemas.js';

export type { TNotificationOut };
export const POLL_MS = 30_000;
export const unreadKey = ['notifications', 'unread'] as const;
export const listKey = ['notifications', 'list'] as const;

export function useUnreadCount() {
  const qc = useQueryClient();
  // the window's focus (switching back from another window or tab) asks again at once
  useEffect(() => {
    const again = () => void qc.invalidateQueries({ queryKey: unreadKey });
    window.addEventListener('focus', again);
    return () => window.removeEventListener('focus', again);
  }, [qc]);
  return useQuery({
    queryKey: unreadKey,
    queryFn: () => api<{ unread: number }>('GET', '/api/notifications/unread-count'),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
}

export const PAGE = 20;
/** The newest notifications, 20 at a time (older pages by `before`, the id of the last one shown). */
export const useNotificationList = (enabled: boolean) =>
  useInfiniteQuery({
    queryKey: listKey,
    queryFn: ({ pageParam }) =>
      api<{ items: TNotificationOut[]; unread: number; nextBefore: number | null }>(
        'GET',
        `/api/notifications?limit=${PAGE}${pageParam ? `&before=${pageParam}` : ''}`,
      ),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    enabled,
    staleTime: 0,
  });

export const markRead = (id: number) => api<TNotificationOut>('POST', `/api/notifications/${id}/read`);
export const markAllRead = () => api<{ marked: number }>('POST', '/api/notifications/read-all');
