// The reports' requests and answers (GET /api/reports/rating, GET /api/reports/employees). The web
// takes its types from here (type-only imports).
import { Type, type Static } from '@sinclair/typebox';
import { IdInt } from '../../shared/id.schemas.js';

const IdNum = IdInt();
export const Format = Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], { default: 'json' });

export const RatingParams = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  top: Type.Integer({ minimum: 1, maximum: 10_000, default: 50 }),
  departmentId: Type.Optional(Type.Array(IdNum, { maxItems: 100 })),
  employeeId: Type.Optional(IdNum),
  managerId: Type.Optional(IdNum),
  filter: Type.Optional(Type.String({ maxLength: 10_000, description: 'client filters, as in GET /api/clients' })),
  viewId: Type.Optional(IdInt({ description: 'a saved journal view (own or shared) used as the segment: its filters apply' })),
  format: Format,
});
export type TRatingParams = Static<typeof RatingParams>;

/** Money as decimal text in the base currency ("1234.50"), one cell per department. */
const Cells = Type.Array(Type.String());

export const RatingReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  top: Type.Integer(),
  currency: Type.String(),
  /** the columns: every department (or the chosen ones), by name */
  departments: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  rows: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      clientId: Type.Integer(),
      name: Type.String(),
      priceList: Type.Union([Type.String(), Type.Null()]),
      archived: Type.Boolean(),
      cells: Cells,
      total: Type.String(),
    }),
  ),
  /** the sums of the shown rows */
  totals: Type.Object({ cells: Cells, total: Type.String() }),
  /** the sums over every client counted (also those below the top) */
  allClients: Type.Object({ clients: Type.Integer(), cells: Cells, total: Type.String() }),
  timing: Type.Object({
    maskMs: Type.Number(),
    scanMs: Type.Number(),
    facts: Type.Integer(),
    scanThread: Type.Union([Type.Literal('worker'), Type.Literal('main')]),
  }),
});
export type TRatingReport = Static<typeof RatingReport>;

export const EmployeesParams = Type.Object({
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  format: Format,
});
export type TEmployeesParams = Static<typeof EmployeesParams>;

export const EmployeeRow = Type.Object({
  employeeId: Type.Integer(),
  name: Type.String(),
  customers: Type.Integer(),
  orders: Type.Integer(),
  revenue: Type.String(),
});
export type TEmployeeRow = Static<typeof EmployeeRow>;

export const EmployeesAnswer = Type.Object({ items: Type.Array(EmployeeRow) });
export type TEmployeesAnswer = Static<typeof EmployeesAnswer>;
