// The calendar's month view (planning/agenda.repository.ts calendarMonthRows) counts a user's
// events and tasks per local day and picks the first few of each day. At 16,000 items in a
// manager's month, reading each row from the table to learn its status (and a task's all-day flag)
// was most of its time (18,000 scattered pages, 30 ms); with the status (and all_day) carried in
// the user's time index the counts and the first items are read from the index alone. Same keys
// as 018's indexes, so every query that used them still does (and the managers' report's counts of
// events by status are index-only too); no index is added for the writes to keep up to date.
export const name = '022-calendar-month-indexes';
export const sql = /* sql */ `
DROP INDEX events_employee_idx;
CREATE INDEX events_employee_idx ON events (employee_id, starts_at, id) INCLUDE (status);
DROP INDEX tasks_assignee_idx;
CREATE INDEX tasks_assignee_idx ON tasks (assignee_id, due_at, id) INCLUDE (status, all_day);
`;
