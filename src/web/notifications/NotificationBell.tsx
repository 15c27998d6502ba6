// The bell in the header: the unread count (polled, and on window focus), a dropdown of the newest
// notifications (Load more for older ones), each leading to what it is about (the client's card, else My day), "Mark read"
// and "Mark all read".
import { ActionIcon, Anchor, Badge, Button, Group, Indicator, Loader, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../format.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { notificationHref } from '../myday/model.js';
import { useSave } from '../shared/useSave.js';
import { listKey, markAllRead, markRead, type TNotificationOut, unreadKey, useNotificationList, useUnreadCount } from './useNotifications.js';

const kinds = new Set(['task', 'event', 'promise', 'contract', 'birthday', 'contract_end', 'custom_date', 'after_last_purchase']);

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const unread = useUnreadCount();
  const list = useNotificationList(opened);
  const qc = useQueryClient();
  const count = unread.data?.unread ?? 0;
  const keys = [unreadKey, listKey];
  const one = useSave(keys, (id: number) => markRead(id));
  const all = useSave(keys, () => markAllRead());
  const toggle = () => {
    if (!opened) void qc.invalidateQueries({ queryKey: unreadKey });
    setOpened(!opened);
  };
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" width={360} withinPortal trapFocus={false}>
      <Popover.Target>
        <Indicator label={count > 99 ? '99+' : count} size={16} disabled={count === 0} offset={4} color="red" data-testid="bell-badge">
          <ActionIcon
            variant="subtle"
            size="md"
            onClick={toggle}
            aria-label={count ? t('notifications.unread', { count }) : t('notifications.bell')}
            title={t('notifications.bell')}
            data-testid="bell"
          >
            <BellIcon />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs" maw="calc(100vw - 16px)" data-testid="notifications">
        <Group justify="space-between" mb="xs" wrap="nowrap">
          <Text fw={600}>{t('notifications.title')}</Text>
          {count > 0 && (
            <Button size="compact-xs" variant="subtle" loading={all.isPending} onClick={() => all.mutate(undefined)}>
              {t('notifications.markAllRead')}
            </Button>
          )}
        </Group>
        {list.isLoading && <Loader size="sm" />}
        {list.isError && <ApiErrorAlert error={list.error} />}
        {(one.error || all.error) && (
          <Text c="red" size="sm" role="alert">
            {one.error ?? all.error}
          </Text>
        )}
        {list.isSuccess && items.length === 0 && (
          <Text c="dimmed" size="sm">
            {t('notifications.none')}
          </Text>
        )}
        <ScrollArea.Autosize mah="min(60vh, 420px)" type="auto">
          <Stack gap={4}>
            {items.map((n) => (
              <Item key={n.id} n={n} onOpen={() => (n.readAt === null && one.mutate(n.id), setOpened(false))} onRead={() => one.mutate(n.id)} />
            ))}
            {list.hasNextPage && (
              <Button
                size="compact-sm"
                variant="subtle"
                onClick={() => void list.fetchNextPage()}
                loading={list.isFetchingNextPage}
                data-testid="bell-more"
              >
                {t('common.loadMore')}
              </Button>
            )}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}

function Item({ n, onOpen, onRead }: { n: TNotificationOut; onOpen: () => void; onRead: () => void }) {
  const { t } = useTranslation();
  const unread = n.readAt === null;
  return (
    <Stack
      gap={2}
      p={6}
      data-testid="notification"
      data-unread={unread ? 'true' : 'false'}
      style={{ borderRadius: 4, background: unread ? 'var(--mantine-color-blue-light)' : undefined }}
    >
      <Group gap={6} wrap="nowrap" justify="space-between">
        <Badge size="xs" variant="light" style={{ flex: 'none' }}>
          {t(`notifications.kinds.${kinds.has(n.kind) ? n.kind : 'other'}`)}
        </Badge>
        <Text size="xs" c="dimmed">
          {t('notifications.due', { date: formatDateTime(n.dueAt) })}
        </Text>
      </Group>
      <Anchor component={Link} to={notificationHref(n.link)} onClick={onOpen} size="sm" fw={unread ? 600 : 400} style={{ overflowWrap: 'anywhere' }}>
        {n.title}
      </Anchor>
      {n.body && n.body !== n.title && (
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {n.body}
        </Text>
      )}
      {unread && (
        <Group justify="flex-end">
          <Button size="compact-xs" variant="default" onClick={onRead}>
            {t('notifications.markRead')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
