import { Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { can, type Me } from '../api.js';
import { Forbidden } from '../layout/ApiErrorAlert.js';
import { EmployeesPage } from './EmployeesPage.js';
import './print.css';
import { RatingPage } from './RatingPage.js';

export default function ReportsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  if (!can(me, 'reports', 'read') || !can(me, 'sales', 'read')) return <Forbidden />;
  return (
    <>
      <Title order={2} mb="md" className="no-print">
        {t('reports.title')}
      </Title>
      <Tabs defaultValue="rating" keepMounted={false}>
        <Tabs.List className="no-print">
          <Tabs.Tab value="rating">{t('reports.rating')}</Tabs.Tab>
          <Tabs.Tab value="employees">{t('reports.employees')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rating" pt="md">
          <RatingPage me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="employees" pt="md">
          <EmployeesPage me={me} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
