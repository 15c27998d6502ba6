// Small pieces shared by the client's records: who may be named responsible (the form's footer is shared/FormFooter.tsx),
// a refusal of the server above a form, "are you sure" before a delete.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api.js';
import { useUsers } from '../shared/queries.js';

/** The owner rule of CRM records (planning/owner-rule.ts): yourself; your department with the department scope; anyone with "all". */
export function useOwnerOptions(me: Me, current?: { id: number; name: string } | null) {
  const users = useUsers();
  const list = (users.data?.items ?? []).filter(
    (u) =>
      u.id === me.user.id ||
      (u.active &&
        (me.role.scope === 'all' || (me.role.scope === 'department' && u.departmentId !== null && u.departmentId === me.user.departmentId))),
  );
  const options = list.map((u) => ({ value: String(u.id), label: u.name }));
  if (!options.some((o) => o.value === String(me.user.id))) options.unshift({ value: String(me.user.id), label: me.user.name });
  if (current && !options.some((o) => o.value === String(current.id))) options.push({ value: String(current.id), label: current.name });
  return options;
}

/** The form's window: full screen on a phone. */
export function FormModal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Modal opened onClose={onClose} title={title} fullScreen={!!phone} size="lg">
      {children}
    </Modal>
  );
}

/** Asks before a delete; the refusal (403, 404) is shown in it. */
export function ConfirmDelete({
  text,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  text: string;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={t('records.deleteTitle')}>
      <Stack>
        <Text style={{ overflowWrap: 'anywhere' }}>{text}</Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={busy} onClick={onConfirm}>
            {t('records.delete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
