import { Alert, Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TClientOut } from '../api.js';
import { fieldLabel, showValue, type Names } from '../audit/present.js';
import type { Draft } from './ClientForm.js';
import { useCustomFields, useUsers } from '../shared/queries.js';

export type Conflict = { client: TClientOut; changedBy: { name: string | null; at: string } | null };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields (`custom.<key>` for custom ones) whose values differ between two drafts. */
export function differingFields(a: Draft, b: Draft): string[] {
  const out: string[] = [];
  const ra = a as Record<string, unknown>,
    rb = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (k === 'kind') continue;
    if (k === 'custom') {
      const ca = a.custom ?? {},
        cb = b.custom ?? {};
      for (const ck of new Set([...Object.keys(ca), ...Object.keys(cb)])) if (!same(ca[ck], cb[ck])) out.push(`custom.${ck}`);
    } else if (!same(ra[k], rb[k])) out.push(k);
  }
  return out;
}

const draftValue = (d: Draft, field: string) => (field.startsWith('custom.') ? d.custom?.[field.slice(7)] : (d as Record<string, unknown>)[field]);

/**
 * A save refused because someone saved first (409): what they changed since this form was opened,
 * by whom and when, beside the values in the form; "Reload" takes theirs, "Keep mine" saves the
 * fields changed in the form over the new version (theirs stay in every other field).
 */
export function ConflictPanel(props: {
  base: Draft;
  theirs: Draft;
  mine: Draft;
  conflict: Conflict;
  busy: boolean;
  onReload: () => void;
  onKeepMine: () => void;
}) {
  const { t, i18n } = useTranslation();
  const users = useUsers();
  const fields = useCustomFields();
  const names: Names = {
    users: Object.fromEntries((users.data?.items ?? []).map((u) => [String(u.id), u.name])),
    categories: {},
    priceLists: {},
    departments: {},
    fields: Object.fromEntries((fields.data?.items ?? []).map((f) => [`custom.${f.key}`, f.label])),
  };
  const changed = differingFields(props.base, props.theirs);
  const by = props.conflict.changedBy;
  return (
    <Alert color="orange" title={t('client.conflictTitle')} role="alert" data-testid="conflict">
      {by && (
        <Text size="sm" mb="xs">
          {t('client.conflictBy', { name: by.name ?? t('client.conflictSomeone'), at: new Date(by.at).toLocaleString(i18n.language) })}
        </Text>
      )}
      {changed.length === 0 ? (
        <Text size="sm">{t('client.conflictNoFields')}</Text>
      ) : (
        <Table withTableBorder={false} mb="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('client.conflictField')}</Table.Th>
              <Table.Th>{t('client.conflictTheirs')}</Table.Th>
              <Table.Th>{t('client.conflictYours')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changed.map((f) => (
              <Table.Tr key={f} data-field={f}>
                <Table.Td>{fieldLabel(f, names, t)}</Table.Td>
                <Table.Td>{showValue(f, draftValue(props.theirs, f), names, t)}</Table.Td>
                <Table.Td>{showValue(f, draftValue(props.mine, f), names, t)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group>
        <Button variant="default" onClick={props.onReload} disabled={props.busy}>
          {t('client.conflictReload')}
        </Button>
        <Button color="orange" onClick={props.onKeepMine} loading={props.busy}>
          {t('client.conflictKeep')}
        </Button>
      </Group>
    </Alert>
  );
}
