// The OpenAPI document the request validator checks bodies against, per profile. The documented
// profile uses openapi.yaml as it is. With the radix profile the reference's JSON decoder is the
// only check before the RadixBatch CRD's (src/engine/radixBatchCrd.ts), so request bodies are
// checked for what Go's encoding/json refuses: types, and integers that do not fit int32/int64.
// Ranges, enums, patterns, required keys and list sizes are dropped from the request schemas.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Profile } from '../engine/profile.js';

type Schema = Record<string, unknown>;

/** Keywords Go's decoder does not enforce. */
const CONSTRAINTS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'enum', 'const', 'pattern', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'required', 'minProperties', 'maxProperties'];

/** What fits the Go integer types (2^63 is exactly representable as a double). */
const GO_INTEGER_BOUNDS: Record<string, Schema> = {
  int32: { minimum: -2147483648, maximum: 2147483647 },
  int64: { minimum: -9223372036854775808, exclusiveMaximum: 9223372036854775808 },
};

const REQUEST_BODIES = ['/api/v1/jobs', '/api/v1/batches'];

function refName(ref: unknown): string | undefined {
  return typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined;
}

/** Names of the component schemas reachable from `root`. */
function reachable(root: unknown, schemas: Record<string, Schema>, into = new Set<string>()): Set<string> {
  if (Array.isArray(root)) for (const v of root) reachable(v, schemas, into);
  else if (root && typeof root === 'object') {
    const name = refName((root as Schema).$ref);
    if (name && !into.has(name)) {
      into.add(name);
      reachable(schemas[name], schemas, into);
    }
    for (const v of Object.values(root)) reachable(v, schemas, into);
  }
  return into;
}

/** A copy of `schema` with only the checks Go's decoder makes. */
function decodeOnly(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(decodeOnly);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (CONSTRAINTS.includes(k)) continue;
    // `properties` and `examples` hold names and sample values, not schemas to strip keywords from.
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, decodeOnly(s)])) : k === 'examples' ? v : decodeOnly(v);
  }
  if (out.type === 'integer' && typeof out.format === 'string' && GO_INTEGER_BOUNDS[out.format]) Object.assign(out, GO_INTEGER_BOUNDS[out.format]);
  return out;
}

/** openapi.yaml as the profile's request validator uses it (a path, or a derived document). */
export function requestSchemaFor(profile: Profile, openapiPath: string): string | Schema {
  if (profile.rangeChecks === 'request-schema') return openapiPath;
  const doc = parse(readFileSync(openapiPath, 'utf8')) as Schema & { paths: Record<string, Schema>; components: { schemas: Record<string, Schema> } };
  const schemas = doc.components.schemas;
  const names = new Set<string>();
  for (const path of REQUEST_BODIES) reachable((doc.paths[path]?.post as Schema | undefined)?.requestBody, schemas, names);
  // The request bodies refer to these schemas; the bodies' own `required: false` stays.
  for (const name of names) schemas[name] = decodeOnly(schemas[name]) as Schema;
  return doc;
}
