import { Alert, Anchor, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, ApiError, can, type Me, type Quote, type TSale } from '../api.js';
import { useCurrencies } from '../catalog/useCatalog.js';
import { useClient } from '../clients/useClients.js';
import { formatMoney } from '../money.js';
import { currencyName } from '../format.js';
import { useDepartments } from '../shared/queries.js';
import { useSave } from '../shared/useSave.js';
import { ClientPicker, ProductPicker, type Picked } from './Pickers.js';
import { PaymentsEditor } from './PaymentsEditor.js';
import { paymentsBody, placeErrors, quoteItems, summarize, unplaced, type Line, type PaymentRow } from './saleForm.js';
import { SaleLines } from './SaleLines.js';
import { saleTitle } from './SalesPage.js';
import { useSale } from './useSales.js';

type Status = 'completed' | 'draft' | 'preorder';
let nextKey = 1;

/** A new sale, or (`edit`, route /sales/:id/edit) a saved draft or pre-order: its lines, client, department, notes and status. */
export function SaleFormPage({ me, edit = false }: { me: Me; edit?: boolean }) {
  const { t, i18n } = useTranslation();
  const editId = edit ? Number(useParams().id) : 0;
  const editing = useSale(editId, edit);
  const [loaded, setLoaded] = useState(!edit);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const presetId = Number(params.get('clientId')) || 0;
  const preset = useClient(presetId);
  const depts = useDepartments();
  // below scope "all", sales are recorded only in one's own department (the server refuses others);
  // a sale being edited keeps showing its own department
  const anyDepartment = me.role.isAdmin || me.role.scope === 'all';
  const currencies = useCurrencies();
  const [client, setClient] = useState<Picked | null>(null);
  const [dept, setDept] = useState<string | null>(me.user.departmentId ? String(me.user.departmentId) : null);
  const [lines, setLines] = useState<Line[]>([]);
  const [payments, setPayments] = useState<PaymentRow[]>([{ key: nextKey++, method: 'cash', amount: '', auto: true }]);
  const [status, setStatus] = useState<Status>('completed');
  // null: the client's price list currency, else the base currency (the server decides)
  const [currency, setCurrency] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const save = useSave(
    (v: { clientId: number; lines: Line[]; rowOf: number[]; body: Record<string, unknown> }) => [['sales'], ['client', v.clientId]],
    async (v) => {
      const sale = edit ? await api<TSale>('PATCH', `/api/sales/${editId}`, v.body) : await api<TSale>('POST', '/api/sales', v.body);
      if (edit) qc.setQueryData(['sale', sale.id], sale);
      return sale;
    },
    {
      fieldErrors: (e, v) => (e.code === 'VALIDATION_FAILED' || e.code === 'BONUS_INSUFFICIENT' ? placeErrors(e.fields, v.lines, v.rowOf) : null),
      describe: (e) =>
        e instanceof ApiError && (e.code === 'VALIDATION_FAILED' || e.code === 'BONUS_INSUFFICIENT')
          ? null
          : e instanceof ApiError && e.code === 'VERSION_CONFLICT'
            ? t('sales.changedMeanwhile')
            : e instanceof ApiError && e.status === 403
              ? t('errors.forbidden')
              : e instanceof Error
                ? e.message
                : t('errors.generic'),
    },
  );
  const { errors, setErrors } = save;

  useEffect(() => {
    if (presetId && preset.data && !client) setClient({ id: preset.data.id, name: preset.data.displayName });
  }, [presetId, preset.data, client]);
  // editing: the form starts from the saved sale (once); its payments stay as they are
  useEffect(() => {
    const s = editing.data;
    if (!edit || loaded || !s) return;
    setClient({ id: s.clientId, name: s.clientName });
    setDept(String(s.departmentId));
    setLines(
      s.items.map((i) => ({
        key: nextKey++,
        productId: i.productId,
        name: i.productName,
        unit: i.unit,
        quantity: i.quantity,
        ...(i.manualDiscountKind ? { manual: i.manualDiscount ?? '', manualKind: i.manualDiscountKind } : {}),
      })),
    );
    setPayments([]);
    setStatus(s.status === 'preorder' ? 'preorder' : 'draft');
    setNotes(s.notes ?? '');
    setCurrency(s.currency);
    setLoaded(true);
  }, [edit, loaded, editing.data]);
  useEffect(() => setErrors({}), [lines, payments, client, dept, currency]); // a change answers the last refusal
  useEffect(() => {
    if (!dept && depts.data?.items.length === 1) setDept(String(depts.data.items[0]!.id));
  }, [dept, depts.data]);

  // prices and automatic discounts come from the server as the cashier types
  const { items, bad, badManual } = quoteItems(lines);
  const quoteBody = JSON.stringify({ clientId: client?.id, items, ...(currency ? { currency } : {}) });
  const [quoteKey] = useDebouncedValue(quoteBody, 250);
  const quote = useQuery({
    queryKey: ['quote', quoteKey],
    queryFn: () => api<Quote>('POST', '/api/sales/quote', JSON.parse(quoteKey)),
    enabled: !!client && !!items && quoteKey === quoteBody,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 5_000,
  });
  const priced = quote.data;
  const summary = summarize(priced?.total, payments);
  const quoteErrors = quote.error instanceof ApiError && quote.error.code === 'VALIDATION_FAILED' ? placeErrors(quote.error.fields, lines, []) : {};
  const shown = { ...quoteErrors, ...errors };
  for (const k of bad) shown[`line:${k}.quantity`] ??= t('sales.badQuantity');
  for (const k of badManual) shown[`line:${k}.manualDiscount`] ??= t('sales.badManual');
  for (const k of summary.bad) shown[`payment:${k}.amount`] ??= t('sales.badAmount');

  const handleAdd = (p: { id: number; name: string; unit: string }) =>
    setLines((ls) => [...ls, { key: nextKey++, productId: p.id, name: p.name, unit: p.unit, quantity: '1' }]);

  const handleSave = () => {
    setErrors({});
    save.setError(null);
    const local: Record<string, string> = {};
    if (!client) local.clientId = t('common.required');
    if (!dept) local.departmentId = t('common.required');
    if (!items) local.items = t('sales.noLines');
    if (!edit && (summary.bad.length || summary.over > 0n))
      local.payments = summary.over > 0n ? t('sales.change', { amount: formatMoney(summary.over, i18n.language) }) : t('sales.badAmount');
    if (Object.keys(local).length) return setErrors(local);
    const { payments: pay, rowOf } = paymentsBody(payments, summary);
    const body = { clientId: client!.id, departmentId: Number(dept), status, notes: notes.trim() || null, items: items! };
    save.mutate(
      {
        clientId: client!.id,
        lines,
        rowOf,
        body: edit ? { ...body, version: editing.data!.version } : { ...body, payments: pay, ...(currency ? { currency } : {}) },
      },
      { onSuccess: (sale) => navigate(`/sales/${sale.id}`, { state: { message: t('sales.created') } }) },
    );
  };

  const cur = priced?.currency;
  const money = (v: string | bigint | undefined) => formatMoney(v, i18n.language, cur);
  if (edit && !loaded)
    return editing.error ? (
      <Alert color="red" role="alert">
        {editing.error.message}
      </Alert>
    ) : null;
  const canEdit = !edit || editing.data?.status === 'draft' || editing.data?.status === 'preorder';
  return (
    <Stack maw={1000} component="form" onSubmit={(e) => (e.preventDefault(), void handleSave())} aria-label={t('sales.new')}>
      <Anchor component={Link} to={edit ? `/sales/${editId}` : '/sales'} size="sm">
        ← {edit && editing.data ? saleTitle(editing.data) : t('sales.title')}
      </Anchor>
      <Title order={2}>
        {edit && editing.data ? t('sales.editTitle', { title: t('sales.sale', { n: saleTitle(editing.data) }) }) : t('sales.new')}
      </Title>
      {!canEdit && <Alert color="orange">{t('sales.notEditable')}</Alert>}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <ClientPicker key={client?.id ?? 0} value={client} onChange={setClient} error={shown.clientId} />
        <Select
          label={t('sales.department')}
          required
          value={dept}
          onChange={setDept}
          error={shown.departmentId}
          data={
            depts.data?.items
              .filter((d) => anyDepartment || d.id === me.user.departmentId || String(d.id) === dept)
              .map((d) => ({ value: String(d.id), label: d.name })) ?? []
          }
          description={
            depts.data?.items.length === 0 ? (
              <span data-testid="no-departments">
                {t('sales.noDepartments')}{' '}
                {can(me, 'departments', 'create') ? (
                  <Anchor component={Link} to="/settings?tab=departments" size="xs">
                    {t('sales.addDepartments')}
                  </Anchor>
                ) : (
                  t('sales.askDepartments')
                )}
              </span>
            ) : !anyDepartment && !me.user.departmentId ? (
              <span data-testid="no-own-department">{t('sales.noOwnDepartment')}</span>
            ) : undefined
          }
        />
        {!edit && (currencies.data?.items.length ?? 0) > 1 && (
          <Select
            label={t('money.currency')}
            allowDeselect={false}
            value={currency ?? ''}
            onChange={(v) => setCurrency(v || null)}
            error={shown.currency}
            data={[
              { value: '', label: t('sales.currencyAuto', { code: !currency && cur ? cur : '…' }) },
              ...(currencies.data?.items ?? []).map((c) => ({ value: c.code, label: `${c.code} — ${currencyName(c.code, c.name)}` })),
            ]}
          />
        )}
      </SimpleGrid>
      <Paper withBorder p="md">
        <Stack>
          <ProductPicker onPick={handleAdd} canAdd={can(me, 'catalog', 'create')} />
          {shown.items && (
            <Text c="red" size="sm" role="alert">
              {shown.items}
            </Text>
          )}
          <SaleLines
            lines={lines}
            quote={items ? priced : undefined}
            errors={shown}
            onChange={setLines}
            manual={can(me, 'sales', 'discount') ? { max: me.role.isAdmin ? null : (me.role.maxDiscount ?? null) } : null}
          />
          {quote.error && !Object.keys(quoteErrors).length && (
            <Alert color="red" role="alert">
              {t('sales.quoteFailed', {
                message: quote.error instanceof ApiError && quote.error.status === 403 ? t('errors.forbidden') : quote.error.message,
              })}
            </Alert>
          )}
          {priced && items && (
            <Stack gap={2} align="flex-end" data-testid="sale-totals">
              {priced.subtotal !== priced.total && (
                <Text size="sm" c="dimmed">
                  {t('sales.subtotal')}: {money(priced.subtotal)}
                </Text>
              )}
              <Text fw={700} size="lg">
                {t('sales.total')}: <span data-testid="sale-total">{money(priced.total)}</span>
              </Text>
            </Stack>
          )}
        </Stack>
      </Paper>
      {!edit && (
        <PaymentsEditor rows={payments} onChange={setPayments} summary={summary} errors={shown} currency={cur} bonusBalance={priced?.bonusBalance} />
      )}
      <Textarea label={t('sales.notes')} autosize minRows={1} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
      {save.error !== null && (
        <Alert color="red" role="alert">
          {save.error}
        </Alert>
      )}
      {(Object.keys(errors).length > 0 || unplaced(quoteErrors).length > 0) && (
        <Alert color="red" role="alert">
          {[...(Object.keys(errors).length ? [t('sales.fixErrors')] : []), ...unplaced(shown)].join(' ')}
        </Alert>
      )}
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          aria-label={t('sales.saveAs')}
          value={status}
          onChange={(v) => setStatus(v as Status)}
          data={(['completed', 'draft', 'preorder'] as const).map((s) => ({ value: s, label: t(`sales.statuses.${s}`) }))}
        />
        <Button type="submit" size="md" loading={save.isPending} disabled={!canEdit}>
          {t(status === 'completed' ? 'sales.saveCompleted' : status === 'draft' ? 'sales.saveDraft' : 'sales.savePreorder')}
        </Button>
      </Group>
    </Stack>
  );
}
