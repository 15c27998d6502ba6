import { Alert, Button, Center, Loader, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { api, ApiError } from '../api.js';
import { LanguageSwitch } from '../layout/LanguageSwitch.js';
import { useSave } from '../shared/useSave.js';
import { useRefreshMe } from './useMe.js';

/** /invite#<token>: the invitee sets their password. The token sits in the fragment, which the browser never sends to a server. */
export function InvitePage() {
  const { t } = useTranslation();
  const token = useLocation().hash.slice(1);
  const navigate = useNavigate();
  const refresh = useRefreshMe();
  const [password, setPassword] = useState('');
  const invite = useQuery({
    queryKey: ['invite', token],
    queryFn: () => api<{ login: string; name: string }>('POST', '/api/invites/check', { token }),
    enabled: token.length > 0,
  });
  const accept = useSave([], () => api('POST', '/api/invites/accept', { token, password }), {
    describe: (e) =>
      e instanceof ApiError && e.code === 'VALIDATION_FAILED'
        ? null
        : e instanceof ApiError && e.code === 'INVITE_NOT_VALID'
          ? t('invite.notValid')
          : t('errors.generic'),
  });
  const handleSubmit = (e: FormEvent) => {
    e.preventDefault();
    accept.mutate(undefined, {
      onSuccess: () => {
        refresh();
        navigate('/', { replace: true });
      },
    });
  };
  const broken = !token || invite.isError;

  return (
    <Center mih="100vh" p="md">
      <Paper component="form" onSubmit={handleSubmit} withBorder p="xl" w={420} maw="100%">
        <Stack>
          <Title order={2}>{t('invite.title')}</Title>
          {invite.isLoading && <Loader size="sm" />}
          {broken && (
            <Alert color="red" role="alert">
              {t('invite.notValid')}
            </Alert>
          )}
          {invite.data && (
            <>
              <Text>{t('invite.intro', { name: invite.data.name, login: invite.data.login })}</Text>
              {accept.error && (
                <Alert color="red" role="alert">
                  {accept.error}
                </Alert>
              )}
              <PasswordInput
                label={t('invite.password')}
                required
                autoFocus
                autoComplete="new-password"
                value={password}
                error={accept.errors.password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              <Button type="submit" loading={accept.isPending}>
                {t('invite.submit')}
              </Button>
            </>
          )}
          <LanguageSwitch />
        </Stack>
      </Paper>
    </Center>
  );
}
