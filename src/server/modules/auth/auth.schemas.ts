// The shapes of auth answers the web reads by type.
import { Type, type Static } from '@sinclair/typebox';
import { UserOut } from '../users/users.schemas.js';
import { FieldRights, Rights, Scope } from '../access/roles.schemas.js';

/** /api/auth/me: the logged-in user and their role (rights as rightsOut() / fieldRightsOut() read them). */
export const Me = Type.Object({
  user: UserOut,
  role: Type.Object({
    key: Type.String(),
    isAdmin: Type.Boolean(),
    scope: Scope,
    rights: Rights,
    fieldRights: FieldRights,
    maxDiscount: Type.Union([Type.String(), Type.Null()], { description: 'the largest manual line discount in percent; null = no maximum' }),
  }),
});
export type TMe = Static<typeof Me>;
