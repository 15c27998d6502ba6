// Permissions are data (docs/permissions.md): a role is a set of rights per section, a record scope
// and field rights. Every check goes through this file; the SQL side of the scope is
// scopeSql() in scope.ts, fed by the same Actor.
import { AppError } from '../../shared/errors.js';
import type { Scope } from '../../db/schema.js';

export const sections = [
  'clients',
  'users',
  'roles',
  'departments',
  'customFields',
  'audit',
  'catalog',
  'sales',
  'reports',
  'loyalty',
  // the CRM half (issue 15; docs/interactions.md): notes covers notes and attached files
  'events',
  'tasks',
  'promises',
  'contracts',
  'notes',
] as const;
export const actions = ['read', 'create', 'edit', 'delete', 'export', 'import'] as const;
/**
 * Rights that only one section has: `sales.discount` — give a manual discount on a line at the
 * counter (a percentage or an amount, up to the role's `maxDiscountBp`; src/server/modules/sales/sale-rules.ts).
 */
export const sectionActions = { sales: ['discount'] } as const satisfies Partial<Record<(typeof sections)[number], readonly string[]>>;
export type Section = (typeof sections)[number];
export type Action = (typeof actions)[number] | (typeof sectionActions)['sales'][number];
export type Rights = Partial<Record<Section, Partial<Record<Action, boolean>>>>;
/** Every action a section has: the common ones and its own. */
export const actionsOf = (section: Section): readonly Action[] => [
  ...actions,
  ...((sectionActions as Partial<Record<Section, readonly Action[]>>)[section] ?? []),
];
export type FieldRight = 'hidden' | 'readonly';
export type FieldRights = Record<string, FieldRight>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Stored rights (roles.rights, jsonb) as the API shows them: the booleans of the known sections and
 * actions, so every right granted (what can() reads: `true`) is there. Anything else of the stored
 * JSON — unknown keys, non-booleans, malformed data — grants nothing and is left out, since the
 * response serializer would drop unknown keys anyway and coerce a non-boolean ("true", 1) to true.
 */
export function rightsOut(stored: unknown): Rights {
  const out: Rights = {};
  if (!isRecord(stored)) return out;
  for (const section of sections) {
    const set = Object.hasOwn(stored, section) ? stored[section] : undefined;
    if (!isRecord(set)) continue;
    const granted: Partial<Record<Action, boolean>> = {};
    for (const action of actionsOf(section)) {
      const on = Object.hasOwn(set, action) ? set[action] : undefined;
      if (typeof on === 'boolean') granted[action] = on;
    }
    out[section] = granted;
  }
  return out;
}

/** Stored field rights as the API shows them: the entries that are 'hidden' or 'readonly' (malformed data: none). */
export function fieldRightsOut(stored: unknown): FieldRights {
  if (!isRecord(stored)) return {};
  return Object.fromEntries(Object.entries(stored).filter(([, r]) => r === 'hidden' || r === 'readonly')) as FieldRights;
}

export type Actor = {
  userId: number;
  login: string;
  name: string;
  roleId: number;
  roleKey: string;
  isAdmin: boolean;
  scope: Scope;
  rights: Rights;
  fieldRights: FieldRights;
  /** the largest manual line discount the role may give, basis points; null or absent = no maximum */
  maxDiscountBp?: number | null;
  departmentId: number | null;
  via: 'session' | 'token' | 'cli';
  sessionHash?: string;
};

export function can(actor: Actor, section: Section, action: Action): boolean {
  if (actor.isAdmin) return true;
  return actor.rights[section]?.[action] === true;
}

export function requireRight(actor: Actor, section: Section, action: Action): void {
  if (!can(actor, section, action)) {
    throw new AppError('FORBIDDEN', `Your role may not ${action} ${section}`, { section, action });
  }
}

export const scopeRank: Record<Scope, number> = { own: 0, department: 1, all: 2 };

/** True when `rights` grant nothing that `ceiling` lacks (used so nobody grants above their own role). */
export function rightsWithin(rights: Rights, ceiling: Actor): boolean {
  if (ceiling.isAdmin) return true;
  for (const section of sections) {
    for (const action of actionsOf(section)) {
      if (rights[section]?.[action] && !ceiling.rights[section]?.[action]) return false;
    }
  }
  return true;
}

/** True when a role's maximum manual discount is not above the ceiling's (no maximum is the widest). */
export function maxDiscountWithin(maxBp: number | null, ceiling: Actor): boolean {
  if (ceiling.isAdmin || ceiling.maxDiscountBp === null || ceiling.maxDiscountBp === undefined) return true;
  return maxBp !== null && maxBp <= ceiling.maxDiscountBp;
}

/** True when `fieldRights` restrict every field the ceiling's role restricts, at least as much. */
export function fieldRightsWithin(fieldRights: FieldRights, ceiling: Actor): boolean {
  if (ceiling.isAdmin) return true;
  for (const [field, right] of Object.entries(ceiling.fieldRights)) {
    const r = fieldRights[field];
    if (r !== 'hidden' && (right === 'hidden' || r !== 'readonly')) return false;
  }
  return true;
}

export function fieldHidden(actor: Actor, field: string): boolean {
  return actor.fieldRights[field] === 'hidden';
}

const hiddenCache = new WeakMap<FieldRights, string[]>();

/** The fields (and `custom.<key>`s) this actor's role hides; computed once per actor's rights object. */
export function hiddenFields(actor: Actor): string[] {
  let list = hiddenCache.get(actor.fieldRights);
  if (!list) {
    list = Object.entries(actor.fieldRights)
      .filter(([, r]) => r === 'hidden')
      .map(([f]) => f);
    hiddenCache.set(actor.fieldRights, list);
  }
  return list;
}

export function fieldReadonly(actor: Actor, field: string): boolean {
  const r = actor.fieldRights[field];
  return r === 'hidden' || r === 'readonly';
}

const all = (on: boolean) => Object.fromEntries(actions.map((a) => [a, on]));
const only = (...list: Action[]) => Object.fromEntries(actions.map((a) => [a, list.includes(a)]));

export type BuiltinRole = { key: string; name: string; isAdmin: boolean; scope: Scope; rights: Rights };

export const builtinRoles: BuiltinRole[] = [
  {
    key: 'admin',
    name: 'Administrator',
    isAdmin: true,
    scope: 'all',
    rights: Object.fromEntries(sections.map((s) => [s, all(true)])) as Rights,
  },
  {
    key: 'senior',
    name: 'Senior manager',
    isAdmin: false,
    scope: 'department',
    rights: {
      clients: only('read', 'create', 'edit', 'delete', 'export', 'import'),
      users: only('read'),
      departments: only('read'),
      customFields: only('read'),
      roles: only('read'),
      audit: only('read'),
      catalog: only('read', 'create', 'edit'),
      sales: { ...only('read', 'create', 'edit', 'export'), discount: true },
      reports: only('read', 'export'),
      loyalty: only('read', 'create', 'edit'),
      events: only('read', 'create', 'edit', 'delete', 'export'),
      tasks: only('read', 'create', 'edit', 'delete', 'export'),
      promises: only('read', 'create', 'edit', 'delete', 'export'),
      contracts: only('read', 'create', 'edit', 'delete', 'export'),
      notes: only('read', 'create', 'edit', 'delete', 'export'),
    },
  },
  {
    key: 'manager',
    name: 'Manager',
    isAdmin: false,
    scope: 'own',
    rights: {
      clients: only('read', 'create', 'edit', 'export'),
      users: only('read'),
      departments: only('read'),
      customFields: only('read'),
      catalog: only('read'),
      sales: only('read', 'create', 'edit'),
      reports: only('read'),
      loyalty: only('read'),
      events: only('read', 'create', 'edit', 'delete'),
      tasks: only('read', 'create', 'edit', 'delete'),
      promises: only('read', 'create', 'edit', 'delete'),
      contracts: only('read', 'create', 'edit'),
      notes: only('read', 'create', 'edit', 'delete'),
    },
  },
  {
    key: 'readonly',
    name: 'Read-only',
    isAdmin: false,
    scope: 'all',
    rights: {
      clients: only('read'),
      users: only('read'),
      departments: only('read'),
      customFields: only('read'),
      catalog: only('read'),
      sales: only('read'),
      reports: only('read'),
      loyalty: only('read'),
      events: only('read'),
      tasks: only('read'),
      promises: only('read'),
      contracts: only('read'),
      notes: only('read'),
    },
  },
];

/** The user id to record as the author of a change: null for the system (CLI setup, demo loader). */
export const actorUserId = (actor: Pick<Actor, 'userId'> | null | undefined): number | null => (actor && actor.userId > 0 ? actor.userId : null);
