// The Go-style decoder keeps every field openapi.yaml gives the request bodies (its field table is
// generated from openapi.yaml): a field of the contract that the decoder dropped would never reach
// the engine.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BATCH_DESCRIPTION, decodeFields, JOB_DESCRIPTION } from '../../src/api/goJsonKeys.js';

type Schema = { $ref?: string; allOf?: Schema[]; properties?: Record<string, Schema> };
const schemas = (parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as { components: { schemas: Record<string, Schema> } }).components.schemas;
const deref = (s: Schema): Schema => (s.$ref ? deref(schemas[s.$ref.split('/').pop()!]!) : s);
/** The property names of a schema, its allOf parts' included. */
const fieldsOf = (s: Schema): string[] => [...(deref(s).allOf ?? []).flatMap(fieldsOf), ...Object.keys(deref(s).properties ?? {})];

describe('the request bodies as the decoder reads them', () => {
  for (const [name, shape] of [
    ['JobScheduleDescription', JOB_DESCRIPTION],
    ['BatchScheduleDescription', BATCH_DESCRIPTION],
    ['RadixJobComponentConfig', (BATCH_DESCRIPTION.fields.defaultRadixJobComponentConfig as typeof JOB_DESCRIPTION)],
  ] as const) {
    it(`keeps every field of ${name} in openapi.yaml, in both profiles`, () => {
      const fields = fieldsOf(schemas[name]!);
      expect(fields.length).toBeGreaterThan(1);
      const body = Object.fromEntries(fields.map((f) => [f, 'x']));
      for (const caseInsensitive of [false, true]) {
        const decoded = decodeFields({ ...body, notAField: 1 }, shape, { caseInsensitive, nullIsUnset: caseInsensitive }) as Record<string, unknown>;
        expect(Object.keys(decoded).sort()).toEqual([...fields].sort());
      }
    });
  }
});
