// The admin CLI (docs/cli.md). Commands call services with a database handle, never HTTP.
//
// Arguments are parsed by node's own `util.parseArgs` (strict: an unknown option is an error),
// against the table of commands below. This file imports nothing heavy: `--help` of any command
// answers without a database, and each command loads only its own modules (a command against a
// running server's data dir takes well under a second of start-up; see docs/cli.md).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Runtime } from '../server/runtime.js';
import type { Values } from './values.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Args = { values: Values; positionals: string[] };

type Command = {
  /** the usage line(s) after `clientela ` */
  usage: string;
  /** what it does, for --help */
  about: string;
  options?: Options;
  /** positional arguments: how many at least and at most */
  positionals?: [number, number];
  /** runs without a database (help, serve opens its own) */
  noDb?: boolean;
  run: (a: Args, rt: Runtime) => Promise<void>;
};

const str = { type: 'string' } as const;
const flag = { type: 'boolean' } as const;
const FORMAT = { format: { type: 'string', default: 'table' }, out: str } as const;

/** The attached files' store, as the server's configuration names it (the same environment). */
const cliFileStore = async () =>
  (await import('../server/modules/files/file-store.js')).fileStoreFor((await import('../server/config.js')).loadConfig());

const commands: Record<string, Command> = {
  serve: {
    usage: 'serve',
    about: 'Start the web server (reads PORT, HOST, DATABASE_URL, CLIENTELA_DATA_DIR, ...).',
    noDb: true,
    run: async () => (await import('./serve.js')).serve(),
  },
  migrate: {
    usage: 'migrate',
    about: 'Apply the database migrations and exit (serve does this too).',
    run: async () => console.log('database is up to date'),
  },
  'user add': {
    usage: 'user add --login L [--name N] --role admin|senior|manager|readonly [--email E] [--password P] [--department D]',
    about:
      'Create a user. Without --password (or CLIENTELA_PASSWORD) a random password is printed.\nA --department that does not exist yet is created.',
    options: { login: str, name: str, role: str, email: str, password: str, department: str },
    run: async ({ values }, rt) => (await import('./user.js')).userAdd(rt.db, values),
  },
  'user list': {
    usage: 'user list',
    about: 'List users: login, name, role, active or deactivated (tab-separated).',
    run: async (_, rt) => (await import('./user.js')).userList(rt.db),
  },
  'user set-role': {
    usage: 'user set-role <login> <role>',
    about: "Change a user's role.",
    positionals: [2, 2],
    run: async ({ positionals }, rt) => (await import('./user.js')).userSetRole(rt.db, positionals[0]!, positionals[1]!),
  },
  'user reset-password': {
    usage: 'user reset-password <login> [--password P]',
    about: "Set a user's password (a random one is printed when none is given); ends the user's sessions.",
    options: { password: str },
    positionals: [1, 1],
    run: async ({ values, positionals }, rt) =>
      (await import('./user.js')).userResetPassword(rt.db, positionals[0]!, values.password as string | undefined),
  },
  'user import': {
    usage: 'user import FILE [--dry-run]',
    about: [
      'Create users from a CSV file with a header row: login, name, email, role, department',
      '(email and department may be empty; an optional password column, else a random password',
      'is generated and printed). Comma or semicolon separated, UTF-8.',
      'All or nothing: every row is checked first; if any row has a problem, each problem is',
      'listed with its line number and no user is created. --dry-run only checks.',
    ].join('\n'),
    options: { 'dry-run': flag },
    positionals: [1, 1],
    run: async ({ values, positionals }, rt) => (await import('./user-import.js')).userImport(rt.db, positionals[0]!, !!values['dry-run']),
  },
  'department add': {
    usage: 'department add <name>',
    about: 'Create a department (names are unique, in any letter case).',
    positionals: [1, 1],
    run: async ({ positionals }, rt) => (await import('./department.js')).departmentAdd(rt.db, positionals[0]!),
  },
  'department list': {
    usage: 'department list',
    about: 'List departments, tab-separated: id, name, number of active users.',
    run: async (_, rt) => (await import('./department.js')).departmentList(rt.db),
  },
  backup: {
    usage: 'backup <file>',
    about: 'A consistent dump of the whole database to one file.',
    positionals: [1, 1],
    run: async ({ positionals }, rt) => {
      const r = await (await import('../server/modules/backup/backup.service.js')).backupTo(rt.pool, positionals[0]!, await cliFileStore());
      console.log(`backed up ${r.rows} rows of ${r.tables} tables and ${r.files} attached files to ${positionals[0]}`);
      if (r.missingFiles.length) console.error(`missing from the file store (left out): ${r.missingFiles.join(', ')}`);
    },
  },
  restore: {
    usage: 'restore <file>',
    about: 'Replace the whole database with a backup, all or nothing.',
    positionals: [1, 1],
    run: async ({ positionals }, rt) => {
      const r = await (await import('../server/modules/backup/backup.service.js')).restoreFrom(rt.pool, positionals[0]!, await cliFileStore());
      console.log(`restored ${r.rows} rows of ${r.tables} tables and ${r.files} attached files from ${positionals[0]}`);
    },
  },
  seed: {
    usage: 'seed --demo [--clients N] | seed --northwind DIR',
    about:
      'Add a small demo base (Russian and English names), or import the Northwind sample\n(customers, employees, products, orders as sales) from DIR.',
    options: { demo: flag, clients: str, northwind: str },
    run: async ({ values }, rt) => {
      if (values.northwind) {
        const { importNorthwind } = await import('../server/modules/demo/northwind.js');
        const { cliActor } = await import('./actor.js');
        const r = await importNorthwind(rt.db, cliActor, values.northwind as string);
        console.log(`imported ${r.clients.size} clients, ${r.users.size} employees, ${r.departments.size} departments, ${r.sales} sales`);
        return;
      }
      if (!values.demo) throw new UsageError('give --demo or --northwind DIR', 'seed');
      const count = Number(values.clients ?? 200);
      if (!Number.isInteger(count) || count < 1 || count > 1_000_000)
        throw new UsageError('--clients must be a whole number from 1 to 1000000', 'seed');
      console.log(await (await import('../server/modules/demo/demo.service.js')).seedDemo(rt.db, count));
    },
  },
  'document issue': {
    usage:
      'document issue (--sale N | --client N) --type invoice|contract|act|offer|receipt|KEY [--contract N] [--template ID]\n               [--lang en|ru|uk|ro] [--pdf] --out FILE',
    about:
      "Issue a document (numbered per type and year, stored on the client's files) and write its DOCX,\nor with --pdf its PDF (LibreOffice), to FILE. docs/documents.md.",
    options: { sale: str, client: str, type: str, contract: str, template: str, lang: str, pdf: flag, out: str },
    run: async ({ values }, rt) => (await import('./document.js')).documentIssue(rt.db, await cliFileStore(), values),
  },
  'document list': {
    usage: 'document list [--client N] [--type T] [--unpaid]',
    about: 'Issued documents, newest first (at most 500): number, client, sale, total, payment status of invoices.',
    options: { client: str, type: str, unpaid: flag },
    run: async ({ values }, rt) => (await import('./document.js')).documentList(rt.db, values),
  },
  'report rating': {
    usage:
      'report rating --from YYYY-MM-DD --to YYYY-MM-DD [--top N] [--department ID ...] [--manager ID]\n               [--filter JSON] [--format table|csv|xlsx] [--out FILE]',
    about: 'The client rating of the period: clients by money spent, a column per department.',
    options: { from: str, to: str, top: str, department: { type: 'string', multiple: true }, manager: str, filter: str, ...FORMAT },
    run: async ({ values }, rt) => (await import('./report.js')).reportRating(rt.db, values),
  },
  'report employees': {
    usage: 'report employees [--from D] [--to D] [--format table|csv|xlsx] [--out FILE]',
    about: 'Clients served, orders and revenue per employee.',
    options: { from: str, to: str, ...FORMAT },
    run: async ({ values }, rt) => (await import('./report.js')).reportEmployees(rt.db, values),
  },
  'report managers': {
    usage: 'report managers --from YYYY-MM-DD --to YYYY-MM-DD [--format table|csv|xlsx] [--out FILE]',
    about: "The managers' effectiveness: events, tasks, promises, new clients, sales and revenue per manager.",
    options: { from: str, to: str, ...FORMAT },
    run: async ({ values }, rt) => (await import('./report.js')).reportManagers(rt.db, values),
  },
  ...Object.fromEntries(
    (['clients', 'contacts', 'products', 'sales'] as const).map((target) => [
      `import ${target}`,
      {
        usage: {
          clients:
            'import clients FILE [--dry-run] [--mapping NAME|FILE.json] [--match inn,email,phone] [--on-match update|skip|create]\n               [--manager LOGIN] [--empty-cells keep|clear] [--names fill|overwrite] [--quiet]',
          contacts: 'import contacts FILE [--dry-run] [--mapping NAME|FILE.json] [--match externalId,inn,name] [--quiet]',
          products: 'import products FILE [--dry-run] [--mapping NAME|FILE.json] [--match sku,name] [--on-match update|skip|create] [--quiet]',
          sales:
            'import sales FILE [--dry-run] [--mapping NAME|FILE.json] [--employee LOGIN] [--department NAME]\n               [--payment cash|card|transfer|none] [--unknown-departments reject|create] [--quiet]',
        }[target],
        about: {
          clients: 'Import clients from CSV, XLSX, ODS or vCard; rejected rows go to FILE.rejected.csv.',
          contacts: 'Import contact persons of existing clients, found by the keys.',
          products: 'Import products and services of the catalog.',
          sales:
            'Import sales of the past: one row per line, rows of a sale share its number;\n--employee / --department where the file has no such column.',
        }[target],
        options: {
          'dry-run': flag,
          mapping: str,
          match: str,
          quiet: flag,
          ...(target === 'clients' || target === 'products' ? { 'on-match': str } : {}),
          ...(target === 'clients' ? { manager: str, 'empty-cells': str, names: str } : {}),
          ...(target === 'sales' ? { employee: str, department: str, payment: str, 'unknown-departments': str } : {}),
        },
        positionals: [1, 1],
        run: async ({ values, positionals }, rt) => (await import('./import.js')).importFile(rt.db, target, positionals[0]!, values),
      } satisfies Command,
    ]),
  ),
  'mail test': {
    usage: 'mail test --to ADDRESS',
    about: "Send a test e-mail through the SMTP settings; prints the server's reply, or the error (exit 1).",
    options: { to: str },
    run: async ({ values }, rt) => (await import('./mail.js')).mailTest(rt.db, values),
  },
  'mail send': {
    usage: 'mail send --client ID --subject S --text T [--html H] [--to ADDRESS] [--file FILE_ID ...]',
    about: [
      'Send a message to a client (to its first e-mail address, or --to one of its addresses), with merge',
      'fields such as {{client.firstName}} (docs/mail.md) and files of the client attached; recorded on its',
      'timeline. Prints the status and the SMTP reply; exit 1 when it failed.',
    ].join('\n'),
    options: { client: str, subject: str, text: str, html: str, to: str, file: { type: 'string', multiple: true } },
    run: async ({ values }, rt) => (await import('./mail.js')).mailSend(rt.db, values),
  },
  'import list': {
    usage: 'import list',
    about: 'List import jobs: id, state, file, progress and counts.',
    run: async (_, rt) => (await import('./import.js')).importList(rt.db),
  },
  'import resume': {
    usage: 'import resume ID',
    about: 'Go on with an interrupted import.',
    positionals: [1, 1],
    run: async ({ positionals }, rt) => (await import('./import.js')).importResume(rt.db, positionals[0]!),
  },
  'import undo': {
    usage: 'import undo ID',
    about: 'Undo an import: remove what it created, restore what it updated.',
    positionals: [1, 1],
    run: async ({ positionals }, rt) => (await import('./import.js')).importUndo(rt.db, positionals[0]!),
  },
};

/** A mistake in the command line: the message, then the usage of the command (exit code 2). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

const groups = [
  ...new Set(
    Object.keys(commands)
      .filter((k) => k.includes(' '))
      .map((k) => k.split(' ')[0]!),
  ),
];

function usageOf(keys: string[]): string {
  return keys.map((k) => `  clientela ${commands[k]!.usage}`).join('\n');
}

function overview(): string {
  return [
    'clientela — client base and CRM',
    '',
    'Usage: clientela <command> [options]     (clientela <command> --help for one command)',
    '',
    usageOf(Object.keys(commands)),
    '',
    'The database: CLIENTELA_DATA_DIR (embedded PostgreSQL, joined while the server runs) or DATABASE_URL.',
  ].join('\n');
}

function helpOf(key: string): string {
  if (groups.includes(key)) {
    const keys = Object.keys(commands).filter((k) => k.startsWith(`${key} `));
    return [`Usage:`, usageOf(keys), '', ...keys.map((k) => `${k}: ${commands[k]!.about.split('\n')[0]}`)].join('\n');
  }
  const c = commands[key]!;
  return `Usage:\n${usageOf([key])}\n\n${c.about}`;
}

/** Finds the command named by the first one or two words, e.g. `report rating` or `backup`. */
function resolve(argv: string[]): { key: string; rest: string[] } | { group: string; sub?: string } | { unknown: string } {
  const [a, b] = argv;
  if (a !== undefined && b !== undefined && commands[`${a} ${b}`]) return { key: `${a} ${b}`, rest: argv.slice(2) };
  if (a !== undefined && groups.includes(a)) return { group: a, sub: b };
  if (a !== undefined && commands[a]) return { key: a, rest: argv.slice(1) };
  return { unknown: a ?? '' };
}

const wantsHelp = (args: string[]) => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((x) => x === '--help' || x === '-h');
};

function parse(key: string, rest: string[]): Args {
  const c = commands[key]!;
  const [min, max] = c.positionals ?? [0, 0];
  let parsed: Args;
  try {
    parsed = parseArgs({ args: rest, options: c.options ?? {}, allowPositionals: max > 0, strict: true }) as Args;
  } catch (e) {
    const err = e as { code?: string; message: string };
    if (err.code?.startsWith('ERR_PARSE_ARGS'))
      throw new UsageError(
        err.message
          .split('. ')[0]!
          .replace(/^Unexpected argument/, 'unexpected argument')
          .replace(/^Unknown option/, 'unknown option')
          .replace(/^Option/, 'option'),
        key,
      );
    throw e;
  }
  if (parsed.positionals.length < min) throw new UsageError(min === 1 ? 'an argument is missing' : `${min} arguments expected`, key);
  if (parsed.positionals.length > max) throw new UsageError(`unexpected argument '${parsed.positionals[max]}'`, key);
  return parsed;
}

async function withRuntime(fn: (rt: Runtime) => Promise<void>): Promise<void> {
  const [{ loadConfig }, { openRuntime }] = await Promise.all([import('../server/config.js'), import('../server/runtime.js')]);
  const rt = await openRuntime(loadConfig(), (l) => console.error(`[db] ${l}`));
  try {
    await fn(rt);
  } finally {
    await rt.close();
  }
}

async function main(argv: string[]): Promise<void> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    console.log(overview());
    return;
  }
  if (argv[0] === 'help') {
    const r = resolve(argv.slice(1));
    if (argv.length === 1) console.log(overview());
    else if ('key' in r) console.log(helpOf(r.key));
    else if ('group' in r) console.log(helpOf(r.group));
    else throw new UsageError(`unknown command "${r.unknown}"`);
    return;
  }
  const r = resolve(argv);
  if ('unknown' in r) throw new UsageError(`unknown command "${r.unknown}"`);
  if ('group' in r) {
    if (r.sub === undefined || r.sub === '--help' || r.sub === '-h' || r.sub === 'help') {
      console.log(helpOf(r.group));
      if (r.sub === undefined) process.exitCode = 2;
      return;
    }
    throw new UsageError(`unknown command "${r.group} ${r.sub}"`, r.group);
  }
  if (wantsHelp(r.rest)) {
    console.log(helpOf(r.key));
    return;
  }
  const args = parse(r.key, r.rest);
  const c = commands[r.key]!;
  if (c.noDb) return c.run(args, undefined as never);
  return withRuntime((rt) => c.run(args, rt));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UsageError) {
    console.error(`error: ${e.message}\n\n${e.command ? helpOf(e.command) : overview()}`);
    process.exitCode = 2;
    return;
  }
  const err = e as { message?: string; details?: unknown; lines?: unknown };
  console.error(`error: ${err.message ?? String(e)}`);
  if (Array.isArray(err.lines)) for (const l of err.lines as string[]) console.error(`  ${l}`);
  else if (Array.isArray(err.details))
    for (const d of err.details as { field?: string; message?: string }[]) console.error(`  ${d.field}: ${d.message}`);
  process.exitCode = 1;
});
