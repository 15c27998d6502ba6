import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../api.js';
import { LanguageSwitch } from '../layout/LanguageSwitch.js';
import { useRefreshMe } from './useMe.js';

export function SetupPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const refresh = useRefreshMe();
  const [form, setForm] = useState({ name: '', login: '', password: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError(null);
    try {
      await api('POST', '/api/setup', { ...form, token: params.get('token') ?? '', locale: i18n.language === 'ru' ? 'ru' : 'en' });
      refresh();
      navigate('/', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') setErrors(err.fields);
      else if (err instanceof ApiError && err.status === 403) setError(t('setup.badToken'));
      else setError(err instanceof Error ? err.message : t('errors.generic'));
    }
  };
  const field = (key: keyof typeof form) => ({
    value: form[key], error: errors[key],
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value }),
  });

  return (
    <Center mih="100vh" p="md">
      <Paper component="form" onSubmit={handleSubmit} withBorder p="xl" w={420} maw="100%">
        <Stack>
          <Title order={2}>{t('setup.title')}</Title>
          <Text c="dimmed">{t('setup.intro')}</Text>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <TextInput label={t('setup.name')} required autoFocus {...field('name')} />
          <TextInput label={t('setup.login')} required autoComplete="username" {...field('login')} />
          <PasswordInput label={t('setup.password')} required autoComplete="new-password" {...field('password')} />
          <Button type="submit">{t('setup.submit')}</Button>
          <LanguageSwitch />
        </Stack>
      </Paper>
    </Center>
  );
}
