// clientela user import FILE — accounts from a CSV file, all or nothing (users.service importUsers).
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Database } from '../server/db/database.js';
import { importUsers, type UserImportRow } from '../server/modules/users/users.service.js';
import { newPassword } from './user.js';

type Column = keyof UserImportRow;

/** Header names, in English or Russian, any letter case. */
const HEADERS: Record<string, Column> = {
  login: 'login',
  логин: 'login',
  name: 'name',
  имя: 'name',
  фио: 'name',
  email: 'email',
  'e-mail': 'email',
  почта: 'email',
  role: 'role',
  роль: 'role',
  department: 'department',
  отдел: 'department',
  password: 'password',
  пароль: 'password',
};
const REQUIRED: Column[] = ['login', 'name', 'role'];

/** What a line of the file failed on: `line 3: login: already taken`. */
export class RowErrors extends Error {
  constructor(readonly lines: string[]) {
    super(`${lines.length} problem${lines.length === 1 ? '' : 's'} in the file; no user was imported`);
  }
}

export function readUserRows(text: string): { rows: UserImportRow[]; lineOf: number[]; generated: boolean[] } {
  const body = text.replace(/^\uFEFF/, '');
  const head = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (head.match(/;/g)?.length ?? 0) > (head.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, { delimiter, info: true, relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (e) {
    throw new Error(`not a readable CSV file: ${(e as Error).message}`);
  }
  const [header, ...data] = records;
  if (!header) throw new Error('the file is empty; the first line names the columns: login, name, email, role, department');
  const columns = header.record.map((h) => {
    const c = HEADERS[h.trim().toLowerCase()];
    if (!c) throw new Error(`unknown column "${h}" (the columns are login, name, email, role, department, password)`);
    return c;
  });
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length) throw new Error(`the file has no ${missing.join(', ')} column (the first line names the columns)`);
  const twice = columns.find((c, i) => columns.indexOf(c) !== i);
  if (twice) throw new Error(`the column ${twice} is given twice`);
  const problems: string[] = [];
  const rows: UserImportRow[] = [];
  const lineOf: number[] = [];
  const generated: boolean[] = [];
  for (const { record, info } of data) {
    if (record.length !== columns.length) {
      problems.push(`line ${info.lines}: has ${record.length} fields, the header ${columns.length}`);
      continue;
    }
    const get = (c: Column) => record[columns.indexOf(c)] ?? '';
    const password = get('password');
    rows.push({
      login: get('login'),
      name: get('name'),
      email: get('email'),
      role: get('role').toLowerCase(),
      department: get('department'),
      password: password || newPassword(),
    });
    generated.push(!password);
    lineOf.push(info.lines);
  }
  if (problems.length) throw new RowErrors(problems);
  if (rows.length === 0) throw new Error('the file has no rows below the header');
  return { rows, lineOf, generated };
}

export async function userImport(db: Database, file: string, dryRun: boolean) {
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const { rows, lineOf, generated } = readUserRows(readFileSync(file, 'utf8'));
  let created: { login: string; roleKey: string }[];
  try {
    created = await importUsers(db, null, rows, { dryRun, rowName: (i) => `line ${lineOf[i]}` });
  } catch (e) {
    const err = e as { code?: string; details?: unknown };
    if (err.code !== 'VALIDATION_FAILED' || !Array.isArray(err.details)) throw e;
    throw new RowErrors(
      (err.details as { field: string; message: string }[]).map((d) => {
        const [, n, column] = /^rows\.(\d+)\.(.+)$/.exec(d.field) ?? [];
        return n === undefined ? `${d.field}: ${d.message}` : `line ${lineOf[Number(n)]}: ${column}: ${d.message}`;
      }),
    );
  }
  if (dryRun) {
    console.log(`would create ${created.length} users (dry run, nothing written): ${created.map((u) => `${u.login} (${u.roleKey})`).join(', ')}`);
    return;
  }
  console.log(`created ${created.length} users`);
  const fresh = rows.filter((_, i) => generated[i]);
  if (fresh.length) {
    console.log('generated passwords (hand each one over; the user can change it):');
    for (const r of fresh) console.log(`${r.login}\t${r.password}`);
  }
}
