import { Alert, Button, CopyButton, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, can, type Me } from '../api.js';
import { useSave } from '../shared/useSave.js';
import { formatDateTime } from '../format.js';

export type Invite = { id: number; login: string; name: string; roleId: number; departmentId: number | null; expiresAt: string; token?: string };

/** The link for a new invitation, built from this page's own address (never from the server's Host header). */
export const inviteLink = (token: string) => `${window.location.origin}/invite#${token}`;

export function NewInviteLink({ invite }: { invite: Invite & { token: string } }) {
  const { t } = useTranslation();
  const link = inviteLink(invite.token);
  return (
    <Alert color="green" role="status" mt="md">
      <Stack gap="xs">
        <Text size="sm">{t('settings.inviteHint', { name: invite.name })}</Text>
        <Group wrap="nowrap" align="flex-end">
          <TextInput label={t('settings.inviteLink')} value={link} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
          <CopyButton value={link}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy}>
                {copied ? t('settings.copied') : t('settings.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}

export function PendingInvites({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const invites = useQuery({ queryKey: ['invites'], queryFn: () => api<{ items: Invite[] }>('GET', '/api/invites') });
  const revoke = useSave([['invites']], (id: number) => api('DELETE', `/api/invites/${id}`));
  const items = invites.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Stack gap="xs" mt="lg">
      <Title order={5}>{t('settings.pendingInvites')}</Title>
      {revoke.error && (
        <Alert color="red" role="alert">
          {revoke.error}
        </Alert>
      )}
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings.name')}</Table.Th>
            <Table.Th>{t('settings.login')}</Table.Th>
            <Table.Th>{t('settings.expires')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>{i.name}</Table.Td>
              <Table.Td>{i.login}</Table.Td>
              <Table.Td>{formatDateTime(i.expiresAt)}</Table.Td>
              <Table.Td>
                {can(me, 'users', 'create') && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={`${t('settings.revoke')}: ${i.login}`}
                    onClick={() => revoke.mutate(i.id)}
                  >
                    {t('settings.revoke')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
