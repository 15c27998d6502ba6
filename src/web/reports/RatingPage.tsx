import { Alert, Button, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useDebouncedValue, useLocalStorage } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, can, type Me, type RatingReport } from '../api.js';
import { apiFilters, columnCatalog, defaultView, type FilterRow } from '../clients/columns.js';
import { FiltersMenu } from '../clients/FiltersMenu.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { useCustomFields, useDepartments, useUsers } from '../shared/queries.js';
import { BarChart } from './BarChart.js';
import { localToday, PeriodPicker } from './PeriodPicker.js';
import { bars, presetPeriod, ratingQuery, type Period } from './rating.js';
import { RatingTable } from './RatingTable.js';
import { formatDate, formatDateTime } from '../format.js';

type State = Period & { top: number; departmentIds: string[]; managerId: string | null; filters: FilterRow[] };

export function RatingPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const [s, setS] = useLocalStorage<State>({
    key: `clientela.rating.${me.user.id}`,
    getInitialValueInEffect: false,
    defaultValue: { ...presetPeriod('year', localToday()), top: 50, departmentIds: [], managerId: null, filters: [] },
  });
  const depts = useDepartments();
  const users = useUsers();
  const fields = useCustomFields();
  const catalog = useMemo(() => columnCatalog(t, fields.data?.items ?? [], me.role.fieldRights), [t, fields.data, me.role.fieldRights]);
  const params = {
    from: s.from,
    to: s.to,
    top: s.top || 50,
    departmentIds: s.departmentIds.map(Number),
    managerId: s.managerId ? Number(s.managerId) : null,
    filters: apiFilters(s.filters),
  };
  const [query] = useDebouncedValue(ratingQuery(params), 200);
  const report = useQuery({
    queryKey: ['rating', query],
    queryFn: () => api<RatingReport>('GET', `/api/reports/rating?${query}`),
    placeholderData: keepPreviousData,
  });
  const r = report.data;
  const topBars = r ? bars(r.rows.slice(0, 10).map((x) => ({ label: x.name, value: x.total }))) : [];
  const deptBars = r
    ? bars(
        r.departments.map((d, k) => ({ label: d.name, value: r.allClients.cells[k]! })),
        'sum',
      )
    : [];
  return (
    <Stack>
      <Stack className="no-print" gap="sm">
        <PeriodPicker value={s} onChange={(p) => setS({ ...s, ...p })} />
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          <NumberInput label={t('reports.top')} min={1} max={10000} value={s.top} onChange={(v) => setS({ ...s, top: Number(v) || 0 })} />
          <MultiSelect
            label={t('reports.departments')}
            placeholder={s.departmentIds.length ? undefined : t('reports.allDepartments')}
            clearable
            value={s.departmentIds}
            onChange={(v) => setS({ ...s, departmentIds: v })}
            data={depts.data?.items.map((d) => ({ value: String(d.id), label: d.name })) ?? []}
          />
          <Select
            label={t('reports.manager')}
            placeholder={t('reports.anyManager')}
            clearable
            searchable
            value={s.managerId}
            onChange={(v) => setS({ ...s, managerId: v })}
            data={users.data?.items.map((u) => ({ value: String(u.id), label: u.name })) ?? []}
          />
          <Group align="flex-end">
            <FiltersMenu view={{ ...defaultView, filters: s.filters }} catalog={catalog} onChange={(v) => setS({ ...s, filters: v.filters })} />
          </Group>
        </SimpleGrid>
        <Group gap="xs">
          <Button variant="default" onClick={() => window.print()}>
            {t('common.print')}
          </Button>
          {can(me, 'reports', 'export') && (
            <>
              <Button component="a" variant="light" href={`/api/reports/rating?${ratingQuery(params, 'xlsx')}`} download>
                {t('reports.exportXlsx')}
              </Button>
              <Button component="a" variant="light" href={`/api/reports/rating?${ratingQuery(params, 'csv')}`} download>
                {t('reports.exportCsv')}
              </Button>
            </>
          )}
        </Group>
      </Stack>
      <div className="print-only">
        <Text fw={700} size="lg">
          {t('reports.rating')} · {t('reports.periodLabel', { from: formatDate(s.from), to: formatDate(s.to) })}
          {r ? ` · ${r.currency}` : ''}
        </Text>
        <Text size="xs">{t('reports.printedAt', { date: formatDateTime(new Date()) })}</Text>
      </div>
      <ApiErrorAlert error={report.error} />
      {r && r.rows.length === 0 && <Alert color="gray">{t('reports.empty')}</Alert>}
      {r && r.rows.length > 0 && (
        <>
          <RatingTable key={query} report={r} />
          <SimpleGrid cols={{ base: 1, md: 2 }} className="report-charts" spacing="xl">
            <BarChart title={t('reports.topChart')} items={topBars} />
            <BarChart title={t('reports.shareChart')} items={deptBars} show="percent" color="var(--mantine-color-teal-6)" />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
