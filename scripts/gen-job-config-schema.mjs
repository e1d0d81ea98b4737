// Generates src/api/generated/jobConfigSchema.ts from openapi.yaml: the JSON Schemas of the fields of
// RadixJobComponentConfig (a job's settings), with references inlined and only the keywords that
// validate kept. src/config/radixConfigSchema.ts builds a radixconfig.yaml job component's settings
// from them, so a field added to openapi.yaml reaches radixconfig.yaml without another edit. Called by
// gen-openapi-types.mjs: `npm run gen` writes it and `npm run gen:check` fails when it drifts.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentSchemas } from './openapiSchemas.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const JOB_CONFIG_SCHEMA_PATH = resolve(root, 'src/api/generated/jobConfigSchema.ts');

/** Keywords that validate; the rest (descriptions, examples, titles, formats) is documentation. */
const KEPT = new Set(['type', 'properties', 'additionalProperties', 'required', 'enum', 'const', 'minimum', 'maximum', 'minItems', 'maxItems', 'uniqueItems', 'items', 'pattern', 'minLength', 'maxLength']);

export function generateJobConfigSchema(specText) {
  const { schemas, resolve: resolveRef } = componentSchemas(specText);
  const plain = (schema) => {
    const s = resolveRef(schema);
    const out = {};
    for (const [key, value] of Object.entries(s)) {
      if (!KEPT.has(key)) continue;
      if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value).map(([name, prop]) => [name, plain(prop)]));
      else if ((key === 'items' || key === 'additionalProperties') && typeof value === 'object') out[key] = plain(value);
      else out[key] = value;
    }
    // An int32 field's bound, which openapi.yaml states as a format.
    if (s.format === 'int32' && out.maximum === undefined) out.maximum = 2147483647;
    return out;
  };
  const fields = plain(schemas.RadixJobComponentConfig).properties;
  return `// generated, do not edit.
//
// The fields of RadixJobComponentConfig (a job's settings) as JSON Schemas, from openapi.yaml
// (scripts/gen-job-config-schema.mjs), for src/config/radixConfigSchema.ts. Change openapi.yaml, then
// run \`npm run gen\`.

export const JOB_CONFIG_FIELDS = ${JSON.stringify(fields, null, 2)} as const;
`;
}
