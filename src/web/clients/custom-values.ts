// Custom values as the client form edits them. Money stays a decimal string from the keyboard to
// the database (no floats anywhere); the server validates it as it always has.

/** The amount as the API takes it: spaces (thousands separators) dropped, a decimal comma made a point. */
export function normalizeMoney(text: string): string {
  return text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
}

/** The server's rule (custom-values.ts): up to 15 digits before the point, up to 2 after. */
export const isMoney = (text: string) => /^-?\d{1,15}(\.\d{1,2})?$/.test(normalizeMoney(text));

/** Multi-choice values for the input: an array of known options, whatever was stored. */
export function choices(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' && value ? [value] : [];
}

type FieldLike = { key: string; type: string };

/** The custom values to send: money normalised, emptied multi-choices as null. */
export function prepareCustom(fields: FieldLike[], custom: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!custom) return custom;
  const out: Record<string, unknown> = { ...custom };
  for (const f of fields) {
    const v = out[f.key];
    if (f.type === 'money' && typeof v === 'string') out[f.key] = normalizeMoney(v) || null;
    if (f.type === 'multichoice' && Array.isArray(v) && v.length === 0) out[f.key] = null;
  }
  return out;
}

/** Only the custom values that changed: the server merges them, and refuses any read-only one sent. */
export function changedCustom(before: Record<string, unknown> = {}, after: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) if (JSON.stringify(v ?? null) !== JSON.stringify(before[k] ?? null)) out[k] = v ?? null;
  return out;
}
