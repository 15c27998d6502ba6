// The backup status, read by the settings' Backups tab and by the layout (its warning for administrators).
import { useQuery } from '@tanstack/react-query';
import type { TBackupStatus } from '../../server/modules/backup/backup.schemas.js';
import { api } from '../api.js';

/** Polled while a backup runs, so the list fills in when it ends. */
export const useBackups = (enabled = true) =>
  useQuery({
    queryKey: ['backups'],
    enabled,
    queryFn: () => api<TBackupStatus>('GET', '/api/backups'),
    refetchInterval: (q) => (q.state.data?.running ? 1500 : false),
  });
