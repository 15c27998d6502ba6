import { Alert, Anchor, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, can, type Me, type TAuditAnswer } from '../api.js';
import { useUsers } from '../shared/queries.js';
import { presentEntry } from './present.js';

const actionPrefixes = ['client.', 'sale.', 'login.', 'access.denied', 'user.', 'role.', 'import.', 'settings.'];

/** A local calendar day (yyyy-mm-dd) as the instant it starts, `days` later. */
export function dayStart(day: string, days = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function ClientPicker({
  value,
  onChange,
}: {
  value: { id: number; name: string } | null;
  onChange: (v: { id: number; name: string } | null) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const found = useQuery({
    queryKey: ['audit-client-search', q],
    enabled: q.trim().length > 0,
    queryFn: () => api<{ items: { id: number; displayName: string }[] }>('GET', `/api/clients/search?limit=20&q=${encodeURIComponent(q)}`),
  });
  const data = [
    ...(value ? [{ value: String(value.id), label: value.name }] : []),
    ...(found.data?.items ?? []).filter((c) => c.id !== value?.id).map((c) => ({ value: String(c.id), label: c.displayName })),
  ];
  return (
    <Select
      label={t('audit.client')}
      placeholder={t('audit.clientSearch')}
      searchable
      clearable
      data={data}
      value={value ? String(value.id) : null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={q ? '—' : undefined}
      onChange={(v) => onChange(v ? { id: Number(v), name: data.find((d) => d.value === v)?.label ?? v } : null)}
      w={260}
    />
  );
}

export function AuditPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const users = useUsers();
  const [userId, setUserId] = useState<string | null>(null);
  const [action, setAction] = useState<string | null>(null);
  const [client, setClient] = useState<{ id: number; name: string } | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const params = new URLSearchParams({ limit: '50' });
  if (userId) params.set('userId', userId);
  if (action) params.set('action', action);
  if (client) params.set('clientId', String(client.id));
  const fromAt = dayStart(from),
    toAt = dayStart(to, 1);
  if (fromAt) params.set('from', fromAt);
  if (toAt) params.set('to', toAt);
  const query = params.toString();
  const pages = useInfiniteQuery({
    queryKey: ['audit', query],
    enabled: can(me, 'audit', 'read'),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => api<TAuditAnswer>('GET', `/api/audit?${query}${pageParam ? `&beforeId=${pageParam}` : ''}`),
    getNextPageParam: (last) => last.nextBeforeId,
  });
  if (!can(me, 'audit', 'read'))
    return (
      <Alert color="yellow" role="alert">
        {t('audit.forbidden')}
      </Alert>
    );
  const rows = (pages.data?.pages ?? []).flatMap((p) => p.items.map((item) => ({ item, names: p.names })));
  return (
    <Stack>
      <Title order={2}>{t('audit.title')}</Title>
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t('audit.user')}
          placeholder={t('audit.anyone')}
          clearable
          searchable
          w={200}
          value={userId}
          onChange={setUserId}
          data={(users.data?.items ?? []).map((u) => ({ value: String(u.id), label: u.name }))}
        />
        <Select
          label={t('audit.action')}
          placeholder={t('audit.any')}
          clearable
          w={200}
          value={action}
          onChange={setAction}
          data={actionPrefixes.map((p) => ({ value: p, label: t(`audit.actions.${p.replace(/\.$/, '')}`) }))}
        />
        <ClientPicker value={client} onChange={setClient} />
        <TextInput label={t('audit.from')} type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={160} />
        <TextInput label={t('audit.to')} type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={160} />
        <Button
          variant="subtle"
          onClick={() => {
            setUserId(null);
            setAction(null);
            setClient(null);
            setFrom('');
            setTo('');
          }}
        >
          {t('audit.clear')}
        </Button>
      </Group>
      {pages.error && (
        <Alert color="red" role="alert">
          {t('errors.generic')}
        </Alert>
      )}
      {pages.isSuccess && rows.length === 0 && <Text c="dimmed">{t('audit.empty')}</Text>}
      {rows.length > 0 && (
        <Table striped data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.who')}</Table.Th>
              <Table.Th>{t('audit.what')}</Table.Th>
              <Table.Th>{t('audit.about')}</Table.Th>
              <Table.Th>{t('audit.details')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ item, names }) => {
              const shown = presentEntry(item, names, t);
              return (
                <Table.Tr key={item.id} data-testid="audit-row" data-action={item.action}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{new Date(item.at).toLocaleString(i18n.language)}</Table.Td>
                  <Table.Td>{item.userName ?? '—'}</Table.Td>
                  <Table.Td>
                    {shown.title}
                    {shown.note ? ` ${shown.note}` : ''}
                  </Table.Td>
                  <Table.Td>
                    {item.clientId && item.clientName ? (
                      <Anchor component={Link} to={`/clients/${item.clientId}`}>
                        {item.clientName}
                      </Anchor>
                    ) : item.entity ? (
                      `${item.entity}${item.entityId ? ` #${item.entityId}` : ''}`
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    {shown.lines.map((l, i) => (
                      <Text key={`${l.field}-${i}`} size="sm">
                        {l.label ? `${l.label}: ` : ''}
                        {l.text}
                      </Text>
                    ))}
                    {item.ip && (
                      <Text size="xs" c="dimmed">
                        {item.ip}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {pages.hasNextPage && (
        <Button variant="default" onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
          {t('audit.more')}
        </Button>
      )}
    </Stack>
  );
}

export default AuditPage;
