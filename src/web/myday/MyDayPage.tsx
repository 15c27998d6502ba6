// My day (issue 15): overdue, today's and the next 7 days' tasks, events, promises, birthdays and
// contract ends of the user (or, for a head, of the department), each with its client and the
// quick actions the role allows. docs/crm-planning.md ("Web").
import { Alert, Badge, Button, CloseButton, Group, Loader, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api.js';
import { formatDate, formatDateTime } from '../format.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { useSave } from '../shared/useSave.js';
import { DayRow, type RowAction } from './DayRow.js';
import { inAnHour, tomorrowMorning } from './model.js';
import { DoneNextDialog, SnoozeDialog } from './TaskDialogs.js';
import { myDayKey, promiseClose, type TDayItem, taskDone, taskSnooze, useMyDay } from './useMyDay.js';

const sections = ['overdue', 'today', 'next7'] as const;
type Quick = { item: TDayItem; action: RowAction };

export function MyDayPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [department, setDepartment] = useState(false);
  const day = useMyDay(department);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ item: TDayItem; kind: 'doneNext' | 'snoozePick' } | null>(null);
  const quick = useSave([myDayKey], async ({ item, action }: Quick) => {
    switch (action.kind) {
      case 'done':
        await taskDone(item.id);
        return t('myDay.markedDone', { title: item.title });
      case 'snoozeHour':
      case 'snoozeMorning': {
        const until = action.kind === 'snoozeHour' ? inAnHour() : tomorrowMorning();
        await taskSnooze(item.id, until);
        return t('myDay.snoozed', { title: item.title, date: formatDateTime(until) });
      }
      case 'kept':
      case 'broken':
        await promiseClose(item.id, action.kind);
        return t('myDay.closed', { title: item.title });
      default:
        return '';
    }
  });
  const act = (item: TDayItem, action: RowAction) => {
    setNotice(null);
    if (action.kind === 'doneNext' || action.kind === 'snoozePick') setDialog({ item, kind: action.kind });
    else quick.mutate({ item, action }, { onSuccess: (m) => setNotice(m) });
  };
  const busyKey = quick.isPending && quick.variables ? `${quick.variables.item.kind}:${quick.variables.item.id}` : null;
  // a head (department scope) or an administrator who belongs to a department
  const canSeeDepartment = me.role.scope !== 'own' && me.user.departmentId !== null;

  return (
    <Stack gap="md" data-testid="my-day">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={0}>
          <Title order={2}>{t('myDay.title')}</Title>
          {day.data && (
            <Text c="dimmed" size="sm">
              {t('myDay.today', { date: formatDate(day.data.date) })}
            </Text>
          )}
        </Stack>
        <Group gap="xs" wrap="wrap">
          {canSeeDepartment && (
            <SegmentedControl
              size="xs"
              aria-label={t('myDay.whose')}
              value={department ? 'department' : 'mine'}
              onChange={(v) => setDepartment(v === 'department')}
              data={[
                { value: 'mine', label: t('myDay.mine') },
                { value: 'department', label: t('myDay.department') },
              ]}
            />
          )}
          <Button size="xs" variant="default" onClick={() => void day.refetch()} loading={day.isFetching}>
            {t('myDay.refresh')}
          </Button>
        </Group>
      </Group>
      {notice && (
        <Alert color="green" role="status" data-testid="day-notice">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {notice}
            </Text>
            <CloseButton size="sm" aria-label={t('common.close')} onClick={() => setNotice(null)} />
          </Group>
        </Alert>
      )}
      {quick.error && (
        <Alert color="red" role="alert">
          {quick.error}
        </Alert>
      )}
      {day.isLoading && <Loader />}
      {day.isError && (
        <Stack gap="xs">
          <Text c="red">{t('myDay.failed')}</Text>
          <ApiErrorAlert error={day.error} />
        </Stack>
      )}
      {day.data &&
        sections.map((s) => {
          const sec = day.data[s];
          return (
            <Stack key={s} gap="xs" component="section" data-testid={`day-${s}`} aria-labelledby={`day-${s}-title`}>
              <Group gap="xs">
                <Title order={4} id={`day-${s}-title`} c={s === 'overdue' && sec.count > 0 ? 'red' : undefined}>
                  {t(`myDay.sections.${s}`)}
                </Title>
                <Badge variant="light" color={s === 'overdue' && sec.count > 0 ? 'red' : 'gray'} data-testid={`day-${s}-count`}>
                  {sec.count}
                </Badge>
              </Group>
              {sec.items.length === 0 && (
                <Text c="dimmed" size="sm">
                  {t(`myDay.empty.${s}`)}
                </Text>
              )}
              {sec.items.map((item) => (
                <DayRow
                  key={`${item.kind}:${item.id}`}
                  item={item}
                  section={s}
                  me={me}
                  showOwner={department}
                  busy={busyKey === `${item.kind}:${item.id}`}
                  onAction={(a) => act(item, a)}
                />
              ))}
              {sec.count > sec.items.length && (
                <Text c="dimmed" size="sm">
                  {t('myDay.more', { shown: sec.items.length, count: sec.count })}
                </Text>
              )}
            </Stack>
          );
        })}
      {dialog?.kind === 'doneNext' && (
        <DoneNextDialog item={dialog.item} onClose={() => setDialog(null)} onDone={(m) => (setDialog(null), setNotice(m))} />
      )}
      {dialog?.kind === 'snoozePick' && (
        <SnoozeDialog
          item={dialog.item}
          onClose={() => setDialog(null)}
          onDone={(until) => (setDialog(null), setNotice(t('myDay.snoozed', { title: dialog.item.title, date: formatDateTime(until) })))}
        />
      )}
    </Stack>
  );
}

export default MyDayPage;
