// The CRM records of a client for the web (issue 15): tasks, promises, contracts, notes, files and
// the timeline, page by page. Types come from the server's schemas (type-only imports).
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Static } from '@sinclair/typebox';
import { api } from '../api.js';
import type { TaskList, TTaskDoneOut, TTaskOut } from '../../server/modules/tasks/tasks.schemas.js';
import type { PromiseList, TPromiseOut } from '../../server/modules/promises/promises.schemas.js';
import type { ContractList, TContractOut } from '../../server/modules/contracts/contracts.schemas.js';
import type { NoteList, TNoteOut } from '../../server/modules/notes/notes.schemas.js';
import type { TFileList, TFileOut } from '../../server/modules/files/files.schemas.js';
import type { TimelineKind, TTimelineAnswer, TTimelineItem } from '../../server/modules/planning/planning.schemas.js';

export type { TTaskOut, TTaskDoneOut, TPromiseOut, TContractOut, TNoteOut, TFileOut, TimelineKind, TTimelineItem };

const PAGE = 50;
/** Everything of the client's records: a change to one refreshes the timeline too. */
export const recordsKey = (kind: string, clientId: number) => ['records', clientId, kind] as const;
export const timelineKey = (clientId: number) => ['records', clientId, 'timeline'] as const;
/** the keys a change of `kind` refreshes: its list and the timeline */
export const touched = (kind: string, clientId: number) => [recordsKey(kind, clientId), timelineKey(clientId)];

export const useClientTasks = (clientId: number, status: 'open' | 'closed') =>
  useInfiniteQuery({
    queryKey: [...recordsKey('tasks', clientId), status],
    queryFn: ({ pageParam }) =>
      api<Static<typeof TaskList>>('GET', `/api/tasks?clientId=${clientId}&status=${status}&limit=${PAGE}${pageParam ? `&after=${pageParam}` : ''}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const useClientPromises = (clientId: number) =>
  useInfiniteQuery({
    queryKey: recordsKey('promises', clientId),
    queryFn: ({ pageParam }) =>
      api<Static<typeof PromiseList>>('GET', `/api/promises?clientId=${clientId}&limit=${PAGE}${pageParam ? `&beforeId=${pageParam}` : ''}`),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBeforeId,
  });

export const useClientContracts = (clientId: number) =>
  useInfiniteQuery({
    queryKey: recordsKey('contracts', clientId),
    queryFn: ({ pageParam }) =>
      api<Static<typeof ContractList>>('GET', `/api/contracts?clientId=${clientId}&limit=${PAGE}${pageParam ? `&beforeId=${pageParam}` : ''}`),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBeforeId,
  });

export const useClientNotes = (clientId: number) =>
  useInfiniteQuery({
    queryKey: recordsKey('notes', clientId),
    queryFn: ({ pageParam }) =>
      api<Static<typeof NoteList>>('GET', `/api/clients/${clientId}/notes?limit=${PAGE}${pageParam ? `&beforeId=${pageParam}` : ''}`),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBeforeId,
  });

export const useClientFiles = (clientId: number) =>
  useQuery({ queryKey: recordsKey('files', clientId), queryFn: () => api<TFileList>('GET', `/api/clients/${clientId}/files`) });

export const useTimeline = (clientId: number, kinds: TimelineKind[], limit = 30) =>
  useInfiniteQuery({
    queryKey: [...timelineKey(clientId), kinds.join(','), limit],
    queryFn: ({ pageParam }) =>
      api<TTimelineAnswer>(
        'GET',
        `/api/clients/${clientId}/timeline?limit=${limit}${kinds.length ? `&kinds=${kinds.join(',')}` : ''}${pageParam ? `&before=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
  });
