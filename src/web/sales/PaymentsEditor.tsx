import { ActionIcon, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PaymentMethod } from '../api.js';
import { formatMoney, toApi } from '../money.js';
import type { PaymentRow, PaymentSummary } from './saleForm.js';

export const methods: PaymentMethod[] = ['cash', 'card', 'transfer', 'bonus'];
let nextKey = 1000;

type Props = {
  rows: PaymentRow[];
  onChange: (r: PaymentRow[]) => void;
  summary: PaymentSummary;
  errors: Record<string, string>;
  currency?: string;
  bonusBalance?: string;
};

/** Payments of a new sale: any mix of methods, partial allowed — what is not paid is shown as the debt. */
export function PaymentsEditor({ rows, onChange, summary, errors, currency, bonusBalance }: Props) {
  const { t, i18n } = useTranslation();
  const money = (v: bigint | string | undefined) => formatMoney(v, i18n.language, currency);
  const set = (key: number, patch: Partial<PaymentRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('sales.payments')}</Title>
        {bonusBalance && bonusBalance !== '0.00' && (
          <Text size="sm" c="dimmed">
            {t('sales.bonusBalance', { amount: formatMoney(bonusBalance, i18n.language) })}
          </Text>
        )}
      </Group>
      <Stack gap="xs">
        {rows.map((r, i) => (
          <Group key={r.key} align="flex-start" wrap="nowrap" gap="xs">
            <Select
              aria-label={`${t('sales.method')} ${i + 1}`}
              w={150}
              allowDeselect={false}
              value={r.method}
              onChange={(v) => v && set(r.key, { method: v as PaymentMethod })}
              data={methods.map((m) => ({ value: m, label: t(`sales.methods.${m}`) }))}
              error={errors[`payment:${r.key}.method`]}
            />
            <TextInput
              aria-label={`${t('money.amount')} ${i + 1}`}
              inputMode="decimal"
              style={{ flex: 1, maxWidth: 200 }}
              value={r.auto ? (summary.amounts[i] ? toApi(summary.amounts[i]!) : '') : r.amount}
              error={errors[`payment:${r.key}.amount`]}
              onChange={(e) => set(r.key, { amount: e.currentTarget.value, auto: false })}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mt={6}
              aria-label={`${t('sales.removePayment')} ${i + 1}`}
              onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Group gap="xs">
          <Button size="xs" variant="light" onClick={() => onChange([...rows, { key: nextKey++, method: 'card', amount: '' }])}>
            {t('sales.addPayment')}
          </Button>
          <Button size="xs" variant="subtle" onClick={() => onChange([{ key: nextKey++, method: 'cash', amount: '', auto: true }])}>
            {t('sales.payRestCash')}
          </Button>
        </Group>
        {errors.payments && (
          <Text c="red" size="sm" role="alert">
            {errors.payments}
          </Text>
        )}
        <Group justify="flex-end" gap="lg" data-testid="payment-summary">
          <Text>
            {t('sales.paid')}: <b>{money(summary.paid)}</b>
          </Text>
          {summary.debt > 0n && (
            <Text c="red">
              {t('sales.willBeDebt')}: <b data-testid="form-debt">{money(summary.debt)}</b>
            </Text>
          )}
          {summary.over > 0n && (
            <Text c="red" role="alert">
              {t('sales.change', { amount: money(summary.over) })}
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
