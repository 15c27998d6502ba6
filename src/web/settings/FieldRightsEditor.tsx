import { Button, Collapse, Group, SegmentedControl, SimpleGrid, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '../api.js';

export type FieldOption = { field: string; label: string; hideable: boolean };
type Right = 'visible' | 'readonly' | 'hidden';

/** The client card's fields, built-in then custom, with what a role may do with each (from GET /api/roles). */
export function fieldOptions(t: (k: string) => string, builtin: { field: string; hideable: boolean }[], custom: CustomField[]): FieldOption[] {
  return [
    ...builtin.map((f) => ({ ...f, label: t(`client.${f.field === 'managerId' ? 'manager' : f.field}`) })),
    ...custom.map((f) => ({ field: `custom.${f.key}`, label: f.label, hideable: true })),
  ];
}

/** A role's field rights with one field changed; "visible" is the absence of a right. */
export function withFieldRight(rights: Record<string, string>, field: string, right: Right): Record<string, string> {
  const next = { ...rights };
  if (right === 'visible') delete next[field];
  else next[field] = right;
  return next;
}

export function FieldRightsEditor(props: {
  roleName: string;
  rights: Record<string, string>;
  options: FieldOption[];
  locked: boolean;
  onChange: (rights: Record<string, string>) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const restricted = Object.keys(props.rights).length;
  return (
    <>
      <Button
        variant="subtle"
        size="xs"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        aria-label={`${t('settings.fieldRights')}: ${props.roleName}`}
      >
        {t('settings.fieldRights')}
        {restricted > 0 ? ` (${restricted})` : ''} {open ? '▴' : '▾'}
      </Button>
      <Collapse in={open}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs" mt="xs">
          {props.options.map((o) => (
            <Group key={o.field} justify="space-between" wrap="nowrap" gap="xs">
              <Text size="sm" truncate>
                {o.label}
              </Text>
              <SegmentedControl
                size="xs"
                aria-label={`${props.roleName}: ${o.label}`}
                disabled={props.locked}
                value={(props.rights[o.field] as Right | undefined) ?? 'visible'}
                data={(['visible', 'readonly', 'hidden'] as const)
                  .filter((r) => r !== 'hidden' || o.hideable)
                  .map((r) => ({ value: r, label: t(`settings.rights.${r}`) }))}
                onChange={(v) => props.onChange(withFieldRight(props.rights, o.field, v as Right))}
              />
            </Group>
          ))}
        </SimpleGrid>
      </Collapse>
    </>
  );
}
