import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { IdParams } from '../../shared/id.schemas.js';
import { NoteIn, NoteList, NoteOut, NotePatch, NotesQuery } from './notes.schemas.js';
import * as svc from './notes.service.js';

const Ok = Type.Object({ ok: Type.Boolean() });

export async function notesRoutes(app: AppInstance) {
  const db = app.deps.db;
  const tags = ['notes'];

  app.get(
    '/api/clients/:id/notes',
    { schema: { tags, summary: 'The notes on a client, newest first', params: IdParams, querystring: NotesQuery, response: { 200: NoteList } } },
    async (req) => svc.listNotes(db, req.actor(), req.params.id, req.query),
  );
  app.post(
    '/api/clients/:id/notes',
    { schema: { tags, summary: 'Write a note on a client', params: IdParams, body: NoteIn, response: { 201: NoteOut } } },
    async (req, reply) => reply.status(201).send(await svc.createNote(db, req.actor(), req.params.id, req.body, req.ip)),
  );
  app.patch(
    '/api/notes/:id',
    {
      schema: {
        tags,
        summary: 'Change a note (its author or an administrator; with its version)',
        params: IdParams,
        body: NotePatch,
        response: { 200: NoteOut },
      },
    },
    async (req) => svc.updateNote(db, req.actor(), req.params.id, req.body, req.ip),
  );
  app.delete(
    '/api/notes/:id',
    { schema: { tags, summary: 'Delete a note (its author or an administrator)', params: IdParams, response: { 200: Ok } } },
    async (req) => {
      await svc.deleteNote(db, req.actor(), req.params.id, req.ip);
      return { ok: true };
    },
  );
}
