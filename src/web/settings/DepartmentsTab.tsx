import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, can, type Me } from '../api.js';
import { useDepartments, type Department } from '../shared/queries.js';
import { useSave } from '../shared/useSave.js';

function DepartmentRow({ d, editable }: { d: Department; editable: boolean }) {
  const { t } = useTranslation();
  const [name, setName] = useState(d.name);
  const rename = useSave([['departments']], () => api('PATCH', `/api/departments/${d.id}`, { name, version: d.version }));
  return (
    <Group component="form" onSubmit={(e) => (e.preventDefault(), rename.mutate(undefined))} align="flex-start">
      <TextInput
        aria-label={t('settings.department')}
        value={name}
        error={rename.errors.name ?? rename.error}
        disabled={!editable}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      {editable && name !== d.name && (
        <Button type="submit" variant="light">
          {t('client.save')}
        </Button>
      )}
    </Group>
  );
}

export function DepartmentsTab({ me }: { me: Me }) {
  const { t } = useTranslation();
  const depts = useDepartments();
  const [name, setName] = useState('');
  const add = useSave([['departments']], () => api('POST', '/api/departments', { name }).then(() => setName('')));
  return (
    <Stack maw={520}>
      {depts.data?.items.map((d) => (
        <DepartmentRow key={`${d.id}-${d.version}`} d={d} editable={can(me, 'departments', 'edit')} />
      ))}
      {can(me, 'departments', 'create') && (
        <Group component="form" onSubmit={(e) => (e.preventDefault(), add.mutate(undefined))} align="flex-end">
          <TextInput
            label={t('settings.newDepartment')}
            value={name}
            required
            error={add.errors.name ?? (add.error && !add.errors.name ? add.error : undefined)}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Button type="submit">{t('settings.add')}</Button>
        </Group>
      )}
      {depts.data?.items.length === 0 && <Alert color="gray">{t('settings.noDepartments')}</Alert>}
    </Stack>
  );
}
