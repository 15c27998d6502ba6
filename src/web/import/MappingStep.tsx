import { Alert, Button, Checkbox, Group, NativeSelect, Paper, Radio, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { asContactsMapping } from '../../server/modules/import/import-fields.schemas.js';
import { productTargets, suggestProductMapping } from '../../server/modules/import/product-fields.schemas.js';
import { saleClientKeys, saleTargets, suggestSaleMapping } from '../../server/modules/import/sale-fields.schemas.js';
import { useLocalStorage, useMediaQuery } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api.js';
import { useCustomFields, useDepartments, useUsers } from '../shared/queries.js';
import {
  applyTemplate,
  defaultMatchBy,
  duplicateTargets,
  keyUsable,
  MATCH_KEYS,
  mappingFrom,
  PRODUCT_MATCH_KEYS,
  selectionFrom,
  TARGETS,
  templateFrom,
  type ImportJob,
  type OnMatch,
  type PlanOptions,
  type Template,
  type Upload,
} from './plan.js';
import { useImportAction } from './useImports.js';

/** Step 2: a target for every column, how to find clients already in the base, the manager of new ones. */
export function MappingStep({ me, job, upload, onDone }: { me: Me; job: ImportJob; upload: Omit<Upload, 'job'> | null; onDone: () => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 640px)') ?? false;
  const fields = useCustomFields();
  const users = useUsers();
  const departments = useDepartments();
  const { start } = useImportAction(job.id);
  const header = job.header;
  const [selection, setSelection] = useState(() => selectionFrom(header.length, job.mapping ?? upload?.suggested));
  const [options, setOptions] = useState<PlanOptions>(() => job.options ?? { matchBy: defaultMatchBy(selection), onMatch: 'update' });
  const [templates, setTemplates] = useLocalStorage<Template[]>({
    key: `clientela.import.templates.${me.user.id}`,
    defaultValue: [],
    getInitialValueInEffect: false,
  });
  const [templateName, setTemplateName] = useState('');
  const [savedName, setSavedName] = useState<string | null>(null);

  const products = options.target === 'products';
  const sales = options.target === 'sales';
  const clientTargets = useMemo(
    () => upload?.targets ?? [...TARGETS, ...(fields.data?.items ?? []).map((f) => `custom.${f.key}`)],
    [upload, fields.data],
  );
  const targets = products
    ? (productTargets as readonly string[] as string[])
    : sales
      ? (saleTargets as readonly string[] as string[])
      : clientTargets;
  const labelOf = (target: string) =>
    target.startsWith('custom.')
      ? (fields.data?.items.find((f) => `custom.${f.key}` === target)?.label ?? target.slice(7))
      : t(`import.targets.${target}`);
  const data = [
    { value: '', label: t('import.mapping.skip') },
    { group: t('import.mapping.builtin'), items: targets.filter((x) => !x.startsWith('custom.')).map((value) => ({ value, label: labelOf(value) })) },
    ...(targets.some((x) => x.startsWith('custom.'))
      ? [
          {
            group: t('import.mapping.custom'),
            items: targets.filter((x) => x.startsWith('custom.')).map((value) => ({ value, label: labelOf(value) })),
          },
        ]
      : []),
  ];
  const dupes = duplicateTargets(selection);
  const mapping = mappingFrom(selection);
  const columnName = (i: number) => header[i]?.trim() || t('import.mapping.emptyHeader', { n: i + 1 });
  const samples = (i: number) =>
    (upload?.sample ?? [])
      .map((r) => r[i] ?? '')
      .filter((v) => v.trim())
      .slice(0, 3);
  const setTarget = (i: number, v: string) => setSelection((s) => s.map((x, j) => (j === i ? v : x)));

  const contacts = options.target === 'contacts';
  const needName = contacts && !selection.includes('contactName');
  // a sale needs its day, its client and its products
  const needSales =
    sales &&
    (!selection.includes('sale.date') ||
      !saleClientKeys.some((k) => selection.includes(k)) ||
      !(selection.includes('item.sku') || selection.includes('item.product')));
  const setKind = (v: string) => {
    if (v === 'sales') {
      setSelection(selectionFrom(header.length, upload?.suggestedSales ?? suggestSaleMapping(header, upload?.sample ?? [])));
      setOptions({ matchBy: [], onMatch: 'skip', target: 'sales', payment: 'cash' });
      return;
    }
    if (v === 'products') {
      const next = selectionFrom(header.length, suggestProductMapping(header));
      setSelection(next);
      setOptions({ ...options, target: 'products', managerId: undefined, matchBy: next.includes('product.sku') ? ['sku'] : ['name'] });
      return;
    }
    if (products || sales) {
      // back from products or sales: the client suggestions again
      const next = selectionFrom(header.length, upload?.suggested ?? []);
      setSelection(next);
      setOptions({ matchBy: defaultMatchBy(next), onMatch: 'update', target: v === 'contacts' ? 'contacts' : undefined });
      if (v !== 'contacts') return;
      setSelection(selectionFrom(header.length, asContactsMapping(mappingFrom(next))));
      setOptions({ matchBy: (['externalId', 'inn', 'name'] as const).filter((k) => keyUsable(k, next)), onMatch: 'update', target: 'contacts' });
      return;
    }
    if (v === 'contacts') {
      const next = selectionFrom(header.length, asContactsMapping(mappingFrom(selection)));
      setSelection(next);
      setOptions({
        ...options,
        target: 'contacts',
        onMatch: 'update',
        matchBy: (['externalId', 'inn', 'name'] as const).filter((k) => keyUsable(k, next)),
      });
    } else setOptions({ ...options, target: undefined });
  };

  const submit = () => {
    const plan = { ...options, matchBy: options.matchBy.filter((k) => keyUsable(k, selection)) };
    start.mutate({ kind: 'preview', mapping, options: plan }, { onSuccess: onDone });
  };
  const saveTemplate = () => {
    const name = templateName.trim();
    if (!name) return;
    setTemplates([...templates.filter((x) => x.name !== name), templateFrom(name, header, selection, options)]);
    setTemplateName('');
    setSavedName(name);
  };
  const useTemplate = (name: string | null) => {
    const tpl = templates.find((x) => x.name === name);
    if (!tpl) return;
    setSelection(applyTemplate(tpl, header, targets));
    setOptions(tpl.options);
  };

  const select = (i: number) => (
    <NativeSelect
      aria-label={t('import.mapping.targetFor', { column: columnName(i) })}
      data={data}
      value={selection[i] ?? ''}
      onChange={(e) => setTarget(i, e.currentTarget.value)}
      error={dupes.has(selection[i] ?? '') ? t('import.mapping.duplicate') : undefined}
    />
  );

  return (
    <Stack gap="md" component="form" onSubmit={(e) => (e.preventDefault(), submit())}>
      <div>
        <Title order={3}>{t('import.mapping.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('import.mapping.intro', { file: job.fileName, count: header.length })}
        </Text>
      </div>
      <Radio.Group label={t('import.target.label')} value={options.target ?? 'clients'} onChange={setKind}>
        <Group gap="md" mt={6}>
          <Radio value="clients" label={t('import.target.clients')} />
          <Radio value="contacts" label={t('import.target.contacts')} />
          <Radio value="products" label={t('import.target.products')} />
          <Radio value="sales" label={t('import.target.sales')} />
        </Group>
      </Radio.Group>
      {contacts && (
        <Text size="sm" c="dimmed">
          {t('import.target.contactsHint')}
        </Text>
      )}
      {templates.length > 0 && (
        <Select
          label={t('import.templates.apply')}
          data={templates.map((x) => x.name)}
          value={null}
          onChange={useTemplate}
          w={phone ? '100%' : 320}
        />
      )}
      {phone ? (
        <Stack gap="xs">
          {header.map((_, i) => (
            <Paper key={i} withBorder p="sm">
              <Text fw={600}>{columnName(i)}</Text>
              <Text size="sm" c="dimmed" lineClamp={2} mb={4}>
                {samples(i).join(' · ') || '—'}
              </Text>
              {select(i)}
            </Paper>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={6} aria-label={t('import.mapping.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="25%">{t('import.mapping.column')}</Table.Th>
                <Table.Th>{t('import.mapping.sample')}</Table.Th>
                <Table.Th w={320}>{t('import.mapping.target')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {header.map((_, i) => (
                <Table.Tr key={i}>
                  <Table.Td fw={600}>{columnName(i)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" lineClamp={2}>
                      {samples(i).join(' · ') || '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>{select(i)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {sales ? (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={4}>{t('import.target.salesTitle')}</Title>
            <Text size="sm" c="dimmed">
              {t('import.target.salesHint')}
            </Text>
            <Group gap="md" align="flex-end" wrap="wrap">
              <Select
                label={t('import.target.salesEmployee')}
                w={phone ? '100%' : 280}
                searchable
                allowDeselect={false}
                data={[
                  { value: 'me', label: t('import.target.salesEmployeeMe') },
                  ...(users.data?.items ?? []).filter((u) => u.id !== me.user.id).map((u) => ({ value: String(u.id), label: u.name })),
                ]}
                value={options.employeeId ? String(options.employeeId) : 'me'}
                onChange={(v) => setOptions({ ...options, employeeId: !v || v === 'me' ? undefined : Number(v) })}
              />
              <Select
                label={t('import.target.salesDepartment')}
                w={phone ? '100%' : 280}
                allowDeselect={false}
                data={[
                  { value: 'auto', label: t('import.target.salesDepartmentAuto') },
                  ...(departments.data?.items ?? []).map((d) => ({ value: String(d.id), label: d.name })),
                ]}
                value={options.departmentId ? String(options.departmentId) : 'auto'}
                onChange={(v) => setOptions({ ...options, departmentId: !v || v === 'auto' ? undefined : Number(v) })}
              />
              <Select
                label={t('import.target.salesPayment')}
                w={phone ? '100%' : 200}
                allowDeselect={false}
                data={(['cash', 'card', 'transfer', 'none'] as const).map((p) => ({ value: p, label: t(`import.target.payments.${p}`) }))}
                value={options.payment ?? 'cash'}
                onChange={(v) => setOptions({ ...options, payment: (v ?? 'cash') as PlanOptions['payment'] })}
              />
              <Select
                label={t('import.target.salesUnknownDepartments')}
                w={phone ? '100%' : 240}
                allowDeselect={false}
                data={(['reject', 'create'] as const).map((p) => ({ value: p, label: t(`import.target.unknownDepartments.${p}`) }))}
                value={options.unknownDepartments ?? 'reject'}
                onChange={(v) => setOptions({ ...options, unknownDepartments: v === 'create' ? 'create' : undefined })}
              />
            </Group>
          </Stack>
        </Paper>
      ) : (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={4}>{t(products ? 'import.target.productsTitle' : 'import.matching.title')}</Title>
            <Checkbox.Group
              label={t(products ? 'import.target.productsMatchBy' : 'import.matching.matchBy')}
              value={options.matchBy}
              onChange={(v) => setOptions({ ...options, matchBy: v as PlanOptions['matchBy'] })}
            >
              <Group gap="md" mt={6}>
                {(products ? PRODUCT_MATCH_KEYS : MATCH_KEYS).map((k) => (
                  <Checkbox
                    key={k}
                    value={k}
                    disabled={!keyUsable(k, selection)}
                    label={
                      keyUsable(k, selection)
                        ? t(`import.matching.keys.${k}`)
                        : `${t(`import.matching.keys.${k}`)} (${t('import.matching.notInFile')})`
                    }
                  />
                ))}
              </Group>
            </Checkbox.Group>
            {!contacts && (
              <>
                <Radio.Group
                  label={t(products ? 'import.target.productsOnMatch' : 'import.matching.onMatch')}
                  value={options.onMatch}
                  onChange={(v) => setOptions({ ...options, onMatch: v as OnMatch })}
                >
                  <Stack gap={6} mt={6}>
                    {(['update', 'skip', 'create'] as const).map((v) => (
                      <Radio key={v} value={v} label={t(products && v === 'create' ? 'import.target.productsCreate' : `import.matching.${v}`)} />
                    ))}
                  </Stack>
                </Radio.Group>
                {!products && options.onMatch === 'update' && (
                  <Group gap="xl" align="flex-start" wrap="wrap">
                    <Radio.Group
                      label={t('import.matching.emptyCells')}
                      value={options.emptyCells ?? 'keep'}
                      onChange={(v) => setOptions({ ...options, emptyCells: v === 'clear' ? 'clear' : undefined })}
                    >
                      <Stack gap={6} mt={6}>
                        <Radio value="keep" label={t('import.matching.emptyKeep')} />
                        <Radio value="clear" label={t('import.matching.emptyClear')} />
                      </Stack>
                    </Radio.Group>
                    <Radio.Group
                      label={t('import.matching.names')}
                      value={options.names ?? 'fill'}
                      onChange={(v) => setOptions({ ...options, names: v === 'overwrite' ? 'overwrite' : undefined })}
                    >
                      <Stack gap={6} mt={6}>
                        <Radio value="fill" label={t('import.matching.namesFill')} />
                        <Radio value="overwrite" label={t('import.matching.namesOverwrite')} />
                      </Stack>
                    </Radio.Group>
                  </Group>
                )}
                {!products && (
                  <Select
                    label={t('import.matching.manager')}
                    w={phone ? '100%' : 320}
                    searchable
                    allowDeselect={false}
                    data={[
                      { value: 'me', label: t('import.matching.managerMe') },
                      ...(users.data?.items ?? [])
                        .filter((u) => u.id !== me.user.id && u.active)
                        .map((u) => ({ value: String(u.id), label: u.name })),
                    ]}
                    value={options.managerId ? String(options.managerId) : 'me'}
                    onChange={(v) => setOptions({ ...options, managerId: !v || v === 'me' ? undefined : Number(v) })}
                  />
                )}
              </>
            )}
          </Stack>
        </Paper>
      )}

      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          label={t('import.templates.name')}
          value={templateName}
          onChange={(e) => setTemplateName(e.currentTarget.value)}
          w={220}
          onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), saveTemplate())}
        />
        <Button variant="default" onClick={saveTemplate} disabled={!templateName.trim()}>
          {t('import.templates.save')}
        </Button>
        {savedName && (
          <Text size="sm" c="green" role="status">
            {t('import.templates.saved', { name: savedName })}
          </Text>
        )}
      </Group>
      {!mapping.length && (
        <Text c="orange" size="sm">
          {t('import.mapping.noColumns')}
        </Text>
      )}
      {needName && (
        <Text c="orange" size="sm">
          {t('import.target.needName')}
        </Text>
      )}
      {needSales && (
        <Text c="orange" size="sm">
          {t('import.target.needSales')}
        </Text>
      )}
      {start.error && (
        <Alert color="red" role="alert">
          {start.error.message}
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={start.isPending} disabled={!mapping.length || dupes.size > 0 || needName || needSales}>
          {t('import.mapping.preview')}
        </Button>
      </Group>
    </Stack>
  );
}
