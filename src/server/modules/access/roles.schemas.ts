// The shapes of roles on the wire: what /api/roles takes and answers, and the role part of /api/auth/me.
// Rights are generated from `sections` and `actionsOf` (rights.ts): a new section or action needs no edit here.
import { Type, type Static, type TBoolean, type TObject, type TOptional, type TSchema } from '@sinclair/typebox';
import { type Section, actionsOf, type actions, type sectionActions, sections } from './rights.js';

export const Scope = Type.Union([Type.Literal('own'), Type.Literal('department'), Type.Literal('all')]);

/** The actions of one section: the common ones and its own (as actionsOf, at the type level). */
type ActionsOf<S extends Section> = (typeof actions)[number] | (S extends keyof typeof sectionActions ? (typeof sectionActions)[S][number] : never);
type TActionSet<S extends Section> = TObject<{ [A in ActionsOf<S>]: TOptional<TBoolean> }>;

export const ActionSet = <S extends Section>(section: S): TActionSet<S> =>
  Type.Object(Object.fromEntries(actionsOf(section).map((a) => [a, Type.Optional(Type.Boolean())])) as TActionSet<S>['properties'], {
    additionalProperties: false,
  });
export const Rights = Type.Object(
  Object.fromEntries(sections.map((s): [string, TSchema] => [s, Type.Optional(ActionSet(s))])) as { [S in Section]: TOptional<TActionSet<S>> },
  { additionalProperties: false },
);
export type TRights = Static<typeof Rights>;

export const MaxDiscount = Type.Union([Type.Null(), Type.String({ maxLength: 8, description: 'percent, e.g. "10"' })], {
  description: 'the largest manual line discount (sales.discount), percent of the line after automatic discounts; null = no maximum',
});
export const FieldRights = Type.Record(
  Type.String({ pattern: '^[a-zA-Z0-9_.]{1,80}$' }),
  Type.Union([Type.Literal('hidden'), Type.Literal('readonly')]),
);
export type TFieldRights = Static<typeof FieldRights>;

/**
 * A role as the API shows it. `rights` and `fieldRights` go through rightsOut() / fieldRightsOut()
 * (rights.ts) first: the serializer drops keys the schema lacks and would coerce non-booleans.
 */
export const RoleOut = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  name: Type.String(),
  isAdmin: Type.Boolean(),
  builtin: Type.Boolean(),
  scope: Scope,
  rights: Rights,
  fieldRights: FieldRights,
  maxDiscount: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
});
export type TRoleOut = Static<typeof RoleOut>;
