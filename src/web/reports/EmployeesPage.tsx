import { Alert, Button, Group, Stack, Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, can, type EmployeeRow, type Me } from '../api.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { formatMoney } from '../money.js';
import { BarChart } from './BarChart.js';
import { localToday, PeriodPicker } from './PeriodPicker.js';
import { bars, presetPeriod, type Period } from './rating.js';

/** Per employee who made the sales: clients served, orders, revenue. */
export function EmployeesPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const [p, setP] = useState<Period>(() => presetPeriod('year', localToday()));
  const q = new URLSearchParams({ from: p.from, to: p.to });
  const report = useQuery({
    queryKey: ['employees-report', q.toString()],
    queryFn: () => api<{ items: EmployeeRow[] }>('GET', `/api/reports/employees?${q}`),
  });
  const rows = report.data?.items ?? [];
  return (
    <Stack>
      <Stack className="no-print" gap="sm">
        <PeriodPicker value={p} onChange={setP} />
        <Group gap="xs">
          <Button variant="default" onClick={() => window.print()}>
            {t('common.print')}
          </Button>
          {can(me, 'reports', 'export') && (
            <>
              <Button component="a" variant="light" href={`/api/reports/employees?${q}&format=xlsx`} download>
                {t('reports.exportXlsx')}
              </Button>
              <Button component="a" variant="light" href={`/api/reports/employees?${q}&format=csv`} download>
                {t('reports.exportCsv')}
              </Button>
            </>
          )}
        </Group>
      </Stack>
      <ApiErrorAlert error={report.error} />
      {report.data && rows.length === 0 && <Alert color="gray">{t('reports.noEmployees')}</Alert>}
      {rows.length > 0 && (
        <>
          <div className="report-scroll" style={{ overflowX: 'auto' }}>
            <Table className="report-table" striped withTableBorder aria-label={t('reports.employees')} miw={480}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('reports.employee')}</Table.Th>
                  <Table.Th ta="right">{t('reports.clients')}</Table.Th>
                  <Table.Th ta="right">{t('reports.orders')}</Table.Th>
                  <Table.Th ta="right">{t('reports.revenue')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.employeeId}>
                    <Table.Td>{r.name}</Table.Td>
                    <Table.Td ta="right">{r.customers}</Table.Td>
                    <Table.Td ta="right">{r.orders}</Table.Td>
                    <Table.Td ta="right">{formatMoney(r.revenue, i18n.language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <div className="report-charts" style={{ maxWidth: 640 }}>
            <BarChart title={t('reports.revenue')} items={bars(rows.map((r) => ({ label: r.name, value: r.revenue })))} />
          </div>
        </>
      )}
    </Stack>
  );
}
