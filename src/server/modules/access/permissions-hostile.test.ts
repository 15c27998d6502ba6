import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { person, type Res } from '../../testing/test-app.js';
import { c, snapshot, t, u, uniq, usePermissionsFixture } from '../../testing/permissions-fixture.js';

// docs/security.md §5 and §6: fail closed, and hostile filter and sort input.
usePermissionsFixture();

describe('fail closed', () => {
  it('a role with malformed rights data grants nothing', async () => {
    for (const rights of [
      '"all"',
      '[]',
      '{"clients": "yes"}',
      '{"clients": {"read": "true"}}',
      '{"clients": {"read": 1}}',
      '{"clients": [true]}',
      'null',
      '{"__proto__": {"read": true}}',
    ]) {
      const id = (
        await t.db
          .insertInto('roles')
          .values({ key: `bad${uniq()}`, name: 'Bad', scope: 'all', rights: sql`${rights}::jsonb` as never, fieldRights: '{}' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const who = await t.user(id);
      for (const [method, path, body] of [
        ['GET', '/api/clients', undefined],
        ['GET', `/api/clients/${c.other.id}`, undefined],
        ['POST', '/api/clients', person('Сквозь')],
        ['GET', '/api/users', undefined],
        ['GET', '/api/audit', undefined],
      ] as const) {
        const before = await snapshot();
        const r = await who.req(method, path, body);
        assert.ok(r.status >= 400, `${rights} ${method} ${path} -> ${r.status}`);
        assert.equal(typeof r.body.error?.code, 'string');
        assert.doesNotMatch(JSON.stringify(r.body), /TypeError|at .*\(|\.ts:/);
        assert.deepEqual(await snapshot(), before);
      }
    }
  });

  it('a role whose field rights cannot be read hides rather than shows', async () => {
    const id = (
      await t.db
        .insertInto('roles')
        .values({
          key: `badfr${uniq()}`,
          name: 'Bad FR',
          scope: 'all',
          rights: JSON.stringify({ clients: { read: true } }),
          fieldRights: sql`'null'::jsonb` as never,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const who = await t.user(id);
    const r = await who.get(`/api/clients/${c.own.id}`);
    assert.ok(r.status >= 400 || !('inn' in r.body) || r.body.inn === undefined, `status ${r.status}`);
    assert.ok(r.status < 500 || !JSON.stringify(r.body).includes('7707083893'));
    assert.doesNotMatch(JSON.stringify(r.body), /7707083893/);
  });

  it('an error inside the credential check answers 500, never 2xx, and changes nothing', async () => {
    const original = t.app.auth.actorForToken;
    t.app.auth.actorForToken = async () => {
      throw new Error('database went away at /work/secret/path.ts:42');
    };
    try {
      const before = await snapshot();
      const r = await u.admin.post('/api/clients', person('Сбой'));
      assert.equal(r.status, 500);
      assert.deepEqual(r.body, { error: { code: 'INTERNAL', message: 'Something went wrong on the server', details: null } });
      assert.deepEqual(await snapshot(), before);
    } finally {
      t.app.auth.actorForToken = original;
    }
  });
});

// ---------------------------------------------------------------------------------------------
// docs/security.md §6: hostile filter and sort input.
describe('hostile filter and sort input', () => {
  it('answers 200 or a structured 400 to 2,000 random filters and sorts, never 500, never a foreign record', async () => {
    const field = fc.oneof(
      fc.constantFrom(
        'name',
        'status',
        'custom.secret',
        'custom.victim',
        'custom.x',
        'tags',
        'email',
        'phone',
        'createdAt',
        'birthDate',
        'managerId',
        'id',
        'inn',
        'region',
        "name'--",
        'c.id; DROP TABLE clients',
        'c.id)',
        '__proto__',
        'constructor',
        'hasOwnProperty',
        'custom.__proto__',
        'custom.',
        "custom.secret'--",
        'toString',
      ),
      fc.string(),
    );
    const value = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.object({ maxDepth: 1 }),
      fc.constantFrom(
        "' OR 1=1 --",
        '2020-02-30',
        '1e400',
        '9'.repeat(40),
        '%',
        '_',
        '\\',
        '\u0000',
        'NaN',
        '-0',
        '2024-01-01T00:00:00Z',
        '12:00',
        'a\u0000b',
        '\uD800',
        '\u202E',
      ),
    );
    const op = fc.oneof(fc.constantFrom('eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'in', 'empty', 'notEmpty'), fc.string());
    const filter = fc.oneof(
      {
        arbitrary: fc.array(fc.record({ field, op, value }, { requiredKeys: ['field', 'op'] }), { maxLength: 3 }).map((f) => JSON.stringify(f)),
        weight: 8,
      },
      { arbitrary: fc.oneof(fc.string(), fc.json()), weight: 1 },
    );
    const rare = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: arb, weight: 1 });
    const sortField = fc.oneof(
      {
        arbitrary: fc.constantFrom('name', 'createdAt', 'updatedAt', 'status', 'managerId', 'id', 'birthDate', 'custom.victim', 'relevance'),
        weight: 4,
      },
      { arbitrary: field, weight: 1 },
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        filter,
        sortField,
        fc.constantFrom('asc', 'desc', 'asc', 'desc', 'sideways'),
        rare(
          fc.oneof(
            fc.string(),
            fc.base64String(),
            fc.constantFrom(Buffer.from('{"v":"a\u0000","id":1}').toString('base64url'), Buffer.from('{"v":{"x":1},"id":1}').toString('base64url')),
          ),
        ),
        rare(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('\u0000', '%', '_', "'", '\\'))),
        async (f, sort, dir, cursor, term) => {
          const qs = new URLSearchParams({
            filter: f,
            sort,
            dir,
            ...(cursor !== undefined ? { cursor } : {}),
            ...(term !== undefined ? { q: term } : {}),
          });
          const who = f.length % 2 ? u.manager : u.senior;
          const r = await who.get(`/api/clients?${qs}`);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          const structured = (x: Res) =>
            x.status === 400 &&
            typeof x.body.error?.code === 'string' &&
            !/SELECT |INSERT |syntax error|stack|\.ts:|node_modules|\/work\//.test(JSON.stringify(x.body));
          if (r.status === 200) {
            if (!Array.isArray(r.body.items) || r.body.items.some((x: { id: number }) => x.id === c.other.id)) return false;
          } else if (!structured(r)) return false;
          const n = await who.get(`/api/clients/count?${new URLSearchParams({ filter: f, ...(term !== undefined ? { q: term } : {}) })}`);
          return n.status === 200 ? Number.isInteger(n.body.count) : structured(n);
        },
      ),
      { numRuns: 2000 },
    );
    assert.ok((statuses.get(200) ?? 0) > 10, `some inputs were valid: ${JSON.stringify([...statuses])}`);
    assert.ok((statuses.get(400) ?? 0) > 10, `some inputs were refused: ${JSON.stringify([...statuses])}`);
    assert.deepEqual(
      [...statuses.keys()].filter((s) => s !== 200 && s !== 400),
      [],
    );
  });
});
