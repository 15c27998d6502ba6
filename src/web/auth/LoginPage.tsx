import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.js';
import { LanguageSwitch } from '../layout/LanguageSwitch.js';
import { useRefreshMe } from './useMe.js';

export function LoginPage() {
  const { t } = useTranslation();
  const refresh = useRefreshMe();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/auth/login', { login, password });
      refresh();
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'LOGIN_FAILED' ? t('login.failed') : err instanceof Error ? err.message : t('errors.generic'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Paper component="form" onSubmit={handleSubmit} withBorder p="xl" w={380} maw="100%">
        <Stack>
          <Title order={2}>{t('login.title')}</Title>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('login.login')}
            value={login}
            onChange={(e) => setLogin(e.currentTarget.value)}
            autoFocus
            required
            autoComplete="username"
          />
          <PasswordInput
            label={t('login.password')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
            autoComplete="current-password"
          />
          <Button type="submit" loading={busy}>
            {t('login.submit')}
          </Button>
          <LanguageSwitch />
        </Stack>
      </Paper>
    </Center>
  );
}
