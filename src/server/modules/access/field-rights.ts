// Which client fields a role's field rights may name (docs/permissions.md). Read-only works for
// every field a client write can carry (the service refuses it on write). Hidden is offered only
// where the server keeps the field out of every answer, filter, sort, search and duplicate check
// (the `right` of its spec in clients/client-query.ts, or a field nothing filters or searches by):
// hiding, say, the status would drop it from the card while a filter on it still counted clients.
import type { Issues } from '../../shared/errors.js';
import type { FieldRights } from './rights.js';

export const hideableClientFields = [
  'birthDate',
  'passport',
  'inn',
  'ogrn',
  'kpp',
  'legalAddress',
  'actualAddress',
  'channels',
  'contacts',
  'notes',
  'externalIds',
] as const;
export const readonlyClientFields = [
  'surname',
  'firstName',
  'patronymic',
  'birthDate',
  'position',
  'passport',
  'legalName',
  'inn',
  'ogrn',
  'kpp',
  'legalAddress',
  'actualAddress',
  'industry',
  'region',
  'channels',
  'contacts',
  'tags',
  'status',
  'source',
  'importance',
  'managerId',
  'notes',
  // written only by imports (as a key); read-only keeps an import from giving a client a new one
  'externalIds',
] as const;

const CUSTOM = /^custom\.[a-z][a-z0-9_]{0,39}$/;

/** The client fields and what a role may do with each (custom fields: both, under `custom.<key>`). */
export const clientFieldRightOptions = () =>
  readonlyClientFields.map((field) => ({ field, hideable: (hideableClientFields as readonly string[]).includes(field) }));

export function checkFieldRights(fieldRights: FieldRights, issues: Issues) {
  for (const [field, right] of Object.entries(fieldRights)) {
    const path = `fieldRights.${field}`;
    if (CUSTOM.test(field)) continue;
    if (!(readonlyClientFields as readonly string[]).includes(field)) issues.add(path, 'no such client field');
    else if (right === 'hidden' && !(hideableClientFields as readonly string[]).includes(field)) {
      issues.add(
        path,
        `cannot be hidden (it can be searched or filtered by); hidden works for: ${hideableClientFields.join(', ')} and custom fields`,
      );
    }
  }
}
