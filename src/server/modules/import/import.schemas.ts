// The import's API shapes, shared by the routes and the web wizard: the plan of a preview or a run
// and the job as the API answers it. Pure (TypeBox only).
import { Type, type Static } from '@sinclair/typebox';
import { IdInt } from '../../shared/id.schemas.js';
import {
  emptyCellRules,
  importTargets,
  matchKeys,
  nameRules,
  salePayments,
  unknownDepartmentRules,
  type ImportOptions,
  type Mapping,
} from './import-fields.schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ImportMapping = Type.Array(
  Type.Object({ column: Type.Integer({ minimum: 0, maximum: 10_000 }), target: Type.String({ maxLength: 60 }) }, { additionalProperties: false }),
  { maxItems: 500 },
);

export const ImportOptionsSchema = Type.Object(
  {
    matchBy: Type.Array(Type.Union(matchKeys.map((k) => Type.Literal(k))), { maxItems: 7 }),
    onMatch: Type.Union([Type.Literal('update'), Type.Literal('skip'), Type.Literal('create')]),
    managerId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
    target: Type.Optional(
      Type.Union(
        importTargets.map((k) => Type.Literal(k)),
        {
          description:
            'clients (default), contact persons of existing clients, products and services (the catalog), or sales of the past (the history)',
        },
      ),
    ),
    employeeId: Type.Optional(
      Type.Union([IdInt(), Type.Null()], { description: 'sales: who made the sales when the file has no employee column (default: you)' }),
    ),
    departmentId: Type.Optional(
      Type.Union([IdInt(), Type.Null()], {
        description: "sales: where, when the file has no department column (default: the employee's department)",
      }),
    ),
    payment: Type.Optional(
      Type.Union(
        salePayments.map((k) => Type.Literal(k)),
        { description: 'sales: how they were paid when the file has no payment column (default cash; none = unpaid)' },
      ),
    ),
    emptyCells: Type.Optional(
      Type.Union(
        emptyCellRules.map((k) => Type.Literal(k)),
        { description: 'an empty cell over a matched client: keep the stored value (default) or clear it' },
      ),
    ),
    names: Type.Optional(
      Type.Union(
        nameRules.map((k) => Type.Literal(k)),
        { description: "a matched client's name: the file only fills missing parts (default) or overwrites them" },
      ),
    ),
    unknownDepartments: Type.Optional(
      Type.Union(
        unknownDepartmentRules.map((k) => Type.Literal(k)),
        { description: 'sales: a department the base lacks rejects its sales (default) or is created (needs departments.create)' },
      ),
    ),
  },
  { additionalProperties: false },
);

/** A preview's or a run's body: which column fills which field, and the options. */
export const ImportPlan = Type.Object({ mapping: ImportMapping, options: ImportOptionsSchema }, { additionalProperties: false });

/** An import job as the API answers it (progress, counts, rate and ETA). */
export const ImportJob = Type.Object({
  id: Type.Integer(),
  fileName: Type.String(),
  fileSize: Type.Number(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('ods'), Type.Literal('vcf')]),
  encoding: Nullable(Type.String()),
  delimiter: Nullable(Type.String()),
  header: Type.Array(Type.String()),
  // stored as the plan was accepted (ImportPlan), typed as the engine reads them
  mapping: Nullable(Type.Unsafe<Mapping>(ImportMapping)),
  options: Nullable(Type.Unsafe<ImportOptions>(ImportOptionsSchema)),
  status: Type.String(),
  dryRun: Type.Boolean(),
  total: Nullable(Type.Integer()),
  done: Type.Integer(),
  counts: Type.Object({
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    skipped: Type.Integer(),
    rejected: Type.Integer(),
  }),
  rate: Type.Integer(),
  etaSeconds: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
});
export type TImportJob = Static<typeof ImportJob>;
