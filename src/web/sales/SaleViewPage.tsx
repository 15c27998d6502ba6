import { Alert, Anchor, Button, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, can, type Me, type TSale } from '../api.js';
import { ApiErrorAlert } from '../layout/ApiErrorAlert.js';
import { e4, formatMoney } from '../money.js';
import { CancelDialog, PayDialog, ReturnDialog } from './SaleDialogs.js';
import { saleTitle } from './SalesPage.js';
import { SaleStatus } from './SaleStatus.js';
import { useSale } from './useSales.js';
import './receipt.css';
import { formatDateTime } from '../format.js';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="div">{children}</Text>
    </div>
  );
}

export function SaleViewPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().id);
  const sale = useSale(id);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [dialog, setDialog] = useState<'pay' | 'cancel' | 'return' | null>(null);
  const [message, setMessage] = useState<string | null>((location.state as { message?: string } | null)?.message ?? null);
  const [error, setError] = useState<unknown>(null);
  if (sale.isLoading) return <Loader />;
  if (!sale.data) return <ApiErrorAlert error={sale.error} />;
  const s = sale.data;
  const money = (v: string) => formatMoney(v, i18n.language, s.currency);
  const edit = can(me, 'sales', 'edit');
  const debt = e4(s.debt);

  const handleDone = async (r: TSale, text: string) => {
    setDialog(null);
    setMessage(text);
    qc.setQueryData(['sale', r.id], r);
    await Promise.all([
      qc.invalidateQueries({ queryKey: ['sales'] }),
      qc.invalidateQueries({ queryKey: ['sale', id] }),
      qc.invalidateQueries({ queryKey: ['client', s.clientId] }),
    ]);
    if (r.id !== id) navigate(`/sales/${r.id}`, { state: { message: text } });
  };
  const handleComplete = async () => {
    setError(null);
    try {
      await handleDone(await api<TSale>('POST', `/api/sales/${id}/complete`, { version: s.version }), t('sales.created'));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Stack maw={1000} className="sale-receipt">
      <Anchor component={Link} to="/sales" size="sm" className="no-print">
        ← {t('sales.title')}
      </Anchor>
      <Group justify="space-between">
        <Group>
          <Title order={2} data-testid="sale-title">
            {t(s.kind === 'return' ? 'sales.returnDoc' : 'sales.sale', { n: saleTitle(s) })}
          </Title>
          <SaleStatus status={s.status} kind={s.kind} />
        </Group>
        <Group className="no-print">
          <Button variant="default" onClick={() => window.print()}>
            {t('sales.printReceipt')}
          </Button>
          {edit && (
            <>
              {debt > 0n && s.status !== 'cancelled' && s.kind === 'sale' && <Button onClick={() => setDialog('pay')}>{t('sales.payRest')}</Button>}
              {(s.status === 'draft' || s.status === 'preorder') && (
                <Button variant="default" component={Link} to={`/sales/${s.id}/edit`}>
                  {t('sales.editLines')}
                </Button>
              )}
              {(s.status === 'draft' || s.status === 'preorder') && (
                <Button variant="light" onClick={() => void handleComplete()}>
                  {t('sales.complete')}
                </Button>
              )}
              {s.status === 'completed' && s.kind === 'sale' && (
                <Button variant="default" onClick={() => setDialog('return')}>
                  {t('sales.returnLines')}
                </Button>
              )}
              {s.status !== 'cancelled' && (
                <Button variant="default" color="red" onClick={() => setDialog('cancel')}>
                  {t('sales.cancelSale')}
                </Button>
              )}
            </>
          )}
        </Group>
      </Group>
      {message && (
        <Alert className="no-print" color="green" role="status" withCloseButton onClose={() => setMessage(null)}>
          {message}
        </Alert>
      )}
      <ApiErrorAlert error={error} />
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }}>
          <Field label={t('sales.client')}>
            <Anchor component={Link} to={`/clients/${s.clientId}`}>
              {s.clientName}
            </Anchor>
          </Field>
          <Field label={t('sales.date')}>{formatDateTime(s.soldAt)}</Field>
          <Field label={t('sales.department')}>{s.departmentName}</Field>
          <Field label={t('sales.employee')}>{s.employeeName}</Field>
          <Field label={t('sales.total')}>
            <b>{money(s.total)}</b>
          </Field>
          <Field label={t('sales.paid')}>{money(s.paid)}</Field>
          <Field label={t('sales.debt')}>
            <Text span c={debt > 0n ? 'red' : undefined} fw={debt > 0n ? 700 : undefined} data-testid="sale-debt">
              {money(s.debt)}
            </Text>
          </Field>
          {e4(s.bonusAccrued) !== 0n && (
            <Field label={t('sales.bonusAccrued')}>
              <span data-testid="sale-bonus">{formatMoney(s.bonusAccrued, i18n.language)}</span>
            </Field>
          )}
          {s.correctsId && (
            <Field label={t('sales.returnOf')}>
              <Anchor component={Link} to={`/sales/${s.correctsId}`}>
                #{s.correctsId}
              </Anchor>
            </Field>
          )}
          {s.returnIds.length > 0 && (
            <Field label={t('sales.returns')}>
              {s.returnIds.map((r) => (
                <Anchor key={r} component={Link} to={`/sales/${r}`} mr="xs">
                  #{r}
                </Anchor>
              ))}
            </Field>
          )}
        </SimpleGrid>
        {s.notes && (
          <Text mt="md" style={{ whiteSpace: 'pre-wrap' }}>
            {s.notes}
          </Text>
        )}
      </Paper>
      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t('sales.items')}
        </Title>
        <Table.ScrollContainer minWidth={520}>
          <Table aria-label={t('sales.items')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sales.product')}</Table.Th>
                <Table.Th ta="right">{t('sales.quantity')}</Table.Th>
                <Table.Th ta="right">{t('sales.price')}</Table.Th>
                <Table.Th ta="right">{t('sales.discount')}</Table.Th>
                <Table.Th ta="right">{t('sales.amount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.items.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>{i.productName}</Table.Td>
                  <Table.Td ta="right">
                    {i.quantity} {i.unit}
                  </Table.Td>
                  <Table.Td ta="right">{formatMoney(i.price, i18n.language, undefined, true)}</Table.Td>
                  <Table.Td ta="right">
                    {i.discount} %
                    {i.manualDiscountKind && (
                      <Text size="xs" c="dimmed" data-testid="item-manual">
                        {t('sales.manualOn', {
                          value: `${i.manualDiscountKind === 'percent' ? `−${i.manualDiscount} % ` : ''}${formatMoney(-e4(i.manualAmount), i18n.language, undefined, true)}`,
                        })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{formatMoney(i.amount, i18n.language, undefined, true)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t('sales.paymentsTitle')}
        </Title>
        {s.payments.length === 0 && <Text c="dimmed">{t('sales.noPayments')}</Text>}
        <Stack gap={4}>
          {s.payments.map((p) => (
            <Group key={p.id} justify="space-between" maw={480}>
              <Text>
                {t(`sales.methods.${p.method}`, { defaultValue: p.method })}{' '}
                <Text span c="dimmed" size="sm">
                  {formatDateTime(p.paidAt)}
                </Text>
              </Text>
              <Text>{money(p.amount)}</Text>
            </Group>
          ))}
        </Stack>
      </Paper>
      {dialog === 'pay' && <PayDialog sale={s} onClose={() => setDialog(null)} onDone={handleDone} />}
      {dialog === 'cancel' && <CancelDialog sale={s} onClose={() => setDialog(null)} onDone={handleDone} />}
      {dialog === 'return' && <ReturnDialog sale={s} onClose={() => setDialog(null)} onDone={handleDone} />}
    </Stack>
  );
}
