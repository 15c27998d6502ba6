import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { LoginPage } from './auth/LoginPage.js';
import { InvitePage } from './auth/InvitePage.js';
import { SetupPage } from './auth/SetupPage.js';
import { useFollowRole, useMe } from './auth/useMe.js';
import { ClientPage } from './clients/ClientPage.js';
import { JournalPage } from './clients/JournalPage.js';
import { NewClientPage } from './clients/NewClientPage.js';
import { AppLayout } from './layout/AppLayout.js';
import { AccountPage } from './auth/AccountPage.js';
import { SettingsPage } from './settings/SettingsPage.js';
import { ImportJobPage, ImportPage } from './import/ImportPage.js';

// Sales, catalog and reports load on first use: the first screen (journal, card) stays small.
const SalesRoutes = lazy(() => import('./sales/SalesRoutes.js'));
const CatalogPage = lazy(() => import('./catalog/CatalogPage.js'));
const ReportsPage = lazy(() => import('./reports/ReportsPage.js'));
const AuditPage = lazy(() => import('./audit/AuditPage.js'));
const MyDayPage = lazy(() => import('./myday/MyDayPage.js'));
const CalendarPage = lazy(() => import('./calendar/CalendarPage.js'));
const page = (el: ReactNode) => <Suspense fallback={<Loader />}>{el}</Suspense>;

export function App() {
  const me = useMe();
  const location = useLocation();
  useFollowRole(me.data, location.pathname);
  if (location.pathname === '/setup') return <SetupPage />;
  if (location.pathname === '/invite') return <InvitePage />;
  if (me.isLoading)
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  if (!me.data) return <LoginPage />;
  return (
    <AppLayout me={me.data}>
      <Routes>
        <Route path="/" element={<JournalPage me={me.data} />} />
        <Route path="/clients/new" element={<NewClientPage me={me.data} />} />
        <Route path="/clients/:id" element={<ClientPage me={me.data} />} />
        <Route path="/my-day" element={page(<MyDayPage me={me.data} />)} />
        <Route path="/settings" element={<SettingsPage me={me.data} />} />
        <Route path="/account" element={<AccountPage me={me.data} />} />
        <Route path="/sales/*" element={page(<SalesRoutes me={me.data} />)} />
        <Route path="/catalog" element={page(<CatalogPage me={me.data} />)} />
        <Route path="/reports" element={page(<ReportsPage me={me.data} />)} />
        <Route path="/calendar" element={page(<CalendarPage me={me.data} />)} />
        <Route path="/audit" element={page(<AuditPage me={me.data} />)} />
        <Route path="/import" element={<ImportPage me={me.data} />} />
        <Route path="/import/:id" element={<ImportJobPage me={me.data} />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </AppLayout>
  );
}
