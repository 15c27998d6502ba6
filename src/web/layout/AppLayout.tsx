import { Alert, AppShell, Box, Burger, Button, Group, Menu, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, can, type Me } from '../api.js';
import { useRefreshMe } from '../auth/useMe.js';
import { useBackups } from '../shared/useBackups.js';
import { NotificationBell } from '../notifications/NotificationBell.js';
import { LanguageSwitch } from './LanguageSwitch.js';

export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  const refresh = useRefreshMe();
  // administrators learn of a failed backup on every page
  const backups = useBackups(me.role.isAdmin);
  const handleLogout = async () => {
    await api('POST', '/api/auth/logout');
    refresh();
  };
  // every section the role may read; hidden when forbidden (the server refuses anyway)
  const links = [
    { to: '/', label: t('app.clients'), show: true },
    { to: '/my-day', label: t('myDay.nav'), show: ['tasks', 'events', 'promises'].some((s) => can(me, s, 'read')) },
    { to: '/calendar', label: t('calendar.nav'), show: can(me, 'events', 'read') || can(me, 'tasks', 'read') },
    { to: '/sales', label: t('nav.sales'), show: can(me, 'sales', 'read') },
    { to: '/catalog', label: t('nav.catalog'), show: can(me, 'catalog', 'read') },
    { to: '/import', label: t('import.nav'), show: can(me, 'clients', 'import') },
    { to: '/reports', label: t('nav.reports'), show: can(me, 'reports', 'read') && can(me, 'sales', 'read') },
    { to: '/audit', label: t('audit.nav'), show: can(me, 'audit', 'read') },
    { to: '/settings', label: t('app.settings'), show: can(me, 'users', 'create') || can(me, 'customFields', 'edit') },
  ].filter((l) => l.show);
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }}>
              <Title order={4}>{t('app.name')}</Title>
            </Link>
            <Group gap="md" visibleFrom="md" component="nav" aria-label={t('nav.menu')} wrap="nowrap">
              {links.map((l) => (
                <Text key={l.to} component={Link} to={l.to}>
                  {l.label}
                </Text>
              ))}
            </Group>
            <Box hiddenFrom="md">
              <Menu position="bottom-start">
                <Menu.Target>
                  <Burger size="sm" aria-label={t('nav.menu')} />
                </Menu.Target>
                <Menu.Dropdown>
                  {links.map((l) => (
                    <Menu.Item key={l.to} component={Link} to={l.to}>
                      {l.label}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            </Box>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <NotificationBell />
            <LanguageSwitch />
            <Text size="sm" visibleFrom="sm" component={Link} to="/account" data-testid="current-user">
              {me.user.name}
            </Text>
            <Button variant="subtle" size="xs" onClick={handleLogout}>
              {t('app.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        {backups.data?.lastFailed && (
          <Alert color="red" mb="md" role="alert" data-testid="backup-failed-banner">
            <Text component={Link} to="/settings?tab=backups" size="sm">
              {t('backups.failedBanner')}
            </Text>
          </Alert>
        )}
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
