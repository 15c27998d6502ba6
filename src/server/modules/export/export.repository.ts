// SQL of the client export: each column's text as PostgreSQL computes it from a `clients c` row
// (the list's query itself is the clients repository's, through listClientColumns). Raw `sql`: the
// expressions aggregate jsonb arrays, which Kysely's builder does not express.
import { sql, type RawBuilder } from 'kysely';

const text = (col: string) => sql.raw(`NULLIF(c.${col}::text, '')`);

/** the channels of the given types, joined by "; " in their order */
export const channelsSql = (...types: string[]) =>
  sql`(SELECT string_agg(x->>'value', '; ' ORDER BY o) FROM jsonb_array_elements(c.channels) WITH ORDINALITY AS t(x, o) WHERE x->>'type' IN (${sql.join(types.map((t) => sql.lit(t)))}))`;

/** The built-in columns' expressions, by the client field they show. */
export const columnSql = {
  id: sql`c.id`,
  kind: text('kind'),
  surname: text('surname'),
  firstName: text('first_name'),
  patronymic: text('patronymic'),
  legalName: text('legal_name'),
  inn: text('inn'),
  ogrn: text('ogrn'),
  kpp: text('kpp'),
  birthDate: text('birth_date'),
  position: text('position'),
  legalAddress: text('legal_address'),
  actualAddress: text('actual_address'),
  industry: text('industry'),
  region: text('region'),
  tags: sql`NULLIF(array_to_string(c.tags, '; '), '')`,
  status: text('status'),
  source: text('source'),
  importance: text('importance'),
  notes: text('notes'),
  contacts: sql`(SELECT string_agg(CASE WHEN coalesce(x->>'position', '') <> '' THEN (x->>'name') || ' (' || (x->>'position') || ')' ELSE x->>'name' END, '; ' ORDER BY o)
      FROM jsonb_array_elements(c.contacts) WITH ORDINALITY AS t(x, o))`,
  externalIds: sql`(SELECT string_agg(e.external_id, '; ' ORDER BY e.external_id) FROM client_external_ids e WHERE e.client_id = c.id)`,
} satisfies Record<string, RawBuilder<unknown>>;

/** A custom field's value as text: a list joined by "; ", a yes/no for a boolean, nothing for an empty text. */
export function customFieldSql(key: string): RawBuilder<unknown> {
  const v = sql`c.custom -> ${key}::text`;
  return sql`CASE jsonb_typeof(${v}) WHEN 'array' THEN (SELECT NULLIF(string_agg(e, '; ' ORDER BY o), '') FROM jsonb_array_elements_text(${v}) WITH ORDINALITY AS t(e, o))
      WHEN 'boolean' THEN CASE WHEN ${v} = 'true'::jsonb THEN 'yes' ELSE 'no' END WHEN 'null' THEN NULL ELSE NULLIF(c.custom ->> ${key}::text, '') END`;
}

/** The select list of the columns, named v0, v1, … in order. */
export const columnSelect = (exprs: RawBuilder<unknown>[]) => sql.join(exprs.map((e, i) => sql`${e} AS ${sql.ref(`v${i}`)}`));
