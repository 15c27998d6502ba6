import { Alert, Button, FileButton, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { ApiError } from '../api.js';
import { uploadError } from './plan.js';
import { rememberUpload, uploadFile } from './useImports.js';

const ACCEPT =
  '.csv,.txt,.tsv,.xlsx,.ods,.vcf,.vcard,text/csv,text/vcard,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.oasis.opendocument.spreadsheet';

/** Step 1: a file from the picker or dropped on the zone; on success the wizard goes on at /import/:id. */
export function UploadStep() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<{ name: string; fraction: number } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [over, setOver] = useState(false);

  const send = async (file: File | null) => {
    if (!file || busy) return;
    setError(null);
    setBusy({ name: file.name, fraction: 0 });
    try {
      const u = await uploadFile(file, (fraction) => setBusy({ name: file.name, fraction }));
      rememberUpload(u);
      qc.setQueryData(['imports', u.job.id], u.job);
      void qc.invalidateQueries({ queryKey: ['imports'], exact: true });
      navigate(`/import/${u.job.id}`);
    } catch (e) {
      setError(e as ApiError);
      setBusy(null);
    }
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void send(e.dataTransfer.files[0] ?? null);
  };
  const err = error ? uploadError(error) : null;

  return (
    <Stack gap="sm">
      <Title order={3}>{t('import.upload.title')}</Title>
      <Paper
        withBorder
        p="xl"
        radius="md"
        role="group"
        aria-label={t('import.upload.dropZone')}
        data-testid="drop-zone"
        style={{ borderStyle: 'dashed', borderWidth: 2, background: over ? 'var(--mantine-color-blue-0)' : undefined }}
        onDragOver={(e) => (e.preventDefault(), setOver(true))}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <Stack align="center" gap="xs">
          <Text c="dimmed" ta="center">
            {t('import.upload.hint')}
          </Text>
          <Group gap="xs" justify="center">
            <Text>{t('import.upload.drop')}</Text>
            <FileButton onChange={(f) => void send(f)} accept={ACCEPT}>
              {(props) => (
                <Button {...props} loading={!!busy}>
                  {t('import.upload.choose')}
                </Button>
              )}
            </FileButton>
          </Group>
          {busy && (
            <Stack gap={4} w="100%" maw={420}>
              <Text size="sm" ta="center">
                {t('import.upload.uploading', { name: busy.name })}
              </Text>
              <Progress value={busy.fraction * 100} aria-label={t('import.upload.uploading', { name: busy.name })} />
            </Stack>
          )}
        </Stack>
      </Paper>
      {err && (
        <Alert color="red" role="alert" data-testid="upload-error">
          {t(`import.errors.${err.key}`, err.values)}
        </Alert>
      )}
    </Stack>
  );
}
