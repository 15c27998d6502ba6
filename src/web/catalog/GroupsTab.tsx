import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, can, type Me, type TProductGroup } from '../api.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { useSave } from '../shared/useSave.js';
import { useGroups } from './useCatalog.js';

function GroupRow({ g, editable }: { g: TProductGroup; editable: boolean }) {
  const { t } = useTranslation();
  const [name, setName] = useState(g.name);
  const rename = useSave([['product-groups'], ['products']], () => api('PATCH', `/api/product-groups/${g.id}`, { name, version: g.version }));
  return (
    <Group component="form" onSubmit={(e) => (e.preventDefault(), rename.mutate(undefined))} align="flex-start">
      <TextInput
        aria-label={t('catalog.group')}
        value={name}
        error={rename.errors.name ?? rename.error}
        disabled={!editable}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      {editable && name !== g.name && (
        <Button type="submit" variant="light">
          {t('common.save')}
        </Button>
      )}
    </Group>
  );
}

export function GroupsTab({ me }: { me: Me }) {
  const { t } = useTranslation();
  const groups = useGroups();
  const [name, setName] = useState('');
  const add = useSave([['product-groups']], () => api('POST', '/api/product-groups', { name }).then(() => setName('')));
  return (
    <Stack maw={520}>
      <ApiErrorAlert error={groups.error} />
      {groups.data?.items.map((g) => (
        <GroupRow key={`${g.id}-${g.version}`} g={g} editable={can(me, 'catalog', 'edit')} />
      ))}
      {groups.data?.items.length === 0 && <Alert color="gray">{t('catalog.noGroups')}</Alert>}
      {can(me, 'catalog', 'create') && (
        <Group component="form" onSubmit={(e) => (e.preventDefault(), add.mutate(undefined))} align="flex-end">
          <TextInput
            label={t('catalog.newGroup')}
            value={name}
            required
            error={add.errors.name ?? add.error ?? undefined}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Button type="submit">{t('common.add')}</Button>
        </Group>
      )}
    </Stack>
  );
}
