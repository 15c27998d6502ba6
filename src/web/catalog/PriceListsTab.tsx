import { Alert, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, can, type FieldIssue, type Me, type TPriceList } from '../api.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { formatMoney, parseAmount, toApi } from '../money.js';
import { useSave } from '../shared/useSave.js';
import { useCurrencies, useFirmSettings, usePriceItems, usePriceLists, useProducts } from './useCatalog.js';

/** The prices of one list next to the base prices; an empty cell takes the product out of the list. */
function PriceEditor({ list, editable }: { list: TPriceList; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const products = useProducts('', null, { limit: 500 });
  const items = usePriceItems(list.id);
  const [typed, setTyped] = useState<Record<number, string>>({});
  const [bad, setBad] = useState<Record<number, boolean>>({});
  const current = new Map(items.data?.items.map((i) => [i.productId, i.price]));
  const save = useSave([['price-lists']], async () => {
    const changes: { productId: number; price: string | null }[] = [];
    const wrong: Record<number, boolean> = {};
    for (const [id, text] of Object.entries(typed)) {
      const v = text.trim() ? parseAmount(text, 4) : null;
      if (text.trim() && v === null) wrong[Number(id)] = true;
      else changes.push({ productId: Number(id), price: v === null ? null : toApi(v) });
    }
    setBad(wrong);
    if (Object.keys(wrong).length) throw new Error(t('sales.fixErrors'));
    try {
      if (changes.length) await api('PUT', `/api/price-lists/${list.id}/items`, { items: changes });
    } catch (e) {
      // the server names lines by their place in the request; the form names them by product
      if (!(e instanceof ApiError) || !Array.isArray(e.details)) throw e;
      const details = (e.details as FieldIssue[]).map((d) => ({
        ...d,
        field: d.field.replace(/^items\.(\d+)\..*$/, (_, i: string) => `product.${changes[Number(i)]?.productId}`),
      }));
      throw new ApiError(e.status, e.code, e.serverMessage, details);
    }
    setTyped({});
  });
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">
        {list.name} · {list.currency}
      </Title>
      <ApiErrorAlert error={items.error ?? products.error} />
      <Table.ScrollContainer minWidth={420}>
        <Table aria-label={t('catalog.editPrices')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('catalog.name')}</Table.Th>
              <Table.Th ta="right">{t('catalog.basePrice')}</Table.Th>
              <Table.Th>{t('catalog.listPrice')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {products.data?.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td ta="right">{formatMoney(p.price, i18n.language, undefined, true)}</Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    w={140}
                    inputMode="decimal"
                    aria-label={`${t('catalog.listPrice')}: ${p.name}`}
                    placeholder={t('catalog.listPriceHint')}
                    disabled={!editable}
                    value={typed[p.id] ?? current.get(p.id) ?? ''}
                    error={bad[p.id] ? t('sales.badAmount') : save.errors[`product.${p.id}`]}
                    onChange={(e) => setTyped({ ...typed, [p.id]: e.currentTarget.value })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {save.error && (
        <Text c="red" size="sm" role="alert">
          {save.error}
        </Text>
      )}
      {editable && (
        <Button mt="sm" onClick={() => save.mutate(undefined)} loading={save.isPending} disabled={!Object.keys(typed).length}>
          {t('catalog.savePrices')}
        </Button>
      )}
    </Paper>
  );
}

export function PriceListsTab({ me }: { me: Me }) {
  const { t } = useTranslation();
  const lists = usePriceLists();
  const currencies = useCurrencies();
  const settings = useFirmSettings();
  const [open, setOpen] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState<string | null>(null);
  const add = useSave([['price-lists']], () =>
    api('POST', '/api/price-lists', { name, currency: currency ?? settings.data?.baseCurrency ?? 'RUB' }).then(() => setName('')),
  );
  const chosen = lists.data?.items.find((l) => l.id === open);
  return (
    <Stack>
      <ApiErrorAlert error={lists.error} />
      {lists.data?.items.length === 0 && <Alert color="gray">{t('catalog.noPriceLists')}</Alert>}
      <Stack gap="xs" maw={640}>
        {lists.data?.items.map((l) => (
          <Group key={l.id} justify="space-between">
            <Text>
              {l.name} · {l.currency} ·{' '}
              <Text span c="dimmed">
                {t('catalog.itemsCount', { count: l.items })}
              </Text>
            </Text>
            <Button
              size="xs"
              variant={open === l.id ? 'filled' : 'light'}
              onClick={() => setOpen(open === l.id ? null : l.id)}
              aria-expanded={open === l.id}
            >
              {t('catalog.editPrices')}: {l.name}
            </Button>
          </Group>
        ))}
      </Stack>
      {can(me, 'catalog', 'create') && (
        <Group component="form" onSubmit={(e) => (e.preventDefault(), add.mutate(undefined))} align="flex-end">
          <TextInput
            label={t('catalog.newPriceList')}
            value={name}
            required
            error={add.errors.name ?? (add.errors.currency ? undefined : (add.error ?? undefined))}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label={t('money.currency')}
            w={120}
            value={currency ?? settings.data?.baseCurrency ?? null}
            onChange={setCurrency}
            error={add.errors.currency}
            data={currencies.data?.items.map((c) => c.code) ?? []}
          />
          <Button type="submit">{t('common.add')}</Button>
        </Group>
      )}
      {chosen && <PriceEditor key={chosen.id} list={chosen} editable={can(me, 'catalog', 'edit')} />}
    </Stack>
  );
}
