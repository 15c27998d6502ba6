import { ActionIcon, Alert, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Me, type Settings } from '../api.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { formatMoney } from '../money.js';
import { useSave } from '../shared/useSave.js';
import { useCurrencies, useFirmSettings } from './useCatalog.js';
import { currencyName, formatDate } from '../format.js';

const today = () => new Date().toLocaleDateString('sv'); // YYYY-MM-DD in local time

function SettingsForm({ initial, editable }: { initial: Settings; editable: boolean }) {
  const { t } = useTranslation();
  const currencies = useCurrencies();
  const [s, setS] = useState<Settings>(initial);
  const zones = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [initial.timezone];
  const save = useSave([['settings']], () => api('PATCH', '/api/settings', s));
  const health = (k: keyof Settings['health']) => (v: string | number) => setS({ ...s, health: { ...s.health, [k]: Number(v) || 0 } });
  const rows = s.checkDiscounts;
  const setRow = (i: number, patch: Partial<Settings['checkDiscounts'][number]>) =>
    setS({ ...s, checkDiscounts: rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  return (
    <Paper withBorder p="md" component="form" onSubmit={(e) => (e.preventDefault(), save.mutate(undefined))}>
      <Title order={4} mb="sm">
        {t('catalog.settings')}
      </Title>
      {!editable && (
        <Text c="dimmed" size="sm" mb="sm">
          {t('catalog.adminsOnly')}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        <Select
          label={t('catalog.timezone')}
          searchable
          data={zones.includes(s.timezone) ? zones : [s.timezone, ...zones]}
          value={s.timezone}
          disabled={!editable}
          error={save.errors.timezone}
          onChange={(v) => v && setS({ ...s, timezone: v })}
        />
        <Select
          label={t('catalog.baseCurrency')}
          data={currencies.data?.items.map((c) => c.code) ?? [s.baseCurrency]}
          value={s.baseCurrency}
          disabled={!editable}
          error={save.errors.baseCurrency}
          onChange={(v) => v && setS({ ...s, baseCurrency: v })}
        />
        <NumberInput
          label={t('catalog.loyaltyPeriod')}
          min={1}
          max={3660}
          value={s.loyaltyPeriodDays}
          disabled={!editable}
          error={save.errors.loyaltyPeriodDays}
          onChange={(v) => setS({ ...s, loyaltyPeriodDays: Number(v) || 0 })}
        />
        <NumberInput
          label={t('catalog.lapsingDays')}
          min={1}
          max={3660}
          value={s.health.lapsingDays}
          disabled={!editable}
          error={save.errors['health.lapsingDays'] ?? save.errors.health}
          onChange={health('lapsingDays')}
        />
        <NumberInput
          label={t('catalog.lostDays')}
          min={1}
          max={3660}
          value={s.health.lostDays}
          disabled={!editable}
          error={save.errors['health.lostDays']}
          onChange={health('lostDays')}
        />
        <NumberInput
          label={t('catalog.overdueDays')}
          min={1}
          max={3660}
          value={s.health.overdueDays}
          disabled={!editable}
          error={save.errors['health.overdueDays']}
          onChange={health('overdueDays')}
        />
      </SimpleGrid>
      <Text fw={500} mt="md" mb="xs">
        {t('catalog.checkDiscounts')}
      </Text>
      <Stack gap="xs">
        {rows.map((r, i) => (
          <Group key={i} align="flex-start">
            <TextInput
              aria-label={t('catalog.checkFrom')}
              placeholder={t('catalog.checkFrom')}
              inputMode="decimal"
              value={r.from}
              disabled={!editable}
              error={save.errors[`checkDiscounts.${i}.from`]}
              onChange={(e) => setRow(i, { from: e.currentTarget.value.replace(',', '.') })}
            />
            <TextInput
              aria-label={t('catalog.checkPercent')}
              placeholder={t('catalog.checkPercent')}
              inputMode="decimal"
              w={120}
              value={r.percent}
              disabled={!editable}
              error={save.errors[`checkDiscounts.${i}.percent`]}
              onChange={(e) => setRow(i, { percent: e.currentTarget.value.replace(',', '.') })}
            />
            {editable && (
              <ActionIcon
                variant="subtle"
                color="red"
                mt={4}
                aria-label={t('common.remove')}
                onClick={() => setS({ ...s, checkDiscounts: rows.filter((_, j) => j !== i) })}
              >
                ×
              </ActionIcon>
            )}
          </Group>
        ))}
        {editable && (
          <Group>
            <Button size="xs" variant="light" onClick={() => setS({ ...s, checkDiscounts: [...rows, { from: '', percent: '' }] })}>
              {t('catalog.addCheckDiscount')}
            </Button>
          </Group>
        )}
      </Stack>
      {save.error && !Object.keys(save.errors).length && (
        <Alert mt="sm" color="red" role="alert">
          {save.error}
        </Alert>
      )}
      {save.isSuccess && (
        <Alert mt="sm" color="green" role="status">
          {t('common.saved')}
        </Alert>
      )}
      {editable && (
        <Button mt="md" type="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      )}
    </Paper>
  );
}

function Currencies({ editable, base }: { editable: boolean; base: string }) {
  const { t, i18n } = useTranslation();
  const list = useCurrencies();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [rate, setRate] = useState({ code: null as string | null, day: today(), rate: '' });
  const add = useSave([['currencies']], () =>
    api('POST', '/api/currencies', { code: code.toUpperCase(), name }).then(() => (setCode(''), setName(''))),
  );
  const setRateM = useSave([['currencies']], () =>
    api('PUT', `/api/currencies/${rate.code}/rates/${rate.day}`, { rate: rate.rate.replace(',', '.') }),
  );
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="sm">
        {t('catalog.currencies')}
      </Title>
      <ApiErrorAlert error={list.error} />
      <Table maw={560} aria-label={t('catalog.currencies')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('catalog.code')}</Table.Th>
            <Table.Th>{t('catalog.name')}</Table.Th>
            <Table.Th ta="right">{t('catalog.rate')}</Table.Th>
            <Table.Th>{t('catalog.rateDay')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.items.map((c) => (
            <Table.Tr key={c.code}>
              <Table.Td>{c.code}</Table.Td>
              <Table.Td>{currencyName(c.code, c.name)}</Table.Td>
              <Table.Td ta="right">{c.code === base ? '1' : c.rate ? formatMoney(c.rate, i18n.language, undefined, true) : '—'}</Table.Td>
              <Table.Td>{formatDate(c.rateDay)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {editable && (
        <Stack mt="md" gap="sm">
          <Group component="form" align="flex-start" onSubmit={(e) => (e.preventDefault(), add.mutate(undefined))}>
            <TextInput
              label={t('catalog.code')}
              w={90}
              maxLength={3}
              value={code}
              required
              error={add.errors.code}
              onChange={(e) => setCode(e.currentTarget.value)}
            />
            <TextInput
              label={t('catalog.name')}
              value={name}
              required
              error={add.errors.name ?? (add.errors.code ? undefined : (add.error ?? undefined))}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <Button type="submit" mt={24}>
              {t('catalog.addCurrency')}
            </Button>
          </Group>
          <Group component="form" align="flex-start" onSubmit={(e) => (e.preventDefault(), setRateM.mutate(undefined))}>
            <Select
              label={t('catalog.code')}
              w={100}
              value={rate.code}
              error={setRateM.errors.code}
              onChange={(v) => setRate({ ...rate, code: v })}
              data={list.data?.items.filter((c) => c.code !== base).map((c) => c.code) ?? []}
            />
            <TextInput
              label={t('catalog.rateDay')}
              type="date"
              value={rate.day}
              required
              onChange={(e) => setRate({ ...rate, day: e.currentTarget.value })}
            />
            <TextInput
              label={t('catalog.rate')}
              description={t('catalog.rateHint')}
              inputMode="decimal"
              value={rate.rate}
              required
              error={setRateM.errors.rate ?? (setRateM.errors.code ? undefined : (setRateM.error ?? undefined))}
              onChange={(e) => setRate({ ...rate, rate: e.currentTarget.value })}
            />
            <Button type="submit" mt={24} disabled={!rate.code}>
              {t('catalog.setRate')}
            </Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}

export function FirmTab({ me }: { me: Me }) {
  const settings = useFirmSettings();
  if (!settings.data) return <ApiErrorAlert error={settings.error} />;
  return (
    <Stack>
      <SettingsForm initial={settings.data} editable={me.role.isAdmin} />
      <Currencies editable={me.role.isAdmin} base={settings.data.baseCurrency} />
    </Stack>
  );
}
