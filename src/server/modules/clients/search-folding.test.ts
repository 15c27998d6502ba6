// Issue 13: search ignores case and accents in every alphabet, and finds a client by the names
// of the people linked to it. Also: the SQL form migration 015 writes equals Node's, and the
// trigram indexes still serve the search.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { migrationSteps } from '../../db/migrate.js';
import { person, startTestApp, type ApiClient, type TestApp } from '../../testing/test-app.js';
import { normalizeClient, type ClientDraft } from './client-normalize.js';
import { searchForm, searchFormSql } from './search-form.js';
import { Issues } from '../../shared/errors.js';

let t: TestApp;
let admin: ApiClient;
let noContacts: ApiClient;
const ids: Record<string, number> = {};

before(async () => {
  t = await startTestApp();
  admin = await t.user('admin');
  for (const [key, body] of [
    ['wojcik', person('Wójcik', { firstName: 'Zofia' })],
    ['hama', person('Hämäläinen', { firstName: 'Mikko' })],
    ['elkina', person('Елкина', { firstName: 'Вера' })],
    ['lukasz', person('Łukasz', { firstName: 'Straße' })],
    ['plain', person('Wojcikowski', { firstName: 'Adam' })],
    [
      'org',
      { kind: 'organization', legalName: 'ООО «Полюс»', contacts: [{ name: 'Кшиштоф Бжезинский', position: 'директор' }, { name: 'José Muñoz' }] },
    ],
    // an import row "name, company" becomes an organization with the person's name recorded on it
    ['acme', { kind: 'organization', legalName: 'Acme Ltd', surname: 'Nováková', firstName: 'Jana' }],
  ] as const) {
    const r = await admin.post('/api/clients', { managerId: admin.userId, ...body });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    ids[key] = r.body.client.id;
  }
  const role = await admin.post('/api/roles', {
    key: 'nocontacts',
    name: 'No contacts',
    scope: 'all',
    rights: { clients: { read: true } },
    fieldRights: { contacts: 'hidden' },
  });
  assert.equal(role.status, 201, JSON.stringify(role.body));
  noContacts = await t.user(role.body.id);
});
after(async () => t.close());

const search = async (q: string, who = admin) => {
  const r = await who.get(`/api/clients/search?q=${encodeURIComponent(q)}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return (r.body.items as { id: number }[]).map((i) => i.id).sort((a, b) => a - b);
};
const journal = async (q: string, who = admin) => {
  const r = await who.get(`/api/clients?sort=relevance&q=${encodeURIComponent(q)}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return (r.body.items as { id: number }[]).map((i) => i.id).sort((a, b) => a - b);
};
const of = (...keys: string[]) => keys.map((k) => ids[k]!).sort((a, b) => a - b);

describe('accent- and case-insensitive search', () => {
  for (const [typed, keys] of [
    ['Wojcik', ['wojcik', 'plain']], // prefix phase: both names start with it
    ['wójcik', ['wojcik', 'plain']], // the accent typed finds the plain spelling too
    ['WOJC', ['wojcik', 'plain']],
    ['ojcik', ['wojcik', 'plain']], // substring phase (trigram index)
    ['Hamalainen', ['hama']],
    ['malain', ['hama']],
    ['ёлкина', ['elkina']],
    ['ЕЛКИНА', ['elkina']],
    ['lukasz strasse', ['lukasz']],
    ['novakova', ['acme']],
  ] as const) {
    it(`"${typed}" finds ${keys.join(', ')} in search-as-you-type and in the journal`, async () => {
      assert.deepEqual(await search(typed), of(...keys));
      assert.deepEqual(await journal(typed), of(...keys));
    });
  }

  it('sorts a name with accents among the plain ones and filters the name column the same way', async () => {
    const r = await admin.get(
      `/api/clients?filter=${encodeURIComponent(JSON.stringify([{ field: 'name', op: 'contains', value: 'wojcik' }]))}&sort=name`,
    );
    assert.deepEqual(
      r.body.items.map((c: { id: number }) => c.id),
      [ids.wojcik, ids.plain],
    );
  });
});

describe('people linked to a client', () => {
  it('finds an organization by the name of a contact person, accents and case folded', async () => {
    assert.deepEqual(await search('Бжезинск'), of('org'));
    assert.deepEqual(await journal('бжезинский'), of('org'));
    assert.deepEqual(await search('munoz'), of('org'));
    assert.deepEqual(await search('кшиштоф бжез'), of('org'));
  });

  it('finds an organization by the person recorded on it (surname, first name)', async () => {
    assert.deepEqual(await search('Novakova Jana'), of('acme'));
    assert.deepEqual(await journal('nováková'), of('acme'));
    assert.deepEqual(await search('acme'), of('acme'), 'and by its own name');
  });

  it('follows edits of the contact persons', async () => {
    const card = (await admin.get(`/api/clients/${ids.org}`)).body;
    const r = await admin.patch(`/api/clients/${ids.org}`, { version: card.version, contacts: [{ name: 'Анна Щербакова' }] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(await search('бжезинск'), []);
    assert.deepEqual(await search('щербак'), of('org'));
    const back = await admin.patch(`/api/clients/${ids.org}`, { version: r.body.version ?? card.version + 1, contacts: card.contacts });
    assert.equal(back.status, 200, JSON.stringify(back.body));
  });

  it('does not find a client by a contact person for a role that may not see contacts', async () => {
    assert.deepEqual(await search('Бжезинск', noContacts), []);
    assert.deepEqual(await journal('бжезинск', noContacts), []);
    assert.deepEqual(await search('полюс', noContacts), of('org'), 'the name itself still finds it');
  });
});

describe('the stored form', () => {
  it('SQL (migration 015) writes exactly what Node writes, for any text', async () => {
    const samples = [
      'Wójcik',
      'HÄMÄLÄINEN',
      'Ёлкина Пётр',
      'ΟΔΥΣΣΕΥΣ Ὀδυσσεύς',
      'İstanbul',
      'Straße ẞ',
      'Łódź  Øresund\tÆble',
      'Йошкар-Ола ї ў',
      "O'Brien \u00a0 e\u0301te",
      'Ǆemal ǅ',
      'ＡＢＣ',
      '𐐀𐐁',
      '',
    ];
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => void samples.push(s.replace(/\0/g, ''))),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AaÄäÖöŁłÉéЁёЙйΣσςΆάßẞİı \t\u00a0\u0301'), maxLength: 12 }), (s) => void samples.push(s)),
      { numRuns: 300 },
    );
    const r = await sql<{ s: string; f: string }>`SELECT s, ${sql.raw(searchFormSql('s'))} AS f FROM unnest(${samples}::text[]) AS s`.execute(t.db);
    const wrong = r.rows.filter((x) => x.f !== searchForm(x.s)).map((x) => ({ s: x.s, sql: x.f, node: searchForm(x.s) }));
    assert.deepEqual(wrong, []);
  });

  it('migration 015 brings rows stored in the old form to the new one', async () => {
    // A schema migrated up to 014, clients written as the old code wrote them, then 015.
    await sql`CREATE SCHEMA m015`.execute(t.db);
    await t.db.connection().execute(async (c) => {
      await sql`SET search_path = m015, public`.execute(c);
      for (const m of migrationSteps.filter((m) => m.name < '015')) await sql.raw(m.sql).execute(c);
      const drafts: ClientDraft[] = [
        { ...blank, kind: 'person', surname: 'Wójcik', firstName: 'Zofia', contacts: [{ name: 'Ærøskøbing Ólafur', channels: [] }] },
        { ...blank, kind: 'person', surname: 'Иванов', firstName: 'Пётр' },
        {
          ...blank,
          kind: 'organization',
          legalName: 'Café Noël',
          surname: 'NOVÁKOVÁ',
          firstName: 'Jana',
          contacts: [
            { name: 'José  Muñoz', channels: [] },
            { name: 'ΆΝΝΑ', channels: [] },
          ],
        },
      ];
      const oldForm = (s: string) => s.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
      for (const d of drafts) {
        const v = normalizeClient(d, [], new Issues(), { creating: true });
        await sql`INSERT INTO clients (kind, display_name, surname, first_name, legal_name, contacts, sort_name)
          VALUES (${v.kind}, ${v.displayName}, ${v.surname}, ${v.firstName}, ${v.legalName}, ${JSON.stringify(v.contacts)}::jsonb, ${oldForm(v.displayName)})`.execute(
          c,
        );
      }
      await sql.raw(migrationSteps.find((m) => m.name.startsWith('015-accent'))!.sql).execute(c);
      const rows = (await sql<{ sortName: string; peopleSearch: string }>`SELECT sort_name, people_search FROM clients ORDER BY id`.execute(c)).rows;
      assert.deepEqual(
        rows,
        drafts.map((d) => {
          const v = normalizeClient(d, [], new Issues(), { creating: true });
          return { sortName: v.sortName, peopleSearch: v.peopleSearch };
        }),
      );
      assert.deepEqual(
        rows.map((r) => r.peopleSearch),
        ['aeroskobing olafur', '', 'novakova jana jose munoz αννα'],
      );
      await sql`SET search_path = DEFAULT`.execute(c);
    });
    await sql`DROP SCHEMA m015 CASCADE`.execute(t.db);
  });

  it('is served by the trigram indexes (EXPLAIN)', async () => {
    const plans = await t.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      const explain = async (where: string) =>
        (await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT id FROM clients c WHERE ${sql.raw(where)}`.execute(trx)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      return [
        await explain(`c.people_search LIKE '%munoz%'`),
        await explain(`c.sort_name LIKE '%wojcik%'`),
        await explain(`c.sort_name COLLATE "C" >= 'wojcik' AND c.sort_name COLLATE "C" < 'wojcik\u{10FFFF}' AND c.archived_at IS NULL`),
      ];
    });
    assert.match(plans[0]!, /clients_people_trgm_idx/);
    assert.match(plans[1]!, /clients_name_trgm_idx/);
    assert.match(plans[2]!, /clients_live(_manager)?_sort_idx/);
  });
});

const blank: ClientDraft = {
  kind: 'person',
  surname: null,
  firstName: null,
  patronymic: null,
  birthDate: null,
  position: null,
  passport: null,
  legalName: null,
  inn: null,
  ogrn: null,
  kpp: null,
  legalAddress: null,
  actualAddress: null,
  industry: null,
  region: null,
  channels: [],
  contacts: [],
  tags: [],
  status: null,
  source: null,
  importance: null,
  managerId: null,
  notes: null,
  custom: {},
};
