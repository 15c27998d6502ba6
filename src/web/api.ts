// The one way the browser talks to the server. Types come from the server's own schemas
// (type-only imports: nothing of the server is bundled).
import type { TClientCreate, TClientList, TClientOut, TClientPatch, TDuplicate } from '../server/modules/clients/clients.schemas.js';
import type { TMe } from '../server/modules/auth/auth.schemas.js';
import type { TFieldOut } from '../server/modules/custom-fields/custom-fields.schemas.js';
import type { TUserOut } from '../server/modules/users/users.schemas.js';
import type { TAuditAnswer, TAuditItem, TAuditNames, THistoryAnswer } from '../server/modules/audit/audit.schemas.js';

import type { TCategory, TPriceItem, TPriceList, TProduct, TProductGroup } from '../server/modules/catalog/catalog.schemas.js';
import type { PaymentMethod, SaleInput, TBonus, THealth, TQuote, TSale, TSaleSummary, TTerms } from '../server/modules/sales/sales.schemas.js';
import type { TEmployeeRow, TRatingReport } from '../server/modules/reports/reports.schemas.js';
import type { Settings, TCurrency } from '../server/modules/settings/settings.schemas.js';
import { localizeError, localizeIssue } from './i18n/server-errors.js';

export type { TClientCreate, TClientOut, TClientPatch, TDuplicate, TUserOut, TAuditAnswer, TAuditItem, TAuditNames, THistoryAnswer };
export type {
  TCategory,
  TPriceItem,
  TPriceList,
  TProduct,
  TProductGroup,
  TBonus,
  THealth,
  TSale,
  TSaleSummary,
  TTerms,
  PaymentMethod,
  SaleInput,
  Settings,
};
export type RatingReport = TRatingReport;
export type Quote = TQuote;
export type EmployeeRow = TEmployeeRow;
export type Currency = TCurrency;
export type FieldIssue = { field: string; message: string };

/**
 * A refusal of the server. `message` is the sentence for people in the UI language (the server
 * writes English: i18n/server-errors.ts translates by code and known message); the server's own
 * words stay in `serverMessage`.
 */
export class ApiError extends Error {
  readonly serverMessage: string;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(localizeError(status, code, message, details));
    this.serverMessage = message;
  }
  /** validation messages by field path, in the UI language, for showing next to inputs */
  get fields(): Record<string, string> {
    return Array.isArray(this.details) ? Object.fromEntries((this.details as FieldIssue[]).map((d) => [d.field, localizeIssue(d.message)])) : {};
  }
}

/**
 * `signal` aborts the request (a superseded query): the fetch, or the reading of its body, then
 * rejects with the signal's AbortError, never an ApiError, and nothing is sent again.
 */
export async function api<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal,
  });
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? 'HTTP_' + res.status, e.message ?? res.statusText, e.details ?? null);
  }
  return data as T;
}

export type Me = TMe;
export type ClientPage = TClientList;
export type CustomField = TFieldOut;

/** Whether my role has the right; `section` and `action` are strings here, looked up in the rights as the server answers them. */
export const can = (me: Me | undefined, section: string, action: string) =>
  !!me && (me.role.isAdmin || (me.role.rights as Partial<Record<string, Partial<Record<string, boolean>>>>)[section]?.[action] === true);
