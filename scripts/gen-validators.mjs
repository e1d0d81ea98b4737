// Generates src/api/generated/validators.ts from openapi.yaml: the request validators of every
// operation, compiled by ajv to standalone code (so a server starts without compiling schemas), and
// the route table the request validator matches paths with. Called by gen-openapi-types.mjs, so
// `npm run gen` writes it and `npm run gen:check` fails when it drifts.
//
// What it compiles follows how requests have always been checked against openapi.yaml (the
// OpenAPI request-validation rules of express-openapi-validator, which jobsim used before): per
// operation, one validator of the parameters ({query, headers, params}, types coerced from
// strings, defaults filled in) and, per profile, one of the body ({body}, no coercion). The
// documented profile checks bodies against openapi.yaml as it is; the radix profile against the
// decode-only derivation below: the reference's JSON decoder is its only check before the RadixBatch
// CRD's (src/engine/radixBatchCrd.ts), so a body is checked for what Go's encoding/json refuses
// (types, integers that do not fit int32/int64) and nothing else.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const standaloneCode = require('ajv/dist/standalone').default;
const { _ } = require('ajv');
const { pathToRegexp } = require('path-to-regexp');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const VALIDATORS_PATH = resolve(root, 'src/api/generated/validators.ts');

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Formats request schemas may use: src/api/openapiFormats.ts implements them, with these types. */
const FORMATS = { int32: 'number', int64: 'number', float: 'number', double: 'number', byte: 'string', binary: 'string', password: 'string' };
/** The profiles whose request bodies differ: documented (openapi.yaml as is) and radix (decode-only). */
const PROFILES = ['documented', 'radix'];

// ---- the radix profile's request schemas: what Go's encoding/json checks ----

/** Keywords Go's decoder does not enforce. */
const CONSTRAINTS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'enum', 'const', 'pattern', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'required', 'minProperties', 'maxProperties']);
/** What fits the Go integer types (2^63 is exactly representable as a double). */
const GO_INTEGER_BOUNDS = {
  int32: { minimum: -2147483648, maximum: 2147483647 },
  int64: { minimum: -9223372036854775808, exclusiveMaximum: 9223372036854775808 },
};
/** The Job Manager's request bodies: the ones the reference decodes with encoding/json. */
const DECODED_BODIES = ['/api/v1/jobs', '/api/v1/batches'];

function refName(ref) {
  return typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined;
}

/** Names of the component schemas reachable from `node`. */
function reachable(node, schemas, into = new Set()) {
  if (Array.isArray(node)) for (const v of node) reachable(v, schemas, into);
  else if (node && typeof node === 'object') {
    const name = refName(node.$ref);
    if (name && !into.has(name)) {
      into.add(name);
      reachable(schemas[name], schemas, into);
    }
    for (const v of Object.values(node)) reachable(v, schemas, into);
  }
  return into;
}

/** A copy of `schema` with only the checks Go's decoder makes. */
function decodeOnly(schema) {
  if (Array.isArray(schema)) return schema.map(decodeOnly);
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (CONSTRAINTS.has(k)) continue;
    // `properties` holds names, not a schema to strip keywords from.
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, decodeOnly(s)])) : decodeOnly(v);
  }
  if (out.type === 'integer' && typeof out.format === 'string' && GO_INTEGER_BOUNDS[out.format]) Object.assign(out, GO_INTEGER_BOUNDS[out.format]);
  return out;
}

/** The component schemas as a profile's request validator sees them. */
function schemasFor(profile, doc) {
  const schemas = structuredClone(doc.components.schemas);
  if (profile === 'documented') return schemas;
  const names = new Set();
  for (const path of DECODED_BODIES) reachable(doc.paths[path]?.post?.requestBody, doc.components.schemas, names);
  for (const name of names) schemas[name] = decodeOnly(schemas[name]);
  return schemas;
}

// ---- schema hygiene: what the validator's schemas leave out ----

/** Drops documentation keywords (examples), which ajv would otherwise embed in the generated code. */
function withoutDocs(node) {
  if (Array.isArray(node)) return node.map(withoutDocs);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, withoutDocs(s)]));
    else if (k !== 'description' && k !== 'example' && k !== 'examples' && k !== 'title' && k !== 'deprecated') out[k] = withoutDocs(v);
  }
  return out;
}

function checkFormats(node, where) {
  if (Array.isArray(node)) return node.forEach((v) => checkFormats(v, where));
  if (!node || typeof node !== 'object') return;
  if (typeof node.format === 'string' && !(node.format in FORMATS)) {
    throw new Error(`${where}: format "${node.format}" has no implementation in src/api/openapiFormats.ts (add it there and to FORMATS in scripts/gen-validators.mjs)`);
  }
  for (const v of Object.values(node)) checkFormats(v, where);
}

// ---- operations ----

function dereferenceParameter(doc, p) {
  return p.$ref ? doc.components.parameters[p.$ref.replace(/^.+\//, '')] : p;
}

/** Express's route syntax for an OpenAPI path (`{jobName}` -> `:jobName`). */
function expressRoute(path) {
  return path.split(':').map((s) => s.replace(/\{([^}]+)}/g, ':$1')).join('\\:');
}

/** Static routes before dynamic ones (`/jobs/stop` before `/jobs/:jobName`), as they are matched. */
function byMatchOrder(a, b) {
  const e1 = a.express.replace(/\/:/g, '/~');
  const e2 = b.express.replace(/\/:/g, '/~');
  if (e1.startsWith(e2)) return -1;
  if (e2.startsWith(e1)) return 1;
  return e1 > e2 ? 1 : -1;
}

/** The parameters' schema: {query, headers, params} with each one's properties and required names. */
function parametersSchema(doc, parameters) {
  const parts = { query: {}, headers: {}, params: {}, cookies: {} };
  const where = { query: 'query', header: 'headers', path: 'params', cookie: 'cookies' };
  const query = [];
  for (const p of parameters) {
    const field = where[p.in];
    const name = p.in === 'header' ? p.name.toLowerCase() : p.name;
    parts[field].type ??= 'object';
    parts[field].properties ??= {};
    parts[field].properties[name] = withoutDocs(p.schema ?? {});
    if (p.required) (parts[field].required ??= []).push(name);
    if (p.in === 'query') {
      // A number's text is checked as written: the validator's coercion reads "2\n" as 2 (loose equality).
      const numeric = p.schema?.type === 'integer' || p.schema?.type === 'number' ? { numeric: p.schema.type } : {};
      query.push({ name, allowEmpty: p.allowEmptyValue === true, allowReserved: p.allowReserved === true, ...numeric });
    }
  }
  return { schema: { required: ['query', 'headers', 'params'], properties: { ...parts, body: {} } }, query };
}

function identifier(...parts) {
  return parts.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join('');
}

function ajvFor(coerceTypes) {
  const formats = Object.fromEntries(Object.entries(FORMATS).map(([name, type]) => [name, { type, validate: () => true }]));
  return new Ajv2020({
    strict: false,
    strictNumbers: true,
    strictTuples: true,
    allowUnionTypes: false,
    validateSchema: false,
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    formats,
    code: { source: true, esm: true, formats: _`openapiFormats` },
  });
}

/** The generated module's text. */
export function generateValidators(specText) {
  const doc = parse(specText);
  const routes = [];
  const operations = [];
  const params = ajvFor(true);
  const bodies = Object.fromEntries(PROFILES.map((p) => [p, ajvFor(false)]));
  const components = Object.fromEntries(PROFILES.map((p) => [p, withoutDocs(schemasFor(p, doc))]));
  const exports = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    const route = { express: expressRoute(path), path, methods: {} };
    for (const method of Object.keys(item)) {
      if (!HTTP_METHODS.includes(method)) continue;
      const op = item[method];
      const id = op.operationId;
      if (!id) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const parameters = [...(op.parameters ?? []), ...(item.parameters ?? [])].map((p) => dereferenceParameter(doc, p));
      const { schema, query } = parametersSchema(doc, parameters);
      checkFormats(schema, `${id} parameters`);
      const entry = { id, query, body: 'none' };
      if (parameters.length > 0) {
        params.addSchema(schema, `${id}.parameters`);
        exports[identifier(id, 'parameters')] = `${id}.parameters`;
        entry.parameters = identifier(id, 'parameters');
      }
      const content = op.requestBody?.content?.['application/json'];
      if (op.requestBody) {
        if (!content || Object.keys(op.requestBody.content).length !== 1) throw new Error(`${id}: only application/json request bodies are supported`);
        entry.body = op.requestBody.required === true ? 'required' : 'optional';
        entry.bodies = {};
        for (const profile of PROFILES) {
          const key = `${id}.body.${profile}`;
          // Only the component schemas the body refers to: the generated code holds no others.
          const used = [...reachable(content.schema, doc.components.schemas)].sort();
          const schema = { properties: { body: withoutDocs(content.schema ?? {}) }, components: { schemas: Object.fromEntries(used.map((n) => [n, components[profile][n]])) } };
          checkFormats(schema, `${id} body (${profile})`);
          bodies[profile].addSchema(schema, key);
          exports[identifier(id, 'body', profile)] = key;
          entry.bodies[profile] = identifier(id, 'body', profile);
        }
      }
      route.methods[method.toUpperCase()] = entry;
      operations.push(entry);
    }
    routes.push(route);
  }
  // Match order and each path's Allow list come from one sort of (path, method) pairs, static
  // segments first; a path's methods keep the order that sort leaves them in.
  const pairs = routes.flatMap((r) => Object.keys(r.methods).map((m) => ({ express: r.express, route: r, method: m })));
  pairs.sort(byMatchOrder);
  const ordered = [];
  const allow = new Map();
  for (const { route, method } of pairs) {
    if (!allow.has(route)) {
      allow.set(route, []);
      ordered.push(route);
    }
    allow.get(route).push(method);
  }

  const chunks = [];
  const moduleCode = (ajv, names) => {
    const code = standaloneCode(ajv, names).replace(/^"use strict";/, '');
    // ajv's ESM output still require()s its runtime helpers (CommonJS): the module defines require.
    return code;
  };
  const paramNames = Object.fromEntries(Object.entries(exports).filter(([, key]) => key.endsWith('.parameters')));
  chunks.push(moduleCode(params, paramNames));
  for (const profile of PROFILES) {
    const names = Object.fromEntries(Object.entries(exports).filter(([, key]) => key.endsWith(`.body.${profile}`)));
    chunks.push(moduleCode(bodies[profile], names));
  }
  // Each chunk's local names (validate0, schema0, ...) restart at 0: give every chunk its own scope.
  const scoped = chunks.map((code, i) => {
    const names = [...code.matchAll(/export const (\w+) = /g)].map((m) => m[1]);
    const body = code.replace(/export const (\w+) = /g, 'const $1 = ');
    return `const chunk${i} = (() => {${body}\nreturn { ${names.join(', ')} };})();\nexport const { ${names.join(', ')} } = chunk${i};`;
  });

  const table = ordered.map((r) => {
    const { regexp, keys } = pathToRegexp(r.express, { sensitive: false, strict: false });
    const methods = Object.entries(r.methods)
      .map(([m, e]) => {
        const fields = [`id: ${JSON.stringify(e.id)}`, `query: ${JSON.stringify(e.query)}`, `body: ${JSON.stringify(e.body)}`];
        if (e.parameters) fields.push(`parameters: ${e.parameters}`);
        if (e.bodies) fields.push(`bodies: { ${PROFILES.map((p) => `${p}: ${e.bodies[p]}`).join(', ')} }`);
        return `      ${m}: { ${fields.join(', ')} },`;
      })
      .join('\n');
    return `  {\n    path: ${JSON.stringify(r.path)},\n    pattern: ${regexp.toString()},\n    keys: ${JSON.stringify(keys.map((k) => k.name))},\n    allow: ${JSON.stringify(allow.get(r).join(', '))},\n    methods: {\n${methods}\n    },\n  },`;
  });

  return `${HEADER}import { createRequire } from 'node:module';
import { openapiFormats } from ${JSON.stringify('../openapiFormats.js')};
import type { OperationRoute } from ${JSON.stringify('../requestValidation.js')};

const require = createRequire(import.meta.url);

${scoped.join('\n\n')}

/** The API's paths in the order they are matched (static segments before parameters). */
export const ROUTES: OperationRoute[] = [
${table.join('\n')}
];
`;
}

const HEADER = `// @ts-nocheck -- generated, do not edit.
//
// Request validators for jobsim's HTTP API, compiled from openapi.yaml by ajv (standalone code) in
// scripts/gen-validators.mjs, and the route table they are matched with. Change openapi.yaml, then
// run \`npm run gen\`. \`npm run gen:check\` fails when this file is out of date.
/* eslint-disable */

`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(generateValidators(readFileSync(resolve(root, 'openapi.yaml'), 'utf8')));
}
