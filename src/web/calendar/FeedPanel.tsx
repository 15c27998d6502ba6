// "Subscribe in your calendar app" (docs/crm-calendar-feed.md): make a private feed address,
// copy it (it is shown once: only its hash is kept), revoke a feed or replace it with a new one.
import { Alert, Button, CopyButton, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { api } from '../api.js';
import { formatDateTime } from '../format.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import type { TCalendarFeedOut } from '../../server/modules/calendar-feed/calendar-feed.schemas.js';
import { useSave } from '../shared/useSave.js';

type Created = TCalendarFeedOut & { url: string; path: string };
const key = ['calendar-feeds'];

export function FeedPanel() {
  const { t } = useTranslation();
  const feeds = useQuery({ queryKey: key, queryFn: () => api<{ items: TCalendarFeedOut[] }>('GET', '/api/calendar-feeds') });
  const [made, setMade] = useState<Created | null>(null);
  const create = useSave([key], (replace: number | null) =>
    (replace ? api('DELETE', `/api/calendar-feeds/${replace}`) : Promise.resolve()).then(() => api<Created>('POST', '/api/calendar-feeds')),
  );
  const revoke = useSave([key], (id: number) => api('DELETE', `/api/calendar-feeds/${id}`));
  const make = (replace: number | null) => create.mutate(replace, { onSuccess: (f) => setMade(f) });
  const items = feeds.data?.items ?? [];
  // the calendar's "Subscribe" link lands here (/account#feed)
  const { hash } = useLocation();
  const self = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (hash === '#feed') self.current?.scrollIntoView({ block: 'start' });
  }, [hash]);
  return (
    <Paper withBorder p="md" id="feed" ref={self} data-testid="feed-panel">
      <Stack gap="sm">
        <Title order={4}>{t('feed.title')}</Title>
        <Text size="sm">{t('feed.intro')}</Text>
        <Group>
          <Button onClick={() => make(null)} loading={create.isPending}>
            {t('feed.create')}
          </Button>
        </Group>
        {create.error && <Alert color="red">{create.error}</Alert>}
        {revoke.error && <Alert color="red">{revoke.error}</Alert>}
        {made && (
          <Alert color="green" data-testid="feed-created">
            <Stack gap="xs">
              <Text size="sm">{t('feed.createdNote')}</Text>
              <Group wrap="nowrap" align="flex-end" gap="xs">
                <TextInput
                  label={t('feed.address')}
                  value={made.url}
                  readOnly
                  onFocus={(e) => e.currentTarget.select()}
                  style={{ flex: 1, minWidth: 0 }}
                  data-testid="feed-url"
                />
                <CopyButton value={made.url}>
                  {({ copied, copy }) => (
                    <Button variant="light" onClick={copy} color={copied ? 'teal' : undefined}>
                      {copied ? t('feed.copied') : t('feed.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
              <Text size="xs">{t('feed.help')}</Text>
            </Stack>
          </Alert>
        )}
        <ApiErrorAlert error={feeds.error} />
        <Text size="sm" fw={600}>
          {t('feed.list')}
        </Text>
        {feeds.isSuccess && items.length === 0 && <Text c="dimmed">{t('feed.none')}</Text>}
        {items.length > 0 && (
          <Table.ScrollContainer minWidth={520}>
            <Table data-testid="feed-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('feed.createdAt')}</Table.Th>
                  <Table.Th>{t('feed.lastUsed')}</Table.Th>
                  <Table.Th>{t('feed.state')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((f) => (
                  <Table.Tr key={f.id} data-testid="feed-row">
                    <Table.Td>{formatDateTime(f.createdAt)}</Table.Td>
                    <Table.Td>{f.lastUsedAt ? formatDateTime(f.lastUsedAt) : t('feed.never')}</Table.Td>
                    <Table.Td>{f.revokedAt ? t('feed.revokedAt', { date: formatDateTime(f.revokedAt) }) : t('feed.active')}</Table.Td>
                    <Table.Td>
                      {!f.revokedAt && (
                        <Group gap="xs" wrap="nowrap" justify="flex-end">
                          <Button
                            size="xs"
                            variant="light"
                            color="red"
                            loading={revoke.isPending && revoke.variables === f.id}
                            onClick={() => revoke.mutate(f.id, { onSuccess: () => made?.id === f.id && setMade(null) })}
                          >
                            {t('feed.revoke')}
                          </Button>
                          <Button size="xs" variant="default" onClick={() => make(f.id)}>
                            {t('feed.regenerate')}
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
