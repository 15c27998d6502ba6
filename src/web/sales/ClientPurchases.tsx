import { Alert, Anchor, Badge, Button, Group, Modal, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, can, type Me, type TBonus, type TTerms } from '../api.js';
import { useCategories, usePriceLists } from '../catalog/useCatalog.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { e4, formatMoney, parseAmount, toApi } from '../money.js';
import { saleTitle } from './SalesPage.js';
import { SaleStatus } from './SaleStatus.js';
import { useBonus, useHealth, useSalesPages, useTerms } from './useSales.js';
import { formatDate } from '../format.js';

const statusColor: Record<string, string> = { active: 'green', lapsing: 'yellow', lost: 'red', new: 'gray' };

function Figure({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={500} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

/** Price list and category of the client: price list with clients.edit, category also with loyalty.edit. */
function Terms({ id, me }: { id: number; me: Me }) {
  const { t } = useTranslation();
  const terms = useTerms(id);
  const lists = usePriceLists(can(me, 'catalog', 'read'));
  const cats = useCategories(can(me, 'loyalty', 'read'));
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  if (!terms.data) return <ApiErrorAlert error={terms.error} />;
  const save = async (patch: Partial<Pick<TTerms, 'priceListId' | 'categoryId'>>) => {
    setError(null);
    try {
      qc.setQueryData(['client', id, 'terms'], await api<TTerms>('PATCH', `/api/clients/${id}/terms`, patch));
      await qc.invalidateQueries({ queryKey: ['quote'] });
    } catch (e) {
      setError(e);
    }
  };
  const editLists = can(me, 'clients', 'edit') && can(me, 'catalog', 'read');
  const editCats = editLists && can(me, 'loyalty', 'edit');
  const d = terms.data;
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('purchases.priceList')}
          placeholder={t('purchases.basePrices')}
          clearable={editLists}
          disabled={!editLists}
          value={d.priceListId ? String(d.priceListId) : null}
          data={
            lists.data?.items.map((l) => ({ value: String(l.id), label: `${l.name} (${l.currency})` })) ??
            (d.priceListId ? [{ value: String(d.priceListId), label: d.priceListName ?? '' }] : [])
          }
          onChange={(v) => void save({ priceListId: v ? Number(v) : null })}
        />
        <Select
          label={t('purchases.category')}
          placeholder={t('purchases.noCategory')}
          clearable={editCats}
          disabled={!editCats}
          value={d.categoryId ? String(d.categoryId) : null}
          data={
            cats.data?.items.map((c) => ({ value: String(c.id), label: c.name })) ??
            (d.categoryId ? [{ value: String(d.categoryId), label: d.categoryName ?? '' }] : [])
          }
          onChange={(v) => void save({ categoryId: v ? Number(v) : null })}
        />
      </SimpleGrid>
      <ApiErrorAlert error={error} />
    </Stack>
  );
}

/** A correction of the points by hand (loyalty.edit): a signed amount and its reason, kept in the history and the audit. */
function CorrectBonus({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = parseAmount(amount, 2, { negative: true });
  const save = async () => {
    if (parsed === null || parsed === 0n) return setError(t('purchases.correctAmountHint'));
    if (!reason.trim()) return setError(t('purchases.correctReasonHint'));
    setBusy(true);
    setError(null);
    try {
      qc.setQueryData(
        ['client', id, 'bonus'],
        await api<TBonus>('POST', `/api/clients/${id}/bonus`, { amount: toApi(parsed), reason: reason.trim() }),
      );
      onClose();
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'BONUS_INSUFFICIENT'
          ? t('purchases.correctTooMuch')
          : e instanceof Error
            ? e.message
            : t('errors.generic'),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('purchases.correctTitle')}>
      <Stack component="form" onSubmit={(e) => (e.preventDefault(), void save())}>
        <TextInput
          label={t('purchases.correctAmount')}
          description={t('purchases.correctAmountHint')}
          value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)}
          data-autofocus
          error={amount && parsed === null ? t('purchases.correctAmountHint') : undefined}
        />
        <TextInput label={t('purchases.correctReason')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('purchases.correctSave')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Bonus({ id, me }: { id: number; me: Me }) {
  const { t, i18n } = useTranslation();
  const bonus = useBonus(id, true);
  const [open, setOpen] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  if (!bonus.data) return <ApiErrorAlert error={bonus.error} />;
  const b = bonus.data;
  return (
    <div>
      <Group gap="sm">
        <Text>
          {t('purchases.bonus')}: <b data-testid="bonus-balance">{formatMoney(b.balance, i18n.language)}</b>
        </Text>
        {b.movements.length > 0 && (
          <Button size="compact-xs" variant="subtle" onClick={() => setOpen(!open)} aria-expanded={open}>
            {t('purchases.bonusHistory')}
          </Button>
        )}
        {can(me, 'loyalty', 'edit') && (
          <Button size="compact-xs" variant="subtle" onClick={() => setCorrecting(true)}>
            {t('purchases.correct')}
          </Button>
        )}
      </Group>
      {correcting && <CorrectBonus id={id} onClose={() => setCorrecting(false)} />}
      {open && (
        <Stack gap={2} mt="xs" data-testid="bonus-history">
          {b.movements.map((m) => (
            <Text key={m.id} size="sm">
              {formatDate(m.at)} · {t(`purchases.movements.${m.kind}`, { defaultValue: m.kind })} {e4(m.amount) > 0n ? '+' : ''}
              {formatMoney(m.amount, i18n.language)}
              {m.saleId && (
                <>
                  {' '}
                  ·{' '}
                  <Anchor component={Link} to={`/sales/${m.saleId}`} size="sm">
                    #{m.saleId}
                  </Anchor>
                </>
              )}{' '}
              → {formatMoney(m.balanceAfter, i18n.language)}
            </Text>
          ))}
        </Stack>
      )}
    </div>
  );
}

function ClientSales({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const pages = useSalesPages({ clientId: id }, 10);
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  if (pages.error) return <ApiErrorAlert error={pages.error} />;
  if (pages.data && !rows.length) return <Text c="dimmed">{t('purchases.noSales')}</Text>;
  return (
    <Stack gap={4}>
      <Table.ScrollContainer minWidth={480}>
        <Table aria-label={t('purchases.salesTitle')}>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/sales/${s.id}`}>
                    {saleTitle(s)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{s.day}</Table.Td>
                <Table.Td>{s.departmentName}</Table.Td>
                <Table.Td ta="right">{formatMoney(s.total, i18n.language, s.currency)}</Table.Td>
                <Table.Td ta="right" c="red">
                  {e4(s.debt) > 0n ? `${t('sales.debt')} ${formatMoney(s.debt, i18n.language)}` : ''}
                </Table.Td>
                <Table.Td>
                  <SaleStatus status={s.status} kind={s.kind} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages.hasNextPage && (
        <Button size="xs" variant="subtle" onClick={() => void pages.fetchNextPage()}>
          {t('common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

/** The "Purchases" section of a client card: health, terms, bonus points, the client's sales. */
export function ClientPurchases({ id, me }: { id: number; me: Me }) {
  const { t, i18n } = useTranslation();
  const sales = can(me, 'sales', 'read');
  const health = useHealth(id, sales);
  const h = health.data;
  const money = (v: string | null) => (v === null ? '—' : formatMoney(v, i18n.language, h?.currency));
  return (
    <Paper withBorder p="md" data-testid="purchases">
      <Group justify="space-between" mb="sm">
        <Group gap="sm">
          <Title order={4}>{t('purchases.title')}</Title>
          {h && (
            <Badge color={statusColor[h.status] ?? 'gray'} data-testid="health-status">
              {t(`purchases.statuses.${h.status}`, { defaultValue: h.status })}
            </Badge>
          )}
          {h?.risk && (
            <Badge color="red" variant="outline">
              {t('purchases.risk')}
            </Badge>
          )}
        </Group>
        {can(me, 'sales', 'create') && (
          <Button component={Link} to={`/sales/new?clientId=${id}`}>
            {t('purchases.newSale')}
          </Button>
        )}
      </Group>
      <Stack>
        <ApiErrorAlert error={health.error} />
        {h && (
          <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
            <Figure label={t('purchases.first')} value={h.firstPurchase ?? '—'} />
            <Figure label={t('purchases.last')} value={h.lastPurchase ?? '—'} />
            <Figure label={t('purchases.count')} value={h.purchases} />
            <Figure label={t('purchases.revenue')} value={money(h.revenue)} testId="health-revenue" />
            <Figure label={t('purchases.average')} value={money(h.averageCheck)} />
            <Figure
              label={t('purchases.debt')}
              testId="health-debt"
              value={
                <Text span c={e4(h.debt) > 0n ? 'red' : undefined} inherit>
                  {money(h.debt)}
                  {e4(h.overdueDebt) > 0n ? ` (${t('purchases.overdue', { amount: money(h.overdueDebt) })})` : ''}
                </Text>
              }
            />
          </SimpleGrid>
        )}
        {h && h.favouriteGroups.length > 0 && (
          <Text size="sm">
            <Text span c="dimmed">
              {t('purchases.favourites')}:{' '}
            </Text>
            {h.favouriteGroups.map((g) => `${g.name ?? t('purchases.noGroup')} (${money(g.amount)})`).join(', ')}
          </Text>
        )}
        <Terms id={id} me={me} />
        {can(me, 'loyalty', 'read') && <Bonus id={id} me={me} />}
        {sales && <ClientSales id={id} />}
      </Stack>
    </Paper>
  );
}
