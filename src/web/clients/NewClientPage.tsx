import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError, type Me, type TClientOut } from '../api.js';
import { useSave } from '../shared/useSave.js';
import { ClientForm, type Draft } from './ClientForm.js';

export function NewClientPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const save = useSave([['clients']], (d: Draft) => api<{ client: TClientOut }>('POST', '/api/clients', d), {
    describe: (e) =>
      e instanceof ApiError && e.code === 'VALIDATION_FAILED'
        ? null
        : e instanceof ApiError && e.status === 403
          ? t('errors.forbidden')
          : t('errors.generic'),
  });

  const handleSubmit = (d: Draft) => save.mutate(d, { onSuccess: (r) => navigate(`/clients/${r.client.id}`) });
  return (
    <>
      {save.error && (
        <Alert color="red" role="alert" mb="md">
          {save.error}
        </Alert>
      )}
      <ClientForm
        me={me}
        title={t('client.newTitle')}
        initial={{ kind: 'person', channels: [{ type: 'phone', label: 'mobile', value: '' }], managerId: me.user.id }}
        errors={save.errors}
        onSubmit={handleSubmit}
        onCancel={() => navigate('/')}
        busy={save.isPending}
        editingKind
      />
    </>
  );
}
