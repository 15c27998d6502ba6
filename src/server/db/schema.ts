// Row types for Kysely (camelCase: the CamelCasePlugin maps them to snake_case columns).
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type Scope = 'own' | 'department' | 'all';

export type DepartmentsTable = { id: Generated<number>; name: string; createdAt: Timestamp; version: Generated<number> };

export type RolesTable = {
  id: Generated<number>;
  key: string;
  name: string;
  isAdmin: Generated<boolean>;
  builtin: Generated<boolean>;
  scope: Scope;
  rights: Json<Record<string, Record<string, boolean>>>;
  fieldRights: Json<Record<string, 'hidden' | 'readonly'>>;
  /** the largest manual line discount, basis points; null = no maximum (migration 015) */
  maxDiscountBp: Generated<number | null>;
  version: Generated<number>;
  createdAt: Timestamp;
};

export type UsersTable = {
  id: Generated<number>;
  login: string;
  name: string;
  email: string | null;
  passwordHash: string;
  roleId: number;
  departmentId: number | null;
  active: Generated<boolean>;
  locale: Generated<string>;
  version: Generated<number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
};

export type SessionsTable = { idHash: string; userId: number; createdAt: Timestamp; lastSeenAt: Timestamp; expiresAt: Timestamp };
export type ApiTokensTable = { id: Generated<number>; userId: number; name: string; tokenHash: string; createdAt: Timestamp; lastUsedAt: Date | null };
export type SetupTokensTable = { tokenHash: string; expiresAt: Timestamp };
export type UserInvitesTable = {
  id: Generated<number>;
  tokenHash: string;
  login: string;
  name: string;
  email: string | null;
  roleId: number;
  departmentId: number | null;
  locale: Generated<string>;
  invitedBy: number;
  expiresAt: Timestamp;
  createdAt: Timestamp;
};

export type CustomFieldsTable = {
  id: Generated<number>;
  entity: Generated<string>;
  key: string;
  label: string;
  type: string;
  required: Generated<boolean>;
  defaultValue: Json<unknown> | null;
  options: Json<string[]>;
  position: Generated<number>;
  hidden: Generated<boolean>;
  version: Generated<number>;
  createdAt: Timestamp;
};

export type ClientsTable = {
  id: Generated<number>;
  kind: string;
  displayName: string;
  surname: string | null;
  firstName: string | null;
  patronymic: string | null;
  birthDate: string | null;
  position: string | null;
  passport: Json<Record<string, string> | null> | null;
  legalName: string | null;
  inn: string | null;
  ogrn: string | null;
  kpp: string | null;
  legalAddress: string | null;
  actualAddress: string | null;
  industry: string | null;
  region: string | null;
  channels: Json<unknown[]>;
  contacts: Json<unknown[]>;
  tags: string[];
  status: string | null;
  source: string | null;
  importance: string | null;
  managerId: number | null;
  notes: string | null;
  custom: Json<Record<string, unknown>>;
  sortName: string;
  phones: string[];
  emails: string[];
  contactSearch: string;
  taxSearch: string;
  version: Generated<number>;
  archivedAt: Date | null;
  createdBy: number | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
};

export type AuditLogTable = {
  id: Generated<number>;
  at: Timestamp;
  userId: number | null;
  action: string;
  entity: string | null;
  entityId: number | null;
  changes: Json<unknown> | null;
  ip: string | null;
};

export type SavedViewsTable = {
  id: Generated<number>;
  ownerId: number | null;
  shared: Generated<boolean>;
  name: string;
  config: Json<unknown>;
  version: Generated<number>;
  createdAt: Timestamp;
};

export type DB = {
  savedViews: SavedViewsTable;
  departments: DepartmentsTable;
  roles: RolesTable;
  users: UsersTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  setupTokens: SetupTokensTable;
  userInvites: UserInvitesTable;
  customFields: CustomFieldsTable;
  clients: ClientsTable;
  auditLog: AuditLogTable;
};
