// Merge fields of e-mail (issue 16, F4; docs/mail.md): `{{client.firstName}}`, `{{client.custom.key}}`,
// `{{user.name}}`… in the subject, the text and the HTML. Values come from the client as the
// sender's role sees it (a hidden field is an empty value); a name the app does not know is an
// error naming it, so a typo never goes out to a client. In HTML the values are escaped; in the
// subject every line break or other control character becomes a space, so no value can start a
// header of its own.
import type { FieldIssue } from '../../shared/errors.js';

/** The client's fields a template may name (beside custom.<key>, email and phone). */
export const clientMergeFields = [
  'displayName',
  'surname',
  'firstName',
  'patronymic',
  'birthDate',
  'position',
  'legalName',
  'inn',
  'ogrn',
  'kpp',
  'legalAddress',
  'actualAddress',
  'industry',
  'region',
  'status',
  'source',
  'importance',
] as const;

export type MergeValues = Map<string, string>;

const TAG = /\{\{\s*([A-Za-z][A-Za-z0-9_.-]*)\s*\}\}/g;

type Channel = { type?: unknown; value?: unknown };

/** The values of a client (already stripped of the fields the role hides) and of the sending user. */
export function mergeValues(client: Record<string, unknown>, customKeys: string[], user: { name: string; email: string | null }): MergeValues {
  const v: MergeValues = new Map();
  const text = (x: unknown) => (x === null || x === undefined ? '' : typeof x === 'object' ? '' : String(x));
  for (const f of clientMergeFields) v.set(`client.${f}`, text(client[f]));
  const custom = (client.custom ?? {}) as Record<string, unknown>;
  for (const k of customKeys) v.set(`client.custom.${k}`, text(custom[k]));
  const channels = Array.isArray(client.channels) ? (client.channels as Channel[]) : [];
  v.set('client.email', text(channels.find((c) => c.type === 'email')?.value));
  v.set('client.phone', text(channels.find((c) => c.type === 'phone')?.value));
  v.set('user.name', user.name);
  v.set('user.email', user.email ?? '');
  return v;
}

/** The names a text uses that are not merge fields (each once). */
export function unknownFields(text: string, values: MergeValues): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(TAG)) if (!values.has(m[1]!)) out.add(m[1]!);
  return [...out];
}

export const escapeHtml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

/** A header's text: line breaks, tabs and other control characters become one space each run. */
export const headerText = (s: string) => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();

export function render(text: string, values: MergeValues, as: 'text' | 'html' | 'header'): string {
  const out = text.replace(TAG, (_, name: string) => {
    const v = values.get(name) ?? '';
    return as === 'html' ? escapeHtml(v) : v;
  });
  return as === 'header' ? headerText(out) : out;
}

/** The unknown merge fields of every part, as field issues. */
export function mergeIssues(parts: Record<string, string | undefined>, values: MergeValues): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [field, text] of Object.entries(parts)) {
    if (text === undefined) continue;
    const unknown = unknownFields(text, values);
    if (unknown.length) issues.push({ field, message: `unknown merge field: ${unknown.join(', ')}` });
  }
  return issues;
}
