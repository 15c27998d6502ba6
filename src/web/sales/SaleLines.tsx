import { ActionIcon, Group, NativeSelect, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { Quote } from '../api.js';
import { formatMoney } from '../money.js';
import type { Line } from './saleForm.js';

/** `manual`: whether the user's role may give a discount by hand, and its maximum (percent) if any. */
type Props = {
  lines: Line[];
  quote: Quote | undefined;
  errors: Record<string, string>;
  onChange: (l: Line[]) => void;
  manual?: { max: string | null } | null;
};

/** The lines of a sale: quantity (and a discount by hand) typed here, price / discount / amount from the last quote (a table; cards on a phone). */
export function SaleLines({ lines, quote, errors, onChange, manual = null }: Props) {
  const { t, i18n } = useTranslation();
  const phone = useMediaQuery('(max-width: 640px)') ?? false;
  if (!lines.length) return <Text c="dimmed">{t('sales.noLines')}</Text>;
  const priced = (i: number) => (quote?.items.length === lines.length ? quote.items[i] : undefined);
  const money = (v: string | undefined) => (v ? formatMoney(v, i18n.language, undefined, true) : '…');
  const setQty = (key: number, quantity: string) => onChange(lines.map((l) => (l.key === key ? { ...l, quantity } : l)));
  const remove = (key: number) => onChange(lines.filter((l) => l.key !== key));
  const qty = (l: Line) => (
    <TextInput
      size="sm"
      w={phone ? 110 : 100}
      inputMode="decimal"
      aria-label={`${t('sales.quantity')}: ${l.name}`}
      value={l.quantity}
      error={errors[`line:${l.key}.quantity`] ?? errors[`line:${l.key}.productId`]}
      onChange={(e) => setQty(l.key, e.currentTarget.value)}
    />
  );
  const setManual = (key: number, patch: Partial<Line>) => onChange(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  // a discount by hand, after the automatic one: a percentage of the line or an amount off it
  const byHand = (l: Line) => (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <TextInput
        size="sm"
        w={phone ? 90 : 80}
        inputMode="decimal"
        aria-label={`${t('sales.manualDiscount')}: ${l.name}`}
        value={l.manual ?? ''}
        placeholder={manual?.max ? t('sales.manualMax', { max: manual.max }) : undefined}
        error={errors[`line:${l.key}.manualDiscount`] ?? errors[`line:${l.key}.discount`]}
        onChange={(e) => setManual(l.key, { manual: e.currentTarget.value })}
      />
      <NativeSelect
        size="sm"
        w={62}
        aria-label={`${t('sales.manualKind')}: ${l.name}`}
        value={l.manualKind ?? 'percent'}
        data={[
          { value: 'percent', label: '%' },
          { value: 'amount', label: t('sales.manualKindAmount') },
        ]}
        onChange={(e) => setManual(l.key, { manualKind: e.currentTarget.value as 'percent' | 'amount' })}
      />
    </Group>
  );
  const manualShown = (i: number) => {
    const p = priced(i);
    return p && p.manualDiscountKind ? (
      <Text size="xs" c="dimmed" data-testid="line-manual">
        {t('sales.manualOff', { amount: money(p.manualAmount) })}
      </Text>
    ) : null;
  };
  const del = (l: Line) => (
    <ActionIcon variant="subtle" color="red" aria-label={t('sales.removeLine', { name: l.name })} onClick={() => remove(l.key)}>
      ×
    </ActionIcon>
  );
  if (phone) {
    return (
      <Stack gap="xs">
        {lines.map((l, i) => (
          <Paper key={l.key} withBorder p="xs">
            <Group justify="space-between" wrap="nowrap">
              <Text fw={500}>{l.name}</Text>
              {del(l)}
            </Group>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              {qty(l)}
              <Stack gap={0} align="flex-end">
                <Text size="sm" c="dimmed">
                  {money(priced(i)?.price)}
                  {priced(i)?.discount && priced(i)!.discount !== '0' ? ` −${priced(i)!.discount}%` : ''}
                </Text>
                {manualShown(i)}
                <Text fw={600}>{money(priced(i)?.amount)}</Text>
              </Stack>
            </Group>
            {manual && byHand(l)}
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <Table aria-label={t('sales.items')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('sales.product')}</Table.Th>
          <Table.Th>{t('sales.quantity')}</Table.Th>
          <Table.Th ta="right">{t('sales.price')}</Table.Th>
          <Table.Th ta="right">{t('sales.discount')}</Table.Th>
          {manual && <Table.Th ta="right">{t('sales.manualDiscount')}</Table.Th>}
          <Table.Th ta="right">{t('sales.amount')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map((l, i) => (
          <Table.Tr key={l.key}>
            <Table.Td>
              {l.name}{' '}
              <Text span size="xs" c="dimmed">
                {l.unit}
              </Text>
            </Table.Td>
            <Table.Td>{qty(l)}</Table.Td>
            <Table.Td ta="right">{money(priced(i)?.price)}</Table.Td>
            <Table.Td ta="right">
              {priced(i) ? `${priced(i)!.discount} %` : ''}
              {manualShown(i)}
            </Table.Td>
            {manual && <Table.Td>{byHand(l)}</Table.Td>}
            <Table.Td ta="right">{money(priced(i)?.amount)}</Table.Td>
            <Table.Td>{del(l)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
