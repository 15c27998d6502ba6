import { Alert, Checkbox, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, can, type Me } from '../api.js';
import { parsePercent } from '../money.js';
import { useCustomFields } from '../shared/queries.js';
import { useSave } from '../shared/useSave.js';
import { FieldRightsEditor, fieldOptions, type FieldOption } from './FieldRightsEditor.js';
import { useRoles, type Role } from './useSettings.js';
import { roleName } from '../format.js';

const sections = [
  'clients',
  'users',
  'roles',
  'departments',
  'customFields',
  'audit',
  'catalog',
  'sales',
  'reports',
  'loyalty',
  'events',
  'tasks',
  'promises',
  'contracts',
  'notes',
];
const actions = ['read', 'create', 'edit', 'delete', 'export', 'import'];

/** The sales.discount right (a discount by hand on a line at the counter) and the role's maximum, in percent (empty: none). */
function ManualDiscountRow({ role, locked, onSave }: { role: Role; locked: boolean; onSave: (patch: Record<string, unknown>) => void }) {
  const { t } = useTranslation();
  const [max, setMax] = useState(role.maxDiscount ?? '');
  useEffect(() => setMax(role.maxDiscount ?? ''), [role.maxDiscount]);
  const allowed = role.isAdmin || role.rights.sales?.discount === true;
  const parsed = max.trim() === '' ? null : parsePercent(max);
  const handleBlur = () => {
    if (parsed === undefined || (max.trim() !== '' && parsed === null)) return;
    if ((parsed ?? null) !== (role.maxDiscount ?? null)) onSave({ maxDiscount: parsed });
  };
  return (
    <Table.Tr>
      <Table.Td colSpan={6} pl="xl">
        <Group gap="md">
          <Checkbox
            label={t('settings.manualDiscounts')}
            aria-label={`${roleName(role)}: ${t('settings.manualDiscounts')}`}
            checked={allowed}
            disabled={locked}
            onChange={(e) => onSave({ rights: { ...role.rights, sales: { ...role.rights.sales, discount: e.currentTarget.checked } } })}
          />
          {!role.isAdmin && allowed && (
            <TextInput
              size="xs"
              w={200}
              label={t('settings.maxDiscount')}
              aria-label={`${roleName(role)}: ${t('settings.maxDiscount')}`}
              placeholder={t('settings.noMax')}
              value={max}
              disabled={locked}
              inputMode="decimal"
              error={max.trim() !== '' && parsed === null ? t('sales.badManual') : undefined}
              onChange={(e) => setMax(e.currentTarget.value)}
              onBlur={handleBlur}
            />
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function RoleRights({ role, editable, fields }: { role: Role; editable: boolean; fields: FieldOption[] }) {
  const { t } = useTranslation();
  const save = useSave([['roles']], (patch: Record<string, unknown>) => api('PATCH', `/api/roles/${role.id}`, { version: role.version, ...patch }));
  const locked = !editable || role.isAdmin;
  const toggle = (s: string, a: string, on: boolean) => save.mutate({ rights: { ...role.rights, [s]: { ...role.rights[s], [a]: on } } });
  return (
    <>
      <Table.Tr>
        <Table.Td colSpan={2}>
          <Text fw={600}>{roleName(role)}</Text>
        </Table.Td>
        <Table.Td colSpan={3}>
          <Select
            aria-label={`${t('settings.scope')}: ${roleName(role)}`}
            size="xs"
            value={role.scope}
            disabled={locked}
            data={['own', 'department', 'all'].map((v) => ({ value: v, label: t(`settings.scopes.${v}`) }))}
            onChange={(v) => v && save.mutate({ scope: v })}
          />
        </Table.Td>
      </Table.Tr>
      {save.error && (
        <Table.Tr>
          <Table.Td colSpan={6}>
            <Alert color="red" role="alert">
              {save.error}
            </Alert>
          </Table.Td>
        </Table.Tr>
      )}
      {sections.map((s) => [
        <Table.Tr key={s}>
          <Table.Td pl="lg">{t(`settings.sections.${s}`)}</Table.Td>
          {actions.map((a) => (
            <Table.Td key={a}>
              <Checkbox
                aria-label={`${roleName(role)}: ${t(`settings.sections.${s}`)}, ${t(`settings.actions.${a}`)}`}
                checked={role.isAdmin || role.rights[s]?.[a] === true}
                disabled={locked}
                onChange={(e) => toggle(s, a, e.currentTarget.checked)}
              />
            </Table.Td>
          ))}
        </Table.Tr>,
        s === 'sales' && <ManualDiscountRow key="sales-discount" role={role} locked={locked} onSave={(patch) => save.mutate(patch)} />,
      ])}
      {!role.isAdmin && (
        <Table.Tr>
          <Table.Td colSpan={6} pl="lg">
            <FieldRightsEditor
              roleName={roleName(role)}
              rights={role.fieldRights}
              options={fields}
              locked={locked}
              onChange={(fieldRights) => save.mutate({ fieldRights })}
            />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

export function RolesTab({ me }: { me: Me }) {
  const { t } = useTranslation();
  const roles = useRoles();
  const custom = useCustomFields();
  const fields = fieldOptions(t, roles.data?.clientFields ?? [], custom.data?.items ?? []);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th />{' '}
            {actions.map((a) => (
              <Table.Th key={a}>{t(`settings.actions.${a}`)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {roles.data?.items.map((r) => (
            <RoleRights key={r.id} role={r} fields={fields} editable={can(me, 'roles', 'edit') && r.id !== me.user.roleId} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
