// The client card's events: the list (newest first), a form for a new or changed event, "Mark
// done" with its result, and what a done event's type chains next (a one-click "Schedule next",
// or the note that the next task was created).
import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, can, type Me } from '../api.js';
import { formatDateTime } from '../format.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { useSave } from '../shared/useSave.js';
import { isoToLocal, localName, localToIso, nextHour } from './model.js';
import { clientEventsKey, type TEventOut, type TEventTypeOut, useClientEvents, useEventResults, useEventTypes } from './useEvents.js';
import { FormFooter } from '../shared/FormFooter.js';

const statusColour: Record<string, string> = { planned: 'blue', done: 'green', cancelled: 'gray' };

export function Dot({ colour }: { colour: string }) {
  return <Box component="span" w={10} h={10} style={{ borderRadius: '50%', background: colour, display: 'inline-block', flex: 'none' }} />;
}

/** What the last save said: saved, a suggested next event (one click), or the task created. */
type Notice = { event: TEventOut } | null;

export function ClientEvents({ clientId, me }: { clientId: number; me: Me }) {
  const { t, i18n } = useTranslation();
  const events = useClientEvents(clientId);
  const types = useEventTypes();
  const results = useEventResults();
  const [form, setForm] = useState<{ event: TEventOut | null } | null>(null);
  const [done, setDone] = useState<TEventOut | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [scheduled, setScheduled] = useState<string | null>(null);
  const typeById = new Map((types.data?.items ?? []).map((x) => [x.id, x]));
  const resultById = new Map((results.data?.items ?? []).map((x) => [x.id, x]));
  const typeName = (id: number) => localName(typeById.get(id)?.names, i18n.language);
  const schedule = useSave([clientEventsKey(clientId)], (v: { from: TEventOut }) =>
    api<TEventOut>('POST', '/api/events', {
      typeId: v.from.next!.typeId,
      subject: v.from.subject,
      status: 'planned',
      clientId,
      startsAt: v.from.next!.dueAt,
    }),
  );
  const saved = (e: TEventOut) => {
    setForm(null);
    setDone(null);
    setScheduled(null);
    setNotice({ event: e });
  };
  // rows wait for the type and result names, so no row is ever shown without them
  const items = types.isSuccess && results.isSuccess ? (events.data?.pages.flatMap((p) => p.items) ?? []) : [];
  const next = notice?.event.next ?? null;

  return (
    <Paper withBorder p="md" data-testid="events">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('events.title')}</Title>
        {can(me, 'events', 'create') && (
          <Button size="xs" onClick={() => (setNotice(null), setForm({ event: null }))}>
            {t('events.new')}
          </Button>
        )}
      </Group>
      <Stack gap="xs">
        {notice && (
          <Alert color="green" role="status" data-testid="event-notice">
            <Stack gap="xs">
              <Text size="sm">{t('events.saved')}</Text>
              {next?.mode === 'create' && <Text size="sm">{t('events.taskCreated')}</Text>}
              {next?.mode === 'suggest' &&
                (scheduled ? (
                  <Text size="sm">{scheduled}</Text>
                ) : (
                  <Group>
                    <Button
                      size="xs"
                      variant="light"
                      loading={schedule.isPending}
                      onClick={() =>
                        schedule.mutate(
                          { from: notice.event },
                          {
                            onSuccess: () => setScheduled(t('events.scheduled', { type: typeName(next.typeId), date: formatDateTime(next.dueAt) })),
                          },
                        )
                      }
                    >
                      {t('events.scheduleNext', { type: typeName(next.typeId), date: formatDateTime(next.dueAt) })}
                    </Button>
                  </Group>
                ))}
              {schedule.error && <Text c="red">{schedule.error}</Text>}
            </Stack>
          </Alert>
        )}
        <ApiErrorAlert error={events.error ?? types.error ?? results.error} />
        {events.isSuccess && types.isSuccess && results.isSuccess && items.length === 0 && <Text c="dimmed">{t('events.none')}</Text>}
        {items.map((ev) => {
          const type = typeById.get(ev.typeId);
          const result = ev.resultId === null ? null : resultById.get(ev.resultId);
          return (
            <Paper key={ev.id} withBorder p="xs" data-testid="event-row">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Stack gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
                  <Group gap="xs" wrap="wrap">
                    <Dot colour={type?.colour ?? '#868e96'} />
                    <Text size="sm" c="dimmed">
                      {typeName(ev.typeId)}
                    </Text>
                    <Text size="sm">{formatDateTime(ev.startsAt)}</Text>
                    <Badge size="sm" variant="light" color={statusColour[ev.status]}>
                      {t(`events.statuses.${ev.status}`)}
                    </Badge>
                    {result && (
                      <Badge size="sm" variant="outline" color={result.success ? 'green' : 'orange'}>
                        {localName(result.names, i18n.language)}
                      </Badge>
                    )}
                  </Group>
                  <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
                    {ev.subject}
                  </Text>
                  {ev.notes && (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {ev.notes}
                    </Text>
                  )}
                </Stack>
                {can(me, 'events', 'edit') && (
                  <Group gap="xs">
                    {ev.status === 'planned' && (
                      <Button size="xs" variant="light" color="green" onClick={() => (setNotice(null), setDone(ev))}>
                        {t('events.markDone')}
                      </Button>
                    )}
                    <Button size="xs" variant="default" onClick={() => (setNotice(null), setForm({ event: ev }))}>
                      {t('common.edit')}
                    </Button>
                  </Group>
                )}
              </Group>
            </Paper>
          );
        })}
        {events.hasNextPage && (
          <Button variant="subtle" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        )}
      </Stack>
      {form && <EventForm clientId={clientId} event={form.event} types={types.data?.items ?? []} onClose={() => setForm(null)} onSaved={saved} />}
      {done && <MarkDone clientId={clientId} event={done} type={typeById.get(done.typeId)} onClose={() => setDone(null)} onSaved={saved} />}
    </Paper>
  );
}

/** A stale version: the list is reloaded (the form still says so; reopened, it has the event as it is now). */
function useRefreshOnConflict(clientId: number) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: clientEventsKey(clientId) });
    return false;
  };
}

function useResultOptions(current: number | null) {
  const { i18n } = useTranslation();
  const results = useEventResults();
  return (results.data?.items ?? [])
    .filter((r) => r.active || r.id === current)
    .map((r) => ({ value: String(r.id), label: localName(r.names, i18n.language) }));
}

type Draft = {
  typeId: string | null;
  subject: string;
  date: string;
  time: string;
  durationMin: number;
  status: string;
  resultId: string | null;
  notes: string;
};

function EventForm({
  clientId,
  event,
  types,
  onClose,
  onSaved,
}: {
  clientId: number;
  event: TEventOut | null;
  types: TEventTypeOut[];
  onClose: () => void;
  onSaved: (e: TEventOut) => void;
}) {
  const { t, i18n } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const start = event ? isoToLocal(event.startsAt) : nextHour();
  const [d, setD] = useState<Draft>({
    typeId: event ? String(event.typeId) : types.find((x) => x.active) ? String(types.find((x) => x.active)!.id) : null,
    subject: event?.subject ?? '',
    date: start.date,
    time: start.time,
    durationMin: event?.durationMin ?? 30,
    status: event?.status ?? 'planned',
    resultId: event?.resultId === null || event?.resultId === undefined ? null : String(event.resultId),
    notes: event?.notes ?? '',
  });
  const resultOptions = useResultOptions(event?.resultId ?? null);
  const type = types.find((x) => String(x.id) === d.typeId);
  const refreshOnConflict = useRefreshOnConflict(clientId);
  const save = useSave(
    [clientEventsKey(clientId)],
    (body: Record<string, unknown>) =>
      event ? api<TEventOut>('PATCH', `/api/events/${event.id}`, { version: event.version, ...body }) : api<TEventOut>('POST', '/api/events', body),
    { onConflict: refreshOnConflict },
  );
  const submit = () => {
    const startsAt = localToIso(d.date, d.time);
    if (startsAt === null) {
      save.setErrors({ startsAt: t('events.whenInvalid') });
      return;
    }
    save.mutate(
      {
        typeId: Number(d.typeId),
        subject: d.subject,
        status: d.status,
        ...(event ? {} : { clientId }),
        startsAt,
        durationMin: d.durationMin,
        resultId: d.resultId === null ? null : Number(d.resultId),
        notes: d.notes,
      },
      { onSuccess: onSaved },
    );
  };
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });
  return (
    <Modal opened onClose={onClose} title={event ? t('events.edit') : t('events.new')} fullScreen={!!phone} size="lg">
      <Stack component="form" onSubmit={(e) => (e.preventDefault(), submit())}>
        <Select
          label={t('events.type')}
          required
          allowDeselect={false}
          data={types
            .filter((x) => x.active || x.id === event?.typeId)
            .map((x) => ({ value: String(x.id), label: localName(x.names, i18n.language) }))}
          value={d.typeId}
          onChange={(v) => set({ typeId: v })}
          error={save.errors.typeId}
          comboboxProps={{ withinPortal: true }}
        />
        <TextInput
          label={t('events.subject')}
          required
          maxLength={300}
          value={d.subject}
          onChange={(e) => set({ subject: e.currentTarget.value })}
          error={save.errors.subject}
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput
            type="date"
            label={t('events.date')}
            required
            value={d.date}
            onChange={(e) => set({ date: e.currentTarget.value })}
            error={save.errors.startsAt}
          />
          <TextInput type="time" label={t('events.time')} required value={d.time} onChange={(e) => set({ time: e.currentTarget.value })} />
          <NumberInput
            label={t('events.duration')}
            min={0}
            max={100000}
            allowDecimal={false}
            allowNegative={false}
            value={d.durationMin}
            onChange={(v) => set({ durationMin: typeof v === 'number' ? v : 0 })}
            error={save.errors.durationMin}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select
            label={t('events.status')}
            allowDeselect={false}
            data={['planned', 'done', ...(event ? ['cancelled'] : [])].map((s) => ({ value: s, label: t(`events.statuses.${s}`) }))}
            value={d.status}
            onChange={(v) => set({ status: v ?? 'planned' })}
            error={save.errors.status}
          />
          <Select
            label={t('events.result')}
            placeholder={t('events.noResult')}
            clearable
            withAsterisk={d.status === 'done' && !!type?.resultRequired}
            data={resultOptions}
            value={d.resultId}
            onChange={(v) => set({ resultId: v })}
            error={save.errors.resultId}
          />
        </SimpleGrid>
        <Textarea
          label={t('events.notes')}
          autosize
          minRows={2}
          maxRows={8}
          value={d.notes}
          onChange={(e) => set({ notes: e.currentTarget.value })}
          error={save.errors.notes}
        />
        <FormFooter error={save.error} fieldErrors={save.errors} busy={save.isPending} onCancel={onClose} />
      </Stack>
    </Modal>
  );
}

function MarkDone({
  clientId,
  event,
  type,
  onClose,
  onSaved,
}: {
  clientId: number;
  event: TEventOut;
  type: TEventTypeOut | undefined;
  onClose: () => void;
  onSaved: (e: TEventOut) => void;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const [resultId, setResultId] = useState<string | null>(event.resultId === null ? null : String(event.resultId));
  const options = useResultOptions(event.resultId);
  const refreshOnConflict = useRefreshOnConflict(clientId);
  const save = useSave(
    [clientEventsKey(clientId)],
    (v: { resultId: number | null }) =>
      api<TEventOut>('PATCH', `/api/events/${event.id}`, { version: event.version, status: 'done', resultId: v.resultId }),
    { onConflict: refreshOnConflict },
  );
  return (
    <Modal opened onClose={onClose} title={t('events.markDoneTitle', { subject: event.subject })} fullScreen={!!phone}>
      <Stack
        component="form"
        onSubmit={(e) => (e.preventDefault(), save.mutate({ resultId: resultId === null ? null : Number(resultId) }, { onSuccess: onSaved }))}
      >
        <Select
          label={t('events.result')}
          placeholder={t('events.noResult')}
          clearable
          withAsterisk={!!type?.resultRequired}
          data={options}
          value={resultId}
          onChange={setResultId}
          error={save.errors.resultId}
        />
        <FormFooter
          error={save.error}
          fieldErrors={save.errors}
          busy={save.isPending}
          onCancel={onClose}
          submit={t('events.markDone')}
          submitColor="green"
        />
      </Stack>
    </Modal>
  );
}
