// Checks each request against openapi.yaml with the validators compiled from it at generation time
// (src/api/generated/validators.ts, scripts/gen-validators.mjs): the path must name an operation
// (404, or 405 with an Allow header), query parameters must be known, non-empty and URL-encoded, the
// parameters and the body must match their schemas. The errors it passes on are read by
// errorBody.ts, which shapes them; their paths and messages are the ones requests have always been
// answered with (ajv's messages, `/query/x`, `/body/a/b`).
import type { Request, RequestHandler } from 'express';
import { parse as parseQuery } from 'qs';
import type { Profile } from '../engine/profile.js';
import { ROUTES } from './generated/validators.js';

/** A compiled ajv validator (standalone code). */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

export interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface QueryParameter {
  name: string;
  allowEmpty: boolean;
  allowReserved: boolean;
  /** A number parameter: its text must be one as JSON writes it (no spaces around it). */
  numeric?: 'integer' | 'number';
}

const INTEGER_TEXT = /^-?\d+$/;
const NUMBER_TEXT = /^-?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/;

export interface Operation {
  id: string;
  query: QueryParameter[];
  /** Whether the operation takes a body, and whether it must have one. */
  body: 'none' | 'optional' | 'required';
  /** Checks {query, headers, params}; absent when the operation has no parameters. */
  parameters?: CompiledValidator;
  /** Checks {body}, per request schema (the radix profile's checks only what Go's decoder does). */
  bodies?: { documented: CompiledValidator; radix: CompiledValidator };
}

export interface OperationRoute {
  path: string;
  pattern: RegExp;
  keys: string[];
  /** The path's methods, for a 405's Allow header. */
  allow: string;
  methods: Record<string, Operation>;
}

/** An error for errorBody.ts: an HTTP status and the failed checks, as `{path, message}`. */
export class RequestRejected extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: { path: string; message: string }[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

function rejected(status: number, path: string, message: string, headers?: Record<string, string>): RequestRejected {
  return new RequestRejected(status, message, [{ path, message }], headers);
}

const RESERVED = /[:/?#[\]@!$&'()*+,;=]/;

/** The query string's values as sent (not decoded), by name. */
function rawQuery(url: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const i = url.indexOf('?');
  if (i === -1) return out;
  // As url.parse reads it (up to a '#'), then without its first '?'.
  const qs = url.slice(i + 1).split('#', 1)[0]!.replace('?', '');
  if (qs === '') return out;
  for (const pair of qs.split('&')) {
    const [k = '', v] = pair.split('=');
    const values = out.get(k) ?? [];
    values.push(v as string);
    out.set(k, values);
  }
  return out;
}

/** `a[b]=1` names parameter `a` (no parameter of the API has a bracket in its name). */
function bracketsAsObjects(query: Record<string, unknown>): void {
  for (const key of Object.keys(query)) {
    if (!key.includes('[')) continue;
    const name = key.split('[')[0]!;
    const parsed = parseQuery(`${key}=${String(query[key])}`) as Record<string, unknown>;
    const value = parsed[name];
    if (value !== undefined) {
      const current = query[name];
      query[name] =
        current && typeof current === 'object' && typeof value === 'object' && !Array.isArray(value) ? { ...(current as object), ...(value as object) } : value;
    }
    delete query[key];
  }
}

/** The enum message names the allowed values. */
function messageOf(e: AjvError): string {
  const allowed = e.keyword === 'enum' ? (e.params.allowedValues as unknown[] | undefined) : undefined;
  return allowed ? `${e.message}: ${allowed.join(', ')}` : (e.message ?? 'invalid');
}

function pathOf(e: AjvError): string {
  const p = e.params;
  if (p.missingProperty !== undefined) return `${e.instancePath}/${String(p.missingProperty)}`;
  if (p.additionalProperty !== undefined) return `${e.instancePath}/${String(p.additionalProperty)}`;
  if (p.unevaluatedProperty !== undefined) return `${e.instancePath}/${String(p.unevaluatedProperty)}`;
  return e.instancePath;
}

/**
 * What the API would answer a request body of operation `operationId` with (`createBatch`,
 * `createJob`): its failed checks as `{path, message}` (paths like `/body/a/b`), none when valid.
 * For callers that post without HTTP (a simulation's traffic) and must refuse what a client would.
 */
export function bodyErrors(operationId: string, body: unknown, schema: 'documented' | 'radix'): { path: string; message: string }[] {
  for (const route of ROUTES) {
    for (const op of Object.values(route.methods)) {
      if (op.id !== operationId) continue;
      const check = op.bodies?.[schema];
      if (!check || check({ body })) return [];
      return (check.errors ?? []).map((e) => ({ path: pathOf(e), message: messageOf(e) }));
    }
  }
  throw new Error(`no operation ${operationId} in openapi.yaml`);
}

/** Finds the operation for a path; throws 404, 405 or 400 (an escape that does not decode). */
function lookup(req: Request): { op: Operation; params: Record<string, string> } {
  const path = req.originalUrl.split('?')[0]!;
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    // The parameters decode before the method is looked at: a malformed escape is 400 whatever the method.
    const params: Record<string, string> = {};
    try {
      route.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1]!)));
    } catch {
      throw rejected(400, req.path, "malformed uri'");
    }
    const op = route.methods[req.method];
    if (!op) throw rejected(405, req.path, `${req.method} method not allowed`, { Allow: route.allow });
    return { op, params };
  }
  throw rejected(404, req.path, 'not found');
}

/** Validates one request: throws a RequestRejected, or leaves req.query coerced and defaulted. */
export function validateRequest(req: Request, schema: 'documented' | 'radix'): void {
  const { op, params } = lookup(req);
  // With no body (the body parser removed the content type) an operation that needs one cannot run.
  const hasBody = req.headers['content-type'] !== undefined;
  if (!hasBody && op.body === 'required') throw new RequestRejected(415, 'unsupported media type undefined', [{ path: req.path, message: 'unsupported media type undefined' }]);

  // The parameters' validator coerces and fills in defaults in place: the handlers read the result.
  // (Without a '?' there is nothing to parse: Express's req.query getter parses the URL on each read.)
  const query = (req.originalUrl.includes('?') ? req.query : {}) as Record<string, unknown>;
  // (Express parses req.query on every read: keep the object the checks coerce, when there is one.)
  if (op.query.length > 0 || Object.keys(query).length > 0) {
    Object.defineProperty(req, 'query', { writable: true, configurable: true, enumerable: true, value: query });
    bracketsAsObjects(query);
  }
  if (op.query.length > 0) {
    const raw = rawQuery(req.originalUrl);
    for (const p of op.query) {
      if (p.allowReserved) continue;
      for (const v of raw.get(p.name) ?? []) {
        if (v?.match(RESERVED)) throw rejected(400, `/query/${p.name}`, `Parameter '${p.name}' must be url encoded. Its value may not contain reserved characters.`);
      }
    }
  }
  for (const key of Object.keys(query)) {
    const known = op.query.find((p) => p.name === key);
    if (!known) throw rejected(400, `/query/${key}`, `Unknown query parameter '${key}'`);
    if (!known.allowEmpty && query[key] === '') throw rejected(400, `/query/${key}`, `Empty value found for query parameter '${key}'`);
    // Before the validator coerces it, which takes "2\n" or " 2" for 2.
    const text = query[key];
    if (known.numeric && typeof text === 'string' && !(known.numeric === 'integer' ? INTEGER_TEXT : NUMBER_TEXT).test(text)) {
      throw rejected(400, `/query/${key}`, `must be ${known.numeric}`);
    }
  }

  const errors: AjvError[] = [];
  if (op.parameters && !op.parameters({ query, headers: req.headers, params, body: req.body })) errors.push(...(op.parameters.errors ?? []));
  const body = hasBody ? op.bodies?.[schema] : undefined;
  if (body && !body({ body: req.body })) errors.push(...(body.errors ?? []));
  if (errors.length > 0) {
    throw new RequestRejected(
      400,
      'request is invalid',
      errors.map((e) => ({ path: pathOf(e), message: messageOf(e) })),
    );
  }
}

export interface RequestValidationOptions {
  profile: Profile;
  /** Paths to leave to the routes (e.g. /sim/ when the simulator's API is not served). */
  ignore?: RegExp;
  /** Only these requests are checked (the others pass through). */
  only?: (req: Request) => boolean;
}

export function requestValidation(opts: RequestValidationOptions): RequestHandler {
  const schema = opts.profile.rangeChecks === 'request-schema' ? 'documented' : 'radix';
  return (req, _res, next) => {
    if (opts.ignore?.test(req.path) || (opts.only && !opts.only(req))) return next();
    try {
      validateRequest(req, schema);
    } catch (err) {
      return next(err);
    }
    next();
  };
}
