import { Button, Group, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';

/** The empty journal's offer to administrators: the CLI's demo seed, one click away. */
export function DemoOffer() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const load = useMutation({ mutationFn: () => api('POST', '/api/demo'), onSuccess: () => qc.invalidateQueries() });
  return (
    <Group mt="sm">
      <Text c="dimmed">{t('demo.offer')}</Text>
      <Button variant="light" loading={load.isPending} onClick={() => load.mutate()}>
        {t('demo.load')}
      </Button>
    </Group>
  );
}
