// The form of a reminder rule (Settings → Reminders): what it reminds of, the date field (a client
// custom field of type date), how many days before (or months after the last purchase), at what
// local time, and to whom. The server's refusals show under their fields.
import { Modal, NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import type { TReminderRuleIn, TReminderRuleOut } from '../../server/modules/reminders/reminders.schemas.js';
import { useCustomFields, useUsers } from '../shared/queries.js';
import { useSave } from '../shared/useSave.js';
import { FormFooter } from '../shared/FormFooter.js';

export const ruleKinds = ['birthday', 'contract_end', 'custom_date', 'after_last_purchase'] as const;
type Kind = (typeof ruleKinds)[number];

export function ReminderRuleForm({ rule, onClose }: { rule: TReminderRuleOut | null; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const fields = useCustomFields();
  const users = useUsers();
  const [kind, setKind] = useState<Kind>((rule?.kind as Kind) ?? 'birthday');
  const [field, setField] = useState<string | null>(rule?.field ?? null);
  const [daysBefore, setDaysBefore] = useState<number | string>(rule?.daysBefore ?? 0);
  const [monthsAfter, setMonthsAfter] = useState<number | string>(rule?.monthsAfter ?? 6);
  const [atTime, setAtTime] = useState(rule?.atTime ?? '09:00');
  const [recipient, setRecipient] = useState<'manager' | 'user'>((rule?.recipient as 'manager') ?? 'manager');
  const [recipientId, setRecipientId] = useState<string | null>(rule?.recipientId ? String(rule.recipientId) : null);
  const [active, setActive] = useState(rule?.active ?? true);
  const dateFields = (fields.data?.items ?? []).filter((f) => f.type === 'date');
  const body = (): TReminderRuleIn => ({
    kind,
    field: kind === 'custom_date' ? field : null,
    daysBefore: typeof daysBefore === 'number' ? daysBefore : Number(daysBefore) || 0,
    monthsAfter: kind === 'after_last_purchase' ? (typeof monthsAfter === 'number' ? monthsAfter : Number(monthsAfter) || 0) : null,
    atTime: atTime.slice(0, 5),
    recipient,
    recipientId: recipient === 'user' && recipientId ? Number(recipientId) : null,
    active,
  });
  const save = useSave([['reminder-rules']], () =>
    rule ? api('PATCH', `/api/reminder-rules/${rule.id}`, { ...body(), version: rule.version }) : api('POST', '/api/reminder-rules', body()),
  );
  const fieldError = (k: string) => save.errors[k];
  const shownElsewhere = ['kind', 'field', 'daysBefore', 'monthsAfter', 'atTime', 'recipient', 'recipientId'];
  return (
    <Modal opened onClose={onClose} title={rule ? t('reminders.editRule') : t('reminders.newRule')} fullScreen={phone}>
      <Stack component="form" gap="sm" onSubmit={(e) => (e.preventDefault(), save.mutate(undefined, { onSuccess: onClose }))}>
        <Select
          label={t('reminders.kind')}
          data={ruleKinds.map((k) => ({ value: k, label: t(`reminders.kinds.${k}`) }))}
          value={kind}
          onChange={(v) => v && setKind(v as Kind)}
          allowDeselect={false}
          error={fieldError('kind')}
        />
        {kind === 'custom_date' && (
          <Select
            label={t('reminders.field')}
            data={dateFields.map((f) => ({ value: f.key, label: f.label }))}
            value={field}
            onChange={setField}
            error={fieldError('field') ?? (fields.isSuccess && dateFields.length === 0 ? t('reminders.noDateFields') : undefined)}
          />
        )}
        {kind === 'after_last_purchase' && (
          <NumberInput
            label={t('reminders.monthsAfter')}
            min={1}
            max={120}
            value={monthsAfter}
            onChange={setMonthsAfter}
            error={fieldError('monthsAfter')}
          />
        )}
        <NumberInput
          label={t('reminders.daysBefore')}
          min={0}
          max={365}
          value={daysBefore}
          onChange={setDaysBefore}
          error={fieldError('daysBefore')}
        />
        <TextInput
          type="time"
          label={t('reminders.atTime')}
          value={atTime}
          onChange={(e) => setAtTime(e.currentTarget.value)}
          error={fieldError('atTime')}
        />
        <Select
          label={t('reminders.recipient')}
          data={(['manager', 'user'] as const).map((r) => ({ value: r, label: t(`reminders.recipients.${r}`) }))}
          value={recipient}
          onChange={(v) => v && setRecipient(v as 'manager' | 'user')}
          allowDeselect={false}
          error={fieldError('recipient')}
        />
        {recipient === 'user' && (
          <Select
            label={t('reminders.recipientId')}
            data={(users.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: String(u.id), label: u.name }))}
            value={recipientId}
            onChange={setRecipientId}
            searchable
            error={fieldError('recipientId')}
          />
        )}
        <Switch label={t('reminders.active')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        <FormFooter
          error={save.error}
          fieldErrors={Object.fromEntries(shownElsewhere.filter((k) => save.errors[k]).map((k) => [k, save.errors[k]!]))}
          busy={save.isPending}
          onCancel={onClose}
        />
      </Stack>
    </Modal>
  );
}
