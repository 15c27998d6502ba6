import { Type, type Static } from '@sinclair/typebox';
import { Locale, Login, Password } from '../users/users.schemas.js';
import { IdInt } from '../../shared/id.schemas.js';

export const InviteCreate = Type.Object(
  {
    login: Login,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()])),
    roleId: IdInt(),
    departmentId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);
export type TInviteCreate = Static<typeof InviteCreate>;

export const InviteOut = Type.Object({
  id: Type.Integer(),
  login: Type.String(),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  roleId: Type.Integer(),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  invitedBy: Type.Integer(),
  expiresAt: Type.String(),
  createdAt: Type.String(),
});
export type TInviteOut = Static<typeof InviteOut>;

/** The answer to creating an invitation: the token is shown this once and never stored. */
export const InviteCreated = Type.Composite([InviteOut, Type.Object({ token: Type.String() })]);

const Token = Type.String({ minLength: 1, maxLength: 200 });
export const InviteCheck = Type.Object({ token: Token }, { additionalProperties: false });
export const InviteAccept = Type.Object({ token: Token, password: Password }, { additionalProperties: false });
