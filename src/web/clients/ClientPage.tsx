import { Alert, Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, can, type Me, type TClientOut } from '../api.js';
import { ClientForm, type Draft } from './ClientForm.js';
import { ConflictPanel, type Conflict } from './ConflictPanel.js';
import { changedCustom } from './custom-values.js';
import { HistoryList } from './HistoryList.js';
import { channelLabel, fieldValue } from '../format.js';
import { ClientPurchases } from '../sales/ClientPurchases.js';
import { ClientEvents } from '../events/ClientEvents.js';
import { ClientRecords } from '../records/ClientRecords.js';
import { useCustomFields, useUsers } from '../shared/queries.js';
import { useSave } from '../shared/useSave.js';
import { useClient } from './useClients.js';

const shown = [
  'surname',
  'firstName',
  'patronymic',
  'birthDate',
  'position',
  'legalName',
  'inn',
  'ogrn',
  'kpp',
  'legalAddress',
  'actualAddress',
  'industry',
  'region',
  'status',
  'source',
  'importance',
] as const;

function toDraft(c: TClientOut): Draft {
  // server-owned fields stay out of the form (externalIds: written only by imports)
  const { id, displayName, version, archived, createdAt, updatedAt, createdBy, externalIds, ...rest } = c;
  void [id, displayName, version, archived, createdAt, updatedAt, createdBy, externalIds];
  return { ...rest, kind: c.kind as Draft['kind'], channels: (c.channels ?? []).map(({ normalized, ...ch }) => (void normalized, ch)) } as Draft;
}

function changedFields(before: Draft, after: Draft): Partial<Draft> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after))
    if (JSON.stringify(v ?? null) !== JSON.stringify((before as Record<string, unknown>)[k] ?? null)) out[k] = v;
  delete out.kind;
  // Custom values are merged by the server: send only those that changed (a read-only one sent unchanged would be refused).
  if (out.custom) out.custom = changedCustom(before.custom ?? {}, after.custom ?? {});
  return out;
}

export function ClientPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const client = useClient(id);
  const users = useUsers();
  const fields = useCustomFields();
  const qc = useQueryClient();
  // What the form was opened from (or reloaded to): a save sends the fields changed since, with this version,
  // so a refetch of the card while editing never turns someone else's change into a silent revert.
  const [editing, setEditing] = useState<{ base: Draft; version: number; key: number } | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  // the card's status line: a save's failure (kept after Cancel), else what was said last (saved, an archive refusal)
  const [lastMessage, setMessage] = useState<{ color: string; text: string } | null>(null);
  const describe = (e: unknown) =>
    e instanceof ApiError && e.code === 'VALIDATION_FAILED'
      ? null
      : e instanceof ApiError && e.code === 'VERSION_CONFLICT'
        ? { color: 'orange', text: t('client.conflict') }
        : { color: 'red', text: e instanceof ApiError && e.status === 403 ? t('errors.forbidden') : t('errors.generic') };
  const save = useSave(
    [['client', id], ['clients']],
    (v: { base: Draft; d: Draft; version: number }) => api('PATCH', `/api/clients/${id}`, { version: v.version, ...changedFields(v.base, v.d) }),
    {
      describe,
      // a stale save with the client as it is now: the form shows the conflict ("Reload" / "Keep mine")
      onConflict: (e) => ((e.details as Conflict | null)?.client ? (setConflict(e.details as Conflict), true) : false),
    },
  );
  const message = lastMessage ?? save.error;

  if (client.isLoading) return <Loader />;
  if (client.error || !client.data)
    return (
      <Alert color="red" role="alert">
        {t('client.notFound')}
      </Alert>
    );
  const c = client.data;

  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['client', id] }), qc.invalidateQueries({ queryKey: ['clients'] })]);
  const handleSave = (d: Draft, version = editing?.version ?? c.version) => {
    if (!editing) return;
    setMessage(null);
    save.mutate(
      { base: editing.base, d, version },
      {
        onSuccess: () => {
          setEditing(null);
          setConflict(null);
          setMessage({ color: 'green', text: t('client.saved') });
        },
      },
    );
  };
  const handleArchive = async () => {
    try {
      await api('POST', `/api/clients/${id}/${c.archived ? 'restore' : 'archive'}`, { version: c.version });
      await refresh();
    } catch (e) {
      setMessage(describe(e));
    }
  };

  if (editing) {
    const notice = conflict
      ? (d: Draft) => (
          <ConflictPanel
            base={editing.base}
            theirs={toDraft(conflict.client)}
            mine={d}
            conflict={conflict}
            busy={save.isPending}
            onReload={() => {
              setEditing({ base: toDraft(conflict.client), version: conflict.client.version, key: editing.key + 1 });
              setConflict(null);
              void refresh();
            }}
            onKeepMine={() => handleSave(d, conflict.client.version)}
          />
        )
      : undefined;
    return (
      <ClientForm
        key={editing.key}
        me={me}
        title={c.displayName}
        initial={editing.base}
        errors={save.errors}
        onSubmit={(d) => handleSave(d)}
        onCancel={() => {
          setEditing(null);
          setConflict(null);
        }}
        busy={save.isPending}
        editingKind={false}
        clientId={id}
        notice={notice}
      />
    );
  }
  const manager = users.data?.items.find((u) => u.id === c.managerId)?.name;
  return (
    <Stack maw={1000}>
      <Anchor component={Link} to="/" size="sm">
        ← {t('client.back')}
      </Anchor>
      <Group justify="space-between">
        <Group>
          <Title order={2} data-testid="client-name">
            {c.displayName}
          </Title>
          <Badge variant="light">{t(`client.${c.kind}`)}</Badge>
          {c.archived && <Badge color="gray">{t('client.archived')}</Badge>}
        </Group>
        <Group>
          {can(me, 'clients', 'edit') && (
            <Button
              onClick={() => {
                setMessage(null);
                save.setError(null);
                setEditing({ base: toDraft(c), version: c.version, key: 0 });
              }}
            >
              {t('client.edit')}
            </Button>
          )}
          {can(me, 'clients', 'delete') && (
            <Button variant="default" onClick={handleArchive}>
              {c.archived ? t('client.restore') : t('client.archive')}
            </Button>
          )}
        </Group>
      </Group>
      {message && (
        <Alert color={message.color} role="status">
          {message.text}
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          {shown
            .filter((k) => c[k])
            .map((k) => (
              <div key={k}>
                <Text size="xs" c="dimmed">
                  {t(`client.${k}`)}
                </Text>
                <Text>{k === 'birthDate' ? fieldValue('date', c[k]) : String(c[k])}</Text>
              </div>
            ))}
          {manager && (
            <div>
              <Text size="xs" c="dimmed">
                {t('client.manager')}
              </Text>
              <Text>{manager}</Text>
            </div>
          )}
          {!!c.externalIds?.length && (
            <div data-testid="external-ids">
              <Text size="xs" c="dimmed">
                {t('client.externalIds')}
              </Text>
              <Text>{c.externalIds.join(', ')}</Text>
            </div>
          )}
          {fields.data?.items
            .filter((f) => !f.hidden && c.custom?.[f.key] !== undefined)
            .map((f) => (
              <div key={f.key}>
                <Text size="xs" c="dimmed">
                  {f.label}
                </Text>
                <Text>{fieldValue(f.type, c.custom![f.key])}</Text>
              </div>
            ))}
        </SimpleGrid>
        {(c.channels?.length ?? 0) > 0 && (
          <Stack gap={4} mt="md">
            {c.channels!.map((ch, i) => (
              <Text key={i}>
                <Text span c="dimmed" size="sm">
                  {channelLabel(ch.label ?? ch.type)}:{' '}
                </Text>
                {ch.type === 'phone' ? (
                  <Anchor href={`tel:${ch.normalized ?? ch.value}`}>{ch.value}</Anchor>
                ) : ch.type === 'email' ? (
                  <Anchor href={`mailto:${ch.value}`}>{ch.value}</Anchor>
                ) : /^https?:\/\//i.test(ch.value) ? (
                  <Anchor href={ch.value} target="_blank" rel="noopener noreferrer">
                    {ch.value}
                  </Anchor>
                ) : (
                  ch.value
                )}
              </Text>
            ))}
          </Stack>
        )}
        {(c.tags?.length ?? 0) > 0 && (
          <Group gap={4} mt="md">
            {c.tags!.map((tag) => (
              <Badge key={tag} variant="outline">
                {tag}
              </Badge>
            ))}
          </Group>
        )}
        {c.notes && (
          <Text mt="md" style={{ whiteSpace: 'pre-wrap' }}>
            {c.notes}
          </Text>
        )}
      </Paper>
      {(c.contacts?.length ?? 0) > 0 && (
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            {t('client.contacts')}
          </Title>
          <Stack gap="xs">
            {c.contacts!.map((p, i) => (
              <Text key={i}>
                <b>{p.name}</b>
                {p.position ? `, ${p.position}` : ''}
                {p.channels?.map((ch, j) => (
                  <span key={j}>
                    {' '}
                    ·{' '}
                    {ch.type === 'phone' ? (
                      <Anchor href={`tel:${ch.value}`}>{ch.value}</Anchor>
                    ) : ch.type === 'email' ? (
                      <Anchor href={`mailto:${ch.value}`}>{ch.value}</Anchor>
                    ) : (
                      ch.value
                    )}
                  </span>
                ))}
              </Text>
            ))}
          </Stack>
        </Paper>
      )}
      {can(me, 'events', 'read') && <ClientEvents clientId={id} me={me} />}
      <ClientRecords clientId={id} me={me} />
      {(can(me, 'sales', 'read') || can(me, 'loyalty', 'read')) && <ClientPurchases id={id} me={me} />}
      <HistoryList id={id} />
    </Stack>
  );
}
