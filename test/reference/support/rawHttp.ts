// HTTP exchanges with the path sent byte for byte (fetch and supertest normalise `//`, `%2F` and
// dot segments, which are among the things compared), over node:http with a timeout.
import { request as httpRequest } from 'node:http';

export interface Exchange {
  status: number;
  /** The Content-Type header as sent ('' when absent). */
  contentType: string;
  location: string | undefined;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** Milliseconds from the request to the end of the answer. */
  ms: number;
}

export interface SendOptions {
  body?: string | Buffer;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export function send(base: string, method: string, path: string, opts: SendOptions = {}): Promise<Exchange> {
  const url = new URL(base);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, 'utf8');
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...opts.headers },
        timeout: opts.timeoutMs ?? 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            location: res.headers.location,
            text,
            json,
            ms: performance.now() - started,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${opts.timeoutMs ?? 60_000} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
