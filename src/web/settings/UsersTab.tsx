import { Alert, Button, Group, PasswordInput, Select, Switch, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, can, type Me, type TUserOut } from '../api.js';
import { useDepartments, useUsers } from '../shared/queries.js';
import { useSave } from '../shared/useSave.js';
import { NewInviteLink, PendingInvites, type Invite } from './InvitesList.js';
import { useRoles } from './useSettings.js';
import { roleName } from '../format.js';

export function UsersTab({ me }: { me: Me }) {
  const { t } = useTranslation();
  const users = useUsers();
  const roles = useRoles();
  const depts = useDepartments();
  const empty = { login: '', name: '', password: '', roleId: '', departmentId: '' };
  const [form, setForm] = useState(empty);
  const [invited, setInvited] = useState<(Invite & { token: string }) | null>(null);
  const account = () => ({
    login: form.login,
    name: form.name,
    roleId: Number(form.roleId),
    departmentId: form.departmentId ? Number(form.departmentId) : null,
  });
  const create = useSave([['users']], () =>
    api('POST', '/api/users', { ...account(), password: form.password }).then(() => (setForm(empty), setInvited(null))),
  );
  // An invitation: the same account without a password; the invitee sets it through the link.
  const invite = useSave([['invites']], () =>
    api<Invite & { token: string }>('POST', '/api/invites', account()).then((r) => (setForm(empty), setInvited(r))),
  );
  const update = useSave([['users']], (v: { u: TUserOut; patch: Record<string, unknown> }) =>
    api('PATCH', `/api/users/${v.u.id}`, { version: v.u.version, ...v.patch }),
  );
  const roleData = (roles.data?.items ?? []).map((r) => ({ value: String(r.id), label: roleName(r) }));
  const deptData = (depts.data?.items ?? []).map((d) => ({ value: String(d.id), label: d.name }));
  // Below administrator, a user manager manages only their own department's users (the server enforces it).
  const manages = (u: TUserOut) =>
    can(me, 'users', 'edit') && (me.role.isAdmin || (me.user.departmentId !== null && u.departmentId === me.user.departmentId));
  const ownDeptData = me.role.isAdmin ? deptData : deptData.filter((d) => Number(d.value) === me.user.departmentId);
  const set = (k: keyof typeof form) => (v: string | null) => setForm({ ...form, [k]: v ?? '' });
  const fieldError = (k: string) => create.errors[k] ?? invite.errors[k];

  return (
    <>
      {(update.error || create.error || invite.error) && (
        <Alert color="red" role="alert" mb="sm">
          {update.error ?? create.error ?? invite.error}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={640}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.name')}</Table.Th>
              <Table.Th>{t('settings.login')}</Table.Th>
              <Table.Th>{t('settings.role')}</Table.Th>
              <Table.Th>{t('settings.department')}</Table.Th>
              <Table.Th>{t('settings.active')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data?.items.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>{u.name}</Table.Td>
                <Table.Td>{u.login}</Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`${t('settings.role')}: ${u.login}`}
                    size="xs"
                    data={roleData}
                    value={String(u.roleId)}
                    disabled={!manages(u) || u.id === me.user.id}
                    onChange={(v) => v && update.mutate({ u, patch: { roleId: Number(v) } })}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`${t('settings.department')}: ${u.login}`}
                    size="xs"
                    data={deptData}
                    value={u.departmentId ? String(u.departmentId) : null}
                    clearable
                    disabled={!manages(u) || !me.role.isAdmin}
                    onChange={(v) => update.mutate({ u, patch: { departmentId: v ? Number(v) : null } })}
                  />
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`${t('settings.active')}: ${u.login}`}
                    checked={u.active}
                    disabled={!manages(u) || u.id === me.user.id}
                    onChange={(e) => update.mutate({ u, patch: { active: e.currentTarget.checked } })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {can(me, 'users', 'create') && (
        <>
          <Group component="form" align="flex-end" mt="md" onSubmit={(e) => (e.preventDefault(), create.mutate(undefined))}>
            <TextInput
              label={t('settings.name')}
              required
              value={form.name}
              error={fieldError('name')}
              onChange={(e) => set('name')(e.currentTarget.value)}
            />
            <TextInput
              label={t('settings.login')}
              required
              value={form.login}
              error={fieldError('login')}
              onChange={(e) => set('login')(e.currentTarget.value)}
            />
            <PasswordInput
              w={200}
              label={t('settings.password')}
              description={t('settings.passwordOrInvite')}
              value={form.password}
              error={create.errors.password}
              onChange={(e) => set('password')(e.currentTarget.value)}
            />
            <Select
              label={t('settings.role')}
              required
              data={roleData}
              value={form.roleId || null}
              error={fieldError('roleId')}
              onChange={set('roleId')}
            />
            <Select
              label={t('settings.department')}
              data={ownDeptData}
              value={form.departmentId || null}
              error={fieldError('departmentId')}
              clearable
              onChange={set('departmentId')}
            />
            <Button type="submit" loading={create.isPending}>
              {t('settings.addUser')}
            </Button>
            <Button variant="light" loading={invite.isPending} onClick={() => invite.mutate(undefined)}>
              {t('settings.invite')}
            </Button>
          </Group>
          {invited && <NewInviteLink invite={invited} />}
        </>
      )}
      <PendingInvites me={me} />
    </>
  );
}
