// The task form of the client card (new or changed task: title, due time or a whole day,
// responsible, reminder, repeat) and "Done + next" (close it and schedule the next one at once).
import { NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Me } from '../api.js';
import { isoToLocal, localToIso, nextHour } from '../events/model.js';
import { useSave } from '../shared/useSave.js';
import { type DueMode, dueBody, type Repeat, repeats, repeatToRrule, rruleToRepeat } from './model.js';
import { FormModal, useOwnerOptions } from './parts.js';
import { recordsKey, touched, type TTaskDoneOut, type TTaskOut } from './useRecords.js';
import { FormFooter } from '../shared/FormFooter.js';

type Draft = {
  title: string;
  notes: string;
  due: DueMode;
  date: string;
  time: string;
  assigneeId: string;
  priority: string;
  remind: number | '';
  repeat: Repeat | 'custom';
};

function initial(task: TTaskOut | null, me: Me): Draft {
  const at = task?.dueAt ? isoToLocal(task.dueAt) : nextHour();
  return {
    title: task?.title ?? '',
    notes: task?.notes ?? '',
    due: !task ? 'time' : task.allDay ? 'allDay' : task.dueAt ? 'time' : 'none',
    date: task?.allDay && task.dueDate ? task.dueDate : at.date,
    time: at.time,
    assigneeId: String(task?.assigneeId ?? me.user.id),
    priority: task?.priority ?? 'normal',
    remind: task?.remindBeforeMin ?? '',
    repeat: rruleToRepeat(task?.rrule ?? null),
  };
}

/** A stale version: the lists are reloaded and the form says so. */
export function useRefresh(clientId: number) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: recordsKey('tasks', clientId) });
    return false;
  };
}

export function TaskForm({ clientId, me, task, onClose }: { clientId: number; me: Me; task: TTaskOut | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [d, setD] = useState<Draft>(() => initial(task, me));
  const set = (p: Partial<Draft>) => setD({ ...d, ...p });
  const owners = useOwnerOptions(me, task ? { id: task.assigneeId, name: task.assigneeName } : null);
  const save = useSave(
    touched('tasks', clientId),
    (body: Record<string, unknown>) =>
      task ? api<TTaskOut>('PATCH', `/api/tasks/${task.id}`, { version: task.version, ...body }) : api<TTaskOut>('POST', '/api/tasks', body),
    { onConflict: useRefresh(clientId) },
  );
  const submit = () => {
    const due = dueBody(d.due, d.date, d.time, localToIso);
    if (!due.ok) {
      save.setErrors({ dueAt: t('records.tasks.dueInvalid') });
      return;
    }
    save.mutate(
      {
        title: d.title,
        notes: d.notes,
        ...due.body,
        ...(task ? {} : { clientId }),
        assigneeId: Number(d.assigneeId),
        priority: d.priority,
        remindBeforeMin: d.remind === '' ? null : d.remind,
        // a rule made elsewhere that the form cannot show is kept as it is
        ...(d.repeat === 'custom' ? {} : { rrule: repeatToRrule(d.repeat) }),
      },
      { onSuccess: onClose },
    );
  };
  const e = save.errors;
  return (
    <FormModal title={task ? t('records.tasks.edit') : t('records.tasks.new')} onClose={onClose}>
      <Stack component="form" onSubmit={(ev) => (ev.preventDefault(), submit())}>
        <TextInput
          label={t('records.tasks.taskTitle')}
          required
          maxLength={300}
          value={d.title}
          onChange={(ev) => set({ title: ev.currentTarget.value })}
          error={e.title}
          data-autofocus
        />
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('records.tasks.due')}
          </Text>
          <SegmentedControl
            fullWidth
            value={d.due}
            onChange={(v) => set({ due: v as DueMode })}
            data={(['time', 'allDay', 'none'] as const).map((m) => ({ value: m, label: t(`records.tasks.dueModes.${m}`) }))}
          />
        </div>
        {d.due !== 'none' && (
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              type="date"
              label={t('records.tasks.date')}
              required
              value={d.date}
              onChange={(ev) => set({ date: ev.currentTarget.value })}
              error={e.dueAt ?? e.dueDate}
            />
            {d.due === 'time' && (
              <TextInput
                type="time"
                label={t('records.tasks.time')}
                required
                value={d.time}
                onChange={(ev) => set({ time: ev.currentTarget.value })}
              />
            )}
          </SimpleGrid>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select
            label={t('records.responsible')}
            allowDeselect={false}
            data={owners}
            value={d.assigneeId}
            onChange={(v) => v && set({ assigneeId: v })}
            error={e.assigneeId}
          />
          <Select
            label={t('records.tasks.priority')}
            allowDeselect={false}
            data={['low', 'normal', 'high'].map((p) => ({ value: p, label: t(`records.tasks.priorities.${p}`) }))}
            value={d.priority}
            onChange={(v) => v && set({ priority: v })}
            error={e.priority}
          />
          <NumberInput
            label={t('records.tasks.remind')}
            placeholder={t('records.tasks.noReminder')}
            min={0}
            max={40320}
            allowDecimal={false}
            allowNegative={false}
            value={d.remind}
            onChange={(v) => set({ remind: typeof v === 'number' ? v : '' })}
            error={e.remindBeforeMin}
          />
          <Select
            label={t('records.tasks.repeat')}
            allowDeselect={false}
            data={[...repeats, ...(d.repeat === 'custom' ? ['custom' as const] : [])].map((r) => ({
              value: r,
              label: t(`records.tasks.repeats.${r}`),
            }))}
            value={d.repeat}
            onChange={(v) => v && set({ repeat: v as Repeat })}
            error={e.rrule}
          />
        </SimpleGrid>
        <Textarea
          label={t('records.notes')}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={20000}
          value={d.notes}
          onChange={(ev) => set({ notes: ev.currentTarget.value })}
          error={e.notes}
        />
        <FormFooter error={save.error} fieldErrors={e} busy={save.isPending} onCancel={onClose} />
      </Stack>
    </FormModal>
  );
}

/** Close the task and, in the same step, schedule the next one (title and due time; the rest is copied by the server). */
export function DoneNext({
  clientId,
  task,
  onClose,
  onDone,
}: {
  clientId: number;
  task: TTaskOut;
  onClose: () => void;
  onDone: (r: TTaskDoneOut) => void;
}) {
  const { t } = useTranslation();
  const start = nextHour(new Date(Date.now() + 86_400_000));
  const [title, setTitle] = useState(task.title);
  const [date, setDate] = useState(start.date);
  const [time, setTime] = useState(start.time);
  const save = useSave(
    touched('tasks', clientId),
    (next: { title: string; dueAt: string }) => api<TTaskDoneOut>('POST', `/api/tasks/${task.id}/done`, { version: task.version, next }),
    { onConflict: useRefresh(clientId) },
  );
  const submit = () => {
    const dueAt = localToIso(date, time);
    if (dueAt === null) {
      save.setErrors({ 'next.dueAt': t('records.tasks.dueInvalid') });
      return;
    }
    save.mutate({ title, dueAt }, { onSuccess: (r) => (onDone(r), onClose()) });
  };
  return (
    <FormModal title={t('records.tasks.doneNextTitle', { title: task.title })} onClose={onClose}>
      <Stack component="form" onSubmit={(ev) => (ev.preventDefault(), submit())}>
        <TextInput
          label={t('records.tasks.nextTitle')}
          required
          maxLength={300}
          value={title}
          onChange={(ev) => setTitle(ev.currentTarget.value)}
          error={save.errors['next.title']}
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            type="date"
            label={t('records.tasks.date')}
            required
            value={date}
            onChange={(ev) => setDate(ev.currentTarget.value)}
            error={save.errors['next.dueAt']}
          />
          <TextInput type="time" label={t('records.tasks.time')} required value={time} onChange={(ev) => setTime(ev.currentTarget.value)} />
        </SimpleGrid>
        <FormFooter error={save.error} fieldErrors={save.errors} busy={save.isPending} onCancel={onClose} submit={t('records.tasks.doneNext')} />
      </Stack>
    </FormModal>
  );
}
