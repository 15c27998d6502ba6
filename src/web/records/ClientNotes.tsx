// The client card's notes: write one, the list newest first; its author (or an administrator)
// changes or deletes it, as the role's notes rights allow.
import { Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, can, type Me } from '../api.js';
import { formatDateTime } from '../format.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { useSave } from '../shared/useSave.js';
import { ConfirmDelete } from './parts.js';
import { touched, type TNoteOut, useClientNotes } from './useRecords.js';

export function ClientNotes({ clientId, me }: { clientId: number; me: Me }) {
  const { t } = useTranslation();
  const list = useClientNotes(clientId);
  const [body, setBody] = useState('');
  const [editing, setEditing] = useState<{ note: TNoteOut; body: string } | null>(null);
  const [removing, setRemoving] = useState<TNoteOut | null>(null);
  const add = useSave(touched('notes', clientId), (b: string) => api('POST', `/api/clients/${clientId}/notes`, { body: b }));
  const change = useSave(touched('notes', clientId), (v: { note: TNoteOut; body: string }) =>
    api('PATCH', `/api/notes/${v.note.id}`, { version: v.note.version, body: v.body }),
  );
  const del = useSave(touched('notes', clientId), (n: TNoteOut) => api('DELETE', `/api/notes/${n.id}`));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="xs" data-testid="notes">
      {can(me, 'notes', 'create') && (
        <Stack gap="xs" component="form" onSubmit={(ev) => (ev.preventDefault(), add.mutate(body, { onSuccess: () => setBody('') }))}>
          <Textarea
            aria-label={t('records.notesTab.new')}
            placeholder={t('records.notesTab.placeholder')}
            autosize
            minRows={2}
            maxRows={10}
            maxLength={20000}
            value={body}
            onChange={(ev) => setBody(ev.currentTarget.value)}
            error={add.errors.body ?? add.error}
          />
          <Group justify="flex-end">
            <Button size="xs" type="submit" loading={add.isPending} disabled={!body.trim()}>
              {t('records.notesTab.add')}
            </Button>
          </Group>
        </Stack>
      )}
      <ApiErrorAlert error={list.error} />
      {list.isSuccess && items.length === 0 && <Text c="dimmed">{t('records.notesTab.none')}</Text>}
      {items.map((n) => (
        <Paper key={n.id} withBorder p="xs" data-testid="note-row">
          <Text size="xs" c="dimmed">
            {formatDateTime(n.createdAt)} · {n.authorName ?? '—'}
            {n.updatedAt !== n.createdAt ? ` · ${t('records.notesTab.changed', { date: formatDateTime(n.updatedAt) })}` : ''}
          </Text>
          {editing?.note.id === n.id ? (
            <Stack gap="xs" component="form" onSubmit={(ev) => (ev.preventDefault(), change.mutate(editing, { onSuccess: () => setEditing(null) }))}>
              <Textarea
                aria-label={t('records.notesTab.text')}
                autosize
                minRows={2}
                maxLength={20000}
                value={editing.body}
                onChange={(ev) => setEditing({ note: n, body: ev.currentTarget.value })}
                error={change.errors.body ?? change.error}
              />
              <Group justify="flex-end">
                <Button size="xs" variant="default" onClick={() => setEditing(null)}>
                  {t('common.cancel')}
                </Button>
                <Button size="xs" type="submit" loading={change.isPending}>
                  {t('common.save')}
                </Button>
              </Group>
            </Stack>
          ) : (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {n.body}
            </Text>
          )}
          {n.editable && editing?.note.id !== n.id && (can(me, 'notes', 'edit') || can(me, 'notes', 'delete')) && (
            <Group gap="xs" justify="flex-end">
              {can(me, 'notes', 'edit') && (
                <Button size="xs" variant="default" onClick={() => (change.reset(), setEditing({ note: n, body: n.body }))}>
                  {t('common.edit')}
                </Button>
              )}
              {can(me, 'notes', 'delete') && (
                <Button size="xs" variant="subtle" color="red" onClick={() => (del.reset(), setRemoving(n))}>
                  {t('records.delete')}
                </Button>
              )}
            </Group>
          )}
        </Paper>
      ))}
      {list.hasNextPage && (
        <Button variant="subtle" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      {removing && (
        <ConfirmDelete
          text={t('records.notesTab.deleteConfirm')}
          busy={del.isPending}
          error={del.error}
          onConfirm={() => del.mutate(removing, { onSuccess: () => setRemoving(null) })}
          onClose={() => setRemoving(null)}
        />
      )}
    </Stack>
  );
}
