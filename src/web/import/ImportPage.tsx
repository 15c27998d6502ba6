import { Alert, Center, Container, Group, Loader, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, can, type Me } from '../api.js';
import { HistoryList, StatusBadge } from './HistoryList.js';
import { MappingStep } from './MappingStep.js';
import { WizardSteps } from './parts.js';
import { stepOf } from './plan.js';
import { PreviewStep, ResultStep, RunStep } from './steps.js';
import { UploadStep } from './UploadStep.js';
import { recallUpload, useImportJob } from './useImports.js';

/** /import: step 1 (the file) and the history of imports. */
export function ImportPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  if (!can(me, 'clients', 'import')) return <Alert color="red">{t('import.errors.forbidden')}</Alert>;
  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <Title order={2}>{t('import.title')}</Title>
        <WizardSteps step="upload" />
        <UploadStep />
        <HistoryList />
      </Stack>
    </Container>
  );
}

/** /import/:id: the wizard for one uploaded file, at the step its status says. */
export function ImportJobPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const job = useImportJob(id);
  const [editing, setEditing] = useState(false);
  const qc = useQueryClient();
  const status = job.data && !job.data.dryRun ? job.data.status : null;
  // a run that changed clients: the journal reads them again
  useEffect(() => {
    if (status && ['done', 'failed', 'interrupted', 'undone'].includes(status)) void qc.invalidateQueries({ queryKey: ['clients'] });
  }, [status, qc]);
  if (!can(me, 'clients', 'import')) return <Alert color="red">{t('import.errors.forbidden')}</Alert>;
  if (job.isLoading)
    return (
      <Center p="xl">
        <Loader />
      </Center>
    );
  if (!job.data)
    return <Alert color="red">{job.error instanceof ApiError && job.error.status === 404 ? job.error.message : t('import.errors.generic')}</Alert>;
  const j = job.data;
  const step = stepOf(j, editing);
  return (
    <Container size="lg" px={0}>
      <Stack gap="lg">
        <Group justify="space-between" wrap="wrap">
          <Title order={2}>{t('import.title')}</Title>
          <StatusBadge job={j} />
        </Group>
        <WizardSteps step={step} />
        {step === 'mapping' && <MappingStep key={j.version} me={me} job={j} upload={recallUpload(id)} onDone={() => setEditing(false)} />}
        {step === 'preview' && <PreviewStep job={j} onBack={() => setEditing(true)} />}
        {step === 'run' && <RunStep job={j} />}
        {step === 'result' && <ResultStep job={j} />}
      </Stack>
    </Container>
  );
}
