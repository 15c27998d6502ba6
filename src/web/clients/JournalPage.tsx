import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { can, type Me, type TClientOut } from '../api.js';
import { firstChannel, useClientPages, useUsers } from './useClients.js';
import classes from './journal.module.css';
import { DemoOffer } from './DemoOffer.js';

const ROW = 44;
const CARD = 84;

export function JournalPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 640px)') ?? false;
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 120);
  const pages = useClientPages(q);
  const users = useUsers();
  const managerName = useMemo(() => new Map(users.data?.items.map((u) => [u.id, u.name])), [users.data]);
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const total = pages.data?.pages[0]?.total;

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => (phone ? CARD : ROW), overscan: 10 });
  const items = virtual.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (lastIndex >= rows.length - 20 && pages.hasNextPage && !pages.isFetchingNextPage) void pages.fetchNextPage();
  }, [lastIndex, rows.length, pages]);

  const open = (c: TClientOut) => navigate(`/clients/${c.id}`);

  return (
    <Stack h="calc(100vh - 88px)" gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <TextInput
          aria-label={t('journal.search')} placeholder={t('journal.search')} value={text} autoFocus
          onChange={(e) => setText(e.currentTarget.value)} style={{ flex: 1 }} type="search"
        />
        {can(me, 'clients', 'create') && <Button component={Link} to="/clients/new">{t('journal.add')}</Button>}
      </Group>
      <Text size="sm" c="dimmed" data-testid="client-count">
        {total ? (total.exact ? t('journal.count', { count: total.value }) : t('journal.countMore', { count: total.value })) : t('journal.loading')}
      </Text>
      {total && total.value === 0 && (
        <Paper withBorder p="lg">
          <Text>{q ? t('journal.noMatch') : t('journal.empty')}</Text>
          {!q && me.role.isAdmin && <DemoOffer />}
        </Paper>
      )}
      {!phone && rows.length > 0 && (
        <div className={classes.header} role="row">
          <span role="columnheader">{t('journal.name')}</span><span role="columnheader">{t('journal.phone')}</span>
          <span role="columnheader">{t('journal.email')}</span><span role="columnheader">{t('journal.status')}</span>
          <span role="columnheader">{t('journal.manager')}</span>
        </div>
      )}
      <div ref={scroller} className={classes.scroller} role="table" aria-label={t('app.clients')} aria-rowcount={total?.value}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const c = rows[v.index]!;
            const style = { transform: `translateY(${v.start}px)`, height: v.size };
            return phone ? (
              <div key={c.id} className={classes.card} style={style} role="row" tabIndex={0} onClick={() => open(c)} onKeyDown={(e) => e.key === 'Enter' && open(c)}>
                <Text fw={600} truncate>{c.displayName}</Text>
                <Text size="sm" c="dimmed" truncate>{[firstChannel(c, 'phone'), firstChannel(c, 'email')].filter(Boolean).join(' · ')}</Text>
                <Text size="xs" c="dimmed" truncate>{[c.status, managerName.get(c.managerId ?? 0)].filter(Boolean).join(' · ')}</Text>
              </div>
            ) : (
              <div key={c.id} className={classes.row} style={style} role="row" tabIndex={0} onClick={() => open(c)} onKeyDown={(e) => e.key === 'Enter' && open(c)}>
                <span role="cell"><Link to={`/clients/${c.id}`} onClick={(e) => e.stopPropagation()}>{c.displayName}</Link></span>
                <span role="cell">{firstChannel(c, 'phone')}</span>
                <span role="cell">{firstChannel(c, 'email')}</span>
                <span role="cell">{c.status ?? ''}</span>
                <span role="cell">{managerName.get(c.managerId ?? 0) ?? ''}</span>
              </div>
            );
          })}
        </div>
      </div>
    </Stack>
  );
}
