import { Anchor, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TProduct } from '../api.js';
import { useProducts } from '../catalog/useCatalog.js';
import { formatMoney } from '../money.js';
import { useClientSearch } from './useSales.js';

export type Picked = { id: number; name: string };
const noFilter = ({ options }: { options: unknown[] }) => options as never;

/** Search-as-you-type over the clients the user may see (the server's search: name, phone digits, email, INN). */
export function ClientPicker({ value, onChange, error }: { value: Picked | null; onChange: (c: Picked | null) => void; error?: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(value?.name ?? '');
  const [q] = useDebouncedValue(search.trim(), 150);
  const found = useClientSearch(q === value?.name ? '' : q);
  const data = (found.data?.items ?? []).map((c) => ({ value: String(c.id), label: c.displayName }));
  if (value && !data.some((d) => d.value === String(value.id))) data.unshift({ value: String(value.id), label: value.name });
  return (
    <Select
      label={t('sales.pickClient')}
      placeholder={t('sales.pickClientHint')}
      searchable
      required
      clearable
      filter={noFilter}
      data={data}
      value={value ? String(value.id) : null}
      searchValue={search}
      onSearchChange={setSearch}
      error={error}
      nothingFoundMessage={found.isFetching ? t('common.loading') : undefined}
      onChange={(v) => {
        const hit = data.find((d) => d.value === v);
        onChange(hit ? { id: Number(hit.value), name: hit.label } : null);
      }}
    />
  );
}

/** Picks an active product to add as a line; the box empties itself for the next one. */
export function ProductPicker({ onPick, disabled, canAdd = false }: { onPick: (p: TProduct) => void; disabled?: boolean; canAdd?: boolean }) {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 150);
  const products = useProducts(q, null, { active: true, limit: 30 });
  const items = products.data?.items ?? [];
  // nothing to sell at all (not a search that found nothing): say where products come from
  const none = !q && products.data !== undefined && items.length === 0;
  return (
    <Select
      label={t('sales.addProduct')}
      placeholder={t('sales.addProductHint')}
      searchable
      filter={noFilter}
      disabled={disabled}
      description={
        none ? (
          <span data-testid="no-products">
            {t('sales.noProducts')}{' '}
            {canAdd ? (
              <Anchor component={Link} to="/catalog" size="xs">
                {t('sales.addProducts')}
              </Anchor>
            ) : (
              t('sales.askProducts')
            )}
          </span>
        ) : undefined
      }
      data={items.map((p) => ({
        value: String(p.id),
        label: `${p.name} — ${formatMoney(p.price, i18n.language, undefined, true)}${p.sku ? ` (${p.sku})` : ''}`,
      }))}
      value={null}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(v) => {
        const p = items.find((x) => String(x.id) === v);
        if (p) onPick(p);
        setSearch('');
      }}
    />
  );
}
