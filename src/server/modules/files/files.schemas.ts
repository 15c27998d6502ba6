// Attached files (issue 15; docs/crm-files.md): the shapes of the API, shared with the web app.
import { type Static, Type } from '@sinclair/typebox';
import { IdInt } from '../../shared/id.schemas.js';

export const fileTargets = ['client', 'event', 'task', 'sale', 'contract', 'promise'] as const;
export const FileTarget = Type.Union(
  fileTargets.map((t) => Type.Literal(t)),
  { description: 'what the file is attached to' },
);
export type TFileTarget = Static<typeof FileTarget>;

/** The record a file is attached to (upload and list). */
export const FileTargetQuery = Type.Object(
  { target: FileTarget, targetId: IdInt({ description: 'the id of the client, event, task, sale, contract or promise' }) },
  { additionalProperties: false },
);
export type TFileTargetQuery = Static<typeof FileTargetQuery>;

export const FileOut = Type.Object({
  id: Type.Integer(),
  target: FileTarget,
  targetId: Type.Integer(),
  clientId: Type.Union([Type.Integer(), Type.Null()]),
  /** the name it was uploaded with: shown only, never a path */
  name: Type.String(),
  /** the type it is served with: the one recognised from its first bytes for images and PDF, else the one it was sent with */
  mime: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedBy: Type.Union([Type.Integer(), Type.Null()]),
  uploadedByName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  /** whether GET /api/files/:id/preview shows it inline (PNG, JPEG, GIF, WebP, PDF) */
  preview: Type.Boolean(),
});
export type TFileOut = Static<typeof FileOut>;

export const FileList = Type.Object({ items: Type.Array(FileOut) });
export type TFileList = Static<typeof FileList>;
