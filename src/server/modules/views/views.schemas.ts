import { Type, type Static } from '@sinclair/typebox';
import { Filter } from '../clients/clients.schemas.js';
import { IdInt } from '../../shared/id.schemas.js';

const FieldName = Type.String({ maxLength: 80, pattern: '^[a-zA-Z][a-zA-Z0-9_.]*$' });

/** What a journal view remembers. Field names are checked again whenever the list is queried. */
export const ViewConfig = Type.Object(
  {
    columns: Type.Array(
      Type.Object({ field: FieldName, width: Type.Optional(Type.Integer({ minimum: 40, maximum: 1000 })) }, { additionalProperties: false }),
      { maxItems: 40 },
    ),
    sort: Type.Optional(FieldName),
    dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    filters: Type.Optional(Type.Array(Filter, { maxItems: 50 })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const ViewIn = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), shared: Type.Optional(Type.Boolean()), config: ViewConfig },
  { additionalProperties: false },
);
export type TViewIn = Static<typeof ViewIn>;
export const ViewPatch = Type.Object(
  { version: IdInt(), name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), config: Type.Optional(ViewConfig) },
  { additionalProperties: false },
);
export type TViewPatch = Static<typeof ViewPatch>;
export const ViewOut = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  shared: Type.Boolean(),
  mine: Type.Boolean(),
  config: ViewConfig,
  version: Type.Integer(),
});
