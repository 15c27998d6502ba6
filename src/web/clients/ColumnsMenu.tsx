import { ActionIcon, Button, Checkbox, Group, Popover, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { moveColumn, toggleColumn, type Column, type ViewState } from './columns.js';

export function ColumnsMenu({ view, catalog, onChange }: { view: ViewState; catalog: Column[]; onChange: (v: ViewState) => void }) {
  const { t } = useTranslation();
  const shown = new Set(view.columns.map((c) => c.field));
  const ordered = [
    ...view.columns.map((c) => catalog.find((x) => x.field === c.field)).filter((c): c is Column => !!c),
    ...catalog.filter((c) => !shown.has(c.field)),
  ];
  return (
    <Popover position="bottom-end" shadow="md">
      <Popover.Target>
        <Button variant="default">{t('journal.columns')}</Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={4} mah={420} style={{ overflowY: 'auto' }}>
          {ordered.map((c) => (
            <Group key={c.field} justify="space-between" wrap="nowrap" gap="xs">
              <Checkbox
                label={c.label}
                checked={shown.has(c.field)}
                disabled={c.field === 'name'}
                onChange={() => onChange(toggleColumn(view, c.field))}
              />
              {shown.has(c.field) && (
                <Group gap={0} wrap="nowrap">
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    aria-label={`${t('settings.up')}: ${c.label}`}
                    onClick={() => onChange(moveColumn(view, c.field, -1))}
                  >
                    ↑
                  </ActionIcon>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    aria-label={`${t('settings.down')}: ${c.label}`}
                    onClick={() => onChange(moveColumn(view, c.field, 1))}
                  >
                    ↓
                  </ActionIcon>
                </Group>
              )}
            </Group>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
