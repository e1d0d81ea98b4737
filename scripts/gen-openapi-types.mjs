#!/usr/bin/env node
// Generates src/api/generated/openapi.ts from openapi.yaml with openapi-typescript.
//
//   node scripts/gen-openapi-types.mjs          write the file
//   node scripts/gen-openapi-types.mjs --check  generate in memory; exit 1 if the file on disk differs
//
// The output depends only on openapi.yaml and the pinned openapi-typescript version: it is printed by the
// TypeScript printer (openapi-typescript's astToString), then normalised (LF line endings, no trailing
// whitespace, exactly one final newline), so it is byte-for-byte reproducible without a formatter config.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const specPath = resolve(root, 'openapi.yaml');
const outPath = resolve(root, 'src/api/generated/openapi.ts');

const HEADER = `/**
 * generated, do not edit.
 *
 * Types for jobsim's HTTP API, generated from openapi.yaml by openapi-typescript
 * (scripts/gen-openapi-types.mjs). Change openapi.yaml, then run \`npm run gen\`.
 * \`npm run gen:check\` fails when this file is out of date.
 */

`;

/** Generates the file's contents in memory. */
export async function generate() {
  const ast = await openapiTS(pathToFileURL(specPath), {
    silent: true,
    // Named aliases for every component (e.g. `export type SchemaJobStatus = components['schemas']['JobStatus']`).
    rootTypes: true,
    // Keep the spec's own key order (it is deliberate: reference JSON key order).
    alphabetize: false,
  });
  const body = astToString(ast);
  return normalise(HEADER + body);
}

function normalise(text) {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => line.replace(/[ \t]+$/, ''))
      .join('\n')
      .replace(/\n+$/, '') + '\n'
  );
}

async function main() {
  const check = process.argv.includes('--check');
  const generated = await generate();
  const rel = relative(process.cwd(), outPath) || outPath;
  if (check) {
    let onDisk;
    try {
      onDisk = await readFile(outPath, 'utf8');
    } catch {
      onDisk = undefined;
    }
    if (onDisk === generated) {
      console.log(`${rel} is up to date with openapi.yaml.`);
      return 0;
    }
    if (onDisk === undefined) {
      console.error(`${rel} is missing. Run \`npm run gen\` and commit the result.`);
      return 1;
    }
    const a = onDisk.split('\n');
    const b = generated.split('\n');
    let line = 0;
    while (line < a.length && line < b.length && a[line] === b[line]) line++;
    console.error(
      `${rel} is out of date with openapi.yaml (generated types drifted).\n` +
        `First difference at line ${line + 1}:\n` +
        `  on disk:   ${JSON.stringify(a[line] ?? '<end of file>')}\n` +
        `  generated: ${JSON.stringify(b[line] ?? '<end of file>')}\n` +
        `Run \`npm run gen\` and commit the result. Do not edit the generated file by hand.`,
    );
    return 1;
  }
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, generated, 'utf8');
  console.log(`wrote ${rel}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`gen-openapi-types: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      process.exit(2);
    },
  );
}
