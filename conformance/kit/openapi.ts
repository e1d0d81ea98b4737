// The contract, read at run time from the openapi.yaml shipped with this package, and a check of one
// response (status declared, content type declared, body valid) against it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { parse } from 'yaml';

export const CONTRACT_PATH = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));
const COMPONENTS_ID = 'urn:jobsim:conformance:components';

type Json = Record<string, unknown>;
interface Media {
  schema?: Json;
}
interface ResponseObject {
  content?: Record<string, Media>;
}
interface Operation {
  responses: Record<string, ResponseObject | { $ref: string }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; responses?: Record<string, ResponseObject> };
}

export class Contract {
  readonly doc: Document;
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(path = CONTRACT_PATH) {
    this.doc = parse(readFileSync(path, 'utf8')) as Document;
    this.ajv = new Ajv2020({ allErrors: true, strict: false });
    ajvFormats.default(this.ajv);
    this.ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(this.doc.components.schemas) });
  }

  /** The path template matching a concrete path (literal segments beat parameters, leftmost first). */
  template(path: string): string | undefined {
    const clean = path.split('?')[0]!;
    if (clean in this.doc.paths) return clean;
    const segs = clean.split('/');
    let best: { t: string; score: string } | undefined;
    for (const t of Object.keys(this.doc.paths)) {
      const ts = t.split('/');
      if (ts.length !== segs.length) continue;
      let score = '';
      let ok = true;
      for (let i = 0; i < ts.length && ok; i++) {
        if (/^\{.+\}$/.test(ts[i]!)) {
          ok = segs[i] !== '';
          score += '0';
        } else if (ts[i] === segs[i]) score += '1';
        else ok = false;
      }
      if (ok && (!best || score > best.score)) best = { t, score };
    }
    return best?.t;
  }

  /**
   * Problems of one response against the contract (empty when it conforms). A path the contract does not
   * describe gives no problems: this only judges operations the contract declares. A 404 for a path whose
   * parameter holds an encoded `/` is not judged either: a server may decode it before routing (the
   * reference's gin router does), which makes it a request for a path no route serves, answered by the
   * router (gin: text/plain `404 page not found`).
   */
  problems(method: string, path: string, status: number, contentType: string, body: unknown, text: string, template?: string): string[] {
    if (status === 404 && /%2f/i.test(path)) return [];
    const t = template ?? this.template(new URL(path, 'http://x').pathname);
    if (!t) return [];
    const op = this.doc.paths[t]?.[method.toLowerCase()];
    if (!op) return [`${method} ${t} is not an operation of the contract, yet the server answered ${status}`];
    const code = String(status);
    const key = [code, `${code[0]}XX`, `${code[0]}xx`, 'default'].find((k) => k in op.responses);
    if (!key) return [`${method} ${t}: status ${status} is not declared (declared: ${Object.keys(op.responses).join(', ')})`];
    const response = this.deref(op.responses[key]!);
    const declared = Object.keys(response.content ?? {});
    if (declared.length === 0) return text.length > 0 ? [`${method} ${t} ${status}: the contract declares no body, got ${text.length} bytes`] : [];
    const media = contentType.split(';')[0]!.trim().toLowerCase();
    if (!declared.includes(media)) return [`${method} ${t} ${status}: content type "${contentType}" is not declared (declared: ${declared.join(', ')})`];
    const schema = response.content![media]!.schema;
    if (!schema || !/json$/.test(media)) return [];
    if (body === undefined && text.length > 0) return [`${method} ${t} ${status}: the body is not valid JSON`];
    const validate = this.validator(`${method} ${t} ${key} ${media}`, schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).slice(0, 8).map((e) => `${method} ${t} ${status}: body${e.instancePath || ''} ${e.message ?? e.keyword}${paramText(e.params)}`);
  }

  /** Whether the contract defines a schema of that name (components.schemas). */
  hasSchema(name: string): boolean {
    return name in this.doc.components.schemas;
  }

  /** Problems of a value against a named schema of the contract (empty when valid). */
  schemaProblems(name: string, value: unknown, label = 'body'): string[] {
    const validate = this.validator(`schema ${name}`, { $ref: `#/components/schemas/${name}` });
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, 8).map((e) => `${label}${e.instancePath || ''} ${e.message ?? e.keyword}${paramText(e.params)}`);
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let v = this.cache.get(key);
    if (!v) {
      v = this.ajv.compile(rewriteRefs(schema) as Json);
      this.cache.set(key, v);
    }
    return v;
  }

  private deref(obj: ResponseObject | { $ref: string }): ResponseObject {
    const ref = (obj as { $ref?: string }).$ref;
    if (!ref) return obj as ResponseObject;
    let cur: unknown = this.doc;
    for (const part of ref.replace(/^#\//, '').split('/')) cur = (cur as Json)[part];
    return this.deref(cur as ResponseObject);
  }
}

function paramText(params: unknown): string {
  const p = params as Record<string, unknown>;
  if ('additionalProperty' in p) return `: ${String(p.additionalProperty)}`;
  if ('allowedValues' in p) return `: ${JSON.stringify(p.allowedValues)}`;
  if ('missingProperty' in p) return ''; // the message names it
  return '';
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) out[k] = `${COMPONENTS_ID}#/$defs/${v.slice(21)}`;
      else if (k === 'example' || k === 'examples') out[k] = v;
      else out[k] = rewriteRefs(v);
    }
    return out;
  }
  return value;
}
