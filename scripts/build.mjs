#!/usr/bin/env node
// Compiles the CLI to JavaScript in dist/ so that `jobsim` starts without a TypeScript loader
// (`npm ci` runs this through the prepare script; `npm run build` runs it by hand).
//
// Every module the CLI can reach from ENTRIES (dynamic imports included) is transpiled
// file by file, keeping the repository's layout under dist/ (dist/src/..., dist/conformance/...,
// dist/bench/...): paths relative to import.meta.url then land in dist/ exactly as they land in
// the repository, and the files they name (ASSETS) are copied there. Type checking stays with tsc
// (`npm run typecheck`); esbuild only strips types, which tsconfig's isolatedModules and
// verbatimModuleSyntax make safe file by file.
//
// esbuild's own postinstall is not needed (its JS API finds the platform binary through its
// optional dependency), so package.json's allowScripts declines it.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
/** The CLI, and modules it runs as processes of their own (by path, so no import leads to them). */
export const ENTRIES = ['src/cli/main.ts', 'bench/httpTargets.ts'];
/** Files read at run time through paths relative to a module (import.meta.url). */
export const ASSETS = ['openapi.yaml'];
/** Written last: the sources dist/ was built from, with their hashes (test/build checks it is current). */
export const BUILD_INFO = join(DIST, 'build-info.json');

export function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export async function build() {
  const esbuild = await import('esbuild').catch((err) => {
    throw new Error(`esbuild is not installed (${err.code ?? err.message}): the build needs the dev dependencies (npm ci without --omit=dev)`);
  });
  // Pass 1: follow the imports from the entry to learn which local modules the CLI uses.
  const graph = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: 'dist',
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const sources = Object.keys(graph.metafile.inputs).filter((p) => p.endsWith('.ts')).sort();

  // Pass 2: transpile each of them to dist/, same relative path, .js.
  rmSync(DIST, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: sources,
    outdir: 'dist',
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  for (const asset of ASSETS) {
    mkdirSync(dirname(join(DIST, asset)), { recursive: true });
    copyFileSync(join(ROOT, asset), join(DIST, asset));
  }
  const hashes = Object.fromEntries([...sources, ...ASSETS].map((p) => [p, sha256(join(ROOT, p))]));
  writeFileSync(BUILD_INFO, JSON.stringify({ entries: ENTRIES, sources: hashes }, null, 2) + '\n');
  return sources;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const sources = await build().catch((err) => {
    process.stderr.write(`jobsim: build failed: ${err.message}\n`);
    process.exit(1);
  });
  process.stdout.write(`jobsim: built ${sources.length} modules into dist/ in ${Math.round(performance.now() - started)} ms\n`);
}
