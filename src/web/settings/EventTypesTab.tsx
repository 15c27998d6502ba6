// Settings → Event types (administrators): the types of events (names in the four UI languages,
// colour, icon, whether a done event needs a result, what it chains next, active) and the results
// an event may end with.
import {
  Alert,
  Badge,
  Button,
  ColorInput,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { Dot } from '../events/ClientEvents.js';
import { localName } from '../events/model.js';
import { type TEventResultOut, type TEventTypeOut, type TNames, useEventResults, useEventTypes } from '../events/useEvents.js';
import { languages } from '../i18n/index.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { useSave } from '../shared/useSave.js';
import { FormFooter } from '../shared/FormFooter.js';

/** The names as the API takes them: English required, the other languages only when given. */
function cleanNames(n: Record<string, string>): TNames {
  const out: Record<string, string> = { en: n.en?.trim() ?? '' };
  for (const l of ['ru', 'uk', 'ro'] as const) if (n[l]?.trim()) out[l] = n[l].trim();
  return out as TNames;
}

function NameInputs({
  names,
  onChange,
  errors,
}: {
  names: Record<string, string>;
  onChange: (n: Record<string, string>) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }}>
      {languages.map((l) => (
        <TextInput
          key={l}
          label={t(`eventTypes.names.${l}`)}
          required={l === 'en'}
          maxLength={60}
          value={names[l] ?? ''}
          onChange={(e) => onChange({ ...names, [l]: e.currentTarget.value })}
          error={errors[`names.${l}`] ?? errors[`/names/${l}`] ?? (l === 'en' ? errors.names : undefined)}
        />
      ))}
    </SimpleGrid>
  );
}

export function EventTypesTab() {
  const { t, i18n } = useTranslation();
  const types = useEventTypes();
  const results = useEventResults();
  const [type, setType] = useState<{ value: TEventTypeOut | null } | null>(null);
  const [result, setResult] = useState<{ value: TEventResultOut | null } | null>(null);
  const toggle = useSave([['event-results']], (r: TEventResultOut) =>
    api('PATCH', `/api/event-results/${r.id}`, { version: r.version, active: !r.active }),
  );
  const name = (n: TNames) => localName(n, i18n.language);
  const typeList = types.data?.items ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={4}>{t('eventTypes.types')}</Title>
        <Button size="xs" onClick={() => setType({ value: null })}>
          {t('eventTypes.addType')}
        </Button>
      </Group>
      <ApiErrorAlert error={types.error} />
      <Table.ScrollContainer minWidth={560}>
        <Table data-testid="event-types">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('eventTypes.name')}</Table.Th>
              <Table.Th>{t('eventTypes.resultRequired')}</Table.Th>
              <Table.Th>{t('eventTypes.next')}</Table.Th>
              <Table.Th>{t('eventTypes.active')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {typeList.map((x) => (
              <Table.Tr key={x.id}>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Dot colour={x.colour} />
                    {name(x.names)}
                  </Group>
                </Table.Td>
                <Table.Td>{x.resultRequired ? t('common.yes') : t('common.no')}</Table.Td>
                <Table.Td>
                  {t(`eventTypes.nextModes.${x.nextMode}`)}
                  {x.nextMode !== 'none' &&
                    x.nextTypeId !== null &&
                    `: ${name(typeList.find((y) => y.id === x.nextTypeId)?.names ?? { en: '' })}, +${x.nextAfterDays}`}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={x.active ? 'green' : 'gray'}>
                    {x.active ? t('eventTypes.active') : t('eventTypes.inactive')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" aria-label={`${t('common.edit')}: ${name(x.names)}`} onClick={() => setType({ value: x })}>
                    {t('common.edit')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Group justify="space-between" mt="md">
        <Title order={4}>{t('eventTypes.results')}</Title>
        <Button size="xs" onClick={() => setResult({ value: null })}>
          {t('eventTypes.addResult')}
        </Button>
      </Group>
      <ApiErrorAlert error={results.error} />
      {toggle.error && (
        <Alert color="red" role="alert">
          {toggle.error}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={480}>
        <Table data-testid="event-results">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('eventTypes.name')}</Table.Th>
              <Table.Th>{t('eventTypes.success')}</Table.Th>
              <Table.Th>{t('eventTypes.active')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(results.data?.items ?? []).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{name(r.names)}</Table.Td>
                <Table.Td>{r.success ? t('common.yes') : t('common.no')}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={r.active ? 'green' : 'gray'}>
                    {r.active ? t('eventTypes.active') : t('eventTypes.inactive')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button size="xs" variant="default" aria-label={`${t('common.edit')}: ${name(r.names)}`} onClick={() => setResult({ value: r })}>
                      {t('common.edit')}
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color={r.active ? 'red' : 'green'}
                      onClick={() => toggle.mutate(r)}
                      loading={toggle.isPending && toggle.variables?.id === r.id}
                    >
                      {r.active ? t('eventTypes.deactivate') : t('eventTypes.activate')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {type && <TypeForm value={type.value} types={typeList} onClose={() => setType(null)} />}
      {result && <ResultForm value={result.value} onClose={() => setResult(null)} />}
    </Stack>
  );
}

function TypeForm({ value, types, onClose }: { value: TEventTypeOut | null; types: TEventTypeOut[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const [names, setNames] = useState<Record<string, string>>({ ...(value?.names ?? { en: '' }) });
  const [f, setF] = useState({
    colour: value?.colour ?? '#228be6',
    icon: value?.icon ?? 'calendar',
    resultRequired: value?.resultRequired ?? false,
    nextMode: value?.nextMode ?? ('none' as TEventTypeOut['nextMode']),
    nextTypeId: value?.nextTypeId ?? null,
    nextAfterDays: value?.nextAfterDays ?? 1,
    active: value?.active ?? true,
  });
  const save = useSave([['event-types']], (body: Record<string, unknown>) =>
    value ? api('PATCH', `/api/event-types/${value.id}`, { version: value.version, ...body }) : api('POST', '/api/event-types', body),
  );
  const submit = () =>
    save.mutate(
      {
        names: cleanNames(names),
        ...f,
        colour: f.colour.toLowerCase(),
        nextTypeId: f.nextMode === 'none' ? null : f.nextTypeId,
        ...(value ? {} : { position: types.reduce((m, x) => Math.max(m, x.position), 0) + 1 }),
      },
      { onSuccess: onClose },
    );
  return (
    <Modal opened onClose={onClose} title={value ? t('eventTypes.editType') : t('eventTypes.newType')} size="lg" fullScreen={!!phone}>
      <Stack component="form" onSubmit={(e) => (e.preventDefault(), submit())}>
        <NameInputs names={names} onChange={setNames} errors={save.errors} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <ColorInput
            label={t('eventTypes.colour')}
            format="hex"
            value={f.colour}
            onChange={(colour) => setF({ ...f, colour })}
            error={save.errors.colour}
          />
          <TextInput
            label={t('eventTypes.icon')}
            maxLength={40}
            value={f.icon}
            onChange={(e) => setF({ ...f, icon: e.currentTarget.value })}
            error={save.errors.icon}
          />
        </SimpleGrid>
        <Switch
          label={t('eventTypes.resultRequired')}
          checked={f.resultRequired}
          onChange={(e) => setF({ ...f, resultRequired: e.currentTarget.checked })}
        />
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <Select
            label={t('eventTypes.next')}
            allowDeselect={false}
            data={(['none', 'suggest', 'create'] as const).map((m) => ({ value: m, label: t(`eventTypes.nextModes.${m}`) }))}
            value={f.nextMode}
            onChange={(v) => setF({ ...f, nextMode: (v ?? 'none') as TEventTypeOut['nextMode'] })}
            error={save.errors.nextMode}
          />
          <Select
            label={t('eventTypes.nextType')}
            disabled={f.nextMode === 'none'}
            clearable
            data={types
              .filter((x) => x.active || x.id === f.nextTypeId)
              .map((x) => ({ value: String(x.id), label: localName(x.names, i18n.language) }))}
            value={f.nextTypeId === null ? null : String(f.nextTypeId)}
            onChange={(v) => setF({ ...f, nextTypeId: v === null ? null : Number(v) })}
            error={save.errors.nextTypeId}
          />
          <NumberInput
            label={t('eventTypes.nextAfterDays')}
            disabled={f.nextMode === 'none'}
            min={0}
            max={3650}
            allowDecimal={false}
            allowNegative={false}
            value={f.nextAfterDays}
            onChange={(v) => setF({ ...f, nextAfterDays: typeof v === 'number' ? v : 0 })}
            error={save.errors.nextAfterDays}
          />
        </SimpleGrid>
        <Switch label={t('eventTypes.active')} checked={f.active} onChange={(e) => setF({ ...f, active: e.currentTarget.checked })} />
        <FormFooter error={save.error} fieldErrors={save.errors} busy={save.isPending} onCancel={onClose} />
      </Stack>
    </Modal>
  );
}

function ResultForm({ value, onClose }: { value: TEventResultOut | null; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const [names, setNames] = useState<Record<string, string>>({ ...(value?.names ?? { en: '' }) });
  const [success, setSuccess] = useState(value?.success ?? true);
  const [active, setActive] = useState(value?.active ?? true);
  const save = useSave([['event-results']], (body: Record<string, unknown>) =>
    value ? api('PATCH', `/api/event-results/${value.id}`, { version: value.version, ...body }) : api('POST', '/api/event-results', body),
  );
  return (
    <Modal opened onClose={onClose} title={value ? t('eventTypes.editResult') : t('eventTypes.newResult')} size="lg" fullScreen={!!phone}>
      <Stack
        component="form"
        onSubmit={(e) => (e.preventDefault(), save.mutate({ names: cleanNames(names), success, active }, { onSuccess: onClose }))}
      >
        <NameInputs names={names} onChange={setNames} errors={save.errors} />
        <Switch label={t('eventTypes.success')} checked={success} onChange={(e) => setSuccess(e.currentTarget.checked)} />
        <Switch label={t('eventTypes.active')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        <FormFooter error={save.error} fieldErrors={save.errors} busy={save.isPending} onCancel={onClose} />
      </Stack>
    </Modal>
  );
}
