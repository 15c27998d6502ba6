import { parseArgs } from 'node:util';
import type { Database } from '../server/db/database.js';
import { findRoleByKey, listUsers } from '../server/modules/users/users.repository.js';
import { createUser, setPassword } from '../server/modules/users/users.service.js';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';

const newPassword = () => randomBytes(12).toString('base64url');

async function userId(db: Database, login: string): Promise<number> {
  const u = await db.selectFrom('users').select('id').where(sql`lower(login)`, '=', login.toLowerCase()).executeTakeFirst();
  if (!u) throw new Error(`no user with login "${login}"`);
  return u.id;
}

async function roleId(db: Database, key: string): Promise<number> {
  const r = await findRoleByKey(db, key);
  if (!r) throw new Error(`no role "${key}" (built-in: admin, senior, manager, readonly)`);
  return r.id;
}

export async function userCommand(db: Database, args: string[]) {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest, allowPositionals: true,
    options: { login: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, department: { type: 'string' } },
  });
  switch (sub) {
    case 'add': {
      if (!values.login || !values.role) throw new Error('usage: clientela user add --login L --name N --role R [--password P] [--department D]');
      const password = values.password ?? process.env.CLIENTELA_PASSWORD ?? newPassword();
      let departmentId: number | undefined;
      if (values.department) {
        const d = await db.insertInto('departments').values({ name: values.department }).onConflict((oc) => oc.expression(sql`lower(name)`).doUpdateSet({ name: values.department! })).returning('id').executeTakeFirstOrThrow();
        departmentId = d.id;
      }
      const u = await createUser(db, null, { login: values.login, name: values.name ?? values.login, password, roleId: await roleId(db, values.role), departmentId });
      console.log(`created user ${u.login} (${u.roleKey})${values.password || process.env.CLIENTELA_PASSWORD ? '' : ` with password: ${password}`}`);
      return;
    }
    case 'list':
      for (const u of await listUsers(db)) console.log(`${u.login}\t${u.name}\t${u.roleKey}\t${u.active ? 'active' : 'deactivated'}`);
      return;
    case 'set-role': {
      const [login, role] = positionals;
      if (!login || !role) throw new Error('usage: clientela user set-role <login> <role>');
      const id = await userId(db, login);
      const rid = await roleId(db, role);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set((eb) => ({ roleId: rid, version: eb('version', '+', 1) })).where('id', '=', id).execute();
        await trx.insertInto('auditLog').values({ userId: null, action: 'user.role_changed', entity: 'user', entityId: id, changes: JSON.stringify({ role: role, via: 'cli' }) }).execute();
      });
      console.log(`${login} is now ${role}`);
      return;
    }
    case 'reset-password': {
      const [login] = positionals;
      if (!login) throw new Error('usage: clientela user reset-password <login> [--password P]');
      const password = values.password ?? newPassword();
      await setPassword(db, null, await userId(db, login), password);
      console.log(values.password ? `password changed for ${login}` : `new password for ${login}: ${password}`);
      return;
    }
    default:
      throw new Error('usage: clientela user add|list|set-role|reset-password');
  }
}
