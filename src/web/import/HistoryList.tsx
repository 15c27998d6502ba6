import { Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ACTIVE, type ImportJob } from './plan.js';
import { canUndo, UndoButton } from './parts.js';
import { useImportList } from './useImports.js';
import { formatDateTime } from '../format.js';

const color = (s: string) => (s === 'done' ? 'green' : s === 'failed' ? 'red' : s === 'interrupted' ? 'orange' : ACTIVE.has(s) ? 'blue' : 'gray');

export function StatusBadge({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  return (
    <Badge color={color(job.status)} variant="light">
      {t(`import.status.${job.status}`)}
    </Badge>
  );
}

/** The user's imports, newest first (an administrator sees everyone's). */
export function HistoryList() {
  const { t, i18n } = useTranslation();
  const list = useImportList();
  const items = list.data?.items ?? [];
  return (
    <Stack gap="xs">
      <Title order={3} id="import-history">
        {t('import.history.title')}
      </Title>
      {list.isSuccess && !items.length && <Text c="dimmed">{t('import.history.empty')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={320}>
          <Table aria-labelledby="import-history" data-testid="import-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('import.history.file')}</Table.Th>
                <Table.Th visibleFrom="sm">{t('import.history.date')}</Table.Th>
                <Table.Th>{t('import.history.status')}</Table.Th>
                <Table.Th visibleFrom="sm">{t('import.history.counts')}</Table.Th>
                <Table.Th>{t('import.history.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((j) => (
                <Table.Tr key={j.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/import/${j.id}`}>
                      {j.fileName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">{formatDateTime(j.createdAt)}</Table.Td>
                  <Table.Td>
                    <StatusBadge job={j} />
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    {j.status === 'uploaded' ? '—' : `${j.counts.created} / ${j.counts.updated} / ${j.counts.rejected}`}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs">{canUndo(j) && <UndoButton job={j} size="xs" />}</Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
