// Small pieces shared by the wizard's steps and the history: the step indicator, counts, the
// rejected rows, the progress line and the undo button with its confirmation.
import { Alert, Button, Group, Modal, Paper, Progress, SimpleGrid, Stack, Stepper, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { etaParts, percent, STEPS, type Counts, type ImportJob, type Step } from './plan.js';
import { useCustomFields } from '../shared/queries.js';
import { translateReason } from './reasons.js';
import { useImportAction, useRejectedRows } from './useImports.js';
import { formatNumber } from '../format.js';

export function WizardSteps({ step }: { step: Step }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 640px)') ?? false;
  const active = STEPS.indexOf(step);
  if (phone)
    return (
      <Text fw={600} aria-current="step">
        {t('import.stepOf', { n: active + 1, total: STEPS.length, name: t(`import.steps.${step}`) })}
      </Text>
    );
  return (
    <nav aria-label={t('import.stepsLabel')}>
      <Stepper active={active} size="sm" allowNextStepsSelect={false}>
        {STEPS.map((s) => (
          <Stepper.Step key={s} label={t(`import.steps.${s}`)} aria-current={s === step ? 'step' : undefined} />
        ))}
      </Stepper>
    </nav>
  );
}

const KEYS = ['created', 'updated', 'unchanged', 'skipped', 'rejected'] as const;

/** `target`: what the file held (products have their own word for new records). */
export function CountsGrid({ counts, target }: { counts: Counts; target?: string }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs" component="dl" m={0}>
      {KEYS.map((k) => (
        <Paper key={k} withBorder p="sm" data-testid={`count-${k}`}>
          <Text component="dd" m={0} fz={24} fw={700} c={k === 'rejected' && counts[k] ? 'red' : undefined}>
            {formatNumber(counts[k])}
          </Text>
          <Text component="dt" size="sm" c="dimmed">
            {t(
              k === 'created' && target === 'products'
                ? 'import.counts.createdProducts'
                : k === 'created' && target === 'sales'
                  ? 'import.counts.createdSales'
                  : `import.counts.${k}`,
            )}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

export function DownloadRejected({ job }: { job: ImportJob }) {
  const { t, i18n } = useTranslation();
  if (!job.counts.rejected) return null;
  return (
    <Button component="a" variant="light" color="red" href={`/api/imports/${job.id}/rejected.csv?lang=${i18n.language}`} download>
      {t('import.download')}
    </Button>
  );
}

export function RejectedRows({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const rows = useRejectedRows(job.id, job.counts.rejected > 0);
  const fields = useCustomFields();
  const customLabel = (key: string) => fields.data?.items.find((f) => f.key === key)?.label;
  const items = rows.data?.items ?? [];
  if (!job.counts.rejected) return null;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600} id="rejected-title">
          {t('import.preview.rejected')}
        </Text>
        <DownloadRejected job={job} />
      </Group>
      <Table.ScrollContainer minWidth={480}>
        <Table striped aria-labelledby="rejected-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>{t('import.preview.row')}</Table.Th>
              <Table.Th>{t('import.preview.values')}</Table.Th>
              <Table.Th>{t('import.preview.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.rowNo}>
                <Table.Td>{r.rowNo + 1}</Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {(r.raw ?? []).filter(Boolean).join(' · ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="red">
                    {translateReason(r.error ?? '', t, {
                      customLabel,
                      products: job.options?.target === 'products',
                      sales: job.options?.target === 'sales',
                    })}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {job.counts.rejected > items.length && items.length > 0 && (
        <Text size="sm" c="dimmed">
          {t('import.preview.firstOnly', { count: items.length })}
        </Text>
      )}
    </Stack>
  );
}

export function useDuration() {
  const { t } = useTranslation();
  return (seconds: number) => {
    const p = etaParts(seconds);
    return p.h ? t('import.time.h', p) : p.min ? t('import.time.min', p) : t('import.time.s', p);
  };
}

/** rows done / total, rate and ETA of a working job */
export function JobProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const counting = job.total === null;
  return (
    <Stack gap={6}>
      <Progress
        value={counting ? 0 : percent(job.done, job.total)}
        size="lg"
        animated={!counting && job.status !== 'interrupted'}
        aria-label={t('import.run.bar')}
      />
      <Text size="sm" data-testid="import-progress" aria-live="polite">
        {counting
          ? t('import.run.counting')
          : [
              t('import.run.progress', { done: formatNumber(job.done), total: formatNumber(job.total!) }),
              job.rate > 0 ? t('import.run.rate', { rate: formatNumber(job.rate) }) : null,
              job.etaSeconds !== null && job.done < job.total! ? t('import.run.eta', { time: duration(job.etaSeconds) }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
      </Text>
    </Stack>
  );
}

export const canUndo = (job: ImportJob) => !job.dryRun && ['done', 'interrupted', 'failed'].includes(job.status);

export function UndoButton({ job, size }: { job: ImportJob; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  // the words for what the file held: clients, products or sales
  const suffix = job.options?.target === 'products' ? 'Products' : job.options?.target === 'sales' ? 'Sales' : '';
  const [open, setOpen] = useState(false);
  const { undo } = useImportAction(job.id);
  return (
    <>
      <Button
        size={size}
        variant="outline"
        color="red"
        onClick={() => setOpen(true)}
        aria-label={size === 'xs' ? `${t('import.result.undo')}: ${job.fileName}` : undefined}
      >
        {t('import.result.undo')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('import.result.undoTitle')}>
        <Stack>
          <Text>{t(`import.result.undoConfirm${suffix}`, { file: job.fileName, created: job.counts.created, updated: job.counts.updated })}</Text>
          {undo.error && <Alert color="red">{undo.error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {t('import.result.cancel')}
            </Button>
            <Button color="red" loading={undo.isPending} onClick={() => undo.mutate(undefined, { onSuccess: () => setOpen(false) })} data-autofocus>
              {t('import.result.undoYes')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      {undo.data && undo.data.kept.length > 0 && (
        <Text size="sm" c="orange">
          {t(`import.result.kept${suffix}`, { count: undo.data.kept.length })}
        </Text>
      )}
    </>
  );
}
