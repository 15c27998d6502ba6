import { Alert, Button, Group, PasswordInput, Select, Switch, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, can, type Me, type TUserOut } from '../api.js';
import { useUsers } from '../clients/useClients.js';
import { useDepartments, useRoles, useSave } from './useSettings.js';

export function UsersTab({ me }: { me: Me }) {
  const { t } = useTranslation();
  const users = useUsers();
  const roles = useRoles();
  const depts = useDepartments();
  const empty = { login: '', name: '', password: '', roleId: '', departmentId: '' };
  const [form, setForm] = useState(empty);
  const create = useSave([['users']], () =>
    api('POST', '/api/users', { login: form.login, name: form.name, password: form.password, roleId: Number(form.roleId), departmentId: form.departmentId ? Number(form.departmentId) : null }).then(() => setForm(empty)),
  );
  const update = useSave([['users']], (v: { u: TUserOut; patch: Record<string, unknown> }) => api('PATCH', `/api/users/${v.u.id}`, { version: v.u.version, ...v.patch }));
  const roleData = (roles.data?.items ?? []).map((r) => ({ value: String(r.id), label: r.name }));
  const deptData = (depts.data?.items ?? []).map((d) => ({ value: String(d.id), label: d.name }));
  const editable = can(me, 'users', 'edit');
  const set = (k: keyof typeof form) => (v: string | null) => setForm({ ...form, [k]: v ?? '' });

  return (
    <>
      {(update.error || create.error) && <Alert color="red" role="alert" mb="sm">{update.error ?? create.error}</Alert>}
      <Table.ScrollContainer minWidth={640}>
        <Table striped>
          <Table.Thead><Table.Tr><Table.Th>{t('settings.name')}</Table.Th><Table.Th>{t('settings.login')}</Table.Th><Table.Th>{t('settings.role')}</Table.Th><Table.Th>{t('settings.department')}</Table.Th><Table.Th>{t('settings.active')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {users.data?.items.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>{u.name}</Table.Td>
                <Table.Td>{u.login}</Table.Td>
                <Table.Td><Select aria-label={`${t('settings.role')}: ${u.login}`} size="xs" data={roleData} value={String(u.roleId)} disabled={!editable || u.id === me.user.id} onChange={(v) => v && update.mutate({ u, patch: { roleId: Number(v) } })} /></Table.Td>
                <Table.Td><Select aria-label={`${t('settings.department')}: ${u.login}`} size="xs" data={deptData} value={u.departmentId ? String(u.departmentId) : null} clearable disabled={!editable} onChange={(v) => update.mutate({ u, patch: { departmentId: v ? Number(v) : null } })} /></Table.Td>
                <Table.Td><Switch aria-label={`${t('settings.active')}: ${u.login}`} checked={u.active} disabled={!editable || u.id === me.user.id} onChange={(e) => update.mutate({ u, patch: { active: e.currentTarget.checked } })} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {can(me, 'users', 'create') && (
        <Group component="form" align="flex-end" mt="md" onSubmit={(e) => (e.preventDefault(), create.mutate(undefined))}>
          <TextInput label={t('settings.name')} required value={form.name} error={create.errors.name} onChange={(e) => set('name')(e.currentTarget.value)} />
          <TextInput label={t('settings.login')} required value={form.login} error={create.errors.login} onChange={(e) => set('login')(e.currentTarget.value)} />
          <PasswordInput w={200} label={t('settings.password')} required value={form.password} error={create.errors.password} onChange={(e) => set('password')(e.currentTarget.value)} />
          <Select label={t('settings.role')} required data={roleData} value={form.roleId || null} error={create.errors.roleId} onChange={set('roleId')} />
          <Select label={t('settings.department')} data={deptData} value={form.departmentId || null} clearable onChange={set('departmentId')} />
          <Button type="submit" loading={create.isPending}>{t('settings.addUser')}</Button>
        </Group>
      )}
    </>
  );
}
