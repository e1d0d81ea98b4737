// Receives a Job Manager's webhook events (notifications.webhook) on a loopback port and keeps
// them, in arrival order, with the time they arrived.
import { createServer, type Server } from 'node:http';

export interface ReceivedEvent {
  /** Wall-clock ms of arrival. */
  at: number;
  body: unknown;
}

export class WebhookReceiver {
  readonly events: ReceivedEvent[] = [];
  private server: Server | undefined;

  constructor(readonly port: number, readonly host = '127.0.0.1') {}

  /** The URL to configure as the component's webhook. */
  get url(): string {
    return `http://${this.host}:${this.port}/hook`;
  }

  start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // kept as text: a malformed body is itself a finding
        }
        this.events.push({ at: Date.now(), body });
        res.writeHead(200).end();
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  /** Events about one batch (the batch's `name`), in arrival order. */
  about(batch: string): ReceivedEvent[] {
    return this.events.filter((e) => (e.body as { name?: string } | null)?.name === batch);
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export { freePort } from '../../support/net.js';
