// The client's timeline: everything about the client in one list, newest first (events, tasks,
// promises, contracts, notes, files, sales, changes of the card), filtered by kind, page by page.
import { Anchor, Badge, Button, Chip, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { presentEntry } from '../audit/present.js';
import { formatDate, formatDateTime } from '../format.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { summaryBytes } from './model.js';
import { useSize } from './ClientFiles.js';
import { type TimelineKind, type TTimelineItem, useTimeline } from './useRecords.js';

const kindColour: Record<TimelineKind, string> = {
  event: 'blue',
  task: 'cyan',
  promise: 'grape',
  contract: 'indigo',
  note: 'yellow',
  file: 'teal',
  mail: 'orange',
  sale: 'green',
  change: 'gray',
};
/** statuses the timeline shows in words (each kind's own) */
const knownStatus: Record<string, string[]> = {
  event: ['planned', 'done', 'cancelled'],
  task: ['open', 'done', 'cancelled'],
  promise: ['open', 'kept', 'broken'],
  contract: ['draft', 'active', 'closed', 'cancelled'],
  mail: ['queued', 'sent', 'failed'],
};

export function ClientTimeline({ clientId, kinds }: { clientId: number; kinds: TimelineKind[] }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string[]>([]);
  const list = useTimeline(clientId, chosen as TimelineKind[]);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="xs" data-testid="timeline">
      <Chip.Group multiple value={chosen} onChange={setChosen}>
        <Group gap={6} wrap="wrap" aria-label={t('records.timeline.filter')}>
          {kinds.map((k) => (
            <Chip key={k} value={k} size="xs">
              {t(`records.timeline.kinds.${k}`)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <ApiErrorAlert error={list.error} />
      {list.isSuccess && items.length === 0 && <Text c="dimmed">{t('records.timeline.none')}</Text>}
      {items.map((it) => (
        <Item key={`${it.kind}-${it.id}`} it={it} />
      ))}
      {list.hasNextPage && (
        <Button variant="subtle" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

function Item({ it }: { it: TTimelineItem }) {
  const { t } = useTranslation();
  const size = useSize();
  let title = it.title;
  let summary = it.summary;
  let lines: string[] = [];
  if (it.kind === 'change') {
    const shown = presentEntry({ action: it.title, changes: it.changes ?? null }, undefined, t);
    title = shown.title;
    lines = shown.lines.map((l) => (l.label ? `${l.label}: ${l.text}` : l.text));
    summary = '';
  } else if (it.kind === 'promise') summary = t(`records.promises.by.${it.summary === 'client' ? 'client' : 'us'}`);
  else if (it.kind === 'file') {
    const bytes = summaryBytes(it.summary);
    summary = bytes === null ? '' : size(bytes);
  } else if (it.kind === 'sale') summary = it.summary.replace(/^[a-z_]+: /, '');
  const status = it.status && knownStatus[it.kind]?.includes(it.status) ? t(`records.timeline.statuses.${it.kind}.${it.status}`) : null;
  const due =
    it.due && (it.kind === 'task' || it.kind === 'promise' || it.kind === 'contract')
      ? t('records.timeline.due', { date: /^\d{4}-\d{2}-\d{2}$/.test(it.due) ? formatDate(it.due) : formatDateTime(it.due) })
      : null;
  return (
    <Paper withBorder p="xs" data-testid="timeline-row" data-kind={it.kind}>
      <Group gap="xs" wrap="wrap">
        <Badge size="sm" variant="light" color={kindColour[it.kind]}>
          {t(`records.timeline.kinds.${it.kind}`)}
        </Badge>
        <Text size="sm" c="dimmed">
          {formatDateTime(it.at)}
          {it.actorName ? ` · ${it.actorName}` : ''}
        </Text>
        {status && (
          <Badge size="sm" variant="outline">
            {status}
          </Badge>
        )}
        {due && (
          <Text size="sm" c="dimmed">
            {due}
          </Text>
        )}
      </Group>
      <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
        {it.link ? (
          <Anchor component={Link} to={it.link}>
            {title}
          </Anchor>
        ) : (
          title
        )}
      </Text>
      {summary && summary !== title && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={4}>
          {summary}
        </Text>
      )}
      {lines.map((l, i) => (
        <Text key={i} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {l}
        </Text>
      ))}
    </Paper>
  );
}
