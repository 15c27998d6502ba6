import { ActionIcon, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export type ContactDraft = {
  name: string;
  position?: string;
  notes?: string;
  channels?: { type: 'phone' | 'email' | 'messenger' | 'link' | 'website'; label?: string; value: string }[];
};

const first = (c: ContactDraft, type: string) => c.channels?.find((ch) => ch.type === type)?.value ?? '';
const withChannel = (c: ContactDraft, type: 'phone' | 'email', value: string): ContactDraft => {
  const rest = (c.channels ?? []).filter((ch) => ch.type !== type);
  return { ...c, channels: value ? [...rest, { type, value }] : rest };
};

/** The client's employees: name, position, one phone and one email each (more via the API). */
export function ContactsEditor({
  value,
  errors,
  onChange,
}: {
  value: ContactDraft[];
  errors: Record<string, string>;
  onChange: (v: ContactDraft[]) => void;
}) {
  const { t } = useTranslation();
  const set = (i: number, c: ContactDraft) => onChange(value.map((x, j) => (j === i ? c : x)));
  return (
    <Stack gap="xs">
      <Text fw={600}>{t('client.contacts')}</Text>
      {value.map((c, i) => {
        const phoneAt = (c.channels ?? []).findIndex((ch) => ch.type === 'phone');
        const emailAt = (c.channels ?? []).findIndex((ch) => ch.type === 'email');
        return (
          <Paper key={i} withBorder p="xs">
            <Group wrap="wrap" align="flex-start" gap="xs">
              <TextInput
                label={t('client.contactName')}
                value={c.name}
                error={errors[`contacts.${i}.name`]}
                onChange={(e) => set(i, { ...c, name: e.currentTarget.value })}
              />
              <TextInput
                label={t('client.position')}
                value={c.position ?? ''}
                onChange={(e) => set(i, { ...c, position: e.currentTarget.value || undefined })}
              />
              <TextInput
                label={t('client.phone')}
                type="tel"
                value={first(c, 'phone')}
                error={errors[`contacts.${i}.channels.${phoneAt}.value`]}
                onChange={(e) => set(i, withChannel(c, 'phone', e.currentTarget.value))}
              />
              <TextInput
                label={t('client.email')}
                type="email"
                value={first(c, 'email')}
                error={errors[`contacts.${i}.channels.${emailAt}.value`]}
                onChange={(e) => set(i, withChannel(c, 'email', e.currentTarget.value))}
              />
              <ActionIcon
                mt={28}
                variant="subtle"
                color="red"
                aria-label={`${t('client.removeContact')}: ${c.name}`}
                onClick={() => onChange(value.filter((_, j) => j !== i))}
              >
                ×
              </ActionIcon>
            </Group>
          </Paper>
        );
      })}
      <Group>
        <Button variant="light" size="xs" onClick={() => onChange([...value, { name: '' }])}>
          {t('client.addContact')}
        </Button>
      </Group>
    </Stack>
  );
}
