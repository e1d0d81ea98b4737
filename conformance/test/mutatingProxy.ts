// A deliberately broken server: a proxy in front of a correct jobsim that rewrites requests or
// responses, so the self-test can show each check catches the fault it is meant for.
import { createServer, type IncomingMessage } from 'node:http';
import { closeServer, listen, type Running } from '../../test/support/net.js';

export interface ProxyRequest {
  method: string;
  path: string;
  body: unknown;
  raw: string;
}
export interface ProxyResponse {
  status: number;
  body: unknown;
}
export interface Breaker {
  /** Answer directly (return a response), or forward the (possibly changed) request body. */
  request?(req: ProxyRequest): ProxyResponse | { forward: unknown } | undefined;
  /** Change the upstream response. */
  response?(req: ProxyRequest, res: ProxyResponse, upstream: string): ProxyResponse | Promise<ProxyResponse>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startMutatingProxy(upstream: string, breaker: Breaker): Promise<Running> {
  const server = createServer(async (req, res) => {
    try {
      const raw = await readBody(req);
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      const preq: ProxyRequest = { method: req.method ?? 'GET', path: req.url ?? '/', body, raw };
      const decided = breaker.request?.(preq);
      let out: ProxyResponse;
      if (decided && 'status' in decided) out = decided;
      else {
        const payload = decided && 'forward' in decided ? JSON.stringify(decided.forward) : raw;
        const up = await fetch(upstream + preq.path, {
          method: preq.method,
          headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
          ...(payload && preq.method !== 'GET' && preq.method !== 'HEAD' ? { body: payload } : {}),
        });
        const text = await up.text();
        let upBody: unknown;
        try {
          upBody = text ? JSON.parse(text) : undefined;
        } catch {
          upBody = text;
        }
        out = breaker.response ? await breaker.response(preq, { status: up.status, body: upBody }, upstream) : { status: up.status, body: upBody };
      }
      res.writeHead(out.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(out.body === undefined ? '' : JSON.stringify(out.body));
    } catch (err) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(err));
    }
  });
  const baseUrl = await listen(server);
  return { baseUrl, close: () => closeServer(server) };
}
