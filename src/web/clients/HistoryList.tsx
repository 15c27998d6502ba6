import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { presentEntry } from '../audit/present.js';
import { useHistory } from './useClients.js';
import { formatDateTime } from '../format.js';

export function HistoryList({ id }: { id: number }) {
  const { t } = useTranslation();
  const history = useHistory(id);
  const items = history.data?.items ?? [];
  const names = history.data?.names;
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">
        {t('client.history')}
      </Title>
      {history.isSuccess && items.length === 0 && <Text c="dimmed">{t('client.noHistory')}</Text>}
      <Stack gap="xs" data-testid="history">
        {items.map((h) => {
          const shown = presentEntry(h, names, t);
          return (
            <div key={h.id} data-testid="history-entry" data-action={h.action}>
              <Text size="sm" c="dimmed">
                {formatDateTime(h.at)} · {h.userName ?? '—'} · {shown.title}
                {shown.note ? ` ${shown.note}` : ''}
              </Text>
              {shown.lines.map((l, i) => (
                <Text key={`${l.field}-${i}`} size="sm">
                  {l.label ? `${l.label}: ` : ''}
                  {l.text}
                </Text>
              ))}
            </div>
          );
        })}
      </Stack>
    </Paper>
  );
}
