import { Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { can, type Me } from '../api.js';
import { Forbidden } from '../layout/ApiErrorAlert.js';
import { CategoriesTab } from './CategoriesTab.js';
import { FirmTab } from './FirmTab.js';
import { GroupsTab } from './GroupsTab.js';
import { PriceListsTab } from './PriceListsTab.js';
import { ProductsTab } from './ProductsTab.js';

export default function CatalogPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  if (!can(me, 'catalog', 'read')) return <Forbidden />;
  return (
    <>
      <Title order={2} mb="md">
        {t('catalog.title')}
      </Title>
      <Tabs defaultValue="products" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="products">{t('catalog.products')}</Tabs.Tab>
          <Tabs.Tab value="groups">{t('catalog.groups')}</Tabs.Tab>
          <Tabs.Tab value="price-lists">{t('catalog.priceLists')}</Tabs.Tab>
          {can(me, 'loyalty', 'read') && <Tabs.Tab value="categories">{t('catalog.categories')}</Tabs.Tab>}
          <Tabs.Tab value="firm">{t('catalog.firm')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="products" pt="md">
          <ProductsTab me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="groups" pt="md">
          <GroupsTab me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="price-lists" pt="md">
          <PriceListsTab me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="categories" pt="md">
          <CategoriesTab me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="firm" pt="md">
          <FirmTab me={me} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
