// The SQL of tasks (issue 15; docs/interactions.md).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export type TaskValues = {
  title: string;
  notes: string;
  assigneeId: number;
  clientId: number | null;
  contactPerson: string | null;
  saleId: number | null;
  contractId: number | null;
  typeId: number | null;
  dueAt: string | Date | null;
  allDay: boolean;
  priority: 'low' | 'normal' | 'high';
  rrule: string | null;
  remindBeforeMin: number | null;
};

/** A new open task: the first of its series when it repeats (series_id = its own id). */
export async function insertTask(
  db: Db,
  v: TaskValues,
  createdBy: number | null,
  series?: { seriesId: number; occurrence: number },
): Promise<number> {
  const r = await db
    .insertInto('tasks')
    .values({ ...v, createdBy, seriesId: series?.seriesId ?? null, occurrence: series?.occurrence ?? 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(r.id);
  if (!series && v.rrule) await db.updateTable('tasks').set({ seriesId: id }).where('id', '=', id).execute();
  return id;
}
