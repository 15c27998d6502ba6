// Imports the Northwind sample (its CSV files, from a folder given by the caller) through the
// product's own services, so the rating report can be checked against the known answers to the cent.
//
// Mapping (docs/northwind.md):
// - categories -> departments AND product groups of the same name (a grocery's departments);
// - a Northwind order -> one sale per category present in it (a sale is made in one
//   department), all with the order id as the sale number; the order's employee made it;
// - order_details -> sale items at the order's unit price, quantity and discount (0.15 -> 15 %);
// - employees -> users with the Manager role (login = first name, lower case);
// - customers -> organisations (company, contact person, phone, fax, address, country as
//   region); the responsible manager is the employee who took most of the customer's orders;
// - products -> products in their category's group; discontinued ones are made inactive after
//   the sales are in. Base currency USD, time zone UTC.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/rights.js';
import { saveGroup, saveProduct } from '../catalog/catalog.service.js';
import { createClients } from '../clients/clients.service.js';
import { createSale, newTierHint } from '../sales/sale-record.service.js';
import { updateSettings } from '../settings/settings.service.js';
import { createUser } from '../users/users.service.js';
import { findRoleByKey } from '../users/users.service.js';
import { randomBytes } from 'node:crypto';
import { deactivateProducts, insertDepartment } from './demo.repository.js';

type Row = Record<string, string>;
const read = (dir: string, name: string): Row[] => parse(readFileSync(join(dir, `${name}.csv`)), { columns: true, skip_empty_lines: true });

/** 0.15 -> "15", 0.05 -> "5" */
const percent = (fraction: string) => String(Math.round(Number(fraction) * 10_000) / 100);

export type NorthwindIds = { clients: Map<string, number>; users: Map<string, number>; departments: Map<string, number> };

export async function importNorthwind(db: Kysely<DB>, actor: Actor, dir: string): Promise<NorthwindIds & { sales: number }> {
  await updateSettings(db, actor, { baseCurrency: 'USD', timezone: 'UTC' });
  const categories = read(dir, 'categories');
  const departments = new Map<string, number>();
  const groups = new Map<string, number>();
  for (const c of categories) {
    departments.set(c.category_id!, await insertDepartment(db, c.category_name!));
    groups.set(c.category_id!, (await saveGroup(db, actor, { name: c.category_name! })).id);
  }

  const manager = (await findRoleByKey(db, 'manager'))!;
  const users = new Map<string, number>();
  for (const e of read(dir, 'employees')) {
    const u = await createUser(db, null, {
      login: e.first_name!.toLowerCase(),
      name: `${e.first_name} ${e.last_name}`,
      password: randomBytes(18).toString('base64url'),
      roleId: manager.id,
      departmentId: null,
    });
    users.set(e.employee_id!, u.id);
  }

  const products = new Map<string, { id: number; category: string; discontinued: boolean; row: Row }>();
  for (const p of read(dir, 'products')) {
    const saved = await saveProduct(db, actor, {
      name: p.product_name!,
      groupId: groups.get(p.category_id!)!,
      price: p.unit_price!,
      unit: p.quantity_per_unit?.slice(0, 20) || 'pcs',
    });
    products.set(p.product_id!, { id: saved.id, category: p.category_id!, discontinued: p.discontinued === '1', row: p });
  }

  const orders = read(dir, 'orders');
  const repOf = new Map<string, Map<string, number>>();
  for (const o of orders) {
    const m = repOf.get(o.customer_id!) ?? new Map<string, number>();
    m.set(o.employee_id!, (m.get(o.employee_id!) ?? 0) + 1);
    repOf.set(o.customer_id!, m);
  }
  const customers = read(dir, 'customers');
  const ids = await createClients(
    db,
    actor,
    customers.map((c) => {
      const reps = [...(repOf.get(c.customer_id!) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]));
      const channels = [
        ...(c.phone ? [{ type: 'phone' as const, label: 'work', value: c.phone }] : []),
        ...(c.fax ? [{ type: 'phone' as const, label: 'fax', value: c.fax }] : []),
      ];
      return {
        kind: 'organization' as const,
        legalName: c.company_name!,
        region: c.country || null,
        actualAddress: [c.address, c.city, c.region, c.postal_code, c.country].filter(Boolean).join(', ') || null,
        channels,
        tags: ['northwind'],
        contacts: c.contact_name ? [{ name: c.contact_name, position: c.contact_title || undefined }] : [],
        managerId: reps[0] ? users.get(reps[0][0])! : null,
        notes: `Northwind customer ${c.customer_id}`,
      };
    }),
  );
  const clients = new Map(customers.map((c, i) => [c.customer_id!, ids[i]!]));

  const details = new Map<string, Row[]>();
  for (const d of read(dir, 'order_details')) details.set(d.order_id!, [...(details.get(d.order_id!) ?? []), d]);
  let sales = 0;
  const tiers = newTierHint();
  for (const o of orders) {
    const byCategory = new Map<string, Row[]>();
    for (const d of details.get(o.order_id!) ?? []) {
      const cat = products.get(d.product_id!)!.category;
      byCategory.set(cat, [...(byCategory.get(cat) ?? []), d]);
    }
    for (const [cat, lines] of byCategory) {
      await createSale(
        db,
        actor,
        {
          clientId: clients.get(o.customer_id!)!,
          departmentId: departments.get(cat)!,
          employeeId: users.get(o.employee_id!)!,
          soldAt: `${o.order_date}T12:00:00Z`,
          number: o.order_id!,
          status: 'completed',
          items: lines.map((d) => ({
            productId: products.get(d.product_id!)!.id,
            quantity: d.quantity!,
            price: d.unit_price!,
            discount: percent(d.discount!),
          })),
        },
        undefined,
        tiers,
      );
      sales++;
    }
  }
  // discontinued products stay in the history but are no longer sold
  const gone = [...products.values()].filter((p) => p.discontinued).map((p) => p.id);
  if (gone.length) await deactivateProducts(db, gone);
  return { clients, users, departments, sales };
}
