// The user's own time zone (users.timezone; empty = the firm's): the calendar, My day and the
// reminders follow it. Saved with PATCH /api/users/:me and the version of /api/auth/me.
import { Alert, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Me } from '../api.js';
import { timeZones } from '../calendar/tz.js';
import { useFirmTimezone } from '../calendar/useCalendar.js';
import { useSave } from '../shared/useSave.js';

/** the choice "the firm's time zone" (stored as null) */
const FIRM = 'firm';

export function TimezoneChoice({ me }: { me: Me }) {
  const { t } = useTranslation();
  const firm = useFirmTimezone();
  const [tz, setTz] = useState(me.user.timezone ?? FIRM);
  const [saved, setSaved] = useState(false);
  const data = useMemo(
    () => [
      { value: FIRM, label: t('timezone.firm', { tz: firm.data ?? 'UTC' }) },
      ...[...new Set([...(me.user.timezone ? [me.user.timezone] : []), ...timeZones()])].map((z) => ({ value: z, label: z })),
    ],
    [firm.data, t, me.user.timezone],
  );
  const save = useSave([['me'], ['calendar']], () =>
    api('PATCH', `/api/users/${me.user.id}`, { version: me.user.version, timezone: tz === FIRM ? null : tz }),
  );
  return (
    <Stack
      gap="xs"
      component="form"
      onSubmit={(e) => (e.preventDefault(), setSaved(false), save.mutate(undefined, { onSuccess: () => setSaved(true) }))}
    >
      <Title order={4}>{t('timezone.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('timezone.hint')}
      </Text>
      <Select
        label={t('timezone.label')}
        data={data}
        value={tz}
        onChange={(v) => (setTz(v ?? FIRM), setSaved(false))}
        searchable
        allowDeselect={false}
        error={save.errors.timezone}
        comboboxProps={{ withinPortal: true }}
      />
      {save.error && !save.errors.timezone && <Alert color="red">{save.error}</Alert>}
      <Group>
        <Button type="submit" loading={save.isPending}>
          {t('timezone.save')}
        </Button>
        {saved && (
          <Text size="sm" c="green" role="status">
            {t('timezone.saved')}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
