// Steps 3 to 5 of the wizard: the dry run's outcome, the run's progress, and the result.
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ImportJob } from './plan.js';
import { canUndo, CountsGrid, DownloadRejected, JobProgress, RejectedRows, UndoButton } from './parts.js';
import { ReviewList } from './ReviewList.js';
import { useImportAction } from './useImports.js';
import { formatNumber } from '../format.js';

export function PreviewStep({ job, onBack }: { job: ImportJob; onBack: () => void }) {
  const { t } = useTranslation();
  const { start, resume } = useImportAction(job.id);
  const back = (
    <Button variant="default" onClick={onBack}>
      {t('import.preview.back')}
    </Button>
  );
  return (
    <Stack gap="md">
      <Title order={3}>{t('import.preview.title')}</Title>
      {job.status === 'previewing' && (
        <>
          <Text>{t('import.preview.checking')}</Text>
          <JobProgress job={job} />
        </>
      )}
      {job.status === 'interrupted' && (
        <>
          <Alert color="orange">{t('import.run.interrupted', { done: job.done })}</Alert>
          <Group>
            {back}
            <Button onClick={() => resume.mutate()} loading={resume.isPending}>
              {t('import.run.resume')}
            </Button>
          </Group>
        </>
      )}
      {job.status === 'failed' && (
        <>
          <Alert color="red" role="alert">
            {t('import.preview.failed', { error: job.error ?? '' })}
          </Alert>
          <Group>{back}</Group>
        </>
      )}
      {job.status === 'previewed' && (
        <>
          <Text>{t('import.preview.intro', { total: formatNumber(job.total ?? job.done) })}</Text>
          <CountsGrid counts={job.counts} target={job.options?.target} />
          <RejectedRows job={job} />
          <ReviewList job={job} />
          {start.error && (
            <Alert color="red" role="alert">
              {start.error.message}
            </Alert>
          )}
          <Group>
            {back}
            <Button
              onClick={() => start.mutate({ kind: 'run', mapping: job.mapping!, options: job.options! })}
              loading={start.isPending}
              disabled={!job.counts.created && !job.counts.updated}
            >
              {t('import.preview.run')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

export function RunStep({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const { resume } = useImportAction(job.id);
  return (
    <Stack gap="md">
      <Title order={3}>
        {t('import.run.title')} {job.fileName}
      </Title>
      <JobProgress job={job} />
      <CountsGrid counts={job.counts} target={job.options?.target} />
      {job.status === 'interrupted' && (
        <>
          <Alert color="orange">{t('import.run.interrupted', { done: job.done })}</Alert>
          {resume.error && (
            <Alert color="red" role="alert">
              {resume.error.message}
            </Alert>
          )}
          <Group>
            <Button onClick={() => resume.mutate()} loading={resume.isPending}>
              {t('import.run.resume')}
            </Button>
            <UndoButton job={job} />
          </Group>
        </>
      )}
    </Stack>
  );
}

export function ResultStep({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Title order={3}>{t('import.result.title')}</Title>
      <Alert color={job.status === 'done' ? 'green' : job.status === 'failed' ? 'red' : 'gray'} role="status" data-testid="import-result">
        {job.status === 'done'
          ? t('import.result.done')
          : job.status === 'failed'
            ? t('import.result.failed', { error: job.error ?? '' })
            : job.status === 'undoing'
              ? t('import.result.undoing')
              : t(
                  job.options?.target === 'products'
                    ? 'import.result.undoneProducts'
                    : job.options?.target === 'sales'
                      ? 'import.result.undoneSales'
                      : 'import.result.undone',
                )}
      </Alert>
      {job.status === 'done' && <JobProgress job={job} />}
      <CountsGrid counts={job.counts} target={job.options?.target} />
      <Group>
        <DownloadRejected job={job} />
        {canUndo(job) && <UndoButton job={job} />}
      </Group>
      <Group>
        <Button component={Link} to="/">
          {t('import.result.toJournal')}
        </Button>
        <Button component={Link} to="/import" variant="default">
          {t('import.result.another')}
        </Button>
      </Group>
    </Stack>
  );
}
