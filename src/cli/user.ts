// clientela user add|list|set-role|reset-password (user import: user-import.ts).
import { randomBytes } from 'node:crypto';
import type { Database } from '../server/db/database.js';
import { findUserByLogin, findRoleByKey, listUsers } from '../server/modules/users/users.repository.js';
import { findDepartmentByName } from '../server/modules/departments/departments.repository.js';
import { createDepartment } from '../server/modules/departments/departments.service.js';
import { Issues } from '../server/shared/errors.js';
import { createUser, newUserFieldIssues, setPassword, setRoleFromCli } from '../server/modules/users/users.service.js';
import type { Values } from './values.js';

export const newPassword = () => randomBytes(12).toString('base64url');

async function userId(db: Database, login: string): Promise<number> {
  const u = await findUserByLogin(db, login);
  if (!u) throw new Error(`no user with login "${login}"`);
  return u.id;
}

async function roleId(db: Database, key: string): Promise<number> {
  const r = await findRoleByKey(db, key);
  if (!r) throw new Error(`no role "${key}" (built-in: admin, senior, manager, readonly)`);
  return r.id;
}

export async function userAdd(db: Database, v: Values) {
  const values = v as { login?: string; name?: string; role?: string; email?: string; password?: string; department?: string };
  if (!values.login) throw new Error('--login is required');
  if (!values.role) throw new Error('--role is required (admin, senior, manager, readonly or a role of your own)');
  const name = values.name ?? values.login;
  const issues = new Issues();
  newUserFieldIssues({ login: values.login, name, email: values.email }, issues);
  issues.throwIfAny();
  const password = values.password ?? process.env.CLIENTELA_PASSWORD ?? newPassword();
  let departmentId: number | undefined;
  if (values.department) {
    // an existing department in any letter case (it keeps its name), else a new one
    departmentId = ((await findDepartmentByName(db, values.department)) ?? (await createDepartment(db, null, values.department))).id;
  }
  const u = await createUser(db, null, {
    login: values.login,
    name,
    email: values.email,
    password,
    roleId: await roleId(db, values.role),
    departmentId,
  });
  console.log(`created user ${u.login} (${u.roleKey})${values.password || process.env.CLIENTELA_PASSWORD ? '' : ` with password: ${password}`}`);
}

export async function userList(db: Database) {
  for (const u of await listUsers(db)) console.log(`${u.login}\t${u.name}\t${u.roleKey}\t${u.active ? 'active' : 'deactivated'}`);
}

export async function userSetRole(db: Database, login: string, role: string) {
  await setRoleFromCli(db, login, role);
  console.log(`${login} is now ${role}`);
}

export async function userResetPassword(db: Database, login: string, given: string | undefined) {
  const password = given ?? newPassword();
  await setPassword(db, null, await userId(db, login), password);
  console.log(given ? `password changed for ${login}` : `new password for ${login}: ${password}`);
}
