import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, Issues } from '../../shared/errors.js';
import { type Actor, requireRight } from '../access/rights.js';
import { insertAudit } from '../../db/audit-log.js';
import { checkValue, type FieldDef, type FieldType } from './custom-values.js';
import * as repo from './custom-fields.repository.js';
import { isUniqueViolation } from '../../db/pg-errors.js';

export async function listFields(db: Kysely<DB>, entity = 'client'): Promise<FieldDef[]> {
  const rows = await repo.listFieldRows(db, entity);
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    label: r.label,
    type: r.type as FieldType,
    required: r.required,
    defaultValue: r.defaultValue,
    options: r.options,
    position: r.position,
    hidden: r.hidden,
    version: r.version,
  }));
}

export type FieldInput = {
  key: string;
  label: string;
  type: FieldType;
  required?: boolean;
  defaultValue?: unknown;
  options?: string[];
  position?: number;
  hidden?: boolean;
};

function checkDefinition(def: Omit<FieldDef, 'id' | 'version'>) {
  const issues = new Issues();
  if ((def.type === 'choice' || def.type === 'multichoice') && def.options.length === 0) issues.add('options', 'a choice field needs options');
  if (new Set(def.options).size !== def.options.length) issues.add('options', 'options must be unique');
  if (def.defaultValue !== undefined && def.defaultValue !== null)
    checkValue({ ...def, id: 0, version: 0, required: false }, def.defaultValue, issues, 'defaultValue');
  issues.throwIfAny();
}

export async function createField(db: Kysely<DB>, actor: Actor, input: FieldInput, ip?: string) {
  requireRight(actor, 'customFields', 'create');
  const def = {
    key: input.key,
    label: input.label,
    type: input.type,
    required: input.required ?? false,
    defaultValue: input.defaultValue ?? null,
    options: input.options ?? [],
    position: input.position ?? 0,
    hidden: input.hidden ?? false,
  };
  checkDefinition(def);
  try {
    const row = await db.transaction().execute(async (trx) => {
      const id = await repo.insertField(trx, def);
      await insertAudit(trx, { userId: actor.userId, action: 'custom_field.created', entity: 'custom_field', entityId: id, changes: def, ip });
      return id;
    });
    return (await listFields(db)).find((f) => f.id === row)!;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('ALREADY_EXISTS', 'A field with this key exists', [{ field: 'key', message: 'already taken' }]);
    throw e;
  }
}

export async function updateField(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  input: Partial<Omit<FieldInput, 'key' | 'type'>> & { version: number },
  ip?: string,
) {
  requireRight(actor, 'customFields', 'edit');
  const cur = (await listFields(db)).find((f) => f.id === id);
  if (!cur) throw new AppError('CUSTOM_FIELD_NOT_FOUND', 'No such field');
  const next = { ...cur, ...input };
  checkDefinition(next);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateField(trx, id, input.version, next)))
      throw new AppError('VERSION_CONFLICT', 'The field was changed by someone else', { currentVersion: cur.version });
    await insertAudit(trx, { userId: actor.userId, action: 'custom_field.changed', entity: 'custom_field', entityId: id, changes: input, ip });
  });
  return (await listFields(db)).find((f) => f.id === id)!;
}
