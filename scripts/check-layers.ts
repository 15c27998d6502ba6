// `npm run lint` (and `npm test` before the whole suite): the layer rules of ARCHITECTURE.md that the
// code keeps by itself. It parses every .ts/.tsx file under src/ with the TypeScript compiler API
// (imports, `export … from`, `import()`, `import('…')` types; SQL as syntax, so comments and strings never count):
//   web-imports-server   src/web/** imports from src/server/** only files named *.schemas.ts
//   foreign-repository   a file of src/server/modules/<a>/ imports no *.repository.ts of another feature (use its service)
//   shared-imports-module src/server/shared/** never imports src/server/modules/**
//   sql-outside-repository SQL (sql`…`, sql<T>`…`, sql.raw(, .selectFrom( .insertInto( .updateTable( .deleteFrom( .query( )
//                        only in *.repository.ts, src/server/db/**, or in a file whose first 15 lines carry
//                        `// sql-outside-repository: <reason>`
//   cycle                no import cycles among src files (type-only imports count: they tie the files together too)
// Tests (*.test.ts, *.test.tsx) and src/server/testing/** are held to the cycle rule only: a test may
// reach into any layer to set up or inspect what it tests.
// Violations print as `file:line rule message`; those listed in scripts/layers-allowlist.txt (one
// `rule file` per line, # comments) are tolerated and counted, the others exit 1. An allowlist entry
// that no longer occurs is printed as stale (remove it); it fails the check only with --strict, so
// merging a branch that fixes violations never breaks another branch's check.
// `tsx scripts/check-layers.ts [--strict] [--print-allowlist] [root]` — root defaults to the repository;
// --print-allowlist prints today's violations in the allowlist's format (to regenerate it).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export type Rule = 'web-imports-server' | 'foreign-repository' | 'shared-imports-module' | 'sql-outside-repository' | 'cycle';
export type Violation = { rule: Rule; file: string; line: number; message: string };
export type Result = { violations: Violation[]; allowed: Violation[]; stale: string[]; allowlistSize: number };

type Edge = { to: string; line: number; spec: string };

const SQL_CALLS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'query']);
const MARKER = /^\s*\/\/\s*sql-outside-repository:\s*\S/;

function listSources(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules') listSources(p, out);
    } else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** './x.js' → the source file it names (x.ts, x.tsx, x/index.ts), or undefined (a package, or a file outside src). */
function resolve(from: string, spec: string, known: Set<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(js|jsx|ts|tsx|mjs)$/, '');
  for (const c of [base, `${stem}.ts`, `${stem}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (known.has(c)) return c;
  }
  return undefined;
}

function isTest(rel: string): boolean {
  return /\.test\.tsx?$/.test(rel) || rel.startsWith('src/server/testing/');
}

function sqlAllowed(rel: string, text: string): boolean {
  if (rel.endsWith('.repository.ts') || rel.startsWith('src/server/db/') || isTest(rel)) return true;
  return text.split('\n', 15).some((l) => MARKER.test(l));
}

/** Strongly connected components of more than one file (or a file importing itself): Tarjan's algorithm. */
function cycles(nodes: string[], edges: Map<string, Edge[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const { to } of edges.get(v) ?? []) {
      if (!idx.has(to)) {
        visit(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (on.has(to)) low.set(v, Math.min(low.get(v)!, idx.get(to)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (edges.get(v) ?? []).some((e) => e.to === v)) out.push(comp.sort());
    }
  };
  for (const n of nodes) if (!idx.has(n)) visit(n);
  return out;
}

export function readAllowlist(file: string): Set<string> {
  if (!existsSync(file)) return new Set();
  const out = new Set<string>();
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line) out.add(line.split(/\s+/).slice(0, 2).join(' '));
  }
  return out;
}

export function checkLayers(root: string, allowlist: Set<string> = new Set()): Result {
  const files = listSources(path.join(root, 'src')).sort();
  const known = new Set(files);
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const edges = new Map<string, Edge[]>();
  const found: Violation[] = [];

  for (const file of files) {
    const r = rel(file);
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
    const out: Edge[] = [];
    const sqlOk = sqlAllowed(r, text);
    const addImport = (spec: string, node: ts.Node) => {
      const to = resolve(file, spec, known);
      if (to) out.push({ to, line: lineOf(node), spec });
    };
    const walk = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        addImport(node.moduleSpecifier.text, node);
      } else if (ts.isCallExpression(node)) {
        const [arg] = node.arguments;
        if (node.expression.kind === ts.SyntaxKind.ImportKeyword && arg && ts.isStringLiteral(arg)) addImport(arg.text, node);
        else if (!sqlOk && ts.isPropertyAccessExpression(node.expression)) {
          const { expression: obj, name } = node.expression;
          const raw = name.text === 'raw' && ts.isIdentifier(obj) && obj.text === 'sql';
          if (raw || SQL_CALLS.has(name.text)) {
            found.push({ rule: 'sql-outside-repository', file: r, line: lineOf(name), message: raw ? 'sql.raw(' : `.${name.text}(` });
          }
        }
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
        addImport(node.argument.literal.text, node);
      } else if (!sqlOk && ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'sql') {
        found.push({ rule: 'sql-outside-repository', file: r, line: lineOf(node), message: node.typeArguments ? 'sql<…>`…`' : 'sql`…`' });
      }
      ts.forEachChild(node, walk);
    };
    walk(sf);
    edges.set(file, out);

    for (const e of isTest(r) ? [] : out) {
      const t = rel(e.to);
      if (r.startsWith('src/web/') && t.startsWith('src/server/') && !t.endsWith('.schemas.ts')) {
        found.push({ rule: 'web-imports-server', file: r, line: e.line, message: `imports ${t} (only *.schemas.ts)` });
      }
      const from = /^src\/server\/modules\/([^/]+)\//.exec(r)?.[1];
      const into = /^src\/server\/modules\/([^/]+)\//.exec(t)?.[1];
      if (from && into && from !== into && t.endsWith('.repository.ts')) {
        found.push({ rule: 'foreign-repository', file: r, line: e.line, message: `imports ${t} (use the ${into} service)` });
      }
      if (r.startsWith('src/server/shared/') && t.startsWith('src/server/modules/')) {
        found.push({ rule: 'shared-imports-module', file: r, line: e.line, message: `imports ${t}` });
      }
    }
  }

  for (const comp of cycles(files, edges)) {
    const members = new Set(comp);
    const names = comp.map(rel);
    for (const f of comp) {
      const e = (edges.get(f) ?? []).find((x) => members.has(x.to))!;
      found.push({ rule: 'cycle', file: rel(f), line: e.line, message: `imports ${rel(e.to)}, in a cycle of ${comp.length}: ${names.join(' ')}` });
    }
  }

  const violations: Violation[] = [];
  const allowed: Violation[] = [];
  const hit = new Set<string>();
  for (const v of found) {
    const key = `${v.rule} ${v.file}`;
    if (allowlist.has(key)) {
      allowed.push(v);
      hit.add(key);
    } else violations.push(v);
  }
  const stale = [...allowlist].filter((k) => !hit.has(k)).sort();
  return { violations, allowed, stale, allowlistSize: allowlist.size };
}

/** The allowlist's lines for these violations: one `rule file` each, sorted by rule, then file. */
export function allowlistLines(violations: Violation[]): string[] {
  return [...new Set(violations.map((v) => `${v.rule} ${v.file}`))].sort();
}

function main(): void {
  const args = process.argv.slice(2);
  const strict = args.includes('--strict');
  const print = args.includes('--print-allowlist');
  const rootArg = args.find((a) => !a.startsWith('--'));
  const root = path.resolve(rootArg ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const listFile = path.join(root, 'scripts', 'layers-allowlist.txt');
  if (print) {
    for (const line of allowlistLines(checkLayers(root).violations)) console.log(line);
    return;
  }
  const res = checkLayers(root, readAllowlist(listFile));
  for (const v of res.violations) console.log(`${v.file}:${v.line} ${v.rule} ${v.message}`);
  for (const k of res.stale) console.log(`stale: ${k} is allowlisted but no longer occurs (remove it from scripts/layers-allowlist.txt)`);
  const remain = res.allowlistSize - res.stale.length;
  console.log(
    `check-layers: ${res.violations.length} violation(s); ${remain} allowlisted entr${remain === 1 ? 'y' : 'ies'} remain (${res.allowed.length} occurrence(s) tolerated), ${res.stale.length} stale`,
  );
  process.exit(res.violations.length > 0 || (strict && res.stale.length > 0) ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
