// The actor's record scope as SQL: which clients a role may see (own, the department's, all).
// Every read of client records puts this in its WHERE, over the clients table aliased `c`
// (clients/clients.repository.ts, sales, audit, reports, the import's lookup).
// sql-outside-repository: a permission rule, written once as a SQL fragment that the repositories compose
import { sql, type RawBuilder } from 'kysely';
import type { Actor } from './rights.js';

export function scopeSql(actor: Actor): RawBuilder<boolean> {
  if (actor.scope === 'all') return sql<boolean>`true`;
  if (actor.scope === 'department' && actor.departmentId !== null) {
    return sql<boolean>`(c.manager_id = ${actor.userId} OR c.manager_id IN (SELECT u.id FROM users u WHERE u.department_id = ${actor.departmentId}))`;
  }
  // `=`, not IS NOT DISTINCT FROM: only `=` can use the manager indexes (a manager's first journal
  // page: 22 ms -> 0.13 ms at 1M). A user id is never null, so both match the same rows.
  return sql<boolean>`c.manager_id = ${actor.userId}`;
}

/**
 * The record scope of a CRM record (an event, a task, a promise; issue 15) that has an owner (the
 * employee, assignee or responsible user) and may belong to a client, over the record's owner
 * column and the client LEFT JOINed as `c`: the actor sees it when they see its client, or when
 * its owner is themselves (own scope) or of their department (department scope).
 */
export function recordScopeSql(actor: Actor, owner: RawBuilder<unknown>): RawBuilder<boolean> {
  if (actor.scope === 'all') return sql<boolean>`true`;
  const mine =
    actor.scope === 'department' && actor.departmentId !== null
      ? sql`(${owner} = ${actor.userId} OR ${owner} IN (SELECT u.id FROM users u WHERE u.department_id = ${actor.departmentId}))`
      : sql`${owner} = ${actor.userId}`;
  return sql<boolean>`(${mine} OR (c.id IS NOT NULL AND ${scopeSql(actor)}))`;
}

/**
 * The record scope of an event (over the events table aliased `alias` and its client as `c`): as
 * recordScopeSql over the employee, and also the events the actor takes part in.
 */
export function eventScopeSql(actor: Actor, alias: 'e' | 'x'): RawBuilder<boolean> {
  if (actor.scope === 'all') return sql<boolean>`true`;
  const ev = sql.raw(alias);
  return sql<boolean>`(${recordScopeSql(actor, sql`${ev}.employee_id`)} OR EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = ${ev}.id AND p.user_id = ${actor.userId}))`;
}
