// One item of My day: when, what, the client (a link to the card when the user may open it), and
// the quick actions the role allows: a task done, done with the next one, snoozed; a promise kept
// or broken; open the client.
import { Anchor, Badge, Button, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, type Me } from '../api.js';
import { formatDate, formatDateTime } from '../format.js';
import type { TDayItem } from './useMyDay.js';

export type RowAction =
  | { kind: 'done' }
  | { kind: 'doneNext' }
  | { kind: 'snoozeHour' }
  | { kind: 'snoozeMorning' }
  | { kind: 'snoozePick' }
  | { kind: 'kept' }
  | { kind: 'broken' };

const kindColour: Record<string, string> = { task: 'blue', event: 'grape', promise: 'orange', birthday: 'pink', contract_end: 'teal' };

function when(item: TDayItem, section: string, lang: string): string {
  if (!item.at) return formatDate(item.day);
  if (section === 'today') return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }).format(new Date(item.at));
  return formatDateTime(item.at);
}

export function DayRow({
  item,
  section,
  me,
  showOwner,
  busy,
  onAction,
}: {
  item: TDayItem;
  section: 'overdue' | 'today' | 'next7';
  me: Me;
  showOwner: boolean;
  busy: boolean;
  onAction: (a: RowAction) => void;
}) {
  const { t, i18n } = useTranslation();
  const taskEdit = item.kind === 'task' && can(me, 'tasks', 'edit');
  const taskNext = taskEdit && can(me, 'tasks', 'create');
  const promiseEdit = item.kind === 'promise' && can(me, 'promises', 'edit');
  const client = item.client;
  return (
    <Paper withBorder p="xs" data-testid="day-item" data-kind={item.kind} data-id={item.id}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 220px' }}>
          <Group gap="xs" wrap="wrap">
            <Badge size="sm" variant="light" color={kindColour[item.kind]}>
              {t(`myDay.kinds.${item.kind}`)}
            </Badge>
            <Text size="sm" c={item.late ? 'red' : undefined} fw={item.late ? 600 : undefined}>
              {when(item, section, i18n.language)}
            </Text>
            {item.late && section === 'today' && (
              <Badge size="sm" color="red" variant="outline">
                {t('myDay.late')}
              </Badge>
            )}
            {item.priority === 'high' && (
              <Badge size="sm" color="red" variant="light">
                {t('myDay.priorities.high')}
              </Badge>
            )}
            {item.durationMin ? (
              <Text size="sm" c="dimmed">
                {t('myDay.minutes', { n: item.durationMin })}
              </Text>
            ) : null}
          </Group>
          <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
            {item.title}
            {item.kind === 'birthday' && item.years ? ` — ${t('myDay.years', { count: item.years })}` : ''}
          </Text>
          <Group gap="xs" wrap="wrap">
            {client ? (
              client.visible ? (
                <Anchor component={Link} to={`/clients/${client.id}`} size="sm" data-testid="day-client" style={{ overflowWrap: 'anywhere' }}>
                  {client.name}
                </Anchor>
              ) : (
                <Text size="sm" c="dimmed">
                  {client.name}
                </Text>
              )
            ) : item.kind !== 'birthday' ? (
              <Text size="sm" c="dimmed">
                {t('myDay.noClient')}
              </Text>
            ) : null}
            {showOwner && item.ownerName && (
              <Text size="sm" c="dimmed">
                {t('myDay.owner', { name: item.ownerName })}
              </Text>
            )}
          </Group>
        </Stack>
        <Group gap={6} wrap="wrap">
          {taskEdit && (
            <Button size="xs" color="green" variant="light" loading={busy} onClick={() => onAction({ kind: 'done' })}>
              {t('myDay.done')}
            </Button>
          )}
          {taskNext && (
            <Button size="xs" variant="light" disabled={busy} onClick={() => onAction({ kind: 'doneNext' })}>
              {t('myDay.doneNext')}
            </Button>
          )}
          {taskEdit && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button size="xs" variant="default" disabled={busy}>
                  {t('myDay.snooze')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => onAction({ kind: 'snoozeHour' })}>{t('myDay.snoozeHour')}</Menu.Item>
                <Menu.Item onClick={() => onAction({ kind: 'snoozeMorning' })}>{t('myDay.snoozeMorning')}</Menu.Item>
                <Menu.Item onClick={() => onAction({ kind: 'snoozePick' })}>{t('myDay.snoozePick')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
          {promiseEdit && (
            <>
              <Button size="xs" color="green" variant="light" loading={busy} onClick={() => onAction({ kind: 'kept' })}>
                {t('myDay.kept')}
              </Button>
              <Button size="xs" color="orange" variant="light" disabled={busy} onClick={() => onAction({ kind: 'broken' })}>
                {t('myDay.broken')}
              </Button>
            </>
          )}
          {client?.visible && (
            <Button size="xs" variant="subtle" component={Link} to={`/clients/${client.id}`}>
              {t('myDay.openClient')}
            </Button>
          )}
        </Group>
      </Group>
    </Paper>
  );
}
