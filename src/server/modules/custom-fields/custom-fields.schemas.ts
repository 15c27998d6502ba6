// The shape of a custom field as the API answers it (/api/custom-fields).
import { Type, type Static } from '@sinclair/typebox';

export const FieldOut = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  label: Type.String(),
  type: Type.String(),
  required: Type.Boolean(),
  defaultValue: Type.Unknown(),
  options: Type.Array(Type.String()),
  position: Type.Integer(),
  hidden: Type.Boolean(),
  version: Type.Integer(),
});
export type TFieldOut = Static<typeof FieldOut>;
