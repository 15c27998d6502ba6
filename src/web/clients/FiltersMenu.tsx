import { ActionIcon, Badge, Button, Group, Popover, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Column, FilterRow, ViewState } from './columns.js';

const ops = ['eq', 'ne', 'contains', 'gt', 'lt', 'in', 'empty', 'notEmpty', 'nextDays', 'anniversaryNextDays'];
// Fields that can be filtered: everything but the computed manager name, plus managerId by value.
const extra = ['surname', 'firstName', 'legalName', 'kind'];

export function FiltersMenu({ view, catalog, onChange }: { view: ViewState; catalog: Column[]; onChange: (v: ViewState) => void }) {
  const { t } = useTranslation();
  const fields = [...catalog.map((c) => ({ value: c.field, label: c.label })), ...extra.map((f) => ({ value: f, label: t(`client.${f}`) }))];
  const set = (filters: FilterRow[]) => onChange({ ...view, filters });
  const update = (i: number, patch: Partial<FilterRow>) => set(view.filters.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <Popover position="bottom-end" shadow="md" width={560}>
      <Popover.Target>
        <Button variant="default" rightSection={view.filters.length ? <Badge size="xs">{view.filters.length}</Badge> : null}>
          {t('journal.filters')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          {view.filters.map((f, i) => (
            <Group key={i} wrap="nowrap" gap="xs">
              <Select
                aria-label={t('journal.filterField')}
                size="xs"
                w={180}
                searchable
                data={fields}
                value={f.field || null}
                onChange={(v) => update(i, { field: v ?? '' })}
              />
              <Select
                aria-label={t('journal.filterOp')}
                size="xs"
                w={130}
                data={ops.map((o) => ({ value: o, label: t(`journal.ops.${o}`) }))}
                value={f.op}
                onChange={(v) => update(i, { op: v ?? 'eq' })}
              />
              {!['empty', 'notEmpty'].includes(f.op) && (
                <TextInput
                  aria-label={t('journal.filterValue')}
                  size="xs"
                  style={{ flex: 1 }}
                  value={String(f.value ?? '')}
                  onChange={(e) => update(i, { value: e.currentTarget.value })}
                />
              )}
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('journal.removeFilter')}
                onClick={() => set(view.filters.filter((_, j) => j !== i))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button size="xs" variant="light" onClick={() => set([...view.filters, { field: 'status', op: 'eq', value: '' }])}>
              {t('journal.addFilter')}
            </Button>
            {view.filters.length > 0 && (
              <Button size="xs" variant="subtle" onClick={() => set([])}>
                {t('journal.clearFilters')}
              </Button>
            )}
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
