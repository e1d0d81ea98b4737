#!/usr/bin/env node
// Generates, from openapi.yaml, src/api/generated/openapi.ts (types, by openapi-typescript) and
// src/api/generated/validators.ts (request validators compiled by ajv; scripts/gen-validators.mjs) and
// src/api/generated/fieldShapes.ts (the request bodies' fields for Go-style decoding; gen-field-shapes.mjs) and
// src/api/generated/jobConfigSchema.ts (a job's settings as JSON Schemas, for radixconfig.yaml; gen-job-config-schema.mjs).
//
//   node scripts/gen-openapi-types.mjs          write the files
//   node scripts/gen-openapi-types.mjs --check  generate in memory; exit 1 if a file on disk differs
//
// The output depends only on openapi.yaml and the pinned openapi-typescript version: it is printed by the
// TypeScript printer (openapi-typescript's astToString), then normalised (LF line endings, no trailing
// whitespace, exactly one final newline), so it is byte-for-byte reproducible without a formatter config.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { FIELD_SHAPES_PATH, generateFieldShapes } from './gen-field-shapes.mjs';
import { generateJobConfigSchema, JOB_CONFIG_SCHEMA_PATH } from './gen-job-config-schema.mjs';
import { generateValidators, VALIDATORS_PATH } from './gen-validators.mjs';

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

/** Every generated file: path and contents. */
async function outputs() {
  const spec = await readFile(specPath, 'utf8');
  return [
    [outPath, await generate()],
    [VALIDATORS_PATH, normalise(generateValidators(spec))],
    [FIELD_SHAPES_PATH, normalise(generateFieldShapes(spec))],
    [JOB_CONFIG_SCHEMA_PATH, normalise(generateJobConfigSchema(spec))],
  ];
}

async function main() {
  const check = process.argv.includes('--check');
  let failed = 0;
  for (const [path, generated] of await outputs()) {
    const rel = relative(process.cwd(), path) || path;
    if (!check) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, generated, 'utf8');
      console.log(`wrote ${rel}`);
      continue;
    }
    let onDisk;
    try {
      onDisk = await readFile(path, 'utf8');
    } catch {
      onDisk = undefined;
    }
    if (onDisk === generated) {
      console.log(`${rel} is up to date with openapi.yaml.`);
      continue;
    }
    failed++;
    if (onDisk === undefined) {
      console.error(`${rel} is missing. Run \`npm run gen\` and commit the result.`);
      continue;
    }
    const a = onDisk.split('\n');
    const b = generated.split('\n');
    let line = 0;
    while (line < a.length && line < b.length && a[line] === b[line]) line++;
    console.error(
      `${rel} is out of date with openapi.yaml (generated code drifted).\n` +
        `First difference at line ${line + 1}:\n` +
        `  on disk:   ${JSON.stringify((a[line] ?? '<end of file>').slice(0, 200))}\n` +
        `  generated: ${JSON.stringify((b[line] ?? '<end of file>').slice(0, 200))}\n` +
        `Run \`npm run gen\` and commit the result. Do not edit generated files by hand.`,
    );
  }
  return failed > 0 ? 1 : 0;
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
