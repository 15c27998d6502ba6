import { Type, type Static } from '@sinclair/typebox';
import { IdInt } from '../../shared/id.schemas.js';

const Str = (max = 500) => Type.String({ maxLength: max });
const NStr = (max = 500) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);

export const channelTypes = ['phone', 'email', 'messenger', 'link', 'website'] as const;
export const Channel = Type.Object({
  type: Type.Union(channelTypes.map((t) => Type.Literal(t))),
  /** mobile / work / home, or the messenger's name */
  label: Type.Optional(Str(50)),
  value: Type.String({ minLength: 1, maxLength: 500 }),
}, { additionalProperties: false });
export const ChannelOut = Type.Object({ type: Type.String(), label: Type.Optional(Type.String()), value: Type.String(), normalized: Type.Optional(Type.String()) });
export type TChannel = Static<typeof Channel> & { normalized?: string };

export const Contact = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 300 }),
  position: Type.Optional(Str(200)),
  notes: Type.Optional(Str(2000)),
  channels: Type.Optional(Type.Array(Channel, { maxItems: 30 })),
}, { additionalProperties: false });
export type TContact = Static<typeof Contact>;

export const Passport = Type.Object({
  series: Type.Optional(Str(20)), number: Type.Optional(Str(30)), issuedBy: Type.Optional(Str(300)), issuedOn: Type.Optional(Str(10)),
}, { additionalProperties: false });

/** Fields a user may write; server-owned ones (id, version, createdBy, archivedAt…) are not here. */
const writable = {
  surname: Type.Optional(NStr(200)), firstName: Type.Optional(NStr(200)), patronymic: Type.Optional(NStr(200)),
  birthDate: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])),
  position: Type.Optional(NStr(200)), passport: Type.Optional(Type.Union([Passport, Type.Null()])),
  legalName: Type.Optional(NStr(500)), inn: Type.Optional(NStr(12)), ogrn: Type.Optional(NStr(15)), kpp: Type.Optional(NStr(9)),
  legalAddress: Type.Optional(NStr(1000)), actualAddress: Type.Optional(NStr(1000)),
  industry: Type.Optional(NStr(200)), region: Type.Optional(NStr(200)),
  channels: Type.Optional(Type.Array(Channel, { maxItems: 50 })),
  contacts: Type.Optional(Type.Array(Contact, { maxItems: 100 })),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
  status: Type.Optional(NStr(100)), source: Type.Optional(NStr(100)), importance: Type.Optional(NStr(100)),
  managerId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
  notes: Type.Optional(NStr(20_000)),
  custom: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.Unknown())),
};
export const writableFields = Object.keys(writable);

export const ClientCreate = Type.Object({
  kind: Type.Union([Type.Literal('person'), Type.Literal('organization')]),
  ...writable,
}, { additionalProperties: false });
export type TClientCreate = Static<typeof ClientCreate>;

export const ClientPatch = Type.Object({ version: IdInt(), ...writable }, { additionalProperties: false });
export type TClientPatch = Static<typeof ClientPatch>;

export const Duplicate = Type.Object({
  matchedOn: Type.Array(Type.String()),
  /** false: the client exists but is outside your scope; only its manager is shown */
  visible: Type.Boolean(),
  id: Type.Optional(Type.Integer()),
  displayName: Type.Optional(Type.String()),
  managerName: Type.Union([Type.String(), Type.Null()]),
});
export type TDuplicate = Static<typeof Duplicate>;

export const ClientOut = Type.Object({
  id: Type.Integer(), kind: Type.String(), displayName: Type.String(),
  surname: Type.Optional(NStr()), firstName: Type.Optional(NStr()), patronymic: Type.Optional(NStr()),
  birthDate: Type.Optional(NStr()), position: Type.Optional(NStr()), passport: Type.Optional(Type.Unknown()),
  legalName: Type.Optional(NStr()), inn: Type.Optional(NStr()), ogrn: Type.Optional(NStr()), kpp: Type.Optional(NStr()),
  legalAddress: Type.Optional(NStr(1000)), actualAddress: Type.Optional(NStr(1000)), industry: Type.Optional(NStr()), region: Type.Optional(NStr()),
  channels: Type.Optional(Type.Array(ChannelOut)), contacts: Type.Optional(Type.Array(Type.Unknown())),
  tags: Type.Optional(Type.Array(Type.String())), status: Type.Optional(NStr()), source: Type.Optional(NStr()), importance: Type.Optional(NStr()),
  managerId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])), notes: Type.Optional(NStr(20_000)),
  custom: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  version: Type.Integer(), archived: Type.Boolean(), createdAt: Type.String(), updatedAt: Type.String(),
  createdBy: Type.Union([Type.Integer(), Type.Null()]),
});
export type TClientOut = Static<typeof ClientOut>;

export const ClientWithDuplicates = Type.Object({ client: ClientOut, duplicates: Type.Array(Duplicate) });

export const Filter = Type.Object({
  field: Type.String({ maxLength: 80 }),
  op: Type.Union(['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'in', 'empty', 'notEmpty'].map((o) => Type.Literal(o))),
  value: Type.Optional(Type.Unknown()),
}, { additionalProperties: false });
export type TFilter = Static<typeof Filter>;

export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  /** JSON array of filters: [{"field":"status","op":"eq","value":"vip"}] */
  filter: Type.Optional(Type.String({ maxLength: 10_000 })),
  /** a field, or "relevance" with q: names starting with q first (by name), then other matches, newest first */
  sort: Type.String({ maxLength: 80, default: 'name' }),
  dir: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' }),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 2000 })),
  archived: Type.Union([Type.Literal('no'), Type.Literal('only'), Type.Literal('all')], { default: 'no' }),
  /** "none": skip the capped total of the first page (ask /api/clients/count?cap=… after the rows) */
  total: Type.Union([Type.Literal('capped'), Type.Literal('none')], { default: 'capped' }),
});
export type TListQuery = Static<typeof ListQuery>;

export const ClientList = Type.Object({
  items: Type.Array(ClientOut),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** first page only (null on later pages): exact up to 10,000; above that { value: 10000, exact: false } — ask /api/clients/count */
  total: Type.Union([Type.Object({ value: Type.Integer(), exact: Type.Boolean() }), Type.Null()]),
});

export const SearchResult = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.Integer(), kind: Type.String(), displayName: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()]), email: Type.Union([Type.String(), Type.Null()]),
    inn: Type.Union([Type.String(), Type.Null()]), managerId: Type.Union([Type.Integer(), Type.Null()]),
  })),
});
