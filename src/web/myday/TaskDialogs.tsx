import type { QueryKey } from '@tanstack/react-query';
// The dialogs of My day's task actions: "Done + next" (the next task's title and due time) and
// "Snooze" to a picked date and time. Server refusals show under the field they name.
import { Alert, Button, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localToIso } from '../events/model.js';
import { useSave } from '../shared/useSave.js';
import { nextDefault, pickDefault } from './model.js';
import { myDayKey, type TDayItem, taskDone, taskSnooze } from './useMyDay.js';

function When({
  date,
  time,
  error,
  onChange,
}: {
  date: string;
  time: string;
  error?: string;
  onChange: (v: { date: string; time: string }) => void;
}) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }}>
      <TextInput
        type="date"
        label={t('myDay.date')}
        required
        value={date}
        onChange={(e) => onChange({ date: e.currentTarget.value, time })}
        error={error}
      />
      <TextInput type="time" label={t('myDay.time')} required value={time} onChange={(e) => onChange({ date, time: e.currentTarget.value })} />
    </SimpleGrid>
  );
}

function Footer({ onClose, busy, label }: { onClose: () => void; busy: boolean; label: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onClose}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={busy}>
        {label}
      </Button>
    </Group>
  );
}

export function DoneNextDialog({ item, onClose, onDone }: { item: TDayItem; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const [title, setTitle] = useState(item.title);
  const [when, setWhen] = useState(() => nextDefault(item.at));
  const save = useSave([myDayKey], (v: { title: string; dueAt: string }) => taskDone(item.id, v));
  const submit = () => {
    const dueAt = localToIso(when.date, when.time);
    if (dueAt === null) return save.setErrors({ 'next.dueAt': t('myDay.whenInvalid') });
    save.mutate({ title: title.trim(), dueAt }, { onSuccess: (r) => onDone(t('myDay.nextCreated', { title: r.next?.title ?? title })) });
  };
  const fieldError = save.errors['next.dueAt'] ?? save.errors.dueAt;
  return (
    <Modal opened onClose={onClose} title={t('myDay.nextTitle', { title: item.title })} fullScreen={!!phone}>
      <Stack component="form" onSubmit={(e) => (e.preventDefault(), submit())}>
        <TextInput
          label={t('myDay.nextTaskTitle')}
          required
          maxLength={300}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={save.errors['next.title'] ?? save.errors.title}
          data-autofocus
        />
        <When date={when.date} time={when.time} error={fieldError} onChange={setWhen} />
        {save.error && !Object.keys(save.errors).length && (
          <Alert color="red" role="alert">
            {save.error}
          </Alert>
        )}
        <Footer onClose={onClose} busy={save.isPending} label={t('myDay.doneNext')} />
      </Stack>
    </Modal>
  );
}

/** `keys`: the queries a snooze refreshes (My day's by default; the client card passes its own). */
export function SnoozeDialog({
  item,
  onClose,
  onDone,
  keys = [myDayKey],
}: {
  item: Pick<TDayItem, 'id' | 'title'>;
  onClose: () => void;
  onDone: (until: string) => void;
  keys?: QueryKey[];
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const [when, setWhen] = useState(() => pickDefault());
  const save = useSave(keys, (until: string) => taskSnooze(item.id, until));
  const submit = () => {
    const until = localToIso(when.date, when.time);
    if (until === null) return save.setErrors({ until: t('myDay.whenInvalid') });
    save.mutate(until, { onSuccess: () => onDone(until) });
  };
  return (
    <Modal opened onClose={onClose} title={t('myDay.snoozeTitle', { title: item.title })} fullScreen={!!phone}>
      <Stack component="form" onSubmit={(e) => (e.preventDefault(), submit())}>
        <When date={when.date} time={when.time} error={save.errors.until} onChange={setWhen} />
        {save.error && !Object.keys(save.errors).length && (
          <Alert color="red" role="alert">
            {save.error}
          </Alert>
        )}
        <Footer onClose={onClose} busy={save.isPending} label={t('myDay.snooze')} />
      </Stack>
    </Modal>
  );
}
