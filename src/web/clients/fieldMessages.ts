// The server's validation messages, for people: the schema validator speaks its own language
// ("must NOT have more than 200 characters"); these become short translated sentences. Messages
// the services write themselves ("is not a valid INN") are already plain and stay as they are.
type T = (key: string, opts?: Record<string, unknown>) => string;

export function readableMessage(t: T, message: string): string {
  let m = /^must NOT have more than (\d+) characters$/.exec(message);
  if (m) return t('validation.tooLong', { max: Number(m[1]) });
  m = /^must NOT have fewer than (\d+) characters$/.exec(message);
  if (m) return Number(m[1]) === 1 ? t('common.required') : t('validation.tooShort', { min: Number(m[1]) });
  m = /^must NOT have more than (\d+) items$/.exec(message);
  if (m) return t('validation.tooMany', { max: Number(m[1]) });
  if (/^must have required property/.test(message)) return t('common.required');
  if (/^must match format "date"$/.test(message)) return t('validation.date');
  if (/^must (match a schema in anyOf|be string|be null|be integer|be number|be object|be array|match pattern)/.test(message))
    return t('validation.invalid');
  return message;
}

/** Every message of a failed save, readable, by field. */
export const readableErrors = (t: T, errors: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(errors).map(([f, m]) => [f, readableMessage(t, m)]));
