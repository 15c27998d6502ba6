import { ActionIcon, Alert, Button, Group, Select, Switch, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, can, type CustomField, type Me } from '../api.js';
import { useCustomFields } from '../shared/queries.js';
import { useSave } from '../shared/useSave.js';

const types = ['text', 'number', 'money', 'date', 'boolean', 'choice', 'multichoice', 'link'];
/** A stable key from the label: latin letters kept, anything else gives a generated key. */
const keyFrom = (label: string) => {
  const k = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^(\d)/, 'f_$1')
    .slice(0, 40);
  return /^[a-z]/.test(k) ? k : `field_${Date.now().toString(36)}`;
};

export function CustomFieldsTab({ me }: { me: Me }) {
  const { t } = useTranslation();
  const fields = useCustomFields();
  const [form, setForm] = useState({ label: '', type: 'text', options: '' });
  const add = useSave([['custom-fields']], () =>
    api('POST', '/api/custom-fields', {
      key: keyFrom(form.label),
      label: form.label,
      type: form.type,
      position: (fields.data?.items.length ?? 0) + 1,
      ...(form.type.includes('choice')
        ? {
            options: form.options
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          }
        : {}),
    }).then(() => setForm({ label: '', type: 'text', options: '' })),
  );
  const update = useSave([['custom-fields']], (v: { f: CustomField; patch: Record<string, unknown> }) =>
    api('PATCH', `/api/custom-fields/${v.f.id}`, { version: v.f.version, ...v.patch }),
  );
  const list = fields.data?.items ?? [];
  const editable = can(me, 'customFields', 'edit');
  const move = (i: number, by: number) => {
    const a = list[i]!,
      b = list[i + by]!;
    update.mutate({ f: a, patch: { position: b.position === a.position ? a.position + by : b.position } });
    if (b.position !== a.position) update.mutate({ f: b, patch: { position: a.position } });
  };

  return (
    <>
      {(update.error || add.error) && (
        <Alert color="red" role="alert" mb="sm">
          {update.error ?? add.error}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={560}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.label')}</Table.Th>
              <Table.Th>{t('settings.type')}</Table.Th>
              <Table.Th>{t('settings.hidden')}</Table.Th>
              <Table.Th>{t('settings.order')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((f, i) => (
              <Table.Tr key={f.id}>
                <Table.Td>
                  <TextInput
                    aria-label={t('settings.label')}
                    size="xs"
                    defaultValue={f.label}
                    disabled={!editable}
                    key={`${f.id}-${f.version}`}
                    onBlur={(e) => e.currentTarget.value !== f.label && update.mutate({ f, patch: { label: e.currentTarget.value } })}
                  />
                </Table.Td>
                <Table.Td>
                  {t(`settings.types.${f.type}`)}
                  {f.options.length > 0 && `: ${f.options.join(', ')}`}
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`${t('settings.hidden')}: ${f.label}`}
                    checked={f.hidden}
                    disabled={!editable}
                    onChange={(e) => update.mutate({ f, patch: { hidden: e.currentTarget.checked } })}
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <ActionIcon
                      variant="subtle"
                      aria-label={`${t('settings.up')}: ${f.label}`}
                      disabled={!editable || i === 0}
                      onClick={() => move(i, -1)}
                    >
                      ↑
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      aria-label={`${t('settings.down')}: ${f.label}`}
                      disabled={!editable || i === list.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {can(me, 'customFields', 'create') && (
        <Group component="form" align="flex-end" mt="md" onSubmit={(e) => (e.preventDefault(), add.mutate(undefined))}>
          <TextInput
            label={t('settings.label')}
            required
            value={form.label}
            error={add.errors.label}
            onChange={(e) => setForm({ ...form, label: e.currentTarget.value })}
          />
          <Select
            label={t('settings.type')}
            data={types.map((v) => ({ value: v, label: t(`settings.types.${v}`) }))}
            value={form.type}
            onChange={(v) => setForm({ ...form, type: v ?? 'text' })}
          />
          {form.type.includes('choice') && (
            <TextInput
              label={t('settings.options')}
              placeholder="a, b, c"
              value={form.options}
              error={add.errors.options}
              onChange={(e) => setForm({ ...form, options: e.currentTarget.value })}
            />
          )}
          <Button type="submit">{t('settings.addField')}</Button>
        </Group>
      )}
    </>
  );
}
