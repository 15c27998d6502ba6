// The admin CLI (G4). Commands call services with a database handle, never HTTP.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { openRuntime, type Runtime } from '../server/runtime.js';
import { serve } from './serve.js';
import { userCommand } from './user.js';
import { seedDemo } from '../server/modules/demo/demo.service.js';
import { backupTo, restoreFrom } from '../server/modules/backup/backup.service.js';
import { cliActor, REPORT_HELP, reportCommand } from './report.js';
import { importNorthwind } from '../server/modules/demo/northwind.js';
import { IMPORT_HELP, importCommand } from './import.js';

const HELP = `clientela — client base and CRM

Usage: clientela <command> [options]

  serve                          start the web server (PORT, HOST, DATABASE_URL, CLIENTELA_DATA_DIR)
  migrate                        apply database migrations and exit
  user add --login L --name N --role admin|senior|manager|readonly [--password P] [--department D]
  user list
  user set-role <login> <role>
  user reset-password <login> [--password P]   (prints a new random password when none is given)
  backup <file>                  consistent dump of the whole database to one file
  restore <file>                 replace the whole database with a backup (all or nothing)
  seed --demo                    add a small demo base (Russian and English names)
  seed --northwind DIR           import the Northwind sample (customers, employees, products, orders as sales)
${REPORT_HELP}
${IMPORT_HELP}
`;

export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(loadConfig(), (l) => console.error(`[db] ${l}`));
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

async function main(argv: string[]) {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'serve':
      return serve();
    case 'migrate':
      return withRuntime(async () => console.log('database is up to date'));
    case 'user':
      return withRuntime((rt) => userCommand(rt.db, rest));
    case 'backup':
    case 'restore': {
      const file = rest[0];
      if (!file) throw new Error(`usage: clientela ${cmd} <file>`);
      return withRuntime(async (rt) => {
        const r = cmd === 'backup' ? await backupTo(rt.pool, file) : await restoreFrom(rt.pool, file);
        console.log(`${cmd === 'backup' ? 'backed up' : 'restored'} ${r.rows} rows of ${r.tables} tables ${cmd === 'backup' ? 'to' : 'from'} ${file}`);
      });
    }
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean' }, clients: { type: 'string' }, northwind: { type: 'string' } } });
      if (values.northwind) {
        const dir = values.northwind;
        return withRuntime(async (rt) => {
          const r = await importNorthwind(rt.db, cliActor, dir);
          console.log(`imported ${r.clients.size} clients, ${r.users.size} employees, ${r.departments.size} departments, ${r.sales} sales`);
        });
      }
      if (!values.demo) throw new Error('usage: clientela seed --demo | --northwind DIR');
      return withRuntime(async (rt) => console.log(await seedDemo(rt.db, Number(values.clients ?? 200))));
    }
    case 'report':
      return withRuntime((rt) => reportCommand(rt.db, rest));
    case 'import':
      return withRuntime((rt) => importCommand(rt.db, loadConfig(), rest));
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return;
    default:
      throw new Error(`unknown command "${cmd}"\n\n${HELP}`);
  }
}

export const randomPassword = () => randomBytes(12).toString('base64url');

main(process.argv.slice(2)).catch((e: unknown) => {
  const err = e as { message?: string; details?: unknown };
  console.error(`error: ${err.message ?? String(e)}`);
  if (Array.isArray(err.details)) for (const d of err.details) console.error(`  ${d.field}: ${d.message}`);
  process.exitCode = 1;
});
