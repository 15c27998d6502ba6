// The client card's files: upload (the raw bytes, as files.routes.ts takes them), the list of every
// file of the client (on the client and on its records), download and delete as the role allows.
import { Alert, Anchor, Button, FileButton, Group, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, can, type Me } from '../api.js';
import { formatDateTime, formatNumber } from '../format.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { useSave } from '../shared/useSave.js';
import { fileSize } from './model.js';
import { ConfirmDelete } from './parts.js';
import { touched, type TFileOut, useClientFiles } from './useRecords.js';

/** POST /api/files: the file's bytes as the body, its type as Content-Type and its name percent-encoded in X-File-Name. */
export async function uploadFile(target: string, targetId: number, file: File): Promise<TFileOut> {
  const res = await fetch(`/api/files?target=${target}&targetId=${targetId}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': file.type || 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) },
    body: file,
  });
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText, e.details ?? null);
  }
  return data as TFileOut;
}

export function useSize() {
  const { t } = useTranslation();
  return (n: number) =>
    fileSize(n, [t('records.files.b'), t('records.files.kb'), t('records.files.mb'), t('records.files.gb')], (x) => formatNumber(x));
}

export function ClientFiles({ clientId, me }: { clientId: number; me: Me }) {
  const { t } = useTranslation();
  const size = useSize();
  const qc = useQueryClient();
  const list = useClientFiles(clientId);
  const [removing, setRemoving] = useState<TFileOut | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const upload = useMutation({
    mutationFn: (f: File) => uploadFile('client', clientId, f),
    onMutate: () => setMessage(null),
    onSuccess: (f) => {
      setMessage({ ok: true, text: t('records.files.uploaded', { name: f.name }) });
      return Promise.all(touched('files', clientId).map((k) => qc.invalidateQueries({ queryKey: k })));
    },
    onError: (e) => {
      // the limit is in the server's words ("larger than 25 MB"): its number is said in the UI language
      const mb = e instanceof ApiError ? /(\d+) MB/.exec(e.serverMessage)?.[1] : undefined;
      setMessage({
        ok: false,
        text:
          e instanceof ApiError && e.status === 413
            ? mb
              ? t('records.files.tooLarge', { mb })
              : t('records.files.tooLargeNoLimit')
            : e instanceof ApiError
              ? e.message
              : t('records.files.failed'),
      });
    },
  });
  const del = useSave(touched('files', clientId), (f: TFileOut) => api('DELETE', `/api/files/${f.id}`));
  const items = list.data?.items ?? [];
  return (
    <Stack gap="xs" data-testid="files">
      {can(me, 'notes', 'create') && (
        <Group justify="flex-end">
          <FileButton onChange={(f) => f && upload.mutate(f)}>
            {(props) => (
              <Button size="xs" loading={upload.isPending} {...props}>
                {t('records.files.upload')}
              </Button>
            )}
          </FileButton>
        </Group>
      )}
      {message && (
        <Alert color={message.ok ? 'green' : 'red'} role={message.ok ? 'status' : 'alert'} data-testid="file-message">
          {message.text}
        </Alert>
      )}
      <ApiErrorAlert error={list.error} />
      {list.isSuccess && items.length === 0 && <Text c="dimmed">{t('records.files.none')}</Text>}
      {items.map((f) => (
        <Paper key={f.id} withBorder p="xs" data-testid="file-row">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Stack gap={2} style={{ minWidth: 0, flex: '1 1 220px' }}>
              <Anchor href={`/api/files/${f.id}/download`} download={f.name} style={{ overflowWrap: 'anywhere' }}>
                {f.name}
              </Anchor>
              <Text size="xs" c="dimmed">
                {size(f.size)} · {formatDateTime(f.createdAt)} · {f.uploadedByName ?? '—'}
                {f.target !== 'client' ? ` · ${t(`records.files.on.${f.target}`)}` : ''}
              </Text>
            </Stack>
            <Group gap="xs">
              {f.preview && (
                <Button size="xs" variant="default" component="a" href={`/api/files/${f.id}/preview`} target="_blank" rel="noopener noreferrer">
                  {t('records.files.preview')}
                </Button>
              )}
              {can(me, 'notes', 'delete') && (
                <Button size="xs" variant="subtle" color="red" onClick={() => (del.reset(), setRemoving(f))}>
                  {t('records.delete')}
                </Button>
              )}
            </Group>
          </Group>
        </Paper>
      ))}
      {removing && (
        <ConfirmDelete
          text={t('records.files.deleteConfirm', { name: removing.name })}
          busy={del.isPending}
          error={del.error}
          onConfirm={() => del.mutate(removing, { onSuccess: () => setRemoving(null) })}
          onClose={() => setRemoving(null)}
        />
      )}
    </Stack>
  );
}
