// The client card's tasks: the open ones first (by due time, overdue marked), the closed ones on
// demand; new, edit, done, done + next, reopen, delete as the role allows.
import { Alert, Badge, Button, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, can, type Me } from '../api.js';
import { formatDate, formatDateTime } from '../format.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { useSave } from '../shared/useSave.js';
import { inAnHour, tomorrowMorning } from '../myday/model.js';
import { SnoozeDialog } from '../myday/TaskDialogs.js';
import { myDayKey, taskSnooze } from '../myday/useMyDay.js';
import { rruleToRepeat } from './model.js';
import { ConfirmDelete } from './parts.js';
import { DoneNext, TaskForm, useRefresh } from './TaskForm.js';
import { touched, type TTaskOut, useClientTasks } from './useRecords.js';

const statusColour: Record<string, string> = { open: 'blue', done: 'green', cancelled: 'gray' };

export function ClientTasks({ clientId, me }: { clientId: number; me: Me }) {
  const { t } = useTranslation();
  const [closed, setClosed] = useState(false);
  const open = useClientTasks(clientId, 'open');
  const [form, setForm] = useState<{ task: TTaskOut | null } | null>(null);
  const [next, setNext] = useState<TTaskOut | null>(null);
  const [removing, setRemoving] = useState<TTaskOut | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const items = open.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="xs" data-testid="tasks">
      <Group justify="space-between">
        <Button size="xs" variant="subtle" onClick={() => setClosed(!closed)}>
          {closed ? t('records.tasks.hideClosed') : t('records.tasks.showClosed')}
        </Button>
        {can(me, 'tasks', 'create') && (
          <Button size="xs" onClick={() => (setNotice(null), setForm({ task: null }))}>
            {t('records.tasks.new')}
          </Button>
        )}
      </Group>
      {notice && (
        <Alert color="green" role="status" data-testid="task-notice">
          {notice}
        </Alert>
      )}
      <ApiErrorAlert error={open.error} />
      {open.isSuccess && items.length === 0 && <Text c="dimmed">{t('records.tasks.noneOpen')}</Text>}
      {items.map((task) => (
        <TaskRow
          key={task.id}
          task={task}
          me={me}
          clientId={clientId}
          onEdit={() => (setNotice(null), setForm({ task }))}
          onNext={() => (setNotice(null), setNext(task))}
          onDelete={() => setRemoving(task)}
          onNotice={setNotice}
        />
      ))}
      {open.hasNextPage && (
        <Button variant="subtle" onClick={() => void open.fetchNextPage()} loading={open.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      {closed && <ClosedTasks clientId={clientId} me={me} onDelete={setRemoving} onNotice={setNotice} />}
      {form && <TaskForm clientId={clientId} me={me} task={form.task} onClose={() => setForm(null)} />}
      {next && (
        <DoneNext
          clientId={clientId}
          task={next}
          onClose={() => setNext(null)}
          onDone={(r) => setNotice(t('records.tasks.nextCreated', { title: r.next?.title ?? '', due: formatDateTime(r.next?.dueAt) }))}
        />
      )}
      {removing && <DeleteTask clientId={clientId} task={removing} onClose={() => setRemoving(null)} />}
    </Stack>
  );
}

function ClosedTasks({
  clientId,
  me,
  onDelete,
  onNotice,
}: {
  clientId: number;
  me: Me;
  onDelete: (t: TTaskOut) => void;
  onNotice: (s: string | null) => void;
}) {
  const { t } = useTranslation();
  const closed = useClientTasks(clientId, 'closed');
  const items = (closed.data?.pages.flatMap((p) => p.items) ?? []).sort((a, b) => (b.doneAt ?? b.updatedAt).localeCompare(a.doneAt ?? a.updatedAt));
  return (
    <Stack gap="xs" data-testid="closed-tasks">
      <ApiErrorAlert error={closed.error} />
      {closed.isSuccess && items.length === 0 && <Text c="dimmed">{t('records.tasks.noneClosed')}</Text>}
      {items.map((task) => (
        <TaskRow key={task.id} task={task} me={me} clientId={clientId} onDelete={() => onDelete(task)} onNotice={onNotice} />
      ))}
      {closed.hasNextPage && (
        <Button variant="subtle" onClick={() => void closed.fetchNextPage()} loading={closed.isFetchingNextPage} data-testid="closed-more">
          {t('common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

function TaskRow({
  task,
  me,
  clientId,
  onEdit,
  onNext,
  onDelete,
  onNotice,
}: {
  task: TTaskOut;
  me: Me;
  clientId: number;
  onEdit?: () => void;
  onNext?: () => void;
  onDelete: () => void;
  onNotice: (s: string | null) => void;
}) {
  const { t } = useTranslation();
  const act = useSave(
    touched('tasks', clientId),
    (what: 'done' | 'reopen') => api('POST', `/api/tasks/${task.id}/${what}`, { version: task.version }),
    {
      onConflict: useRefresh(clientId),
    },
  );
  const keys = [...touched('tasks', clientId), myDayKey];
  const snooze = useSave(keys, (until: string) => taskSnooze(task.id, until), { onConflict: useRefresh(clientId) });
  const [picking, setPicking] = useState(false);
  const snoozed = (until: string) => onNotice(t('myDay.snoozed', { title: task.title, date: formatDateTime(until) }));
  const repeat = rruleToRepeat(task.rrule);
  const due = task.allDay ? formatDate(task.dueDate) : task.dueAt ? formatDateTime(task.dueAt) : null;
  const edit = can(me, 'tasks', 'edit');
  return (
    <Paper withBorder p="xs" data-testid="task-row" data-status={task.status}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
          <Group gap="xs" wrap="wrap">
            <Badge size="sm" variant="light" color={statusColour[task.status]}>
              {t(`records.tasks.statuses.${task.status}`)}
            </Badge>
            {task.overdue && (
              <Badge size="sm" color="red" data-testid="overdue">
                {t('records.tasks.overdue')}
              </Badge>
            )}
            {task.priority !== 'normal' && (
              <Badge size="sm" variant="outline" color={task.priority === 'high' ? 'orange' : 'gray'}>
                {t(`records.tasks.priorities.${task.priority}`)}
              </Badge>
            )}
            {repeat !== 'none' && (
              <Badge size="sm" variant="outline">
                {t(`records.tasks.repeats.${repeat}`)}
              </Badge>
            )}
            <Text size="sm" c={task.overdue ? 'red' : 'dimmed'}>
              {due ? (task.allDay ? t('records.tasks.dueAllDay', { date: due }) : t('records.tasks.dueOn', { date: due })) : t('records.tasks.noDue')}
            </Text>
          </Group>
          <Text fw={500} style={{ overflowWrap: 'anywhere' }} td={task.status === 'open' ? undefined : 'line-through'}>
            {task.title}
          </Text>
          <Text size="xs" c="dimmed">
            {t('records.responsibleName', { name: task.assigneeName })}
            {task.remindBeforeMin !== null ? ` · ${t('records.tasks.remindShort', { n: task.remindBeforeMin })}` : ''}
          </Text>
          {task.notes && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {task.notes}
            </Text>
          )}
          {task.status === 'open' && task.snoozedUntil && new Date(task.snoozedUntil) > new Date() && (
            <Text size="xs" c="dimmed" data-testid="snoozed-until">
              {t('records.tasks.snoozedUntil', { date: formatDateTime(task.snoozedUntil) })}
            </Text>
          )}
          {(act.error || snooze.error) && (
            <Text size="sm" c="red" role="alert">
              {act.error ?? snooze.error}
            </Text>
          )}
        </Stack>
        <Group gap="xs">
          {edit && task.status === 'open' && (
            <Button
              size="xs"
              variant="light"
              color="green"
              loading={act.isPending}
              onClick={() => (onNotice(null), act.mutate('done', { onSuccess: () => onNotice(t('records.tasks.doneSaved')) }))}
            >
              {t('records.tasks.markDone')}
            </Button>
          )}
          {edit && task.status === 'open' && can(me, 'tasks', 'create') && onNext && (
            <Button size="xs" variant="light" color="teal" onClick={onNext}>
              {t('records.tasks.doneNext')}
            </Button>
          )}
          {edit && task.status === 'open' && (task.dueAt || task.allDay) && (
            <Menu position="bottom-end">
              <Menu.Target>
                <Button size="xs" variant="light" color="gray" loading={snooze.isPending} data-testid="task-snooze">
                  {t('myDay.snooze')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {(['hour', 'morning'] as const).map((k) => (
                  <Menu.Item
                    key={k}
                    onClick={() => {
                      const until = k === 'hour' ? inAnHour() : tomorrowMorning();
                      onNotice(null);
                      snooze.mutate(until, { onSuccess: () => snoozed(until) });
                    }}
                  >
                    {t(k === 'hour' ? 'myDay.snoozeHour' : 'myDay.snoozeMorning')}
                  </Menu.Item>
                ))}
                <Menu.Item onClick={() => (onNotice(null), setPicking(true))}>{t('myDay.snoozePick')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
          {picking && (
            <SnoozeDialog item={task} keys={keys} onClose={() => setPicking(false)} onDone={(until) => (setPicking(false), snoozed(until))} />
          )}
          {edit && task.status !== 'open' && (
            <Button size="xs" variant="light" loading={act.isPending} onClick={() => (onNotice(null), act.mutate('reopen'))}>
              {t('records.tasks.reopen')}
            </Button>
          )}
          {edit && task.status === 'open' && onEdit && (
            <Button size="xs" variant="default" onClick={onEdit}>
              {t('common.edit')}
            </Button>
          )}
          {can(me, 'tasks', 'delete') && (
            <Button size="xs" variant="subtle" color="red" onClick={onDelete}>
              {t('records.delete')}
            </Button>
          )}
        </Group>
      </Group>
    </Paper>
  );
}

function DeleteTask({ clientId, task, onClose }: { clientId: number; task: TTaskOut; onClose: () => void }) {
  const { t } = useTranslation();
  const del = useSave(touched('tasks', clientId), () => api('DELETE', `/api/tasks/${task.id}`));
  return (
    <ConfirmDelete
      text={t('records.tasks.deleteConfirm', { title: task.title })}
      busy={del.isPending}
      error={del.error}
      onConfirm={() => del.mutate(undefined, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}
