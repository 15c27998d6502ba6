// Search ignores accents (issue 13): "Wojcik" finds "Wójcik", "Hamalainen" "Hämäläinen".
// sort_name now holds searchForm (src/server/modules/clients/search-form.ts: lower case, Latin and
// Greek letters without diacritics, ё → е), and the new people_search column holds the names of
// a client's contact persons and, for an organization, the person's name recorded on it (an import
// of "name, company" rows makes organizations with the person's surname and first name), so a
// person is found by their own name. Both are written by normalizeClient in Node; the query
// compares plain columns with the typed text in the same form, so the btree and trigram indexes
// serve it as before (no expression index, no function called per row).
//
// Rows already stored are brought to the new form here with searchFormSql: the same character
// mapping as searchForm written as translate/replace, without lower(), so the result does not depend
// on the database's locale and is the same on the embedded PostgreSQL 18 and a PostgreSQL 15 server.
// translate() scans its list (~1,600 characters) for each character, so only rows that need it are
// rewritten: names with a character to fold, and clients with contact persons or a recorded person.
// The UPDATE maintains the name indexes (btree and trigram) of the rows it changes.
import { foldedCharacterClass, searchFormSql } from '../../modules/clients/search-form.js';

export const name = '015-accent-folded-search';

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function buildSql(): string {
  const people = `CASE WHEN kind = 'organization' THEN concat_ws(' ', surname, first_name, patronymic) ELSE '' END
    || ' ' || coalesce((SELECT string_agg(x.e->>'name', ' ' ORDER BY x.n) FROM jsonb_array_elements(contacts) WITH ORDINALITY AS x(e, n)), '')`;
  // The old form (lower case, ё → е, spaces collapsed) differs from the new one only where it holds a character that folds.
  const folds = q(foldedCharacterClass());
  return /* sql */ `
ALTER TABLE clients ADD COLUMN people_search text NOT NULL DEFAULT '';
UPDATE clients SET
  sort_name = CASE WHEN sort_name ~ ${folds} THEN ${searchFormSql('sort_name')} ELSE sort_name END,
  people_search = ${searchFormSql(`(${people})`)}
WHERE sort_name ~ ${folds} OR contacts <> '[]'::jsonb
  OR (kind = 'organization' AND coalesce(surname, first_name, patronymic) IS NOT NULL);
CREATE INDEX clients_people_trgm_idx ON clients USING gin (people_search gin_trgm_ops);
`;
}
