// The CRM sections of the client card (issue 15) as tabs: tasks, promises, contracts, notes,
// files and the timeline, each shown only to roles that may read it. The tabs scroll sideways
// inside themselves on a phone; the page does not.
import { Paper, ScrollArea, Tabs } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, type Me } from '../api.js';
import { ClientContracts } from './ClientContracts.js';
import { ClientFiles } from './ClientFiles.js';
import { ClientNotes } from './ClientNotes.js';
import { ClientPromises } from './ClientPromises.js';
import { ClientTasks } from './ClientTasks.js';
import { ClientTimeline } from './ClientTimeline.js';
import type { TimelineKind } from './useRecords.js';

/** the timeline's kinds a role reads (the server leaves out the others too) */
const kindSection: [TimelineKind, string][] = [
  ['event', 'events'],
  ['task', 'tasks'],
  ['promise', 'promises'],
  ['contract', 'contracts'],
  ['note', 'notes'],
  ['file', 'notes'],
  ['mail', 'events'],
  ['sale', 'sales'],
  ['change', 'clients'],
];

export function ClientRecords({ clientId, me }: { clientId: number; me: Me }) {
  const { t } = useTranslation();
  const tabs = [
    can(me, 'tasks', 'read') && 'tasks',
    can(me, 'promises', 'read') && 'promises',
    can(me, 'contracts', 'read') && 'contracts',
    can(me, 'notes', 'read') && 'notes',
    can(me, 'notes', 'read') && 'files',
    'timeline',
  ].filter((x): x is string => !!x);
  const [tab, setTab] = useState<string | null>(tabs[0] ?? null);
  const kinds = kindSection.filter(([, s]) => can(me, s, 'read')).map(([k]) => k);
  return (
    <Paper withBorder p="md" data-testid="records">
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <ScrollArea type="never" offsetScrollbars={false}>
          <Tabs.List style={{ flexWrap: 'nowrap' }}>
            {tabs.map((k) => (
              <Tabs.Tab key={k} value={k}>
                {t(`records.tabs.${k}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </ScrollArea>
        <Tabs.Panel value="tasks" pt="sm">
          <ClientTasks clientId={clientId} me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="promises" pt="sm">
          <ClientPromises clientId={clientId} me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="contracts" pt="sm">
          <ClientContracts clientId={clientId} me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="sm">
          <ClientNotes clientId={clientId} me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="files" pt="sm">
          <ClientFiles clientId={clientId} me={me} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="sm">
          <ClientTimeline clientId={clientId} kinds={kinds} />
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}
