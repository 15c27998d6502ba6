// clientela import clients|contacts|products|sales FILE — the same import jobs as the web wizard, with a progress bar.
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../server/db/schema.js';
import {
  asContactsMapping,
  emptyCellRules,
  matchKeys,
  nameRules,
  salePayments,
  unknownDepartmentRules,
  type ImportOptions,
  type Mapping,
  type MatchKey,
} from '../server/modules/import/import-fields.schemas.js';
import { ImportService, jobOut } from '../server/modules/import/import.service.js';
import { findDepartmentByName } from '../server/modules/departments/departments.repository.js';
import { findUserByLogin } from '../server/modules/users/users.repository.js';
import { cliActor } from './actor.js';
import type { Values } from './values.js';

function bar(done: number, total: number | null, rate: number, eta: number | null) {
  const width = 30;
  const f = total ? Math.min(1, done / Math.max(1, total)) : 0;
  const fill = Math.round(f * width);
  const etaText = eta === null ? '' : `, ETA ${Math.floor(eta / 60)}:${String(eta % 60).padStart(2, '0')}`;
  return `[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${total ? Math.round(f * 100) : 0}% ${done.toLocaleString('en')}/${total?.toLocaleString('en') ?? '?'} rows, ${rate.toLocaleString('en')} rows/s${etaText}`;
}

/** A mapping file: [{ "column": 0, "target": "surname" }] or { "Header name": "target" }. */
function readMapping(file: string, header: string[]): Mapping {
  return mappingFrom(JSON.parse(readFileSync(file, 'utf8')) as unknown, header);
}

function mappingFrom(v: unknown, header: string[]): Mapping {
  if (Array.isArray(v)) return v as Mapping;
  if (v && typeof v === 'object') {
    return Object.entries(v as Record<string, string>).map(([h, target]) => {
      const column = header.findIndex((x) => x.trim().toLowerCase() === h.trim().toLowerCase());
      if (column < 0) throw new Error(`--mapping: the file has no column "${h}" (it has: ${header.join(', ')})`);
      return { column, target: target as Mapping[number]['target'] };
    });
  }
  throw new Error('--mapping: a JSON array of { column, target } or an object { "header": "target" } expected');
}

async function follow(svc: ImportService, id: number, quiet: boolean) {
  const tty = process.stderr.isTTY;
  let last = '';
  for (;;) {
    const j = jobOut(await svc.job(cliActor, id));
    const line = bar(j.done, j.total, j.rate, j.etaSeconds);
    if (!quiet && line !== last) {
      process.stderr.write(tty ? `\r${line}` : `${line}\n`);
      last = line;
    }
    if (!['running', 'previewing'].includes(j.status)) {
      if (!quiet && tty) process.stderr.write('\n');
      return j;
    }
    await new Promise((r) => setTimeout(r, tty ? 200 : 1000));
  }
}

type ImportValues = {
  'dry-run'?: boolean;
  mapping?: string;
  match?: string;
  'on-match'?: string;
  manager?: string;
  quiet?: boolean;
  employee?: string;
  department?: string;
  payment?: string;
  'empty-cells'?: string;
  names?: string;
  'unknown-departments'?: string;
};

const service = async (db: Kysely<DB>) => {
  const { loadConfig } = await import('../server/config.js');
  const config = loadConfig();
  return new ImportService(db, config.uploadDir, config.uploadLimitBytes, config.importStaleMs);
};

const jobId = (v: string) => {
  const id = Number(v);
  if (!/^\d{1,10}$/.test(v) || id < 1 || id > 2147483647) throw new Error(`an import ID is a whole number (see clientela import list), not "${v}"`);
  return id;
};

export async function importList(db: Kysely<DB>) {
  for (const j of await (await service(db)).list(cliActor))
    console.log(
      `${j.id}\t${j.status}\t${j.fileName}\t${j.done}/${j.total ?? '?'}\tcreated ${j.counts.created}, updated ${j.counts.updated}, rejected ${j.counts.rejected}`,
    );
}

export async function importUndo(db: Kysely<DB>, arg: string) {
  const id = jobId(arg);
  const r = await (await service(db)).undo(cliActor, id);
  console.log(`import ${id} undone${r.kept.length ? `; kept ${r.kept.length} clients (${[...new Set(r.kept.map((k) => k.why))].join(', ')})` : ''}`);
}

export async function importResume(db: Kysely<DB>, arg: string) {
  const id = jobId(arg);
  const svc = await service(db);
  await svc.resume(cliActor, id);
  const j = await follow(svc, id, false);
  await svc.waitFor(id);
  console.log(
    `import ${id}: ${j.status}; created ${j.counts.created}, updated ${j.counts.updated}, unchanged ${j.counts.unchanged}, skipped ${j.counts.skipped}, rejected ${j.counts.rejected}`,
  );
}

export async function importFile(db: Kysely<DB>, target: 'clients' | 'contacts' | 'products' | 'sales', file: string, v: Values) {
  const values = v as ImportValues;
  const svc = await service(db);
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const matchBy = (
    values.match ??
    (target === 'sales' ? '' : target === 'contacts' ? 'externalId,inn,name' : target === 'products' ? 'sku,name' : 'externalId,inn,email,phone')
  )
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean) as MatchKey[];
  for (const k of matchBy) if (!matchKeys.includes(k)) throw new Error(`--match: unknown key "${k}" (use ${matchKeys.join(', ')})`);
  const onMatch = (values['on-match'] ?? 'update') as ImportOptions['onMatch'];
  if (!['update', 'skip', 'create'].includes(onMatch)) throw new Error('--on-match is update, skip or create');
  // a user by login, or a department by name, in any case; the option is named in the error
  const idByName = async (option: string, table: 'users' | 'departments', value: string) => {
    const r = table === 'users' ? await findUserByLogin(db, value) : await findDepartmentByName(db, value);
    if (!r) throw new Error(`--${option}: no ${table === 'users' ? 'user' : 'department'} "${value}"`);
    return r.id;
  };
  const managerId = values.manager ? await idByName('manager', 'users', values.manager) : undefined;
  // how a found client is written over (empty cells, its name); a sales history's unknown departments
  const choice = <T extends string>(option: string, allowed: readonly T[]): T | undefined => {
    const v = values[option as 'names'];
    if (v !== undefined && !(allowed as readonly string[]).includes(v)) throw new Error(`--${option} is ${allowed.join(' or ')}`);
    return v as T | undefined;
  };
  const emptyCells = choice('empty-cells', emptyCellRules);
  const names = choice('names', nameRules);
  const unknownDepartments = choice('unknown-departments', unknownDepartmentRules);
  const rules: Partial<ImportOptions> = {
    ...(emptyCells ? { emptyCells } : {}),
    ...(names ? { names } : {}),
    ...(unknownDepartments ? { unknownDepartments } : {}),
  };
  // a sales history: who made the sales and where, when the file does not say; how they were paid
  const saleOptions: Partial<ImportOptions> = {};
  if (target === 'sales') {
    if (values.employee) saleOptions.employeeId = await idByName('employee', 'users', values.employee);
    if (values.department) saleOptions.departmentId = await idByName('department', 'departments', values.department);
    if (values.payment && !(salePayments as readonly string[]).includes(values.payment)) throw new Error(`--payment is ${salePayments.join(', ')}`);
    saleOptions.payment = (values.payment ?? 'cash') as ImportOptions['payment'];
  }
  const up = await svc.upload(cliActor, path.basename(file), createReadStream(file));
  let mapping =
    target === 'contacts'
      ? asContactsMapping(up.suggested)
      : target === 'products'
        ? up.suggestedProducts
        : target === 'sales'
          ? up.suggestedSales
          : up.suggested;
  if (values.mapping) {
    const saved = (await svc.templates(cliActor)).find((x) => x.name.toLowerCase() === values.mapping!.toLowerCase());
    if (saved) mapping = mappingFrom(saved.mapping, up.job.header);
    else if (existsSync(values.mapping)) mapping = readMapping(values.mapping, up.job.header);
    else throw new Error(`--mapping: no saved mapping and no file named "${values.mapping}"`);
  }
  if (!mapping.length) throw new Error(`no column could be mapped automatically (columns: ${up.job.header.join(', ')}); give --mapping`);
  console.error(
    `${up.job.format.toUpperCase()}${up.job.encoding ? `, ${up.job.encoding}` : ''}${up.job.delimiter ? `, delimiter ${JSON.stringify(up.job.delimiter)}` : ''}; mapping: ${mapping.map((m) => `${up.job.header[m.column]} -> ${m.target}`).join(', ')}`,
  );
  const dryRun = !!values['dry-run'];
  await svc.start(cliActor, up.job.id, {
    mapping,
    options: {
      matchBy,
      onMatch,
      ...(managerId !== undefined ? { managerId } : {}),
      ...(target !== 'clients' ? { target } : {}),
      ...saleOptions,
      ...rules,
    },
    dryRun,
  });
  console.error(`import ${up.job.id}${dryRun ? ' (dry run)' : ''}`);
  const j = await follow(svc, up.job.id, !!values.quiet);
  await svc.waitFor(up.job.id);
  const done = jobOut(await svc.job(cliActor, up.job.id));
  console.log(
    `${dryRun ? 'would be ' : ''}created ${done.counts.created}, updated ${done.counts.updated}, unchanged ${done.counts.unchanged}, skipped ${done.counts.skipped}, rejected ${done.counts.rejected} (import ${done.id}: ${done.status}${done.error ? `: ${done.error}` : ''})`,
  );
  if (done.counts.rejected) {
    const out = `${file}.rejected.csv`;
    writeFileSync(out, await svc.rejectedFile(cliActor, done.id));
    console.log(`rejected rows with the reason: ${out}`);
  }
  if (j.status === 'failed') process.exitCode = 1;
}
