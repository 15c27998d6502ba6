import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const colors: Record<string, string> = { completed: 'green', draft: 'gray', preorder: 'blue', cancelled: 'red' };

export function SaleStatus({ status, kind }: { status: string; kind?: string }) {
  const { t } = useTranslation();
  return (
    <>
      {kind === 'return' && (
        <Badge color="orange" variant="light" mr={4}>
          {t('sales.kinds.return')}
        </Badge>
      )}
      <Badge color={colors[status] ?? 'gray'} variant="light">
        {t(`sales.statuses.${status}`, { defaultValue: status })}
      </Badge>
    </>
  );
}
