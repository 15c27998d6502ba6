import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useHistory } from './useClients.js';

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function HistoryList({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const history = useHistory(id);
  const items = history.data?.items ?? [];
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">{t('client.history')}</Title>
      {items.length === 0 && <Text c="dimmed">{t('client.noHistory')}</Text>}
      <Stack gap="xs" data-testid="history">
        {items.map((h) => (
          <div key={h.id}>
            <Text size="sm" c="dimmed">{new Date(h.at).toLocaleString(i18n.language)} · {h.userName ?? '—'} · {t(`history.${h.action}`, { defaultValue: h.action })}</Text>
            {h.changes && Object.entries(h.changes).map(([field, [before, after]]) => (
              <Text key={field} size="sm">{field}: {show(before)} → {show(after)}</Text>
            ))}
          </div>
        ))}
      </Stack>
    </Paper>
  );
}
