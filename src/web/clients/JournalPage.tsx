import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useLocalStorage, useMediaQuery } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { can, type Me, type TClientOut } from '../api.js';
import { apiFilters, columnCatalog, defaultView, fitView, visibleColumns, type ViewState } from './columns.js';
import { ColumnsMenu } from './ColumnsMenu.js';
import { DemoOffer } from './DemoOffer.js';
import { FiltersMenu } from './FiltersMenu.js';
import { JournalHeader } from './JournalHeader.js';
import { SearchBox } from './SearchBox.js';
import { firstChannel, useClientCount, useClientPages, useCustomFields, useUsers } from './useClients.js';
import { ViewsMenu } from './ViewsMenu.js';
import { ExportMenu } from '../import/ExportMenu.js';
import classes from './journal.module.css';

const ROW = 44;
const CARD = 84;

export function JournalPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 640px)') ?? false;
  const [q, setQ] = useState('');
  const [storedView, setView] = useLocalStorage<ViewState>({ key: `clientela.journal.${me.user.id}`, defaultValue: defaultView, getInitialValueInEffect: false });
  const fields = useCustomFields();
  const catalog = useMemo(() => columnCatalog(t, fields.data?.items ?? [], me.role.fieldRights), [t, fields.data, me.role.fieldRights]);
  // a field the role hides (since the view was saved) leaves the columns, the sort and the filters
  const view = useMemo(() => (fields.data ? fitView(storedView, catalog) : storedView), [fields.data, storedView, catalog]);
  const [viewName, setViewName] = useState<string | null>(null);
  // While searching, results come by relevance (names starting with the text, then other
  // matches, newest first) until the user picks a column to sort by; the count comes separately,
  // so the rows do not wait for it.
  const [sortPicked, setSortPicked] = useState(false);
  useEffect(() => {
    if (!q) setSortPicked(false);
  }, [q]);
  const byRelevance = !!q && !sortPicked;
  const filters = useMemo(() => apiFilters(view.filters), [view.filters]);
  const pages = useClientPages(q, byRelevance ? 'relevance' : view.sort, view.dir, filters, !q);
  // the count is asked once the rows of this search are on screen, so it never delays them
  const count = useClientCount(q, filters, !!q && pages.isSuccess && !pages.isPlaceholderData);
  const users = useUsers();
  const managers = useMemo(() => new Map(users.data?.items.map((u) => [u.id, u.name])), [users.data]);
  const columns = visibleColumns(view, catalog);
  const template = columns.map((c) => `${c.width}px`).join(' ');
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const total = q ? count.data : pages.data?.pages[0]?.total;
  const nothing = q ? !pages.isPlaceholderData && pages.isSuccess && rows.length === 0 : total?.value === 0;
  const handleHeader = (v: ViewState) => {
    if (byRelevance && v.sort === '') return setView({ ...v, sort: view.sort, dir: view.dir }); // a resize
    if (q) setSortPicked(true);
    setView(v);
  };

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => (phone ? CARD : ROW), overscan: 10 });
  const items = virtual.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    // a page that failed is not asked again by itself (that would loop): the alert's button does
    if (lastIndex >= rows.length - 20 && pages.hasNextPage && !pages.isFetchingNextPage && !pages.isFetchNextPageError) void pages.fetchNextPage();
  }, [lastIndex, rows.length, pages]);

  // a failed page says so, with a retry, instead of the list silently stopping (issue 13)
  const failed = pages.isError && !pages.isFetching;
  const handleRetry = () => void (pages.isFetchNextPageError ? pages.fetchNextPage() : pages.refetch());
  const countText = total ? (total.exact ? t('journal.count', { count: total.value }) : t('journal.countMore', { count: total.value }))
    : pages.isError && !rows.length ? t('journal.failed') : count.isError ? t('journal.countFailed') : t('journal.loading');
  const open = (c: TClientOut) => navigate(`/clients/${c.id}`);
  const handleLoad = (v: ViewState, name: string | null) => {
    setView(v);
    setViewName(name);
  };

  return (
    <Stack h="calc(100vh - 88px)" gap="sm">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <SearchBox label={t('journal.search')} onSearch={setQ} />
        {!phone && <FiltersMenu view={view} catalog={catalog} onChange={setView} />}
        {!phone && <ColumnsMenu view={view} catalog={catalog} onChange={setView} />}
        {!phone && <ViewsMenu me={me} view={view} onLoad={handleLoad} />}
        {can(me, 'clients', 'export') && <ExportMenu query={{ q, sort: view.sort, dir: view.dir, filters }} />}
        {can(me, 'clients', 'import') && <Button component={Link} to="/import" variant="default">{t('import.open')}</Button>}
        {can(me, 'clients', 'create') && <Button component={Link} to="/clients/new">{t('journal.add')}</Button>}
      </Group>
      <Text size="sm" c="dimmed" data-testid="client-count">
        {viewName && <b>{viewName} · </b>}
        {countText}
      </Text>
      {failed && (
        <Alert color="red" role="alert" data-testid="journal-error" title={rows.length ? t('journal.failedMore') : t('journal.failed')}>
          <Button size="xs" variant="light" color="red" onClick={handleRetry}>{t('journal.retry')}</Button>
        </Alert>
      )}
      {nothing && (
        <Paper withBorder p="lg">
          <Text>{q || filters.length ? t('journal.noMatch') : t('journal.empty')}</Text>
          {!q && !filters.length && me.role.isAdmin && <DemoOffer />}
        </Paper>
      )}
      <div ref={scroller} className={classes.scroller} role="table" aria-label={t('app.clients')} aria-rowcount={total?.value}>
        {!phone && rows.length > 0 && <JournalHeader view={byRelevance ? { ...view, sort: '' } : view} columns={columns} template={template} onChange={handleHeader} />}
        <div style={{ height: virtual.getTotalSize(), position: 'relative', minWidth: phone ? undefined : columns.reduce((s, c) => s + c.width + 12, 24) }}>
          {items.map((v) => {
            const c = rows[v.index]!;
            const style = { transform: `translateY(${v.start}px)`, height: v.size };
            return phone ? (
              <div key={c.id} className={classes.card} style={style} role="row" tabIndex={0} onClick={() => open(c)} onKeyDown={(e) => e.key === 'Enter' && open(c)}>
                <Text fw={600} truncate>{c.displayName}</Text>
                <Text size="sm" c="dimmed" truncate>{[firstChannel(c, 'phone'), firstChannel(c, 'email')].filter(Boolean).join(' · ')}</Text>
                <Text size="xs" c="dimmed" truncate>{[c.status, managers.get(c.managerId ?? 0)].filter(Boolean).join(' · ')}</Text>
              </div>
            ) : (
              <div key={c.id} className={classes.row} style={{ ...style, gridTemplateColumns: template }} role="row" tabIndex={0} onClick={() => open(c)} onKeyDown={(e) => e.key === 'Enter' && open(c)}>
                {columns.map((col) => (
                  <span key={col.field} role="cell">
                    {col.field === 'name' ? <Link to={`/clients/${c.id}`} onClick={(e) => e.stopPropagation()}>{c.displayName}</Link> : col.value(c, managers)}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </Stack>
  );
}
