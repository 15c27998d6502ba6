import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type PaymentMethod, type TSale } from '../api.js';
import { e4, formatMoney, parseAmount, parseQuantity, toApi } from '../money.js';
import { useSave } from '../shared/useSave.js';
import { methods } from './PaymentsEditor.js';

type Done = (s: TSale, message: string) => void;

/** An action on a sale through the save hook: any refusal's fields go next to the inputs; `fn` ends with onDone. */
function useAction(fn: () => Promise<void>) {
  const { t } = useTranslation();
  return useSave([], fn, {
    fieldErrors: (e) => (Object.keys(e.fields).length ? e.fields : null),
    describe: (e) =>
      e instanceof ApiError
        ? e.status === 403
          ? t('errors.forbidden')
          : e.code === 'VERSION_CONFLICT'
            ? t('common.conflict')
            : e.message
        : t('errors.generic'),
  });
}

/** Pays what is left (or part of it) with one method. */
export function PayDialog({ sale, onClose, onDone }: { sale: TSale; onClose: () => void; onDone: Done }) {
  const { t, i18n } = useTranslation();
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [amount, setAmount] = useState(sale.debt);
  const value = parseAmount(amount, 2);
  const a = useAction(async () => {
    const s = await api<TSale>('POST', `/api/sales/${sale.id}/payments`, { payments: [{ method, amount: toApi(value!) }] });
    onDone(s, t('sales.paidOk'));
  });
  const handlePay = () => a.mutate();
  return (
    <Modal opened onClose={onClose} title={`${t('sales.payRest')}: ${formatMoney(sale.debt, i18n.language, sale.currency)}`}>
      <Stack component="form" onSubmit={(e) => (e.preventDefault(), void handlePay())}>
        <Select
          label={t('sales.method')}
          allowDeselect={false}
          value={method}
          onChange={(v) => v && setMethod(v as PaymentMethod)}
          data={methods.map((m) => ({ value: m, label: t(`sales.methods.${m}`) }))}
          error={a.errors['payments.0.method'] ?? a.errors.payments}
        />
        <TextInput
          label={t('money.amount')}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)}
          data-autofocus
          error={value === null ? t('sales.badAmount') : a.errors['payments.0.amount']}
        />
        {a.error && !Object.keys(a.errors).length && (
          <Alert color="red" role="alert">
            {a.error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={a.isPending} disabled={value === null || value <= 0n}>
            {t('sales.pay')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function CancelDialog({ sale, onClose, onDone }: { sale: TSale; onClose: () => void; onDone: Done }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const a = useAction(async () => {
    const s = await api<TSale>('POST', `/api/sales/${sale.id}/cancel`, {
      version: sale.version,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
    onDone(s, t('sales.cancelled'));
  });
  const handleCancel = () => a.mutate();
  return (
    <Modal opened onClose={onClose} title={t('sales.cancelSale')}>
      <Stack>
        <Text>{t('sales.cancelConfirm')}</Text>
        <Textarea label={t('sales.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
        {a.error && (
          <Alert color="red" role="alert">
            {a.error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
          <Button color="red" loading={a.isPending} onClick={() => void handleCancel()}>
            {t('sales.cancelSale')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Returns some lines: quantities up to what is left of each line; money back by a method, or none. */
export function ReturnDialog({ sale, onClose, onDone }: { sale: TSale; onClose: () => void; onDone: Done }) {
  const { t } = useTranslation();
  const [qty, setQty] = useState<Record<number, string>>({});
  const [refund, setRefund] = useState<string>(e4(sale.paid) > 0n ? 'cash' : 'none');
  const lines = sale.items.filter((i) => i.correctsItemId === null);
  const picked = lines.flatMap((l) => {
    const q = qty[l.id]?.trim();
    return q ? [{ itemId: l.id, quantity: parseQuantity(q) ?? q }] : [];
  });
  const a = useAction(async () => {
    const r = await api<TSale>('POST', `/api/sales/${sale.id}/return`, { items: picked, refund });
    onDone(r, t('sales.returned'));
  });
  const handleReturn = () => a.mutate();
  const lineError = (id: number) => {
    const i = picked.findIndex((p) => p.itemId === id);
    return i < 0 ? undefined : (a.errors[`items.${i}.quantity`] ?? a.errors[`items.${i}.itemId`]);
  };
  return (
    <Modal opened onClose={onClose} title={t('sales.returnTitle')}>
      <Stack>
        {lines.map((l) => (
          <TextInput
            key={l.id}
            inputMode="decimal"
            label={t('sales.returnQty', { name: l.productName, max: `${l.quantity} ${l.unit}` })}
            value={qty[l.id] ?? ''}
            onChange={(e) => setQty({ ...qty, [l.id]: e.currentTarget.value })}
            error={lineError(l.id)}
          />
        ))}
        <Select
          label={t('sales.refund')}
          allowDeselect={false}
          value={refund}
          onChange={(v) => v && setRefund(v)}
          data={['cash', 'card', 'transfer', 'none'].map((m) => ({ value: m, label: t(`sales.methods.${m}`) }))}
        />
        {a.errors.items && (
          <Text c="red" size="sm">
            {a.errors.items}
          </Text>
        )}
        {a.error && !Object.keys(a.errors).length && (
          <Alert color="red" role="alert">
            {a.error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
          <Button loading={a.isPending} disabled={!picked.length} onClick={() => void handleReturn()}>
            {t('sales.returnConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
