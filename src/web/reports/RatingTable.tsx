import { Anchor, Table, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RatingReport } from '../api.js';
import { formatMoney } from '../money.js';
import { nextSort, sortRows, type SortKey } from './rating.js';

/** The client rating's cross-tab: a column per department, the total on the right, the shown and all-clients rows at the bottom. */
export function RatingTable({ report }: { report: RatingReport }) {
  const { t, i18n } = useTranslation();
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({ key: 'rank', dir: 'asc' });
  const rows = sortRows(report.rows, sort.key, sort.dir);
  const money = (v: string) => formatMoney(v, i18n.language);
  const th = (key: SortKey, label: string, right = false) => (
    <Table.Th
      key={key}
      ta={right ? 'right' : undefined}
      aria-sort={sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      style={{ whiteSpace: 'nowrap' }}
    >
      <UnstyledButton onClick={() => setSort(nextSort(sort, key))} aria-label={t('reports.sortBy', { column: label })} fw={600} fz="sm">
        {label}
        {sort.key === key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </UnstyledButton>
    </Table.Th>
  );
  return (
    <div className="report-scroll" style={{ overflowX: 'auto' }}>
      <Table
        className="report-table"
        striped
        highlightOnHover
        withTableBorder
        aria-label={t('reports.rating')}
        miw={480 + report.departments.length * 110}
        data-testid="rating-table"
      >
        <Table.Thead>
          <Table.Tr>
            {th('rank', t('reports.rank'))}
            {th('name', t('reports.client'))}
            {th('priceList', t('reports.priceList'))}
            {report.departments.map((d, k) => th(`dept:${k}`, d.name, true))}
            {th('total', t('reports.total'), true)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.clientId}>
              <Table.Td>{r.rank}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/clients/${r.clientId}`}>
                  {r.name}
                </Anchor>
                {r.archived && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ({t('reports.archived')})
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{r.priceList ?? ''}</Table.Td>
              {r.cells.map((c, k) => (
                <Table.Td key={k} ta="right" c={c === '0.00' ? 'dimmed' : undefined}>
                  {money(c)}
                </Table.Td>
              ))}
              <Table.Td ta="right" fw={700}>
                {money(r.total)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr fw={700}>
            <Table.Td />
            <Table.Td colSpan={2}>{t('reports.shownTotal')}</Table.Td>
            {report.totals.cells.map((c, k) => (
              <Table.Td key={k} ta="right">
                {money(c)}
              </Table.Td>
            ))}
            <Table.Td ta="right">{money(report.totals.total)}</Table.Td>
          </Table.Tr>
          <Table.Tr fw={700}>
            <Table.Td />
            <Table.Td colSpan={2}>{t('reports.allClients', { count: report.allClients.clients })}</Table.Td>
            {report.allClients.cells.map((c, k) => (
              <Table.Td key={k} ta="right">
                {money(c)}
              </Table.Td>
            ))}
            <Table.Td ta="right">{money(report.allClients.total)}</Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </div>
  );
}
