import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../api.js';
import { LanguageSwitch } from '../layout/LanguageSwitch.js';
import { useSave } from '../shared/useSave.js';
import { useRefreshMe } from './useMe.js';

export function SetupPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const refresh = useRefreshMe();
  const [form, setForm] = useState({ name: '', login: '', password: '' });
  const setup = useSave(
    [],
    () => api('POST', '/api/setup', { ...form, token: params.get('token') ?? '', locale: i18n.language === 'ru' ? 'ru' : 'en' }),
    {
      describe: (e) =>
        e instanceof ApiError && e.code === 'VALIDATION_FAILED'
          ? null
          : e instanceof ApiError && e.status === 403
            ? t('setup.badToken')
            : e instanceof Error
              ? e.message
              : t('errors.generic'),
    },
  );

  const handleSubmit = (e: FormEvent) => {
    e.preventDefault();
    setup.mutate(undefined, {
      onSuccess: () => {
        refresh();
        navigate('/', { replace: true });
      },
    });
  };
  const field = (key: keyof typeof form) => ({
    value: form[key],
    error: setup.errors[key],
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value }),
  });

  return (
    <Center mih="100vh" p="md">
      <Paper component="form" onSubmit={handleSubmit} withBorder p="xl" w={420} maw="100%">
        <Stack>
          <Title order={2}>{t('setup.title')}</Title>
          <Text c="dimmed">{t('setup.intro')}</Text>
          {setup.error && (
            <Alert color="red" role="alert">
              {setup.error}
            </Alert>
          )}
          <TextInput label={t('setup.name')} required autoFocus {...field('name')} />
          <TextInput label={t('setup.login')} required autoComplete="username" {...field('login')} />
          <PasswordInput label={t('setup.password')} required autoComplete="new-password" {...field('password')} />
          <Button type="submit" loading={setup.isPending}>
            {t('setup.submit')}
          </Button>
          <LanguageSwitch />
        </Stack>
      </Paper>
    </Center>
  );
}
