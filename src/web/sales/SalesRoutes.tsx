import { Route, Routes } from 'react-router';
import { can, type Me } from '../api.js';
import { Forbidden } from '../layout/ApiErrorAlert.js';
import { SaleFormPage } from './SaleFormPage.js';
import { SalesPage } from './SalesPage.js';
import { SaleViewPage } from './SaleViewPage.js';

export default function SalesRoutes({ me }: { me: Me }) {
  if (!can(me, 'sales', 'read')) return <Forbidden />;
  return (
    <Routes>
      <Route index element={<SalesPage me={me} />} />
      <Route path="new" element={can(me, 'sales', 'create') ? <SaleFormPage me={me} /> : <Forbidden />} />
      <Route path=":id" element={<SaleViewPage me={me} />} />
      <Route path=":id/edit" element={can(me, 'sales', 'edit') ? <SaleFormPage me={me} edit /> : <Forbidden />} />
    </Routes>
  );
}
