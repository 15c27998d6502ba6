import { Alert, Button, PasswordInput, Stack, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, can, type Me } from '../api.js';
import { FeedPanel } from '../calendar/FeedPanel.js';
import { LanguageSwitch } from '../layout/LanguageSwitch.js';
import { useSave } from '../shared/useSave.js';
import { TimezoneChoice } from './TimezoneChoice.js';
import { useRefreshMe } from './useMe.js';

export function AccountPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const refresh = useRefreshMe();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNext] = useState('');
  const change = useSave([], () => api('POST', '/api/auth/password', { currentPassword, newPassword }), {
    describe: (e) =>
      e instanceof ApiError && e.code === 'VALIDATION_FAILED'
        ? null
        : e instanceof ApiError && e.code === 'LOGIN_FAILED'
          ? t('login.failed')
          : t('errors.generic'),
  });

  const handleSubmit = (e: FormEvent) => {
    e.preventDefault();
    // Every session ends with a new password: back to the login form.
    change.mutate(undefined, { onSuccess: refresh });
  };
  return (
    <Stack gap="xl">
      <Stack component="form" onSubmit={handleSubmit} maw={420}>
        <Title order={2}>{t('account.title')}</Title>
        <LanguageSwitch />
        <Title order={4}>{t('account.changePassword')}</Title>
        {change.error && (
          <Alert color="red" role="alert">
            {change.error}
          </Alert>
        )}
        <PasswordInput
          label={t('account.current')}
          value={currentPassword}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          required
          autoComplete="current-password"
        />
        <PasswordInput
          label={t('account.next')}
          value={newPassword}
          error={change.errors.newPassword ?? change.errors.password}
          onChange={(e) => setNext(e.currentTarget.value)}
          required
          autoComplete="new-password"
        />
        <Button type="submit" loading={change.isPending}>
          {t('account.changePassword')}
        </Button>
      </Stack>
      <Stack maw={420}>
        <TimezoneChoice me={me} />
      </Stack>
      <Stack maw={760}>{(can(me, 'events', 'read') || can(me, 'tasks', 'read')) && <FeedPanel />}</Stack>
    </Stack>
  );
}
