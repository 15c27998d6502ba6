import { Type, type Static } from '@sinclair/typebox';
import { IdInt } from '../../shared/id.schemas.js';

export const Login = Type.String({ minLength: 2, maxLength: 64, pattern: '^[\\p{L}\\p{N}._@-]+$' });
export const Password = Type.String({ minLength: 1, maxLength: 1024 });
export const Locale = Type.Union([Type.Literal('en'), Type.Literal('ru')]);

export const UserOut = Type.Object({
  id: Type.Integer(),
  login: Type.String(),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  roleId: Type.Integer(),
  roleKey: Type.String(),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  active: Type.Boolean(),
  locale: Type.String(),
  /** IANA time zone of the user's reminders and dates; null = the firm's (settings.timezone) */
  timezone: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
});
export type TUserOut = Static<typeof UserOut>;

export const UserCreate = Type.Object(
  {
    login: Login,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    password: Password,
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()])),
    roleId: IdInt(),
    departmentId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);
export type TUserCreate = Static<typeof UserCreate>;

export const UserUpdate = Type.Object(
  {
    version: IdInt(),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()])),
    roleId: Type.Optional(IdInt()),
    departmentId: Type.Optional(Type.Union([IdInt(), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
    locale: Type.Optional(Locale),
    timezone: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type TUserUpdate = Static<typeof UserUpdate>;

export const SetupBody = Type.Object(
  {
    token: Type.Optional(Type.String({ maxLength: 200 })),
    login: Login,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    password: Password,
    locale: Type.Optional(Locale),
    firmName: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type TSetupBody = Static<typeof SetupBody>;
