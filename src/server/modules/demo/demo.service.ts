import type { Database } from '../../db/database.js';
import type { Actor } from '../access/rights.js';
import { createClients } from '../clients/clients.service.js';
import { createField, listFields } from '../custom-fields/custom-fields.service.js';
import { findRoleByKey } from '../users/users.service.js';
import { createUser } from '../users/users.service.js';
import { makeClient, prng } from './demo-data.js';
import { departmentIdByName, insertDepartment, userIdByLogin } from './demo.repository.js';

const cliAdmin: Actor = {
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

/** A small demo firm: two departments, four employees (password "demo-password"), clients. */
export async function seedDemo(db: Database, count: number): Promise<string> {
  const r = prng(42);
  const dept = async (name: string) => (await departmentIdByName(db, name)) ?? (await insertDepartment(db, name));
  const sales = await dept('Продажи');
  const service = await dept('Service');
  const users: number[] = [];
  for (const [login, name, role, d] of [
    ['anna', 'Анна Соколова', 'senior', sales],
    ['ivan', 'Иван Петров', 'manager', sales],
    ['maria', 'Мария Кузнецова', 'manager', sales],
    ['john', 'John Smith', 'manager', service],
  ] as const) {
    const existing = await userIdByLogin(db, login);
    if (existing !== undefined) users.push(existing);
    else
      users.push(
        (await createUser(db, null, { login, name, password: 'demo-password', roleId: (await findRoleByKey(db, role))!.id, departmentId: d })).id,
      );
  }
  const fields = await listFields(db);
  if (!fields.some((f) => f.key === 'card_number'))
    await createField(db, { ...cliAdmin }, { key: 'card_number', label: 'Loyalty card', type: 'text', position: 1 });
  if (!fields.some((f) => f.key === 'segment'))
    await createField(
      db,
      { ...cliAdmin },
      { key: 'segment', label: 'Segment', type: 'choice', options: ['retail', 'wholesale', 'partner'], position: 2 },
    );
  const clients = Array.from({ length: count }, (_, i) => ({
    ...makeClient(r, i, { card_number: `C-${100000 + i}`, segment: ['retail', 'wholesale', 'partner'][i % 3] }),
    managerId: users[i % users.length]!,
  }));
  const ids = await createClients(db, cliAdmin, clients);
  return `demo base: 2 departments, users anna (senior), ivan, maria, john (managers) with password "demo-password", ${ids.length} clients`;
}
