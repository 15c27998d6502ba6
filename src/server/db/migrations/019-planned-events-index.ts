// "My day" and the reminders read a user's planned events by time (planning/agenda.repository.ts):
// the employee index (018) holds every event of the user's history, done or not, so a range
// "planned, before the end of next week" read them all (1.5 s at 250,000 events per manager). The
// partial index holds only the planned ones, few per user whatever the history.
export const name = '019-planned-events-index';
export const sql = /* sql */ `
CREATE INDEX events_employee_planned_idx ON events (employee_id, starts_at, id) WHERE status = 'planned';
`;
