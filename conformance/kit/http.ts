// HTTP for the kit: Node's fetch with a timeout per request, extra headers, and a record of every
// exchange (so a failure can show what was sent and what came back).
import type { Exchange } from './types.js';

export interface Response<T = unknown> {
  ex: Exchange;
  status: number;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: T;
  text: string;
  headers: Headers;
}

export interface ClientOptions {
  baseUrl: string;
  headers?: Record<string, string>;
  requestTimeoutMs?: number;
  signal?: AbortSignal;
  /** Called for every response (the schema check listens here). */
  onResponse?: (ex: Exchange, body: unknown, pathTemplate: string | undefined) => void;
}

const REPORT_BODY_LIMIT = 4000;

/**
 * Largest answer the kit reads (64 MiB): a server answering without end, or with a body of
 * hundreds of MB, must not take the kit's memory (50 MB of JSON numbers took 3 GB to parse).
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** The body as text, refused past `limit` bytes (announced or read). */
async function boundedText(res: globalThis.Response, limit: number): Promise<string> {
  const announced = Number(res.headers.get('content-length'));
  if (announced > limit) throw new Error(`the answer is ${announced} bytes, more than the kit reads (${limit})`);
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new Error(`the answer is more than ${limit} bytes, more than the kit reads`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class Client {
  readonly baseUrl: string;
  private readonly opts: ClientOptions;
  /** Number of requests made through this client. */
  count = 0;
  /** The most recent exchanges (newest last). */
  readonly recent: Exchange[] = [];

  constructor(opts: ClientOptions) {
    this.opts = opts;
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
  }

  /** A client sharing this one's settings, with its own abort signal and records. */
  derive(overrides: Partial<ClientOptions>): Client {
    return new Client({ ...this.opts, ...overrides });
  }

  /**
   * Sends `method path`. `body` is sent as JSON unless `raw` text is given. `template` names the path in
   * openapi.yaml when the concrete path is ambiguous (e.g. a job called "stop").
   */
  async request<T = unknown>(method: string, path: string, init: { body?: unknown; raw?: string; contentType?: string; template?: string } = {}): Promise<Response<T>> {
    const url = this.baseUrl + path;
    const headers: Record<string, string> = { accept: 'application/json', ...this.opts.headers };
    let payload: string | undefined;
    if (init.raw !== undefined) payload = init.raw;
    else if (init.body !== undefined) payload = JSON.stringify(init.body);
    if (payload !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    const timeout = AbortSignal.timeout(this.opts.requestTimeoutMs ?? 10_000);
    const signal = this.opts.signal ? AbortSignal.any([this.opts.signal, timeout]) : timeout;
    const started = performance.now();
    this.count++;
    let res: globalThis.Response;
    let text: string;
    try {
      res = await fetch(url, { method, headers, body: payload, signal, redirect: 'manual' });
      text = await boundedText(res, MAX_RESPONSE_BYTES);
    } catch (err) {
      const reason = timeout.aborted ? `no response within ${this.opts.requestTimeoutMs ?? 10_000} ms` : err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      throw new HttpError(`${method} ${url}: ${reason}`, { method, url, ...(payload !== undefined ? { requestBody: payload } : {}) });
    }
    const contentType = res.headers.get('content-type') ?? '';
    const ex: Exchange = {
      method,
      url,
      ...(payload !== undefined ? { requestBody: truncate(payload) } : {}),
      status: res.status,
      contentType,
      responseBody: truncate(text),
      ms: Math.round(performance.now() - started),
    };
    let body: unknown = undefined;
    if (/json/i.test(contentType) && text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    this.recent.push(ex);
    if (this.recent.length > 20) this.recent.shift();
    this.opts.onResponse?.(ex, body, init.template);
    return { ex, status: res.status, body: body as T, text, headers: res.headers };
  }
}

/** The server could not be reached or did not answer in time. */
export class HttpError extends Error {
  readonly request: { method: string; url: string; requestBody?: string };
  constructor(message: string, request: { method: string; url: string; requestBody?: string }) {
    super(message);
    this.name = 'HttpError';
    this.request = request;
  }
}

function truncate(s: string): string {
  return s.length > REPORT_BODY_LIMIT ? `${s.slice(0, REPORT_BODY_LIMIT)}... (${s.length} chars)` : s;
}
