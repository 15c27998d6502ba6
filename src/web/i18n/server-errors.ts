// The server answers in English ({ error: { code, message, details: [{ field, message }] } }).
// Here a refusal becomes a sentence in the UI language: each field message is matched against the
// known messages (the import's table in import/reasons.ts, and the forms' own below), the
// sentence above a form by the error code (and, for a few codes, by the known message). Nothing
// the server writes in English reaches a screen in another language: an unknown field message
// reads "is not valid", an unknown refusal the code's sentence.
import { knownMessage } from '../import/reasons.js';
import i18n from './index.js';

type T = (key: string, opts?: Record<string, unknown>) => string;
const t: T = (key, opts) => i18n.t(key, opts ?? {});

/** Field messages of the forms (users, settings, sales, catalog) and of the request schemas (Ajv). */
const issues: [RegExp, string, ((m: RegExpExecArray) => Record<string, unknown>)?][] = [
  [/^must be at least (\d+) characters$/, 'errors.issues.tooShort', (m) => ({ n: m[1] })],
  [/^must NOT have fewer than (\d+) characters$/, 'errors.issues.tooShort', (m) => ({ n: m[1] })],
  [/^(must be at most|must NOT have more than) (\d+) characters$/, 'import.reasons.tooLong', (m) => ({ n: m[2] })],
  [/^is too common\b/, 'errors.issues.tooCommon'],
  [/^already taken$/, 'errors.issues.taken'],
  [/^already exists$/, 'errors.issues.exists'],
  [/^already invited$/, 'errors.issues.invited'],
  [/^unknown time zone$/, 'errors.issues.timezone'],
  [/^must be more than lapsingDays$/, 'errors.issues.lostAfterLapsing'],
  [/^no such (product|client|role|user|view|department)$/, 'errors.issues.noSuch'],
  [/^not a line of this sale$/, 'errors.issues.notLine'],
  [/^at least one line$/, 'errors.issues.oneLine'],
  [/^a quantity expected$/, 'errors.issues.quantity'],
  [/^(must be more than 0|must be positive|must be > 0)$/, 'errors.issues.positive'],
  [/^between 0 and (.+)$/, 'errors.issues.between', (m) => ({ max: m[1] })],
  [/^must not be before from$/, 'errors.issues.notBeforeFrom'],
  [/^(not enough bonus points|more than the balance)$/, 'errors.issues.bonus'],
  [/^sales exist$/, 'errors.issues.salesExist'],
  [/^unknown currency$/, 'errors.issues.currency'],
  [/^the base currency has no rate$/, 'errors.issues.noRate'],
  [/^options must be unique$/, 'errors.issues.optionsUnique'],
  [/^a choice field needs options$/, 'errors.issues.options'],
  [/^is not an allowed field$/, 'errors.issues.notAllowed'],
  [/^more than the amount due\b/, 'errors.issues.overpaid'],
  [/^must have required property\b/, 'import.reasons.required'],
  [/^must be (integer|number)$/, 'import.reasons.notNumber'],
  [/^must be >= (\S+)$/, 'errors.issues.min', (m) => ({ n: m[1] })],
  [/^must be <= (\S+)$/, 'errors.issues.max', (m) => ({ n: m[1] })],
  [/^must match format "email"$/, 'import.reasons.notEmail'],
  [/^must match format "date"$/, 'import.reasons.notDate'],
  [/^no such (event type|result)$/, 'errors.issues.noSuch'],
  [/^this type of event needs a result to be done$/, 'events.resultNeeded'],
  [/^not a date and time between the years 1900 and 2999$/, 'events.whenInvalid'],
  [/^must be in the future$/, 'myDay.inFuture'],
  [/^a contract with this number exists$/, 'records.issues.numberTaken'],
  [/^the end is before the start$/, 'records.issues.endBeforeStart'],
  [/^say the currency of the amount$/, 'records.issues.currency'],
  [/^a repeating task needs a due time$/, 'records.issues.repeatNeedsDue'],
  [/^(say what was promised|write something)$/, 'records.issues.empty'],
  [/^(only yourself|only an employee of your own department|no such active user)$/, 'records.issues.owner'],
];

/** One field's message from the server, in the UI language ("is not valid" when it is not a known one). */
export function localizeIssue(message: string): string {
  const known = knownMessage(message, t);
  if (known !== null) return known;
  for (const [re, key, params] of issues) {
    const m = re.exec(message);
    if (m) return t(key, params?.(m));
  }
  return t('errors.issues.invalid');
}

/** Sentences for whole refusals the server words in a known way. */
const refusals: [RegExp, string, ((m: RegExpExecArray) => Record<string, unknown>)?][] = [
  [/^A completed or cancelled sale cannot be edited\b/, 'sales.notEditable'],
  [/^The sale is already cancelled$/, 'errors.states.alreadyCancelled'],
  [/^The sale has returns\b/, 'errors.states.hasReturns'],
  [/^Only a completed sale can be returned$/, 'errors.states.onlyCompleted'],
  [/^Nothing is due on this document$/, 'errors.states.nothingDue'],
  [/^The sale is (\w+)$/, 'errors.states.saleIs', (m) => ({ status: t(`sales.statuses.${m[1]}`, { defaultValue: m[1] }) })],
  [/^The import is (\w+)\b/, 'errors.states.importIs', (m) => ({ status: t(`import.status.${m[1]}`, { defaultValue: m[1] }) })],
  [/^The base already has clients\b/, 'errors.states.demoNotEmpty'],
  [/^A user with this login (already exists|was created meanwhile)/, 'errors.states.loginTaken'],
  [/^An invitation for this login is already pending$/, 'errors.states.invitePending'],
  [/^A (role|field) with this key exists$/, 'errors.states.keyTaken'],
  [/^A department with this name exists$/, 'errors.states.departmentTaken'],
  [/^This currency exists$/, 'errors.states.currencyExists'],
  [/^The base currency cannot change once sales exist$/, 'errors.states.baseCurrencyLocked'],
  [/^(Events|Records) of this type exist: deactivate the type instead$/, 'eventTypes.inUse'],
  [/^(The client has not enough bonus points|The balance cannot go below zero)/, 'errors.states.bonus'],
];

const codes = new Set([
  'ALREADY_EXISTS',
  'IN_USE',
  'INVALID_STATE',
  'BONUS_INSUFFICIENT',
  'TOO_MANY_REQUESTS',
  'PAYLOAD_TOO_LARGE',
  'BAD_REQUEST',
  'SETUP_DONE',
  'UNAUTHENTICATED',
  'LOGIN_FAILED',
]);

/**
 * The sentence for a refusal: by status (403 forbidden, 404 not found), by a known message, by
 * the code; a validation refusal lists its fields' messages.
 */
export function localizeError(status: number, code: string, message: string, details: unknown): string {
  if (status === 403) return t('errors.forbidden');
  if (code === 'INVITE_NOT_VALID') return t('invite.notValid');
  if (status === 404) return t('common.notFound');
  if (code === 'VERSION_CONFLICT') return t('common.conflict');
  for (const [re, key, params] of refusals) {
    const m = re.exec(message);
    if (m) return t(key, params?.(m));
  }
  if (code === 'VALIDATION_FAILED') {
    const list = Array.isArray(details) ? (details as { field?: string; message?: string }[]) : [];
    const texts = list.map((d) => localizeIssue(String(d.message ?? ''))).filter((v, i, a) => a.indexOf(v) === i);
    return t('errors.validation', { list: texts.length ? texts.join('; ') : t('errors.issues.invalid') });
  }
  if (codes.has(code)) return t(`errors.codes.${code}`);
  if (status === 0) return t('errors.network');
  return t('errors.generic');
}
