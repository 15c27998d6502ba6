// Notes on a client (issue 15; docs/crm-records.md): free text with its author and times. Imported by the web.
import { Type, type Static } from '@sinclair/typebox';
import { IdCursor, IdInt } from '../../shared/id.schemas.js';

const Body = Type.String({ minLength: 1, maxLength: 20000 });

export const NoteIn = Type.Object({ body: Body }, { additionalProperties: false });
export type TNoteIn = Static<typeof NoteIn>;
export const NotePatch = Type.Object({ version: IdInt(), body: Body }, { additionalProperties: false });
export type TNotePatch = Static<typeof NotePatch>;

export const NoteOut = Type.Object({
  id: Type.Integer(),
  clientId: Type.Integer(),
  body: Type.String(),
  authorId: Type.Union([Type.Integer(), Type.Null()]),
  authorName: Type.Union([Type.String(), Type.Null()]),
  editable: Type.Boolean({ description: 'the user may change and delete it: its author, or an administrator' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});
export type TNoteOut = Static<typeof NoteOut>;

export const NotesQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }), beforeId: Type.Optional(IdCursor()) },
  { additionalProperties: false },
);
export type TNotesQuery = Static<typeof NotesQuery>;
export const NoteList = Type.Object({ items: Type.Array(NoteOut), nextBeforeId: Type.Union([Type.Integer(), Type.Null()]) });
