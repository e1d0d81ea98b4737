// openapi.yaml's component schemas for the generators, with `resolve` following a
// `$ref: '#/components/schemas/X'` (and a reference to a reference) to the schema it names.
import { parse } from 'yaml';

export function componentSchemas(specText) {
  const schemas = parse(specText).components.schemas;
  const resolve = (s) => (s?.$ref ? resolve(schemas[s.$ref.replace('#/components/schemas/', '')]) : s);
  return { schemas, resolve };
}
