// The shared world of the permission tests (docs/security.md §1–§6): departments, a user per role, three
// clients (own, same department, other department) and the "victim" user, role, department
// and custom field that the matrix and the granting tests act on. Each test file that uses it
// gets its own database (usePermissionsFixture registers the hooks).
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { sql } from 'kysely';
import { person, startTestApp, type ApiClient, type TestApp } from './test-app.js';

export type Role = 'admin' | 'senior' | 'manager' | 'readonly' | 'custom' | 'blank';
export const roles: Role[] = ['admin', 'senior', 'manager', 'readonly', 'custom', 'blank'];
export let t: TestApp;
export const u = {} as Record<Role | 'colleague' | 'stranger', ApiClient>;
export const c = {} as Record<'own' | 'dept' | 'other', { id: number }>;
export let d1: number;
export let d2: number;
export let victimUser: number;
export let victimRole: number;
export let victimDept: number;
export let victimField: number;
let seq = 0;
export const uniq = () => `${Date.now().toString(36)}${++seq}`;

/** Every row of the tables a request could change, as text (the audit log is not compared: denials are audited). */
export async function snapshot() {
  const out: Record<string, string> = {};
  for (const table of [
    'clients',
    'users',
    'roles',
    'custom_fields',
    'departments',
    'saved_views',
    'api_tokens',
    'sessions',
    'setup_tokens',
    'user_invites',
  ]) {
    const r = await sql<{ j: string | null }>`SELECT json_agg(x ORDER BY to_jsonb(x)::text)::text AS j FROM ${sql.table(table)} x`.execute(t.db);
    out[table] = r.rows[0]!.j ?? '[]';
  }
  return out;
}

export const roleId = async (key: string) => (await t.db.selectFrom('roles').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
export const version = async (table: 'users' | 'roles' | 'departments' | 'customFields' | 'clients', id: number) =>
  (await t.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
export const q = (filter: unknown) => encodeURIComponent(JSON.stringify(filter));

async function setUp() {
  t = await startTestApp();
  d1 = await t.department('Отдел 1');
  d2 = await t.department('Отдел 2');
  u.admin = await t.user('admin');
  u.senior = await t.user('senior', { departmentId: d1 });
  u.manager = await t.user('manager', { departmentId: d1 });
  u.colleague = await t.user('manager', { departmentId: d1 });
  u.stranger = await t.user('manager', { departmentId: d2 });
  u.readonly = await t.user('readonly');
  // Custom roles are made through the API, like an administrator would.
  const custom = await u.admin.post('/api/roles', {
    key: 'assistant',
    name: 'Assistant',
    scope: 'department',
    rights: { clients: { read: true, edit: true }, users: { read: true } },
  });
  assert.equal(custom.status, 201, JSON.stringify(custom.body));
  u.custom = await t.user(custom.body.id, { departmentId: d1 });
  const blank = await u.admin.post('/api/roles', { key: 'blank', name: 'No rights', scope: 'all', rights: {} });
  assert.equal(blank.status, 201);
  u.blank = await t.user(blank.body.id);
  c.own = (
    await u.manager.post(
      '/api/clients',
      person('Свой', { channels: [{ type: 'phone', value: '+7 900 000-00-01' }], inn: '7707083893', status: 'vip' }),
    )
  ).body.client;
  c.dept = (
    await u.colleague.post('/api/clients', person('Коллегин', { channels: [{ type: 'email', value: 'kollega@example.com' }], status: 'vip' }))
  ).body.client;
  c.other = (
    await u.stranger.post(
      '/api/clients',
      person('Чужой', {
        channels: [
          { type: 'phone', value: '+7 900 000-00-03' },
          { type: 'email', value: 'chuzhoy@example.com' },
        ],
        status: 'vip',
        tags: ['secret-deal'],
      }),
    )
  ).body.client;
  await u.stranger.patch(`/api/clients/${c.other.id}`, { version: 1, notes: 'чужая заметка' });
  for (const x of Object.values(c)) assert.ok(x.id, 'fixture clients exist');
  victimUser = (await t.user('manager', { departmentId: d2 })).userId;
  victimRole = (await u.admin.post('/api/roles', { key: 'victim', name: 'Victim', scope: 'own', rights: { clients: { read: true } } })).body.id;
  victimDept = await t.department('Отдел 3');
  victimField = (await u.admin.post('/api/custom-fields', { key: 'victim', label: 'Victim', type: 'text' })).body.id;
}

export function usePermissionsFixture() {
  before(setUp);
  after(() => t.close());
}
