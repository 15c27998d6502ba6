import { Alert } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError, type Me, type TClientOut } from '../api.js';
import { ClientForm, type Draft } from './ClientForm.js';

export function NewClientPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const handleSubmit = async (d: Draft) => {
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const r = await api<{ client: TClientOut }>('POST', '/api/clients', d);
      await qc.invalidateQueries({ queryKey: ['clients'] });
      navigate(`/clients/${r.client.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') setErrors(e.fields);
      else setError(e instanceof ApiError && e.status === 403 ? t('errors.forbidden') : t('errors.generic'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {error && <Alert color="red" role="alert" mb="md">{error}</Alert>}
      <ClientForm me={me} title={t('client.newTitle')} initial={{ kind: 'person', channels: [{ type: 'phone', label: 'mobile', value: '' }], managerId: me.user.id }}
        errors={errors} onSubmit={handleSubmit} onCancel={() => navigate('/')} busy={busy} editingKind />
    </>
  );
}
