// The events API for the web: a client's events (newest first, page by page), the types and the results.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Static } from '@sinclair/typebox';
import { api } from '../api.js';
import type {
  EventList,
  TEventIn,
  TEventOut,
  TEventPatch,
  TEventResultIn,
  TEventResultOut,
  TEventResultPatch,
  TEventTypeIn,
  TEventTypeOut,
  TEventTypePatch,
  TNames,
} from '../../server/modules/events/events.schemas.js';

export type {
  TEventIn,
  TEventOut,
  TEventPatch,
  TEventResultIn,
  TEventResultOut,
  TEventResultPatch,
  TEventTypeIn,
  TEventTypeOut,
  TEventTypePatch,
  TNames,
};
type Page = Static<typeof EventList>;

const PAGE = 50;
export const clientEventsKey = (clientId: number) => ['events', { clientId }] as const;

export const useClientEvents = (clientId: number) =>
  useInfiniteQuery({
    queryKey: clientEventsKey(clientId),
    queryFn: ({ pageParam }) => api<Page>('GET', `/api/events?clientId=${clientId}&limit=${PAGE}${pageParam ? `&beforeId=${pageParam}` : ''}`),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBeforeId,
  });

export const useEventTypes = () =>
  useQuery({ queryKey: ['event-types'], queryFn: () => api<{ items: TEventTypeOut[] }>('GET', '/api/event-types'), staleTime: 60_000 });
export const useEventResults = () =>
  useQuery({ queryKey: ['event-results'], queryFn: () => api<{ items: TEventResultOut[] }>('GET', '/api/event-results'), staleTime: 60_000 });
