// Who the CLI acts as: an administrator with every right, named "cli" in audit rows' `via`.
import type { Actor } from '../server/modules/access/rights.js';

export const cliActor: Actor = {
  userId: 0,
  login: 'cli',
  name: 'CLI',
  roleId: 0,
  roleKey: 'admin',
  isAdmin: true,
  scope: 'all',
  rights: {},
  fieldRights: {},
  departmentId: null,
  via: 'cli',
};
