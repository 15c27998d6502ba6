import { AppShell, Button, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, can, type Me } from '../api.js';
import { useRefreshMe } from '../auth/useMe.js';
import { LanguageSwitch } from './LanguageSwitch.js';

export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  const refresh = useRefreshMe();
  const handleLogout = async () => {
    await api('POST', '/api/auth/logout');
    refresh();
  };
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }}><Title order={4}>{t('app.name')}</Title></Link>
            <Text component={Link} to="/" visibleFrom="xs">{t('app.clients')}</Text>
            {can(me, 'clients', 'import') && <Text component={Link} to="/import" visibleFrom="xs">{t('import.nav')}</Text>}
            {(can(me, 'users', 'create') || can(me, 'customFields', 'edit')) && <Text component={Link} to="/settings">{t('app.settings')}</Text>}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <Text size="sm" visibleFrom="sm" component={Link} to="/account" data-testid="current-user">{me.user.name}</Text>
            <Button variant="subtle" size="xs" onClick={handleLogout}>{t('app.logout')}</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
