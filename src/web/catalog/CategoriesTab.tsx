import { Alert, Button, Group, Modal, SegmentedControl, Stack, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, can, type Me, type TCategory } from '../api.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { formatMoney, parseAmount, parsePercent, toApi } from '../money.js';
import { useSave } from '../shared/useSave.js';
import { useCategories } from './useCatalog.js';

type Draft = { name: string; kind: 'fixed' | 'cumulative'; discount: string; minPurchases: string; bonus: string };

function CategoryForm({ category, onClose }: { category?: TCategory; onClose: () => void }) {
  const { t } = useTranslation();
  const [d, setD] = useState<Draft>({
    name: category?.name ?? '',
    kind: (category?.kind as Draft['kind']) ?? 'fixed',
    discount: category?.discount ?? '0',
    minPurchases: category?.minPurchases ?? '0',
    bonus: category?.bonus ?? '0',
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const save = useSave([['client-categories']], async () => {
    const discount = parsePercent(d.discount || '0');
    const bonus = parsePercent(d.bonus || '0');
    const min = parseAmount(d.minPurchases || '0', 2);
    const issues: Record<string, string> = {};
    if (discount === null) issues.discount = '0–100';
    if (bonus === null) issues.bonus = '0–100';
    if (d.kind === 'cumulative' && min === null) issues.minPurchases = t('sales.badAmount');
    setLocal(issues);
    if (Object.keys(issues).length) throw new Error(t('sales.fixErrors'));
    const body = {
      name: d.name,
      kind: d.kind,
      discount: discount!,
      bonus: bonus!,
      ...(d.kind === 'cumulative' ? { minPurchases: toApi(min!) } : {}),
    };
    await (category
      ? api('PATCH', `/api/client-categories/${category.id}`, { ...body, version: category.version })
      : api('POST', '/api/client-categories', body));
    onClose();
  });
  const err = (f: string) => local[f] ?? save.errors[f];
  return (
    <Modal opened onClose={onClose} title={category ? t('catalog.editCategory', { name: category.name }) : t('catalog.newCategory')}>
      <Stack component="form" onSubmit={(e) => (e.preventDefault(), save.mutate(undefined))}>
        <TextInput
          label={t('catalog.name')}
          required
          value={d.name}
          error={err('name')}
          onChange={(e) => set({ name: e.currentTarget.value })}
          data-autofocus
        />
        <SegmentedControl
          aria-label={t('catalog.kind')}
          value={d.kind}
          onChange={(v) => set({ kind: v as Draft['kind'] })}
          data={(['fixed', 'cumulative'] as const).map((k) => ({ value: k, label: t(`catalog.categoryKinds.${k}`) }))}
        />
        <Group grow>
          <TextInput
            label={t('catalog.discount')}
            inputMode="decimal"
            value={d.discount}
            error={err('discount')}
            onChange={(e) => set({ discount: e.currentTarget.value })}
          />
          <TextInput
            label={t('catalog.bonus')}
            inputMode="decimal"
            value={d.bonus}
            error={err('bonus')}
            onChange={(e) => set({ bonus: e.currentTarget.value })}
          />
        </Group>
        {d.kind === 'cumulative' && (
          <TextInput
            label={t('catalog.minPurchases')}
            inputMode="decimal"
            value={d.minPurchases}
            error={err('minPurchases')}
            onChange={(e) => set({ minPurchases: e.currentTarget.value })}
          />
        )}
        {save.error && !Object.keys(save.errors).length && !Object.keys(local).length && (
          <Alert color="red" role="alert">
            {save.error}
          </Alert>
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

export function CategoriesTab({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const cats = useCategories();
  const [editing, setEditing] = useState<TCategory | 'new' | null>(null);
  const editable = can(me, 'loyalty', 'edit');
  return (
    <Stack>
      <ApiErrorAlert error={cats.error} />
      {can(me, 'loyalty', 'create') && (
        <Group>
          <Button onClick={() => setEditing('new')}>{t('catalog.newCategory')}</Button>
        </Group>
      )}
      {cats.data?.items.length === 0 && <Alert color="gray">{t('catalog.noCategories')}</Alert>}
      {(cats.data?.items.length ?? 0) > 0 && (
        <Table.ScrollContainer minWidth={520}>
          <Table striped aria-label={t('catalog.categories')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('catalog.name')}</Table.Th>
                <Table.Th>{t('catalog.kind')}</Table.Th>
                <Table.Th ta="right">{t('catalog.discount')}</Table.Th>
                <Table.Th ta="right">{t('catalog.minPurchases')}</Table.Th>
                <Table.Th ta="right">{t('catalog.bonus')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cats.data!.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    {editable ? (
                      <Button variant="subtle" size="compact-sm" onClick={() => setEditing(c)}>
                        {c.name}
                      </Button>
                    ) : (
                      c.name
                    )}
                  </Table.Td>
                  <Table.Td>{t(`catalog.categoryKinds.${c.kind}`, { defaultValue: c.kind })}</Table.Td>
                  <Table.Td ta="right">{c.discount}</Table.Td>
                  <Table.Td ta="right">{c.kind === 'cumulative' ? formatMoney(c.minPurchases, i18n.language) : ''}</Table.Td>
                  <Table.Td ta="right">{c.bonus}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && <CategoryForm category={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
