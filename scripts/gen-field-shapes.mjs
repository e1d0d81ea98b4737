// Generates src/api/generated/fieldShapes.ts from openapi.yaml: the fields of the Job Manager's
// request bodies as src/api/goJsonKeys.ts maps a body onto them (Go's encoding/json: known fields
// kept, matched case-insensitively in the radix profile, null read as Go reads it). Called by
// gen-openapi-types.mjs, so `npm run gen` writes it and `npm run gen:check` fails when it drifts:
// a field added to openapi.yaml reaches the decoder without another edit.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentSchemas } from './openapiSchemas.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FIELD_SHAPES_PATH = resolve(root, 'src/api/generated/fieldShapes.ts');

/** The request bodies, by the name the decoder exports them under. */
const BODIES = { JOB_DESCRIPTION: 'JobScheduleDescription', BATCH_DESCRIPTION: 'BatchScheduleDescription' };

export function generateFieldShapes(specText) {
  const { schemas, resolve: resolveRef } = componentSchemas(specText);
  /** An object schema's fields ({ fields }), its allOf parts' first. */
  const shape = (schema) => {
    const s = resolveRef(schema);
    const fields = {};
    for (const part of s.allOf ?? []) Object.assign(fields, shape(part).fields);
    for (const [name, prop] of Object.entries(s.properties ?? {})) fields[name] = field(prop);
    return { fields };
  };
  const field = (schema) => {
    const s = resolveRef(schema);
    if (s.type === 'object' && (s.properties || s.allOf)) return shape(s);
    if (s.type === 'object' && s.additionalProperties) return 'map';
    if (s.type === 'array') {
      const items = resolveRef(s.items);
      if (items.type === 'string') return 'strings';
      if (items.type === 'integer') return 'ints';
      if (items.type === 'object') return { items: shape(items) };
      throw new Error(`a list of ${items.type} has no decoding rule in src/api/goJsonKeys.ts`);
    }
    return 'leaf';
  };
  const out = Object.entries(BODIES).map(([name, schema]) => `/** ${schema} */\nexport const ${name}: Shape = ${JSON.stringify(shape(schemas[schema]), null, 2)};`);
  return `// generated, do not edit.
//
// The fields of the Job Manager's request bodies, from openapi.yaml (scripts/gen-field-shapes.mjs),
// for src/api/goJsonKeys.ts. Change openapi.yaml, then run \`npm run gen\`.
import type { Shape } from ${JSON.stringify('../goJsonKeys.js')};

${out.join('\n\n')}
`;
}
