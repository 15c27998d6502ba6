import { Alert, Badge, Button, Group, Select, Stack, Table, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, type Me, type TProduct } from '../api.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { formatMoney } from '../money.js';
import { ProductForm } from './ProductForm.js';
import { useGroups, useProducts } from './useCatalog.js';

export function ProductsTab({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 200);
  const [groupId, setGroupId] = useState<string | null>(null);
  const [editing, setEditing] = useState<TProduct | 'new' | null>(null);
  const groups = useGroups();
  const products = useProducts(q, groupId ? Number(groupId) : null, { limit: 500 });
  const editable = can(me, 'catalog', 'edit');
  const items = products.data?.items ?? [];
  return (
    <Stack>
      <Group wrap="wrap">
        <TextInput
          type="search"
          aria-label={t('catalog.searchProducts')}
          placeholder={t('catalog.searchProducts')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          style={{ flex: 1, minWidth: 180 }}
        />
        <Select
          aria-label={t('catalog.group')}
          placeholder={t('catalog.allGroups')}
          clearable
          value={groupId}
          onChange={setGroupId}
          w={200}
          data={groups.data?.items.map((g) => ({ value: String(g.id), label: g.name })) ?? []}
        />
        {can(me, 'catalog', 'create') && <Button onClick={() => setEditing('new')}>{t('catalog.newProduct')}</Button>}
      </Group>
      <ApiErrorAlert error={products.error} />
      {products.data && items.length === 0 && <Alert color="gray">{t('catalog.noProducts')}</Alert>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover aria-label={t('catalog.products')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('catalog.name')}</Table.Th>
                <Table.Th>{t('catalog.sku')}</Table.Th>
                <Table.Th>{t('catalog.group')}</Table.Th>
                <Table.Th>{t('catalog.unit')}</Table.Th>
                <Table.Th ta="right">{t('catalog.price')}</Table.Th>
                <Table.Th ta="right">{t('catalog.cost')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    {editable ? (
                      <Button variant="subtle" size="compact-sm" onClick={() => setEditing(p)}>
                        {p.name}
                      </Button>
                    ) : (
                      p.name
                    )}
                    {p.kind === 'service' && (
                      <Badge ml="xs" size="xs" variant="light">
                        {t('catalog.kinds.service')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{p.sku}</Table.Td>
                  <Table.Td>{p.groupName}</Table.Td>
                  <Table.Td>{p.unit}</Table.Td>
                  <Table.Td ta="right">{formatMoney(p.price, i18n.language, undefined, true)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(p.cost, i18n.language, undefined, true)}</Table.Td>
                  <Table.Td>
                    {!p.active && (
                      <Badge color="gray" size="sm">
                        {t('catalog.inactive')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && <ProductForm product={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
