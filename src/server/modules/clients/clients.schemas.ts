import { Type, type Static } from '@sinclair/typebox';
import { clientLimits as L } from './client-limits.schemas.js';

export { clientLimits } from './client-limits.schemas.js';
import { IdInt } from '../../shared/id.schemas.js';

const Str = (max = 500) => Type.String({ maxLength: max });
const NStr = (max = 500) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);

export const channelTypes = ['phone', 'email', 'messenger', 'link', 'website'] as const;
export const Channel = Type.Object(
  {
    type: Type.Union(channelTypes.map((t) => Type.Literal(t))),
    /** mobile / work / home, or the messenger's name */
    label: Type.Optional(Str(L.channelLabel)),
    value: Type.String({ minLength: 1, maxLength: L.channelValue }),
  },
  { additionalProperties: false },
);
export const ChannelOut = Type.Object({
  type: Type.String(),
  label: Type.Optional(Type.String()),
  value: Type.String(),
  normalized: Type.Optional(Type.String()),
});
/** A stored contact person (client-normalize.ts writes them so), without the input limits. */
export const ContactOut = Type.Object(
  {
    // every write path requires a name; the answer does not, so a row written otherwise still opens
    name: Type.Optional(Type.String()),
    position: Type.Optional(Type.String()),
    notes: Type.Optional(Type.String()),
    channels: Type.Optional(Type.Array(ChannelOut)),
  },
  { additionalProperties: true },
);
export type TContactOut = Static<typeof ContactOut>;
export type TChannel = Static<typeof Channel> & { normalized?: string };

export const Contact = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: L.contactName }),
    position: Type.Optional(Str(L.contactPosition)),
    notes: Type.Optional(Str(L.contactNotes)),
    channels: Type.Optional(Type.Array(Channel, { maxItems: 30 })),
  },
  { additionalProperties: false },
);
export type TContact = Static<typeof Contact>;

export const Passport = Type.Object(
  {
    series: Type.Optional(Str(20)),
    number: Type.Optional(Str(30)),
    issuedBy: Type.Optional(Str(300)),
    issuedOn: Type.Optional(Str(10)),
  },
  { additionalProperties: false },
);

/** Fields a user may write; server-owned ones (id, version, createdBy, archivedAt…) are not here. */
const writable = {
  surname: Type.Optional(NStr(L.surname)),
  firstName: Type.Optional(NStr(L.firstName)),
  patronymic: Type.Optional(NStr(L.patronymic)),
  birthDate: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])),
  position: Type.Optional(NStr(L.position)),
  passport: Type.Optional(Type.Union([Passport, Type.Null()])),
  legalName: Type.Optional(NStr(L.legalName)),
  inn: Type.Optional(NStr(L.inn)),
  ogrn: Type.Optional(NStr(L.ogrn)),
  kpp: Type.Optional(NStr(L.kpp)),
  legalAddress: Type.Optional(NStr(L.legalAddress)),
  actualAddress: Type.Optional(NStr(L.actualAddress)),
  industry: Type.Optional(NStr(L.industry)),
  region: Type.Optional(NStr(L.region)),
  channels: Type.Optional(Type.Array(Channel, { maxItems: 50 })),
  contacts: Type.Optional(Type.Array(Contact, { maxItems: 100 })),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: L.tag }), { maxItems: 50 })),
  status: Type.Optional(NStr(L.status)),
  source: Type.Optional(NStr(L.source)),
  importance: Type.Optional(NStr(L.importance)),
  managerId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
  notes: Type.Optional(NStr(L.notes)),
  custom: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.Unknown())),
};

export const ClientCreate = Type.Object(
  {
    kind: Type.Union([Type.Literal('person'), Type.Literal('organization')]),
    ...writable,
  },
  { additionalProperties: false },
);
export type TClientCreate = Static<typeof ClientCreate>;

export const ClientPatch = Type.Object({ version: IdInt(), ...writable }, { additionalProperties: false });
export type TClientPatch = Static<typeof ClientPatch>;

type Limits = {
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  anyOf?: Limits[];
  properties?: Record<string, Limits>;
  items?: Limits;
  type?: string;
};
// code points, as the API's validator (Ajv) counts them
const chars = (s: string) => [...s].length;
/**
 * The API's length and count limits (the schemas above) applied to a client input that did not come
 * through HTTP — a row of an import file — so the import refuses what the API and the form refuse
 * (issue 13: a 4,900-character surname passed the import). Messages as `field: message` parts.
 */
export function clientInputIssues(input: Record<string, unknown>): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const walk = (schema: Limits, v: unknown, path: string) => {
    if (v === null || v === undefined) return;
    if (schema.anyOf) {
      const branch = schema.anyOf.find((b) =>
        typeof v === 'string' ? b.type === 'string' : Array.isArray(v) ? b.type === 'array' : b.type === 'object',
      );
      if (branch) walk(branch, v, path);
      return;
    }
    if (typeof v === 'string' && schema.type === 'string') {
      if (schema.maxLength !== undefined && v.length > schema.maxLength && chars(v) > schema.maxLength)
        out.push({ field: path, message: `at most ${schema.maxLength} characters` });
      return;
    }
    if (Array.isArray(v) && schema.type === 'array') {
      if (schema.maxItems !== undefined && v.length > schema.maxItems) out.push({ field: path, message: `at most ${schema.maxItems} values` });
      if (schema.items) v.forEach((x, i) => walk(schema.items!, x, `${path}.${i}`));
      return;
    }
    if (typeof v === 'object' && schema.properties) {
      for (const [k, x] of Object.entries(v as Record<string, unknown>))
        if (schema.properties[k]) walk(schema.properties[k], x, path ? `${path}.${k}` : k);
    }
  };
  walk(ClientCreate as unknown as Limits, input, '');
  return out;
}

/** The longest text each plain client field takes (the form's inputs stop there). */
export const clientTextLimits: Record<string, number> = Object.fromEntries(
  Object.entries((ClientCreate as unknown as Limits).properties ?? {}).flatMap(([k, s]) => {
    const str = s.type === 'string' ? s : s.anyOf?.find((b) => b.type === 'string');
    return str?.maxLength ? [[k, str.maxLength]] : [];
  }),
);

export const Duplicate = Type.Object({
  matchedOn: Type.Array(Type.String()),
  /** false: the client exists but is outside your scope; only its manager is shown */
  visible: Type.Boolean(),
  id: Type.Optional(Type.Integer()),
  displayName: Type.Optional(Type.String()),
  managerName: Type.Union([Type.String(), Type.Null()]),
});
export type TDuplicate = Static<typeof Duplicate>;

// Answers describe what is stored, without the input limits: the serializer picks the branch of
// a union by validating it, so a limit there made a value stored before the rule (or through SQL)
// fail the whole list with a 500 (issue 13; stored-rows.test.ts).
const OStr = () => Type.Union([Type.String(), Type.Null()]);
export const ClientOut = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  displayName: Type.String(),
  surname: Type.Optional(OStr()),
  firstName: Type.Optional(OStr()),
  patronymic: Type.Optional(OStr()),
  birthDate: Type.Optional(OStr()),
  position: Type.Optional(OStr()),
  passport: Type.Optional(Type.Unknown()),
  legalName: Type.Optional(OStr()),
  inn: Type.Optional(OStr()),
  ogrn: Type.Optional(OStr()),
  kpp: Type.Optional(OStr()),
  legalAddress: Type.Optional(OStr()),
  actualAddress: Type.Optional(OStr()),
  industry: Type.Optional(OStr()),
  region: Type.Optional(OStr()),
  channels: Type.Optional(Type.Array(ChannelOut)),
  contacts: Type.Optional(Type.Array(ContactOut)),
  tags: Type.Optional(Type.Array(Type.String())),
  status: Type.Optional(OStr()),
  source: Type.Optional(OStr()),
  importance: Type.Optional(OStr()),
  managerId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  notes: Type.Optional(OStr()),
  custom: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  version: Type.Integer(),
  archived: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  createdBy: Type.Union([Type.Integer(), Type.Null()]),
  /** codes of the client in other systems, stored by imports (field right `externalIds`) */
  externalIds: Type.Optional(Type.Array(Type.String())),
});
export type TClientOut = Static<typeof ClientOut>;

export const ClientWithDuplicates = Type.Object({ client: ClientOut, duplicates: Type.Array(Duplicate) });

/** The operators of a filter (client-filters.ts checks a request's, client-query.ts turns them into SQL). */
/** nextDays: a date from today to N days on; anniversaryNextDays: its month and day (year-less, a birthday) in those days. */
export const filterOps = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'in', 'empty', 'notEmpty', 'nextDays', 'anniversaryNextDays'] as const;
export const Filter = Type.Object(
  {
    field: Type.String({ maxLength: 80 }),
    op: Type.Union(filterOps.map((o) => Type.Literal(o))),
    value: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
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
export type TClientList = Static<typeof ClientList>;

export const SearchResult = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      displayName: Type.String(),
      phone: Type.Union([Type.String(), Type.Null()]),
      email: Type.Union([Type.String(), Type.Null()]),
      inn: Type.Union([Type.String(), Type.Null()]),
      managerId: Type.Union([Type.Integer(), Type.Null()]),
    }),
  ),
});
