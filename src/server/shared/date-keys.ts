// Year-less dates in SQL (birthdays and other anniversaries; issue 15): a date's month and day as
// one number (17 May: 517), the key that clients_birthday_idx (migration 019) indexes the birth
// date by, and the keys of a run of days, where a 29 February falls on 28 February of a common year.
// sql-outside-repository: an expression the repositories and the journal's filter compose
import { sql, type RawBuilder } from 'kysely';

export const monthDayKey = (d: RawBuilder<unknown>): RawBuilder<number> =>
  sql<number>`(extract(month FROM ${d}) * 100 + extract(day FROM ${d}))::int`;

/** The keys of the days [from, from + days], with 229 where 28 February of a common year is one of them. */
export function monthDayKeys(from: RawBuilder<unknown>, days: number): RawBuilder<number[]> {
  const day = sql`(${from} + k)`;
  return sql<number[]>`ARRAY(SELECT ${monthDayKey(day)} FROM generate_series(0, ${days}::int) k
    UNION ALL SELECT 229 FROM generate_series(0, ${days}::int) k
      WHERE ${monthDayKey(day)} = 228 AND extract(day FROM make_date(extract(year FROM ${day})::int, 3, 1) - 1) = 28)`;
}
