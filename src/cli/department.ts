// clientela department add|list
import type { Database } from '../server/db/database.js';
import { listDepartmentsWithUsers } from '../server/modules/departments/departments.repository.js';
import { createDepartment } from '../server/modules/departments/departments.service.js';

export async function departmentAdd(db: Database, name: string) {
  const d = await createDepartment(db, null, name);
  console.log(`created department ${d.name} (id ${d.id})`);
}

export async function departmentList(db: Database) {
  for (const d of await listDepartmentsWithUsers(db)) console.log(`${d.id}\t${d.name}\t${d.users}`);
}
