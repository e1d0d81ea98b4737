// The kit's webhook receiver (`--webhook-listen HOST:PORT`): an HTTP server that records every POST it
// gets (arrival order, the X-Jobsim-Event-Id header when present, the raw and parsed body) and answers
// 200 at once, so the sender is never slowed or made to retry by the kit.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  /** Arrival order (0, 1, ...). */
  seq: number;
  /** Wall time of arrival, ms. */
  at: number;
  method: string;
  path: string;
  contentType: string;
  /** The X-Jobsim-Event-Id header, when the sender sets it. */
  eventId?: string;
  raw: string;
  /** The parsed JSON body (undefined when it is not JSON). */
  body: unknown;
}

/** Parses `HOST:PORT` (`[::1]:8088` for IPv6; port 0 = any free port). */
export function parseListen(spec: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(spec.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new Error(`--webhook-listen "${spec}" is not HOST:PORT (e.g. 127.0.0.1:8088)`);
  return { host: (m[1] ?? m[2])!, port };
}

export class WebhookReceiver {
  readonly events: ReceivedEvent[] = [];
  private waiters = new Set<() => void>();
  private constructor(
    private readonly server: Server,
    /** The address the receiver listens on, e.g. http://127.0.0.1:8088/ */
    readonly url: string,
  ) {}

  static async start(listen: string): Promise<WebhookReceiver> {
    const { host, port } = parseListen(listen);
    let receiver: WebhookReceiver | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('error', () => res.destroy());
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (req.method !== 'POST') {
          res.writeHead(405, { allow: 'POST' }).end();
          return;
        }
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          body = undefined;
        }
        const id = req.headers['x-jobsim-event-id'];
        receiver?.record({
          at: Date.now(),
          method: req.method,
          path: req.url ?? '/',
          contentType: String(req.headers['content-type'] ?? ''),
          ...(typeof id === 'string' ? { eventId: id } : {}),
          raw,
          body,
        });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const addr = server.address() as AddressInfo;
    const shownHost = addr.family === 'IPv6' || host.includes(':') ? `[${addr.address}]` : host;
    receiver = new WebhookReceiver(server, `http://${shownHost}:${addr.port}/`);
    return receiver;
  }

  private record(e: Omit<ReceivedEvent, 'seq'>): void {
    this.events.push({ seq: this.events.length, ...e });
    for (const w of [...this.waiters]) w();
  }

  /** Resolves true as soon as `done()` holds, false after `timeoutMs` (or when `signal` aborts). */
  waitFor(done: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (v: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        signal?.removeEventListener('abort', onAbort);
        resolve(v);
      };
      const check = () => {
        if (done()) finish(true);
      };
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(done()), timeoutMs);
      this.waiters.add(check);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
