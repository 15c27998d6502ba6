// "My day" and the calendar read a user's open plans by time (planning/agenda.repository.ts):
// - the employee index (018) holds every event of the user's history, done or not, so a range
//   "planned, before the end of next week" read them all (1.5 s at 250,000 events per manager);
//   the partial index holds only the planned ones, few per user whatever the history;
// - the open tasks' index carries snoozed_until, so counting a backlog of 12,000 overdue tasks
//   (snoozed ones left out) reads the index alone, not the table;
// - the birthdays of a manager's clients in the coming 8 days are found by month and day (the key
//   agenda.repository birthdayKey computes), not by reading every client of the manager.
export const name = '019-planned-events-index';
export const sql = /* sql */ `
CREATE INDEX events_employee_planned_idx ON events (employee_id, starts_at, id) WHERE status = 'planned';
DROP INDEX tasks_assignee_open_idx;
CREATE INDEX tasks_assignee_open_idx ON tasks (assignee_id, due_at, id) INCLUDE (snoozed_until) WHERE status = 'open';
CREATE INDEX clients_birthday_idx ON clients (manager_id, ((extract(month FROM birth_date) * 100 + extract(day FROM birth_date))::int))
  WHERE birth_date IS NOT NULL AND archived_at IS NULL;
`;
