import { Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { can, type Me } from '../api.js';
import { BackupsTab } from './BackupsTab.js';
import { CustomFieldsTab } from './CustomFieldsTab.js';
import { DepartmentsTab } from './DepartmentsTab.js';
import { EventTypesTab } from './EventTypesTab.js';
import { RemindersTab } from './RemindersTab.js';
import { RolesTab } from './RolesTab.js';
import { UsersTab } from './UsersTab.js';

export function SettingsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  // ?tab=departments opens a tab directly (the sale form's "no departments" hint links there)
  const [params] = useSearchParams();
  const tab = params.get('tab');
  return (
    <>
      <Title order={2} mb="md">
        {t('app.settings')}
      </Title>
      <Tabs
        defaultValue={tab && ['users', 'departments', 'fields', 'roles', 'eventTypes', 'reminders', 'backups'].includes(tab) ? tab : 'users'}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="users">{t('settings.users')}</Tabs.Tab>
          <Tabs.Tab value="departments">{t('settings.departments')}</Tabs.Tab>
          <Tabs.Tab value="fields">{t('settings.fields')}</Tabs.Tab>
          {can(me, 'roles', 'read') && <Tabs.Tab value="roles">{t('settings.roles')}</Tabs.Tab>}
          {me.role.isAdmin && <Tabs.Tab value="eventTypes">{t('eventTypes.tab')}</Tabs.Tab>}
          {me.role.isAdmin && <Tabs.Tab value="reminders">{t('reminders.tab')}</Tabs.Tab>}
          {me.role.isAdmin && <Tabs.Tab value="backups">{t('backups.tab')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="users" pt="md">
          <UsersTab me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="departments" pt="md">
          <DepartmentsTab me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="fields" pt="md">
          <CustomFieldsTab me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="roles" pt="md">
          <RolesTab me={me} />
        </Tabs.Panel>
        {me.role.isAdmin && (
          <Tabs.Panel value="eventTypes" pt="md">
            <EventTypesTab />
          </Tabs.Panel>
        )}
        {me.role.isAdmin && (
          <Tabs.Panel value="reminders" pt="md">
            <RemindersTab />
          </Tabs.Panel>
        )}
        {me.role.isAdmin && (
          <Tabs.Panel value="backups" pt="md">
            <BackupsTab />
          </Tabs.Panel>
        )}
      </Tabs>
    </>
  );
}
