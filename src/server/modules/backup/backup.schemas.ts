import { Type, type Static } from '@sinclair/typebox';

export const BackupRun = Type.Object({
  file: Type.String(),
  trigger: Type.Union([Type.Literal('scheduled'), Type.Literal('manual')]),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.String({ format: 'date-time' }),
  ok: Type.Boolean(),
  verified: Type.Boolean(),
  bytes: Type.Integer(),
  rows: Type.Integer(),
  tables: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
});
export type TBackupRun = Static<typeof BackupRun>;

export const BackupStatus = Type.Object({
  dir: Type.String(),
  intervalHours: Type.Integer(),
  keepDaily: Type.Integer(),
  keepWeekly: Type.Integer(),
  running: Type.Boolean(),
  lastFailed: Type.Boolean(),
  nextAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  runs: Type.Array(BackupRun),
  files: Type.Array(Type.Object({ file: Type.String(), bytes: Type.Integer(), at: Type.String({ format: 'date-time' }) })),
});
export type TBackupStatus = Static<typeof BackupStatus>;
