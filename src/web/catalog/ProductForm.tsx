import { Button, Group, Modal, SegmentedControl, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type TProduct } from '../api.js';
import { parseAmount, toApi } from '../money.js';
import { useSave } from '../shared/useSave.js';
import { useGroups } from './useCatalog.js';

type Draft = {
  kind: 'product' | 'service';
  name: string;
  sku: string;
  groupId: string | null;
  unit: string;
  price: string;
  cost: string;
  active: boolean;
};

const toDraft = (p?: TProduct): Draft => ({
  kind: (p?.kind as Draft['kind']) ?? 'product',
  name: p?.name ?? '',
  sku: p?.sku ?? '',
  groupId: p?.groupId ? String(p.groupId) : null,
  unit: p?.unit ?? 'pcs',
  price: p?.price ?? '',
  cost: p?.cost ?? '',
  active: p?.active ?? true,
});

/** Create or edit a product in a dialog; amounts are checked here first, then by the server. */
export function ProductForm({ product, onClose }: { product?: TProduct; onClose: () => void }) {
  const { t } = useTranslation();
  const groups = useGroups();
  const [d, setD] = useState<Draft>(() => toDraft(product));
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const save = useSave([['products'], ['price-lists']], async () => {
    const price = parseAmount(d.price, 4);
    const cost = d.cost.trim() ? parseAmount(d.cost, 4) : null;
    const issues: Record<string, string> = {};
    if (price === null) issues.price = t('sales.badAmount');
    if (d.cost.trim() && cost === null) issues.cost = t('sales.badAmount');
    setLocal(issues);
    if (Object.keys(issues).length) throw new Error(t('sales.fixErrors'));
    const body = {
      kind: d.kind,
      name: d.name,
      sku: d.sku.trim() || null,
      groupId: d.groupId ? Number(d.groupId) : null,
      unit: d.unit,
      price: toApi(price!),
      cost: cost === null ? null : toApi(cost),
      active: d.active,
    };
    await (product ? api('PATCH', `/api/products/${product.id}`, { ...body, version: product.version }) : api('POST', '/api/products', body));
    onClose();
  });
  const err = (f: string) => local[f] ?? save.errors[f];
  return (
    <Modal opened onClose={onClose} title={product ? t('catalog.editProduct', { name: product.name }) : t('catalog.newProduct')}>
      <Stack component="form" onSubmit={(e) => (e.preventDefault(), save.mutate(undefined))}>
        <SegmentedControl
          aria-label={t('catalog.kind')}
          value={d.kind}
          onChange={(v) => set({ kind: v as Draft['kind'] })}
          data={[
            { value: 'product', label: t('catalog.kinds.product') },
            { value: 'service', label: t('catalog.kinds.service') },
          ]}
        />
        <TextInput
          label={t('catalog.name')}
          required
          value={d.name}
          error={err('name')}
          onChange={(e) => set({ name: e.currentTarget.value })}
          data-autofocus
        />
        <Group grow>
          <TextInput label={t('catalog.sku')} value={d.sku} error={err('sku')} onChange={(e) => set({ sku: e.currentTarget.value })} />
          <TextInput label={t('catalog.unit')} value={d.unit} error={err('unit')} onChange={(e) => set({ unit: e.currentTarget.value })} />
        </Group>
        <Select
          label={t('catalog.group')}
          clearable
          placeholder={t('catalog.noGroup')}
          value={d.groupId}
          error={err('groupId')}
          onChange={(v) => set({ groupId: v })}
          data={groups.data?.items.map((g) => ({ value: String(g.id), label: g.name })) ?? []}
        />
        <Group grow>
          <TextInput
            label={t('catalog.price')}
            required
            inputMode="decimal"
            value={d.price}
            error={err('price')}
            onChange={(e) => set({ price: e.currentTarget.value })}
          />
          <TextInput
            label={t('catalog.cost')}
            inputMode="decimal"
            value={d.cost}
            error={err('cost')}
            onChange={(e) => set({ cost: e.currentTarget.value })}
          />
        </Group>
        <Switch label={t('catalog.active')} checked={d.active} onChange={(e) => set({ active: e.currentTarget.checked })} />
        {save.error && !Object.keys(save.errors).length && !Object.keys(local).length && (
          <div role="alert" style={{ color: 'var(--mantine-color-red-7)' }}>
            {save.error}
          </div>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
