import { Alert, Anchor, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, type Me, type TSaleSummary } from '../api.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { formatMoney, e4 } from '../money.js';
import { useDepartments } from '../shared/queries.js';
import { SaleStatus } from './SaleStatus.js';
import { useSalesPages, type SaleFilters } from './useSales.js';

export const saleTitle = (s: { id: number; number: string | null }) => s.number ?? `#${s.id}`;

function SaleCard({ s }: { s: TSaleSummary }) {
  const { i18n } = useTranslation();
  return (
    <Paper withBorder p="sm" component={Link} to={`/sales/${s.id}`} style={{ color: 'inherit', textDecoration: 'none' }}>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600} truncate>
          {s.clientName}
        </Text>
        <Text fw={600}>{formatMoney(s.total, i18n.language, s.currency)}</Text>
      </Group>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c="dimmed" truncate>
          {saleTitle(s)} · {s.day} · {s.departmentName}
        </Text>
        <SaleStatus status={s.status} kind={s.kind} />
      </Group>
    </Paper>
  );
}

export function SalesPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const phone = useMediaQuery('(max-width: 640px)') ?? false;
  const [f, setF] = useState<SaleFilters>({});
  const depts = useDepartments();
  const pages = useSalesPages(f);
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const money = (v: string, cur: string) => formatMoney(v, i18n.language, cur);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('sales.title')}</Title>
        {can(me, 'sales', 'create') && (
          <Button component={Link} to="/sales/new">
            {t('sales.new')}
          </Button>
        )}
      </Group>
      <Group align="flex-end" wrap="wrap" gap="sm">
        <TextInput
          type="date"
          label={t('common.from')}
          value={f.from ?? ''}
          onChange={(e) => setF({ ...f, from: e.currentTarget.value || undefined })}
        />
        <TextInput type="date" label={t('common.to')} value={f.to ?? ''} onChange={(e) => setF({ ...f, to: e.currentTarget.value || undefined })} />
        <Select
          label={t('sales.status')}
          placeholder={t('sales.anyStatus')}
          clearable
          value={f.status ?? null}
          onChange={(v) => setF({ ...f, status: v ?? undefined })}
          data={['completed', 'draft', 'preorder', 'cancelled'].map((s) => ({ value: s, label: t(`sales.statuses.${s}`) }))}
          w={170}
        />
        <Select
          label={t('sales.department')}
          placeholder={t('sales.anyDepartment')}
          clearable
          value={f.departmentId ?? null}
          onChange={(v) => setF({ ...f, departmentId: v ?? undefined })}
          data={depts.data?.items.map((d) => ({ value: String(d.id), label: d.name })) ?? []}
          w={200}
        />
      </Group>
      <ApiErrorAlert error={pages.error} />
      {pages.data && rows.length === 0 && <Alert color="gray">{t('sales.empty')}</Alert>}
      {phone ? (
        <Stack gap="xs">
          {rows.map((s) => (
            <SaleCard key={s.id} s={s} />
          ))}
        </Stack>
      ) : (
        rows.length > 0 && (
          <Table.ScrollContainer minWidth={800}>
            <Table striped highlightOnHover aria-label={t('sales.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('sales.number')}</Table.Th>
                  <Table.Th>{t('sales.date')}</Table.Th>
                  <Table.Th>{t('sales.client')}</Table.Th>
                  <Table.Th>{t('sales.department')}</Table.Th>
                  <Table.Th>{t('sales.employee')}</Table.Th>
                  <Table.Th ta="right">{t('sales.total')}</Table.Th>
                  <Table.Th ta="right">{t('sales.paid')}</Table.Th>
                  <Table.Th ta="right">{t('sales.debt')}</Table.Th>
                  <Table.Th>{t('sales.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/sales/${s.id}`}>
                        {saleTitle(s)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{s.day}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/clients/${s.clientId}`}>
                        {s.clientName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{s.departmentName}</Table.Td>
                    <Table.Td>{s.employeeName}</Table.Td>
                    <Table.Td ta="right">{money(s.total, s.currency)}</Table.Td>
                    <Table.Td ta="right">{money(s.paid, s.currency)}</Table.Td>
                    <Table.Td ta="right" c={e4(s.debt) > 0n ? 'red' : undefined}>
                      {e4(s.debt) !== 0n ? money(s.debt, s.currency) : ''}
                    </Table.Td>
                    <Table.Td>
                      <SaleStatus status={s.status} kind={s.kind} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      )}
      {pages.hasNextPage && (
        <Button variant="default" onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
