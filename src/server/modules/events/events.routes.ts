import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { IdParams } from '../../shared/id.schemas.js';
import {
  EventIn,
  EventList,
  EventOut,
  EventPatch,
  EventResultIn,
  EventResultOut,
  EventResultPatch,
  EventsQuery,
  EventTypeIn,
  EventTypeOut,
  EventTypePatch,
} from './events.schemas.js';
import * as svc from './events.service.js';

const Ok = Type.Object({ ok: Type.Boolean() });

export async function eventsRoutes(app: AppInstance) {
  const db = app.deps.db;
  const tags = ['events'];

  app.get(
    '/api/events',
    {
      schema: {
        tags,
        summary: 'Events the user may see (of their clients, their own, as a participant), newest first; from/to: by start time',
        querystring: EventsQuery,
        response: { 200: EventList },
      },
    },
    async (req) => svc.listEvents(db, req.actor(), req.query),
  );
  app.post(
    '/api/events',
    { schema: { tags, summary: 'Record a planned or done event', body: EventIn, response: { 201: EventOut } } },
    async (req, reply) => reply.status(201).send(await svc.createEvent(db, req.actor(), req.body, req.ip)),
  );
  app.get('/api/events/:id', { schema: { tags, params: IdParams, response: { 200: EventOut } } }, async (req) =>
    svc.getEvent(db, req.actor(), req.params.id),
  );
  app.patch(
    '/api/events/:id',
    {
      schema: {
        tags,
        summary: 'Change an event (with its version); marking it done may suggest or create the next task (answer.next)',
        params: IdParams,
        body: EventPatch,
        response: { 200: EventOut },
      },
    },
    async (req) => svc.updateEvent(db, req.actor(), req.params.id, req.body, req.ip),
  );
  app.delete('/api/events/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
    await svc.deleteEvent(db, req.actor(), req.params.id, req.ip);
    return { ok: true };
  });

  app.get(
    '/api/event-types',
    {
      schema: {
        tags,
        summary: 'The event types (names per UI language, colour, icon, next step)',
        response: { 200: Type.Object({ items: Type.Array(EventTypeOut) }) },
      },
    },
    async () => ({ items: await svc.listEventTypes(db) }),
  );
  app.post(
    '/api/event-types',
    { schema: { tags, summary: 'Add an event type (administrators)', body: EventTypeIn, response: { 201: EventTypeOut } } },
    async (req, reply) => reply.status(201).send(await svc.createEventType(db, req.actor(), req.body, req.ip)),
  );
  app.patch('/api/event-types/:id', { schema: { tags, params: IdParams, body: EventTypePatch, response: { 200: EventTypeOut } } }, async (req) =>
    svc.updateEventType(db, req.actor(), req.params.id, req.body, req.ip),
  );
  app.delete(
    '/api/event-types/:id',
    { schema: { tags, summary: 'Delete an unused event type (administrators)', params: IdParams, response: { 200: Ok } } },
    async (req) => {
      await svc.deleteEventType(db, req.actor(), req.params.id, req.ip);
      return { ok: true };
    },
  );
  app.get(
    '/api/event-results',
    { schema: { tags, summary: 'The results an event may end with', response: { 200: Type.Object({ items: Type.Array(EventResultOut) }) } } },
    async () => ({ items: await svc.listEventResults(db) }),
  );
  app.post('/api/event-results', { schema: { tags, body: EventResultIn, response: { 201: EventResultOut } } }, async (req, reply) =>
    reply.status(201).send(await svc.createEventResult(db, req.actor(), req.body, req.ip)),
  );
  app.patch(
    '/api/event-results/:id',
    { schema: { tags, params: IdParams, body: EventResultPatch, response: { 200: EventResultOut } } },
    async (req) => svc.updateEventResult(db, req.actor(), req.params.id, req.body, req.ip),
  );
}
