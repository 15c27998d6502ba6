import { Type, type Static } from '@sinclair/typebox';
import { IdInt } from '../../shared/id.schemas.js';

const NInt = Type.Union([Type.Integer(), Type.Null()]);
const NStr = Type.Union([Type.String(), Type.Null()]);
const NameMap = Type.Record(Type.String(), Type.String());

/**
 * The names behind the ids an answer's entries mention (managerId, categoryId, priceListId,
 * departmentId, createdBy, invitedBy) and the labels of the custom fields they name
 * (`custom.<key>` -> label), so a screen shows "Category: Gold", not "categoryId: 1".
 */
export const AuditNames = Type.Object({
  users: NameMap,
  categories: NameMap,
  priceLists: NameMap,
  departments: NameMap,
  fields: NameMap,
});
export type TAuditNames = Static<typeof AuditNames>;

/** `changes`: as stored, without the fields the reader's role hides and without pairs that changed nothing. */
export const HistoryItem = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  action: Type.String(),
  userId: NInt,
  userName: NStr,
  changes: Type.Unknown(),
});
export type THistoryItem = Static<typeof HistoryItem>;
export const HistoryAnswer = Type.Object({ items: Type.Array(HistoryItem), names: AuditNames });
export type THistoryAnswer = Static<typeof HistoryAnswer>;

export const AuditItem = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  userId: NInt,
  userName: NStr,
  action: Type.String(),
  entity: NStr,
  entityId: NInt,
  /** the client an entry is about (its own entries and its sales), when it still exists */
  clientId: NInt,
  clientName: NStr,
  changes: Type.Unknown(),
  ip: NStr,
});
export type TAuditItem = Static<typeof AuditItem>;

export const AuditQuery = Type.Object({
  /** the action, or its beginning: `client.` finds every client entry */
  action: Type.Optional(Type.String({ maxLength: 100 })),
  userId: Type.Optional(IdInt()),
  /** entries about this client: its own and those of its sales */
  clientId: Type.Optional(IdInt()),
  /** period: from (inclusive) and to (exclusive), instants with a time zone */
  from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  beforeId: Type.Optional(IdInt()),
});
export type TAuditQuery = Static<typeof AuditQuery>;

export const AuditAnswer = Type.Object({
  items: Type.Array(AuditItem),
  /** pass as beforeId for the next (older) page; null on the last page */
  nextBeforeId: NInt,
  names: AuditNames,
});
export type TAuditAnswer = Static<typeof AuditAnswer>;

/** Actions whose `changes` hold `{ field: [before, after] }` pairs (other keys, such as importJob, are plain values). */
export const pairedActions = ['client.updated', 'client.terms', 'client.category', 'department.renamed'];

/** Which entry keys hold ids, and whose names they are (AuditNames). */
export const referenceKeys: Record<string, 'users' | 'categories' | 'priceLists' | 'departments'> = {
  managerId: 'users',
  createdBy: 'users',
  invitedBy: 'users',
  categoryId: 'categories',
  priceListId: 'priceLists',
  departmentId: 'departments',
};
