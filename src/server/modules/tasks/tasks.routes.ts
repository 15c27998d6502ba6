import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { IdParams } from '../../shared/id.schemas.js';
import { TaskDone, TaskDoneOut, TaskIn, TaskList, TaskOut, TaskPatch, TaskSnooze, TasksQuery, TaskVersion } from './tasks.schemas.js';
import * as svc from './tasks.service.js';

const Ok = Type.Object({ ok: Type.Boolean() });

export async function tasksRoutes(app: AppInstance) {
  const db = app.deps.db;
  const tags = ['tasks'];

  app.get(
    '/api/tasks',
    {
      schema: {
        tags,
        summary: 'Tasks the user may see (of their clients, assigned to them or their department), by due time; overdue=true: open and late',
        querystring: TasksQuery,
        response: { 200: TaskList },
      },
    },
    async (req) => svc.listTasks(db, req.actor(), req.query),
  );
  app.post(
    '/api/tasks',
    { schema: { tags, summary: 'Add a task (repeating when it has an rrule)', body: TaskIn, response: { 201: TaskOut } } },
    async (req, reply) => reply.status(201).send(await svc.createTask(db, req.actor(), req.body, req.ip)),
  );
  app.get('/api/tasks/:id', { schema: { tags, params: IdParams, response: { 200: TaskOut } } }, async (req) =>
    svc.getTask(db, req.actor(), req.params.id),
  );
  app.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Change a task (with its version); closing or cancelling a repeating one creates its next occurrence',
        params: IdParams,
        body: TaskPatch,
        response: { 200: TaskOut },
      },
    },
    async (req) => svc.updateTask(db, req.actor(), req.params.id, req.body, req.ip),
  );
  app.delete('/api/tasks/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
    await svc.deleteTask(db, req.actor(), req.params.id, req.ip);
    return { ok: true };
  });
  app.post(
    '/api/tasks/:id/done',
    {
      schema: {
        tags,
        summary: 'Close a task and, in the same transaction, schedule the next one (next) and the next occurrence of a repeating task',
        params: IdParams,
        body: TaskDone,
        response: { 200: TaskDoneOut },
      },
    },
    async (req) => svc.doneTask(db, req.actor(), req.params.id, req.body, req.ip),
  );
  app.post(
    '/api/tasks/:id/snooze',
    {
      schema: {
        tags,
        summary: 'Put off the reminders of an open task until a time (null: no more)',
        params: IdParams,
        body: TaskSnooze,
        response: { 200: TaskOut },
      },
    },
    async (req) => svc.snoozeTask(db, req.actor(), req.params.id, req.body, req.ip),
  );
  app.post(
    '/api/tasks/:id/reopen',
    { schema: { tags, summary: 'Open a done or cancelled task again', params: IdParams, body: TaskVersion, response: { 200: TaskOut } } },
    async (req) => svc.reopenTask(db, req.actor(), req.params.id, req.body, req.ip),
  );
}
