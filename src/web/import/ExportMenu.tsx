import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { exportUrl, type ExportQuery } from './plan.js';

/** The journal's "Export" menu: the list as shown (search, filters, sort) as XLSX, CSV or vCard. */
export function ExportMenu({ query }: { query: ExportQuery }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" shadow="md">
      <Menu.Target>
        <Button variant="default" title={t('import.export.hint')}>
          {t('import.export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('import.export.hint')}</Menu.Label>
        {(['xlsx', 'csv', 'vcf'] as const).map((f) => (
          <Menu.Item key={f} component="a" href={exportUrl(f, query)} download>
            {t(`import.export.${f}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
