// The preview's review: per client already in the base, the fields the import changes from what to
// what (the first 50; the download has all), and the rows worth a look (a phone kept as typed, a
// stored name the file does not replace).
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCustomFields } from '../shared/queries.js';
import type { ImportJob } from './plan.js';
import { fieldLabel, translateReason } from './reasons.js';
import { useReview } from './useImports.js';

export function ReviewList({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const clients = !job.options?.target || job.options.target === 'clients' || job.options.target === 'contacts';
  const review = useReview(job.id, clients && (job.counts.updated > 0 || job.counts.created > 0 || job.counts.unchanged > 0));
  const fields = useCustomFields();
  const customLabel = (key: string) => fields.data?.items.find((f) => f.key === key)?.label;
  const r = review.data;
  if (!r) return null;
  const shown = (v: string) =>
    v === '' ? (
      <Text span c="dimmed" size="sm">
        {t('import.review.empty')}
      </Text>
    ) : (
      v
    );
  return (
    <Stack gap="md">
      {r.changes.length > 0 && (
        <Stack gap="xs">
          <Group justify="space-between">
            <Text fw={600} id="changes-title">
              {t('import.review.changes')}
            </Text>
            <Button component="a" variant="light" href={`/api/imports/${job.id}/changes.csv`} download>
              {t('import.review.download')}
            </Button>
          </Group>
          <Table.ScrollContainer minWidth={560}>
            <Table striped aria-labelledby="changes-title" data-testid="import-changes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>{t('import.preview.row')}</Table.Th>
                  <Table.Th>{t('import.review.client')}</Table.Th>
                  <Table.Th>{t('import.review.field')}</Table.Th>
                  <Table.Th>{t('import.review.from')}</Table.Th>
                  <Table.Th>{t('import.review.to')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.changes.flatMap((c) =>
                  c.fields.map((f, i) => (
                    <Table.Tr key={`${c.rowNo}-${f.field}`}>
                      <Table.Td>{i === 0 ? c.rowNo + 1 : ''}</Table.Td>
                      <Table.Td>{i === 0 ? c.client : ''}</Table.Td>
                      <Table.Td>{fieldLabel(f.field, t, customLabel)}</Table.Td>
                      <Table.Td>
                        <Text size="sm" lineClamp={3}>
                          {shown(f.from)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" lineClamp={3} fw={500}>
                          {shown(f.to)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )),
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {r.totals.changes > r.changes.length && (
            <Text size="sm" c="dimmed">
              {t('import.review.firstOf', { count: r.changes.length, total: r.totals.changes })}
            </Text>
          )}
        </Stack>
      )}
      {r.warnings.length > 0 && (
        <Stack gap="xs">
          <Text fw={600} id="warnings-title">
            {t('import.review.warnings')}
          </Text>
          <Table.ScrollContainer minWidth={480}>
            <Table striped aria-labelledby="warnings-title" data-testid="import-warnings">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>{t('import.preview.row')}</Table.Th>
                  <Table.Th>{t('import.review.warning')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.warnings.map((w) => (
                  <Table.Tr key={w.rowNo}>
                    <Table.Td>{w.rowNo + 1}</Table.Td>
                    <Table.Td>
                      <Text size="sm" c="orange.8">
                        {translateReason(w.warning, t, { customLabel })}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {r.totals.warnings > r.warnings.length && (
            <Text size="sm" c="dimmed">
              {t('import.review.warningsFirst', { count: r.warnings.length, total: r.totals.warnings })}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}
