import { Alert, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useBackups } from '../shared/useBackups.js';

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString()} KB`;

export function BackupsTab() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const status = useBackups();
  const now = useMutation({
    mutationFn: () => api('POST', '/api/backups', {}),
    onSettled: () => qc.invalidateQueries({ queryKey: ['backups'] }),
  });
  const s = status.data;
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  if (!s) return status.error ? <Alert color="red">{(status.error as Error).message}</Alert> : null;
  const last = s.runs[0];
  return (
    <Stack maw={900}>
      <Text>
        {s.intervalHours > 0
          ? t('backups.schedule', { hours: s.intervalHours, dir: s.dir, daily: s.keepDaily, weekly: s.keepWeekly })
          : t('backups.off', { dir: s.dir })}
      </Text>
      {s.nextAt && (
        <Text size="sm" c="dimmed">
          {t('backups.next', { at: when(s.nextAt) })}
        </Text>
      )}
      {s.lastFailed && last && (
        <Alert color="red" role="alert" data-testid="backup-failed">
          {t('backups.lastFailed', { error: last.error ?? '' })}
        </Alert>
      )}
      <div>
        <Button onClick={() => now.mutate()} loading={s.running || now.isPending} disabled={s.running}>
          {s.running ? t('backups.running') : t('backups.now')}
        </Button>
      </div>
      {now.error && <Alert color="red">{(now.error as Error).message}</Alert>}
      <Title order={4}>{t('backups.runs')}</Title>
      {s.runs.length === 0 ? (
        <Text c="dimmed">{t('backups.none')}</Text>
      ) : (
        <Table striped data-testid="backup-runs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('backups.when')}</Table.Th>
              <Table.Th>{t('backups.trigger')}</Table.Th>
              <Table.Th>{t('backups.result')}</Table.Th>
              <Table.Th>{t('backups.rows')}</Table.Th>
              <Table.Th>{t('backups.size')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.runs.slice(0, 20).map((r) => (
              <Table.Tr key={r.startedAt}>
                <Table.Td>{when(r.startedAt)}</Table.Td>
                <Table.Td>{t(`backups.triggers.${r.trigger}`)}</Table.Td>
                <Table.Td c={r.ok ? 'green' : 'red'}>{r.ok ? t('backups.ok') : `${t('backups.failed')}: ${r.error ?? ''}`}</Table.Td>
                <Table.Td>{r.ok ? r.rows.toLocaleString(i18n.language) : ''}</Table.Td>
                <Table.Td>{r.ok ? kb(r.bytes) : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={4}>{t('backups.files')}</Title>
      {s.files.map((f) => (
        <Text key={f.file} size="sm" ff="monospace">
          {f.file} · {kb(f.bytes)}
        </Text>
      ))}
      <Text size="sm" c="dimmed">
        {t('backups.restoreHint')}
      </Text>
    </Stack>
  );
}
