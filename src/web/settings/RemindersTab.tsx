// Settings → Reminders (administrators): the reminder rules on client dates (docs/crm-reminders.md)
// and the health of the scheduler that delivers every reminder.
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { formatDateTime } from '../format.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import type { TReminderRuleOut, TSchedulerHealth } from '../../server/modules/reminders/reminders.schemas.js';
import { useCustomFields, useUsers } from '../shared/queries.js';
import { useSave } from '../shared/useSave.js';
import { ReminderRuleForm } from './ReminderRuleForm.js';

export function RemindersTab() {
  const { t } = useTranslation();
  const rules = useQuery({ queryKey: ['reminder-rules'], queryFn: () => api<{ items: TReminderRuleOut[] }>('GET', '/api/reminder-rules') });
  const users = useUsers();
  const fields = useCustomFields();
  const [form, setForm] = useState<{ rule: TReminderRuleOut | null } | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const remove = useSave([['reminder-rules']], (id: number) => api('DELETE', `/api/reminder-rules/${id}`));
  const userName = (id: number | null) => users.data?.items.find((u) => u.id === id)?.name ?? '';
  const fieldName = (key: string | null) => fields.data?.items.find((f) => f.key === key)?.label ?? key ?? '';
  const items = rules.data?.items ?? [];
  return (
    <Stack maw={1000}>
      <SchedulerHealth />
      <Group justify="space-between">
        <Title order={4}>{t('reminders.rules')}</Title>
        <Button size="xs" onClick={() => setForm({ rule: null })}>
          {t('reminders.add')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('reminders.intro')}
      </Text>
      <ApiErrorAlert error={rules.error} />
      {remove.error && <Alert color="red">{remove.error}</Alert>}
      {rules.isSuccess && items.length === 0 && <Text c="dimmed">{t('reminders.none')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table data-testid="reminder-rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reminders.kind')}</Table.Th>
                <Table.Th>{t('reminders.daysBefore')}</Table.Th>
                <Table.Th>{t('reminders.atTime')}</Table.Th>
                <Table.Th>{t('reminders.recipient')}</Table.Th>
                <Table.Th>{t('reminders.state')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-testid="reminder-rule">
                  <Table.Td>
                    {t(`reminders.kinds.${r.kind as 'birthday'}`)}
                    {r.kind === 'custom_date' && `: ${fieldName(r.field)}`}
                    {r.kind === 'after_last_purchase' && ` (${t('reminders.monthsAfter')}: ${r.monthsAfter})`}
                  </Table.Td>
                  <Table.Td>{r.daysBefore}</Table.Td>
                  <Table.Td>{r.atTime}</Table.Td>
                  <Table.Td>{r.recipient === 'user' ? userName(r.recipientId) : t('reminders.recipients.manager')}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={r.active ? 'green' : 'gray'}>
                      {r.active ? t('reminders.active') : t('reminders.inactive')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {confirming === r.id ? (
                      <Group gap="xs" wrap="nowrap" justify="flex-end">
                        <Text size="xs">{t('reminders.removeConfirm')}</Text>
                        <Button
                          size="xs"
                          color="red"
                          loading={remove.isPending}
                          onClick={() => remove.mutate(r.id, { onSettled: () => setConfirming(null) })}
                        >
                          {t('common.confirm')}
                        </Button>
                        <Button size="xs" variant="default" onClick={() => setConfirming(null)}>
                          {t('common.cancel')}
                        </Button>
                      </Group>
                    ) : (
                      <Group gap="xs" wrap="nowrap" justify="flex-end">
                        <Button size="xs" variant="default" onClick={() => setForm({ rule: r })}>
                          {t('common.edit')}
                        </Button>
                        <Button size="xs" variant="light" color="red" onClick={() => setConfirming(r.id)}>
                          {t('reminders.remove')}
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {form && <ReminderRuleForm rule={form.rule} onClose={() => setForm(null)} />}
    </Stack>
  );
}

function SchedulerHealth() {
  const { t } = useTranslation();
  const h = useQuery({ queryKey: ['scheduler'], queryFn: () => api<TSchedulerHealth>('GET', '/api/scheduler'), refetchInterval: 30_000 });
  const s = h.data;
  const when = (iso: string | null) => (iso ? formatDateTime(iso) : t('reminders.never'));
  return (
    <Paper withBorder p="md" data-testid="scheduler-health">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={4}>{t('reminders.scheduler')}</Title>
        {s && (
          <Badge color={!s.enabled ? 'gray' : s.failing ? 'red' : 'green'} data-testid="scheduler-state">
            {!s.enabled ? t('reminders.off') : s.failing ? t('reminders.failing') : t('reminders.ok')}
          </Badge>
        )}
      </Group>
      <ApiErrorAlert error={h.error} />
      {s && (
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="xs">
            <Fact label={t('reminders.lastRun')} value={when(s.lastRunAt)} />
            <Fact label={t('reminders.lastOk')} value={when(s.lastOkAt)} />
            <Fact label={t('reminders.runs')} value={String(s.runs)} />
            <Fact label={t('reminders.failures')} value={String(s.failures)} />
            <Fact label={t('reminders.delivered')} value={String(s.delivered)} />
            <Fact label={t('reminders.interval', { seconds: Math.round(s.intervalMs / 1000) })} value="" />
          </SimpleGrid>
          {s.lastError && (
            <Alert color={s.failing ? 'red' : 'orange'} title={`${t('reminders.lastError')}: ${when(s.lastErrorAt)}`}>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {s.lastError}
              </Text>
            </Alert>
          )}
        </Stack>
      )}
    </Paper>
  );
}

const Fact = ({ label, value }: { label: string; value: string }) => (
  <Text size="sm">
    <Text span c="dimmed">
      {label}
      {value && ': '}
    </Text>
    {value}
  </Text>
);
