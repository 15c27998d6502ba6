import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useDebouncedValue, useLocalStorage, useMediaQuery } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { VirtualItem } from '@tanstack/react-virtual';
import { can, type Me, type TClientOut } from '../api.js';
import { apiFilters, columnCatalog, defaultView, fitView, visibleColumns, type Column, type ViewState } from './columns.js';
import { ColumnsMenu as ColumnsMenuPlain } from './ColumnsMenu.js';
import { DemoOffer } from './DemoOffer.js';
import { FiltersMenu as FiltersMenuPlain } from './FiltersMenu.js';
import { JournalHeader as JournalHeaderPlain } from './JournalHeader.js';
import { SearchBox } from './SearchBox.js';
import { useCustomFields, useUsers } from '../shared/queries.js';
import { firstChannel, useClientCount, useClientPages } from './useClients.js';
import { ViewsMenu as ViewsMenuPlain } from './ViewsMenu.js';
import { ExportMenu as ExportMenuPlain } from '../import/ExportMenu.js';
import classes from './journal.module.css';

const ROW = 44;
const CARD = 84;
/**
 * A search's count is asked once the text has stayed the same this long: counting a substring match
 * costs the server 60–100 ms at 100,000 clients (bench), and a count for a text still being typed
 * would compete with the search for the next keystroke.
 */
const COUNT_AFTER_MS = 400;

// A new search text re-renders the page: the menus and the header keep their props, so they are
// memoised and skip it; each row is its own memoised component, so rows whose client did not change
// are not rendered again (bench/web.ts: the time from the last keystroke to the rows on screen).
const FiltersMenu = memo(FiltersMenuPlain);
const ColumnsMenu = memo(ColumnsMenuPlain);
const ViewsMenu = memo(ViewsMenuPlain);
const ExportMenu = memo(ExportMenuPlain);
const JournalHeader = memo(JournalHeaderPlain);
type ShownColumn = Column & { width: number };

export function JournalPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 640px)') ?? false;
  const [q, setQ] = useState('');
  const [storedView, setView] = useLocalStorage<ViewState>({
    key: `clientela.journal.${me.user.id}`,
    defaultValue: defaultView,
    getInitialValueInEffect: false,
  });
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
  // the count is asked once the rows of this search are on screen and typing has paused, so it
  // never delays them
  const [settledQ] = useDebouncedValue(q, COUNT_AFTER_MS);
  const count = useClientCount(q, filters, !!q && q === settledQ && pages.isSuccess && !pages.isPlaceholderData);
  const users = useUsers();
  const managers = useMemo(() => new Map(users.data?.items.map((u) => [u.id, u.name])), [users.data]);
  const columns = useMemo(() => visibleColumns(view, catalog), [view, catalog]);
  const template = useMemo(() => columns.map((c) => `${c.width}px`).join(' '), [columns]);
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const total = q ? count.data : pages.data?.pages[0]?.total;
  const nothing = q ? !pages.isPlaceholderData && pages.isSuccess && rows.length === 0 : total?.value === 0;
  const handleHeader = useCallback(
    (v: ViewState) => {
      if (byRelevance && v.sort === '') return setView({ ...v, sort: view.sort, dir: view.dir }); // a resize
      if (q) setSortPicked(true);
      setView(v);
    },
    [byRelevance, q, setView, view.sort, view.dir],
  );

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => (phone ? CARD : ROW),
    overscan: 10,
  });
  const items = virtual.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    // a page that failed is not asked again by itself (that would loop): the alert's button does
    if (lastIndex >= rows.length - 20 && pages.hasNextPage && !pages.isFetchingNextPage && !pages.isFetchNextPageError) void pages.fetchNextPage();
  }, [lastIndex, rows.length, pages]);

  // a failed page says so, with a retry, instead of the list silently stopping (issue 13)
  const failed = pages.isError && !pages.isFetching;
  const handleRetry = () => void (pages.isFetchNextPageError ? pages.fetchNextPage() : pages.refetch());
  const countText = total
    ? total.exact
      ? t('journal.count', { count: total.value })
      : t('journal.countMore', { count: total.value })
    : pages.isError && !rows.length
      ? t('journal.failed')
      : count.isError
        ? t('journal.countFailed')
        : t('journal.loading');
  const open = useCallback((c: TClientOut) => navigate(`/clients/${c.id}`), [navigate]);
  const handleLoad = useCallback(
    (v: ViewState, name: string | null) => {
      setView(v);
      setViewName(name);
    },
    [setView],
  );
  const exportQuery = useMemo(() => ({ q, sort: view.sort, dir: view.dir, filters }), [q, view.sort, view.dir, filters]);
  const headerView = useMemo(() => (byRelevance ? { ...view, sort: '' } : view), [byRelevance, view]);

  return (
    <Stack h="calc(100vh - 88px)" gap="sm">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <SearchBox label={t('journal.search')} onSearch={setQ} />
        {!phone && <FiltersMenu view={view} catalog={catalog} onChange={setView} />}
        {!phone && <ColumnsMenu view={view} catalog={catalog} onChange={setView} />}
        {!phone && <ViewsMenu me={me} view={view} onLoad={handleLoad} />}
        {can(me, 'clients', 'export') && <ExportMenu query={exportQuery} />}
        {can(me, 'clients', 'import') && (
          <Button component={Link} to="/import" variant="default">
            {t('import.open')}
          </Button>
        )}
        {can(me, 'clients', 'create') && (
          <Button component={Link} to="/clients/new">
            {t('journal.add')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" data-testid="client-count">
        {viewName && <b>{viewName} · </b>}
        {countText}
      </Text>
      {failed && (
        <Alert color="red" role="alert" data-testid="journal-error" title={rows.length ? t('journal.failedMore') : t('journal.failed')}>
          <Button size="xs" variant="light" color="red" onClick={handleRetry}>
            {t('journal.retry')}
          </Button>
        </Alert>
      )}
      {nothing && (
        <Paper withBorder p="lg">
          <Text>{q || filters.length ? t('journal.noMatch') : t('journal.empty')}</Text>
          {!q && !filters.length && me.role.isAdmin && <DemoOffer />}
        </Paper>
      )}
      <div ref={scroller} className={classes.scroller} role="table" aria-label={t('app.clients')} aria-rowcount={total?.value}>
        {!phone && rows.length > 0 && <JournalHeader view={headerView} columns={columns} template={template} onChange={handleHeader} />}
        <div
          style={{
            height: virtual.getTotalSize(),
            position: 'relative',
            minWidth: phone ? undefined : columns.reduce((s, c) => s + c.width + 12, 24),
          }}
        >
          {items.map((v) => (
            <JournalRow
              key={rows[v.index]!.id}
              c={rows[v.index]!}
              v={v}
              phone={phone}
              columns={columns}
              template={template}
              managers={managers}
              onOpen={open}
            />
          ))}
        </div>
      </div>
    </Stack>
  );
}

type RowProps = {
  c: TClientOut;
  v: VirtualItem;
  phone: boolean;
  columns: ShownColumn[];
  template: string;
  managers: Map<number, string>;
  onOpen: (c: TClientOut) => void;
};

const JournalRow = memo(
  function JournalRow({ c, v, phone, columns, template, managers, onOpen }: RowProps) {
    const style = { transform: `translateY(${v.start}px)`, height: v.size };
    return phone ? (
      <div className={classes.card} style={style} role="row" tabIndex={0} onClick={() => onOpen(c)} onKeyDown={(e) => e.key === 'Enter' && onOpen(c)}>
        <Text fw={600} truncate>
          {c.displayName}
        </Text>
        <Text size="sm" c="dimmed" truncate>
          {[firstChannel(c, 'phone'), firstChannel(c, 'email')].filter(Boolean).join(' · ')}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {[c.status, managers.get(c.managerId ?? 0)].filter(Boolean).join(' · ')}
        </Text>
      </div>
    ) : (
      <div
        className={classes.row}
        style={{ ...style, gridTemplateColumns: template }}
        role="row"
        tabIndex={0}
        onClick={() => onOpen(c)}
        onKeyDown={(e) => e.key === 'Enter' && onOpen(c)}
      >
        {columns.map((col) => (
          <span key={col.field} role="cell">
            {col.field === 'name' ? (
              <Link to={`/clients/${c.id}`} onClick={(e) => e.stopPropagation()}>
                {c.displayName}
              </Link>
            ) : (
              col.value(c, managers)
            )}
          </span>
        ))}
      </div>
    );
  },
  (a, b) =>
    a.c === b.c &&
    a.v.start === b.v.start &&
    a.v.size === b.v.size &&
    a.phone === b.phone &&
    a.columns === b.columns &&
    a.template === b.template &&
    a.managers === b.managers &&
    a.onOpen === b.onOpen,
);
