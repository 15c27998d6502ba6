// The client card's promises: what we or the client promised, by when, who answers for it; new,
// edit, kept / broken, reopen and delete as the role allows. Overdue promises are marked.
import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, can, type Me } from '../api.js';
import { formatDate } from '../format.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { useSave } from '../shared/useSave.js';
import { ConfirmDelete, FormModal, useOwnerOptions } from './parts.js';
import { touched, type TPromiseOut, useClientPromises } from './useRecords.js';
import { FormFooter } from '../shared/FormFooter.js';

const statusColour: Record<string, string> = { open: 'blue', kept: 'green', broken: 'red' };
const today = () => {
  const d = new Date(Date.now() + 7 * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function ClientPromises({ clientId, me }: { clientId: number; me: Me }) {
  const { t } = useTranslation();
  const list = useClientPromises(clientId);
  const [form, setForm] = useState<{ promise: TPromiseOut | null } | null>(null);
  const [removing, setRemoving] = useState<TPromiseOut | null>(null);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const del = useSave(touched('promises', clientId), (p: TPromiseOut) => api('DELETE', `/api/promises/${p.id}`));
  return (
    <Stack gap="xs" data-testid="promises">
      {can(me, 'promises', 'create') && (
        <Group justify="flex-end">
          <Button size="xs" onClick={() => setForm({ promise: null })}>
            {t('records.promises.new')}
          </Button>
        </Group>
      )}
      <ApiErrorAlert error={list.error} />
      {list.isSuccess && items.length === 0 && <Text c="dimmed">{t('records.promises.none')}</Text>}
      {items.map((p) => (
        <PromiseRow
          key={p.id}
          p={p}
          me={me}
          clientId={clientId}
          onEdit={() => setForm({ promise: p })}
          onDelete={() => (del.reset(), setRemoving(p))}
        />
      ))}
      {list.hasNextPage && (
        <Button variant="subtle" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      {form && <PromiseForm clientId={clientId} me={me} promise={form.promise} onClose={() => setForm(null)} />}
      {removing && (
        <ConfirmDelete
          text={t('records.promises.deleteConfirm', { text: removing.text })}
          busy={del.isPending}
          error={del.error}
          onConfirm={() => del.mutate(removing, { onSuccess: () => setRemoving(null) })}
          onClose={() => setRemoving(null)}
        />
      )}
    </Stack>
  );
}

function PromiseRow({ p, me, clientId, onEdit, onDelete }: { p: TPromiseOut; me: Me; clientId: number; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const act = useSave(touched('promises', clientId), (what: 'kept' | 'broken' | 'open') =>
    what === 'open'
      ? api('PATCH', `/api/promises/${p.id}`, { version: p.version, status: 'open' })
      : api('POST', `/api/promises/${p.id}/${what}`, { version: p.version }),
  );
  const edit = can(me, 'promises', 'edit');
  return (
    <Paper withBorder p="xs" data-testid="promise-row" data-status={p.status}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
          <Group gap="xs" wrap="wrap">
            <Badge size="sm" variant="light" color={statusColour[p.status]}>
              {t(`records.promises.statuses.${p.status}`)}
            </Badge>
            {p.overdue && (
              <Badge size="sm" color="red">
                {t('records.promises.overdue')}
              </Badge>
            )}
            <Text size="sm" c={p.overdue ? 'red' : 'dimmed'}>
              {t('records.promises.dueOn', { date: formatDate(p.dueOn) })}
            </Text>
            <Text size="sm" c="dimmed">
              {t(`records.promises.by.${p.promisedBy}`)}
            </Text>
          </Group>
          <Text fw={500} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {p.text}
          </Text>
          <Text size="xs" c="dimmed">
            {t('records.responsibleName', { name: p.responsibleName })}
          </Text>
          {act.error && (
            <Text size="sm" c="red" role="alert">
              {act.error}
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          {edit && p.status === 'open' && (
            <>
              <Button size="xs" variant="light" color="green" loading={act.isPending} onClick={() => act.mutate('kept')}>
                {t('records.promises.markKept')}
              </Button>
              <Button size="xs" variant="light" color="red" loading={act.isPending} onClick={() => act.mutate('broken')}>
                {t('records.promises.markBroken')}
              </Button>
              <Button size="xs" variant="default" onClick={onEdit}>
                {t('common.edit')}
              </Button>
            </>
          )}
          {edit && p.status !== 'open' && (
            <Button size="xs" variant="light" loading={act.isPending} onClick={() => act.mutate('open')}>
              {t('records.reopen')}
            </Button>
          )}
          {can(me, 'promises', 'delete') && (
            <Button size="xs" variant="subtle" color="red" onClick={onDelete}>
              {t('records.delete')}
            </Button>
          )}
        </Group>
      </Group>
    </Paper>
  );
}

function PromiseForm({ clientId, me, promise, onClose }: { clientId: number; me: Me; promise: TPromiseOut | null; onClose: () => void }) {
  const { t } = useTranslation();
  const owners = useOwnerOptions(me, promise ? { id: promise.responsibleId, name: promise.responsibleName } : null);
  const [text, setText] = useState(promise?.text ?? '');
  const [by, setBy] = useState<string>(promise?.promisedBy ?? 'us');
  const [dueOn, setDueOn] = useState(promise?.dueOn ?? today());
  const [responsibleId, setResponsible] = useState(String(promise?.responsibleId ?? me.user.id));
  const save = useSave(touched('promises', clientId), (body: Record<string, unknown>) =>
    promise
      ? api('PATCH', `/api/promises/${promise.id}`, { version: promise.version, ...body })
      : api('POST', '/api/promises', { clientId, ...body }),
  );
  const e = save.errors;
  return (
    <FormModal title={promise ? t('records.promises.edit') : t('records.promises.new')} onClose={onClose}>
      <Stack
        component="form"
        onSubmit={(ev) => (
          ev.preventDefault(), save.mutate({ text, promisedBy: by, dueOn, responsibleId: Number(responsibleId) }, { onSuccess: onClose })
        )}
      >
        <Textarea
          label={t('records.promises.text')}
          required
          autosize
          minRows={2}
          maxLength={2000}
          value={text}
          onChange={(ev) => setText(ev.currentTarget.value)}
          error={e.text}
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <Select
            label={t('records.promises.promisedBy')}
            allowDeselect={false}
            data={['us', 'client'].map((v) => ({ value: v, label: t(`records.promises.by.${v}`) }))}
            value={by}
            onChange={(v) => v && setBy(v)}
            error={e.promisedBy}
          />
          <TextInput
            type="date"
            label={t('records.promises.due')}
            required
            value={dueOn}
            onChange={(ev) => setDueOn(ev.currentTarget.value)}
            error={e.dueOn}
          />
          <Select
            label={t('records.responsible')}
            allowDeselect={false}
            data={owners}
            value={responsibleId}
            onChange={(v) => v && setResponsible(v)}
            error={e.responsibleId}
          />
        </SimpleGrid>
        <FormFooter error={save.error} fieldErrors={e} busy={save.isPending} onCancel={onClose} />
      </Stack>
    </FormModal>
  );
}
