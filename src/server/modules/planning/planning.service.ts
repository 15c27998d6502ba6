// What the CRM records (events, tasks, promises, contracts; issue 15) share: who may own a record,
// which client one may link it to, a user's time zone and language, local-day arithmetic.
export { resolveOwner } from './owner-rule.js';
export { addLocalDays, userLocale, userTimezone, visibleClientName } from './planning.repository.js';
