import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { insertAudit } from '../../db/audit-log.js';
import { defaultDepartmentName, insertDefaultDepartment, setUserDepartment } from '../departments/departments.service.js';
import { checkPasswordPolicy, hashPassword } from './password.js';
import { newSecret, sha256 } from './auth.service.js';
import type { TSetupBody } from '../users/users.schemas.js';
import * as repo from './setup.repository.js';

export async function setupNeeded(db: Kysely<DB>): Promise<boolean> {
  return !(await repo.anyUserExists(db));
}

/** A one-time setup token, valid for 24 hours, printed by `serve` while there is no user. */
export async function issueSetupToken(db: Kysely<DB>): Promise<string> {
  const token = newSecret();
  await repo.replaceSetupToken(db, sha256(token), new Date(Date.now() + 24 * 3600_000));
  return token;
}

export async function runSetup(db: Kysely<DB>, input: TSetupBody, ip?: string): Promise<number> {
  checkPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    // One setup at a time; the second waits, then sees a user and stops.
    await repo.lockSetup(trx);
    if (!(await setupNeeded(trx))) throw new AppError('SETUP_DONE', 'Setup is already done; log in instead');
    const tokenHash = sha256(input.token ?? '');
    const expiresAt = await repo.takeSetupToken(trx, tokenHash);
    if (!expiresAt || expiresAt.getTime() < Date.now()) {
      throw new AppError('FORBIDDEN', 'The setup link is not valid; use the one printed when the server started', { field: 'token' });
    }
    const user = {
      id: await repo.insertFirstUser(trx, {
        login: input.login,
        name: input.name,
        passwordHash,
        roleId: await repo.adminRoleId(trx),
        locale: input.locale ?? 'en',
      }),
    };
    await insertAudit(trx, { userId: user.id, action: 'setup.completed', entity: 'user', entityId: user.id, ip });
    // a sale needs a department: a fresh base gets one (renameable in Settings → Departments),
    // and the administrator belongs to it, so the sale form picks it by itself
    const name = defaultDepartmentName(input.locale);
    const dept = await insertDefaultDepartment(trx, name);
    if (dept !== null) {
      await setUserDepartment(trx, user.id, dept);
      await insertAudit(trx, {
        userId: user.id,
        action: 'department.created',
        entity: 'department',
        entityId: dept,
        changes: { name, default: true },
        ip,
      });
    }
    return user.id;
  });
}
