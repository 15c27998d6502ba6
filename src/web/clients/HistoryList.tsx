import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCustomFields, useHistory, useUsers } from './useClients.js';
import { historyField, historyValue } from './history-format.js';
import { formatDateTime } from '../format.js';

export function HistoryList({ id }: { id: number }) {
  const { t } = useTranslation();
  const history = useHistory(id);
  const items = history.data?.items ?? [];
  const fields = useCustomFields().data?.items ?? [];
  const users = new Map((useUsers().data?.items ?? []).map((u) => [u.id, u.name]));
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">{t('client.history')}</Title>
      {items.length === 0 && <Text c="dimmed">{t('client.noHistory')}</Text>}
      <Stack gap="xs" data-testid="history">
        {items.map((h) => (
          <div key={h.id}>
            <Text size="sm" c="dimmed">{formatDateTime(h.at)} · {h.userName ?? '—'} · {t(`history.${h.action}`, { defaultValue: h.action })}</Text>
            {h.changes && Object.entries(h.changes).map(([field, [before, after]]) => (
              <Text key={field} size="sm">{historyField(field, fields)}: {historyValue(field, before, fields, users)} → {historyValue(field, after, fields, users)}</Text>
            ))}
          </div>
        ))}
      </Stack>
    </Paper>
  );
}
