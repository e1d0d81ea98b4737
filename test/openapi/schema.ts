/**
 * Loads openapi.yaml once and hands out Ajv (JSON Schema 2020-12) validators for its schemas, so tests can
 * check requests and responses against the contract.
 *
 *   import { responseValidator, schemaValidator, expectValid } from '../openapi/schema.js';
 *   expectValid(responseValidator('get', '/api/v1/jobs/batch-x-y', 200), res.body);
 *   expect(schemaValidator('JobScheduleDescription')({ timeLimitSeconds: '10' })).toBe(false);
 *
 * Paths may be templates (`/api/v1/jobs/{jobName}`) or concrete paths (`/api/v1/jobs/batch-x-y?x=1`);
 * concrete path segments win over templated ones, as OpenAPI requires. A status falls back to its range
 * (`4XX`) and then to `default`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

export const OPENAPI_PATH = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));

/** `$id` under which the component schemas are registered with Ajv (as `$defs`). */
const COMPONENTS_ID = 'urn:jobsim:openapi:components';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type JsonObject = { [key: string]: unknown };

export interface MediaTypeObject {
  schema?: JsonObject;
  example?: unknown;
  examples?: Record<string, { value?: unknown; $ref?: string; summary?: string }>;
}
export interface ResponseObject {
  description: string;
  content?: Record<string, MediaTypeObject>;
  headers?: Record<string, JsonObject>;
}
export interface RequestBodyObject {
  required?: boolean;
  content: Record<string, MediaTypeObject>;
}
export interface OperationObject {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: JsonObject[];
  requestBody?: RequestBodyObject | { $ref: string };
  responses: Record<string, ResponseObject | { $ref: string }>;
  [extension: `x-${string}`]: unknown;
}
export type PathItemObject = Partial<Record<HttpMethod, OperationObject>> & { parameters?: JsonObject[] };
export interface OpenApiDocument {
  openapi: string;
  info: JsonObject;
  paths: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, JsonObject>;
    responses?: Record<string, ResponseObject>;
    parameters?: Record<string, JsonObject>;
    examples?: Record<string, { value?: unknown; summary?: string }>;
    requestBodies?: Record<string, RequestBodyObject>;
  };
}

export interface OperationRef {
  method: HttpMethod;
  /** The path template as written in openapi.yaml. */
  path: string;
  operationId: string;
  operation: OperationObject;
}

interface State {
  doc: OpenApiDocument;
  ajv: Ajv2020;
  cache: Map<string, ValidateFunction>;
}
let state: State | undefined;

function load(): State {
  if (state) return state;
  const doc = parse(readFileSync(OPENAPI_PATH, 'utf8')) as OpenApiDocument;
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    // `required` in oneOf branches names properties declared on the parent; unions like [array, "null"] are intended.
    strictRequired: false,
    strictTypes: false,
  });
  ajvFormats.default(ajv);
  // OpenAPI's own schema keywords (annotations only) and any x- extensions used in schemas.
  ajv.addVocabulary(['example', 'xml', 'externalDocs', 'discriminator', ...extensionKeys(doc.components.schemas)]);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(doc.components.schemas) });
  state = { doc, ajv, cache: new Map() };
  return state;
}

/** The parsed openapi.yaml (shared; do not mutate). */
export function loadOpenApi(): OpenApiDocument {
  return load().doc;
}

/** The Ajv instance that holds the component schemas (ajv-formats enabled). */
export function getAjv(): Ajv2020 {
  return load().ajv;
}

export function componentSchemaNames(): string[] {
  return Object.keys(load().doc.components.schemas);
}

/** Every operation of the document. */
export function listOperations(): OperationRef[] {
  const out: OperationRef[] = [];
  for (const [path, item] of Object.entries(load().doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) out.push({ method, path, operationId: operation.operationId ?? '', operation });
    }
  }
  return out;
}

/** Validator for `#/components/schemas/<name>`. */
export function schemaValidator(name: string): ValidateFunction {
  const { ajv, doc, cache } = load();
  if (!(name in doc.components.schemas)) {
    throw new Error(`openapi.yaml has no component schema "${name}" (have: ${componentSchemaNames().join(', ')})`);
  }
  const key = `schema:${name}`;
  let v = cache.get(key);
  if (!v) {
    const found = ajv.getSchema(`${COMPONENTS_ID}#/$defs/${name}`);
    if (!found) throw new Error(`Ajv could not resolve component schema "${name}"`);
    v = found;
    cache.set(key, v);
  }
  return v;
}

/** The operation serving `method path` (path: template or concrete, query string ignored). */
export function findOperation(method: string, path: string): OperationRef {
  const m = method.toLowerCase() as HttpMethod;
  const template = matchPath(path);
  if (!template) throw new Error(`openapi.yaml has no path matching "${path}"`);
  const operation = load().doc.paths[template]?.[m];
  if (!operation) throw new Error(`openapi.yaml has no ${m.toUpperCase()} operation for path "${template}"`);
  return { method: m, path: template, operationId: operation.operationId ?? '', operation };
}

/**
 * The path template of openapi.yaml matching `path`. A template given as-is matches itself. Otherwise the
 * concrete path is matched segment by segment; literal segments beat `{param}` segments, leftmost first.
 */
export function matchPath(path: string): string | undefined {
  const paths = load().doc.paths;
  const clean = path.split('?')[0]!.split('#')[0]!;
  if (clean in paths) return clean;
  const segs = clean.split('/');
  let best: { template: string; score: number[] } | undefined;
  for (const template of Object.keys(paths)) {
    const tsegs = template.split('/');
    if (tsegs.length !== segs.length) continue;
    const score: number[] = [];
    let ok = true;
    for (let i = 0; i < tsegs.length; i++) {
      const t = tsegs[i]!;
      const s = segs[i]!;
      if (/^\{[^}]+\}$/.test(t)) {
        if (s === '') {
          ok = false;
          break;
        }
        score.push(0);
      } else if (t === s) {
        score.push(1);
      } else {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (!best || compareScores(score, best.score) > 0) best = { template, score };
  }
  return best?.template;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return 0;
}

/** The response object for a status: exact code, then its range (`4XX`), then `default`. */
export function findResponse(
  method: string,
  path: string,
  status: number | string,
): { op: OperationRef; statusKey: string; response: ResponseObject } {
  const op = findOperation(method, path);
  const code = String(status);
  const keys = [code, `${code[0]}XX`, `${code[0]}xx`, 'default'];
  for (const key of keys) {
    const r = op.operation.responses[key];
    if (r) return { op, statusKey: key, response: deref<ResponseObject>(r) };
  }
  throw new Error(
    `openapi.yaml: ${op.method.toUpperCase()} ${op.path} (${op.operationId}) declares no response for status ${code}`,
  );
}

/** Validator for the body of the response `status` of `method path` (media type default application/json). */
export function responseValidator(
  method: string,
  path: string,
  status: number | string,
  mediaType = 'application/json',
): ValidateFunction {
  const { op, statusKey, response } = findResponse(method, path, status);
  const key = `response:${op.method} ${op.path} ${statusKey} ${mediaType}`;
  return cached(key, () => {
    const media = response.content?.[mediaType];
    if (!media?.schema) {
      throw new Error(
        `openapi.yaml: ${op.method.toUpperCase()} ${op.path} response ${statusKey} has no ${mediaType} schema` +
          ` (has: ${Object.keys(response.content ?? {}).join(', ') || 'no content'})`,
      );
    }
    return media.schema;
  });
}

/** Validator for the request body of `method path` (media type default application/json). */
export function requestBodyValidator(method: string, path: string, mediaType = 'application/json'): ValidateFunction {
  const op = findOperation(method, path);
  const key = `request:${op.method} ${op.path} ${mediaType}`;
  return cached(key, () => {
    if (!op.operation.requestBody) throw new Error(`openapi.yaml: ${op.method.toUpperCase()} ${op.path} has no request body`);
    const body = deref<RequestBodyObject>(op.operation.requestBody);
    const schema = body.content[mediaType]?.schema;
    if (!schema) throw new Error(`openapi.yaml: ${op.method.toUpperCase()} ${op.path} request body has no ${mediaType} schema`);
    return schema;
  });
}

/** Readable one-line-per-error text of a validator's last errors. */
export function formatErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return '';
  return errors
    .map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}${paramsText(e)} [${e.schemaPath}]`)
    .join('\n');
}

function paramsText(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if ('additionalProperty' in p) return `: ${String(p.additionalProperty)}`;
  if ('allowedValues' in p) return `: ${JSON.stringify(p.allowedValues)}`;
  return '';
}

/** Runs a validator; returns `{ valid, errors }` with errors formatted. */
export function check(validator: ValidateFunction, data: unknown): { valid: boolean; errors: string } {
  const valid = validator(data) as boolean;
  return { valid, errors: valid ? '' : formatErrors(validator.errors) };
}

/** Throws an Error that shows the data and the schema errors when `data` does not match. */
export function expectValid(validator: ValidateFunction, data: unknown, label = 'value'): void {
  const { valid, errors } = check(validator, data);
  if (!valid) {
    throw new Error(`${label} does not match openapi.yaml:\n${errors}\n--- ${label}:\n${JSON.stringify(data, null, 2)}`);
  }
}

// ------------------------------------------------------------------------------------------------------

function cached(key: string, schemaOf: () => JsonObject): ValidateFunction {
  const { ajv, cache } = load();
  let v = cache.get(key);
  if (!v) {
    v = ajv.compile(rewriteRefs(schemaOf()) as JsonObject);
    cache.set(key, v);
  }
  return v;
}

function deref<T>(obj: T | { $ref: string }): T {
  const ref = (obj as { $ref?: unknown }).$ref;
  if (typeof ref !== 'string') return obj as T;
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let cur: unknown = load().doc;
  for (const part of ref.slice(2).split('/')) {
    cur = (cur as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (cur === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return deref(cur as T | { $ref: string });
}

/** Deep copy with `#/components/schemas/X` refs pointing at the registered `$defs`. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        out[k] = `${COMPONENTS_ID}#/$defs/${v.slice('#/components/schemas/'.length)}`;
      } else if (k === 'examples' || k === 'example') {
        out[k] = v; // annotations: leave data untouched
      } else {
        out[k] = rewriteRefs(v);
      }
    }
    return out;
  }
  return value;
}

function extensionKeys(value: unknown, found = new Set<string>()): string[] {
  if (Array.isArray(value)) value.forEach((v) => extensionKeys(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('x-')) found.add(k);
      extensionKeys(v, found);
    }
  }
  return [...found];
}
