import { Alert, Button, PasswordInput, Stack, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.js';
import { LanguageSwitch } from '../layout/LanguageSwitch.js';
import { useRefreshMe } from './useMe.js';

export function AccountPage() {
  const { t } = useTranslation();
  const refresh = useRefreshMe();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNext] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError(null);
    try {
      await api('POST', '/api/auth/password', { currentPassword, newPassword });
      refresh(); // every session ends with a new password: back to the login form
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') setErrors(err.fields);
      else setError(err instanceof ApiError && err.code === 'LOGIN_FAILED' ? t('login.failed') : t('errors.generic'));
    }
  };
  return (
    <Stack component="form" onSubmit={handleSubmit} maw={420}>
      <Title order={2}>{t('account.title')}</Title>
      <LanguageSwitch />
      <Title order={4}>{t('account.changePassword')}</Title>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      <PasswordInput label={t('account.current')} value={currentPassword} onChange={(e) => setCurrent(e.currentTarget.value)} required autoComplete="current-password" />
      <PasswordInput label={t('account.next')} value={newPassword} error={errors.newPassword ?? errors.password} onChange={(e) => setNext(e.currentTarget.value)} required autoComplete="new-password" />
      <Button type="submit">{t('account.changePassword')}</Button>
    </Stack>
  );
}
