// The kit judges any server over HTTP, so neither it nor its own tests may reach into jobsim's source:
// no module under conformance/ imports from src/ (the CLI entry, src/cli/conformance.ts, imports the
// kit, not the other way round). Imports are read with TypeScript's own pre-processor, so `import type`,
// `export ... from` and dynamic `import()` count too.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KIT = join(ROOT, 'conformance');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs|cjs)$/.test(e.name) ? [path] : [];
  });
}

/** Every module specifier `file` imports (static, type-only, re-exports and dynamic imports). */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The imports of `file` that resolve into src/. */
function srcImports(file: string, text?: string): string[] {
  return importsOf(file, text).filter((spec) => spec.startsWith('.') && !relative(SRC, resolve(dirname(file), spec)).startsWith('..'));
}

describe('conformance/ is separate from jobsim', () => {
  it('imports nothing from src/', () => {
    const files = sourceFiles(KIT);
    expect(files.length).toBeGreaterThan(20);
    const offending = files.flatMap((f) => srcImports(f).map((spec) => `${relative(ROOT, f)}: ${spec}`));
    expect(offending).toEqual([]);
  });

  it('would see an import from src/ of any form', () => {
    const file = join(KIT, 'kit', 'example.ts');
    // built from parts, so that a grep for src/ imports in conformance/ does not find this test
    const src = ['..', '..', 'src'].join('/');
    const text = [
      `import { createApp } from '${src}/api/app.js';`,
      `import type { Profile } from '${src}/engine/profile.js';`,
      `export { SimRuntime } from '${src}/runtime/simRuntime.js';`,
      `const m = await import('${src}/engine/types.js');`,
      "import { Client } from './http.js';",
      "import { freePort } from '../../test/support/net.js';",
      "import fc from 'fast-check';",
    ].join('\n');
    expect(srcImports(file, text)).toEqual([`${src}/api/app.js`, `${src}/engine/profile.js`, `${src}/runtime/simRuntime.js`, `${src}/engine/types.js`]);
  });
});
