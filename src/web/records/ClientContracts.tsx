// The client card's contracts: number and title, status, dates, the exact amount with its currency,
// the reminder ahead of the end; new, edit and delete as the role allows.
import { Badge, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, can, type Me } from '../api.js';
import { useCurrencies, useFirmSettings } from '../catalog/useCatalog.js';
import { formatDate, money } from '../format.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { parseAmount, toApi } from '../money.js';
import { useSave } from '../shared/useSave.js';
import { ConfirmDelete, FormModal, useOwnerOptions } from './parts.js';
import { touched, type TContractOut, useClientContracts } from './useRecords.js';
import { FormFooter } from '../shared/FormFooter.js';

const statuses = ['draft', 'active', 'closed', 'cancelled'] as const;
const statusColour: Record<string, string> = { draft: 'gray', active: 'green', closed: 'blue', cancelled: 'red' };

export function ClientContracts({ clientId, me }: { clientId: number; me: Me }) {
  const { t } = useTranslation();
  const list = useClientContracts(clientId);
  const [form, setForm] = useState<{ contract: TContractOut | null } | null>(null);
  const [removing, setRemoving] = useState<TContractOut | null>(null);
  const del = useSave(touched('contracts', clientId), (k: TContractOut) => api('DELETE', `/api/contracts/${k.id}`));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="xs" data-testid="contracts">
      {can(me, 'contracts', 'create') && (
        <Group justify="flex-end">
          <Button size="xs" onClick={() => setForm({ contract: null })}>
            {t('records.contracts.new')}
          </Button>
        </Group>
      )}
      <ApiErrorAlert error={list.error} />
      {list.isSuccess && items.length === 0 && <Text c="dimmed">{t('records.contracts.none')}</Text>}
      {items.map((k) => (
        <Paper key={k.id} withBorder p="xs" data-testid="contract-row">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Stack gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
              <Group gap="xs" wrap="wrap">
                <Badge size="sm" variant="light" color={statusColour[k.status]}>
                  {t(`records.contracts.statuses.${k.status}`)}
                </Badge>
                <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
                  {t('records.contracts.numbered', { number: k.number })}
                  {k.title ? ` · ${k.title}` : ''}
                </Text>
              </Group>
              <Text size="sm" c="dimmed">
                {[
                  k.signedOn && t('records.contracts.signed', { date: formatDate(k.signedOn) }),
                  (k.startsOn || k.endsOn) && `${formatDate(k.startsOn) || '…'} – ${formatDate(k.endsOn) || '…'}`,
                  k.amount !== null && money(k.amount, k.currency ?? undefined),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
              {k.responsibleName && (
                <Text size="xs" c="dimmed">
                  {t('records.responsibleName', { name: k.responsibleName })}
                  {k.remindDaysBefore !== null && k.endsOn ? ` · ${t('records.contracts.remindShort', { n: k.remindDaysBefore })}` : ''}
                </Text>
              )}
              {k.notes && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {k.notes}
                </Text>
              )}
            </Stack>
            <Group gap="xs">
              {can(me, 'contracts', 'edit') && (
                <Button size="xs" variant="default" onClick={() => setForm({ contract: k })}>
                  {t('common.edit')}
                </Button>
              )}
              {can(me, 'contracts', 'delete') && (
                <Button size="xs" variant="subtle" color="red" onClick={() => (del.reset(), setRemoving(k))}>
                  {t('records.delete')}
                </Button>
              )}
            </Group>
          </Group>
        </Paper>
      ))}
      {list.hasNextPage && (
        <Button variant="subtle" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      {form && <ContractForm clientId={clientId} me={me} contract={form.contract} onClose={() => setForm(null)} />}
      {removing && (
        <ConfirmDelete
          text={t('records.contracts.deleteConfirm', { number: removing.number })}
          busy={del.isPending}
          error={del.error}
          onConfirm={() => del.mutate(removing, { onSuccess: () => setRemoving(null) })}
          onClose={() => setRemoving(null)}
        />
      )}
    </Stack>
  );
}

type Draft = {
  number: string;
  title: string;
  status: string;
  signedOn: string;
  startsOn: string;
  endsOn: string;
  amount: string;
  currency: string | null;
  remind: number | '';
  responsibleId: string;
  notes: string;
};

function ContractForm({ clientId, me, contract, onClose }: { clientId: number; me: Me; contract: TContractOut | null; onClose: () => void }) {
  const { t } = useTranslation();
  const currencies = useCurrencies();
  const settings = useFirmSettings();
  const owners = useOwnerOptions(me, contract?.responsibleId ? { id: contract.responsibleId, name: contract.responsibleName ?? '' } : null);
  const [d, setD] = useState<Draft>({
    number: contract?.number ?? '',
    title: contract?.title ?? '',
    status: contract?.status ?? 'draft',
    signedOn: contract?.signedOn ?? '',
    startsOn: contract?.startsOn ?? '',
    endsOn: contract?.endsOn ?? '',
    amount: contract?.amount ?? '',
    currency: contract?.currency ?? null,
    remind: contract?.remindDaysBefore ?? '',
    responsibleId: String(contract?.responsibleId ?? me.user.id),
    notes: contract?.notes ?? '',
  });
  const set = (p: Partial<Draft>) => setD({ ...d, ...p });
  const save = useSave(
    touched('contracts', clientId),
    (body: Record<string, unknown>) =>
      contract
        ? api('PATCH', `/api/contracts/${contract.id}`, { version: contract.version, ...body })
        : api('POST', '/api/contracts', { clientId, ...body }),
    // a number taken (409 ALREADY_EXISTS) names its field like a validation failure
    { fieldErrors: (err) => (Array.isArray(err.details) ? err.fields : null) },
  );
  const currency = d.currency ?? settings.data?.baseCurrency ?? null;
  const submit = () => {
    const amount = d.amount.trim() === '' ? null : parseAmount(d.amount, 4);
    if (d.amount.trim() !== '' && amount === null) {
      save.setErrors({ amount: t('records.contracts.amountInvalid') });
      return;
    }
    save.mutate(
      {
        number: d.number,
        title: d.title,
        status: d.status,
        signedOn: d.signedOn || null,
        startsOn: d.startsOn || null,
        endsOn: d.endsOn || null,
        amount: amount === null ? null : toApi(amount),
        currency: amount === null ? null : currency,
        remindDaysBefore: d.remind === '' ? null : d.remind,
        responsibleId: Number(d.responsibleId),
        notes: d.notes,
      },
      { onSuccess: onClose },
    );
  };
  const e = save.errors;
  const day = (key: 'signedOn' | 'startsOn' | 'endsOn') => (
    <TextInput
      type="date"
      label={t(`records.contracts.${key}`)}
      value={d[key]}
      onChange={(ev) => set({ [key]: ev.currentTarget.value })}
      error={e[key]}
    />
  );
  return (
    <FormModal title={contract ? t('records.contracts.edit') : t('records.contracts.new')} onClose={onClose}>
      <Stack component="form" onSubmit={(ev) => (ev.preventDefault(), submit())}>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            label={t('records.contracts.number')}
            required
            maxLength={100}
            value={d.number}
            onChange={(ev) => set({ number: ev.currentTarget.value })}
            error={e.number}
            data-autofocus
          />
          <Select
            label={t('records.contracts.status')}
            allowDeselect={false}
            data={statuses.map((s) => ({ value: s, label: t(`records.contracts.statuses.${s}`) }))}
            value={d.status}
            onChange={(v) => v && set({ status: v })}
            error={e.status}
          />
        </SimpleGrid>
        <TextInput
          label={t('records.contracts.contractTitle')}
          maxLength={300}
          value={d.title}
          onChange={(ev) => set({ title: ev.currentTarget.value })}
          error={e.title}
        />
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          {day('signedOn')}
          {day('startsOn')}
          {day('endsOn')}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <TextInput
            label={t('money.amount')}
            inputMode="decimal"
            maxLength={24}
            value={d.amount}
            onChange={(ev) => set({ amount: ev.currentTarget.value })}
            error={e.amount}
          />
          <Select
            label={t('money.currency')}
            allowDeselect={false}
            data={(currencies.data?.items ?? []).map((c) => c.code)}
            value={currency}
            onChange={(v) => set({ currency: v })}
            error={e.currency}
          />
          <NumberInput
            label={t('records.contracts.remind')}
            min={0}
            max={365}
            allowDecimal={false}
            allowNegative={false}
            value={d.remind}
            onChange={(v) => set({ remind: typeof v === 'number' ? v : '' })}
            error={e.remindDaysBefore}
          />
        </SimpleGrid>
        <Select
          label={t('records.responsible')}
          allowDeselect={false}
          data={owners}
          value={d.responsibleId}
          onChange={(v) => v && set({ responsibleId: v })}
          error={e.responsibleId}
        />
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
