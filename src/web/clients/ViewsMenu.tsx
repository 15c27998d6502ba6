import { Button, Checkbox, Group, Menu, Modal, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Me } from '../api.js';
import { defaultView, type ViewState } from './columns.js';

type SavedView = { id: number; name: string; shared: boolean; mine: boolean; version: number; config: ViewState };

export function ViewsMenu({ me, view, onLoad }: { me: Me; view: ViewState; onLoad: (v: ViewState, name: string | null) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const views = useQuery({ queryKey: ['views'], queryFn: () => api<{ items: SavedView[] }>('GET', '/api/views') });
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const save = useMutation({
    mutationFn: () => api<SavedView>('POST', '/api/views', { name, shared, config: view }),
    onSuccess: (v) => {
      setOpen(false);
      onLoad(v.config, v.name);
      return qc.invalidateQueries({ queryKey: ['views'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => api('DELETE', `/api/views/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['views'] }),
  });
  return (
    <>
      <Menu position="bottom-end" shadow="md">
        <Menu.Target>
          <Button variant="default">{t('journal.views')}</Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => onLoad(defaultView, null)}>{t('journal.defaultView')}</Menu.Item>
          {views.data?.items.map((v) => (
            <Menu.Item
              key={v.id}
              onClick={() => onLoad({ ...defaultView, ...v.config }, v.name)}
              rightSection={
                (v.mine || me.role.isAdmin) && (
                  <span
                    role="button"
                    aria-label={`${t('journal.deleteView')}: ${v.name}`}
                    onClick={(e) => (e.stopPropagation(), remove.mutate(v.id))}
                  >
                    ×
                  </span>
                )
              }
            >
              {v.name}
              {v.shared ? ` · ${t('journal.shared')}` : ''}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item onClick={() => setOpen(true)}>{t('journal.saveView')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('journal.saveView')}>
        <Stack component="form" onSubmit={(e) => (e.preventDefault(), save.mutate())}>
          <TextInput
            label={t('journal.viewName')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            autoFocus
            error={save.error?.message}
          />
          {me.role.isAdmin && <Checkbox label={t('journal.shareView')} checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} />}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('client.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
