import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { ContactsEditor, type ContactDraft } from './ContactsEditor.js';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { clientLimits } from '../../server/modules/clients/client-limits.schemas.js';
import { api, type CustomField, type Me, type TClientCreate, type TDuplicate } from '../api.js';
import { choices, isMoney, prepareCustom } from './custom-values.js';
import { readableErrors } from './fieldMessages.js';
import { useCustomFields, useUsers } from '../shared/queries.js';

export type Draft = Required<Pick<TClientCreate, 'kind'>> & Omit<TClientCreate, 'kind'>;
type Channel = { type: 'phone' | 'email' | 'messenger' | 'link' | 'website'; label?: string; value: string };

const personFields = ['surname', 'firstName', 'patronymic', 'birthDate', 'position'] as const;
const orgFields = ['legalName', 'inn', 'ogrn', 'kpp', 'legalAddress', 'actualAddress', 'industry'] as const;
const commonFields = ['region', 'status', 'source', 'importance'] as const;
/** the server's limit of a text field (client-limits.schemas.ts), so typing stops at it */
const limitOf = (key: string): number | undefined => (clientLimits as Record<string, number>)[key];
/** server messages this form shows next to an input; any other is listed next to Save */
const placedField = (f: string) =>
  (personFields as readonly string[]).includes(f) ||
  (orgFields as readonly string[]).includes(f) ||
  (commonFields as readonly string[]).includes(f) ||
  /^(channels\.\d+\.value|managerId|tags|notes|custom\..+|contacts\..+)$/.test(f);

/** Likely duplicates of the draft; `clientId`: the client being edited, which is no duplicate of itself. */
function Duplicates({ draft, clientId }: { draft: Draft; clientId?: number }) {
  const { t } = useTranslation();
  const [debounced] = useDebouncedValue(draft, 400);
  const dup = useQuery({
    queryKey: ['duplicates', clientId ?? null, debounced],
    queryFn: () =>
      api<{ duplicates: TDuplicate[] }>('POST', '/api/clients/duplicates', {
        ...debounced,
        channels: (debounced.channels ?? []).filter((c) => c.value.trim()),
        ...(clientId ? { id: clientId } : {}),
      }),
    enabled: !!(debounced.surname || debounced.legalName || debounced.inn || debounced.channels?.some((c) => c.value.trim().length > 4)),
  });
  const list = dup.data?.duplicates ?? [];
  if (list.length === 0) return null;
  return (
    <Alert color="yellow" title={t('client.duplicates')} role="status">
      {list.map((d, i) => (
        <Text key={i} size="sm">
          {d.visible ? <Link to={`/clients/${d.id}`}>{d.displayName}</Link> : t('client.duplicateHidden', { manager: d.managerName ?? '—' })}
          {' — '}
          {t('client.matchedOn', { fields: d.matchedOn.join(', ') })}
        </Text>
      ))}
    </Alert>
  );
}

function CustomInput({
  f,
  value,
  error,
  disabled,
  onChange,
}: {
  f: CustomField;
  value: unknown;
  error?: string;
  disabled: boolean;
  onChange: (v: unknown) => void;
}) {
  const { t } = useTranslation();
  const common = { label: f.label, error, required: f.required, disabled };
  if (f.type === 'boolean')
    return (
      <Checkbox label={f.label} checked={value === true} disabled={disabled} onChange={(e) => onChange(e.currentTarget.checked)} error={error} />
    );
  if (f.type === 'choice') return <Select {...common} data={f.options} value={(value as string) ?? null} onChange={(v) => onChange(v)} clearable />;
  if (f.type === 'multichoice')
    return <MultiSelect {...common} data={f.options} value={choices(value)} onChange={(v) => onChange(v.length ? v : null)} clearable />;
  if (f.type === 'number') return <NumberInput {...common} value={(value as number) ?? ''} onChange={(v) => onChange(v === '' ? null : v)} />;
  if (f.type === 'money') {
    // Exact: the text as typed (a string, never a number); the server checks it again.
    const text = value === null || value === undefined ? '' : String(value);
    return (
      <TextInput
        {...common}
        inputMode="decimal"
        placeholder="0.00"
        value={text}
        error={error ?? (text && !isMoney(text) ? t('client.moneyInvalid') : undefined)}
        onChange={(e) => onChange(e.currentTarget.value || null)}
      />
    );
  }
  const type = f.type === 'date' ? 'date' : 'text';
  return <TextInput {...common} type={type} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value || null)} />;
}

export function ClientForm(props: {
  me: Me;
  initial: Draft;
  title: string;
  errors: Record<string, string>;
  onSubmit: (d: Draft) => void;
  onCancel: () => void;
  busy: boolean;
  editingKind: boolean;
  /** the client being edited (left out of its own duplicates) */
  clientId?: number;
  /** shown above the buttons, given the draft as it is now (the conflict of a stale save) */
  notice?: (d: Draft) => ReactNode;
}) {
  const { t } = useTranslation();
  const [d, setD] = useState<Draft>(props.initial);
  const users = useUsers();
  const fields = useCustomFields();
  const err = readableErrors(t, props.errors);
  const formRef = useRef<HTMLDivElement>(null);
  // a refused save: the first field marked invalid is brought into view and focused (the error
  // may be far above the Save button, out of sight)
  useEffect(() => {
    if (!Object.keys(props.errors).length) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!first) return;
    first.scrollIntoView({ block: 'center' });
    first.focus({ preventScroll: true });
  }, [props.errors]);
  const atLimit = (key: string, value: string | null | undefined) => {
    const max = limitOf(key);
    return max !== undefined && (value?.length ?? 0) >= max ? t('client.limitReached', { max }) : undefined;
  };
  const hidden = (f: string) => props.me.role.fieldRights[f] === 'hidden';
  const readonly = (f: string) => props.me.role.fieldRights[f] !== undefined;
  const text = (key: string) => {
    const value = ((d as Record<string, unknown>)[key] as string) ?? '';
    return (
      <TextInput
        key={key}
        label={t(`client.${key}`)}
        error={err[key]}
        disabled={readonly(key)}
        type={key === 'birthDate' ? 'date' : 'text'}
        maxLength={limitOf(key)}
        description={atLimit(key, value)}
        value={value}
        onChange={(e) => setD({ ...d, [key]: e.currentTarget.value || null })}
      />
    );
  };
  const channels = (d.channels ?? []) as Channel[];
  const setChannel = (i: number, value: string) => setD({ ...d, channels: channels.map((c, j) => (j === i ? { ...c, value } : c)) });
  const handleSubmit = (e: FormEvent) => {
    e.preventDefault();
    const contacts = (d.contacts ?? []).filter((c) => c.name.trim());
    props.onSubmit({
      ...d,
      channels: channels.filter((c) => c.value.trim()),
      ...(d.contacts ? { contacts } : {}),
      custom: prepareCustom(fields.data?.items ?? [], d.custom),
    });
  };

  return (
    <Stack component="form" ref={formRef} onSubmit={handleSubmit} maw={900}>
      <Title order={2}>{props.title}</Title>
      {props.editingKind && (
        <SegmentedControl
          aria-label={t('client.kind')}
          value={d.kind}
          onChange={(v) => setD({ ...d, kind: v as Draft['kind'] })}
          data={[
            { value: 'person', label: t('client.person') },
            { value: 'organization', label: t('client.organization') },
          ]}
        />
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>{(d.kind === 'person' ? personFields : orgFields).filter((f) => !hidden(f)).map(text)}</SimpleGrid>
      {!hidden('channels') && (
        <Stack gap="xs">
          <Text fw={600}>{t('client.channels')}</Text>
          {channels.map((c, i) => (
            <Group key={i} wrap="nowrap" align="flex-start">
              <TextInput
                style={{ flex: 1 }}
                aria-label={t(`client.${c.type === 'email' ? 'email' : 'phone'}`)}
                label={t(`client.${c.type === 'email' ? 'email' : 'phone'}`)}
                type={c.type === 'email' ? 'email' : 'tel'}
                value={c.value}
                maxLength={clientLimits.channelValue}
                description={atLimit('channelValue', c.value)}
                error={err[`channels.${i}.value`]}
                disabled={readonly('channels')}
                onChange={(e) => setChannel(i, e.currentTarget.value)}
              />
              <ActionIcon
                mt={28}
                variant="subtle"
                color="red"
                aria-label="×"
                disabled={readonly('channels')}
                onClick={() => setD({ ...d, channels: channels.filter((_, j) => j !== i) })}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group display={readonly('channels') ? 'none' : undefined}>
            <Button variant="light" size="xs" onClick={() => setD({ ...d, channels: [...channels, { type: 'phone', label: 'mobile', value: '' }] })}>
              {t('client.addPhone')}
            </Button>
            <Button variant="light" size="xs" onClick={() => setD({ ...d, channels: [...channels, { type: 'email', value: '' }] })}>
              {t('client.addEmail')}
            </Button>
          </Group>
        </Stack>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>{commonFields.filter((f) => !hidden(f)).map(text)}</SimpleGrid>
      <Select
        label={t('client.manager')}
        error={err.managerId}
        disabled={readonly('managerId')}
        data={(users.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: String(u.id), label: u.name }))}
        value={d.managerId ? String(d.managerId) : null}
        onChange={(v) => setD({ ...d, managerId: v ? Number(v) : null })}
        searchable
      />
      {(fields.data?.items.length ?? 0) > 0 && (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          {fields
            .data!.items.filter((f) => !f.hidden)
            .map((f) => (
              <CustomInput
                key={f.key}
                f={f}
                value={d.custom?.[f.key]}
                error={err[`custom.${f.key}`]}
                disabled={readonly(`custom.${f.key}`)}
                onChange={(v) => setD({ ...d, custom: { ...d.custom, [f.key]: v } })}
              />
            ))}
        </SimpleGrid>
      )}
      {!hidden('tags') && (
        <TagsInput
          label={t('client.tags')}
          value={d.tags ?? []}
          onChange={(tags) => setD({ ...d, tags })}
          disabled={readonly('tags')}
          maxLength={clientLimits.tag}
          error={err.tags ?? Object.entries(err).find(([f]) => f.startsWith('tags.'))?.[1]}
        />
      )}
      {!hidden('contacts') && d.kind === 'organization' && (
        <ContactsEditor value={(d.contacts ?? []) as ContactDraft[]} errors={err} onChange={(contacts) => setD({ ...d, contacts })} />
      )}
      {!hidden('notes') && (
        <Textarea
          label={t('client.notes')}
          autosize
          minRows={2}
          disabled={readonly('notes')}
          value={d.notes ?? ''}
          maxLength={clientLimits.notes}
          error={err.notes}
          description={atLimit('notes', d.notes)}
          onChange={(e) => setD({ ...d, notes: e.currentTarget.value || null })}
        />
      )}
      <Duplicates draft={d} clientId={props.clientId} />
      {props.notice?.(d)}
      <Group>
        <Button type="submit" loading={props.busy}>
          {t('client.save')}
        </Button>
        <Button variant="default" onClick={props.onCancel}>
          {t('client.cancel')}
        </Button>
        {Object.keys(err).length > 0 && (
          <Text c="red" size="sm" role="alert" data-testid="save-errors">
            {[
              t('client.fixErrors'),
              ...Object.entries(err)
                .filter(([f]) => !placedField(f))
                .map(([f, m]) => `${f}: ${m}`),
            ].join(' ')}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
