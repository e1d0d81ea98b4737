// A real HTTP receiver on 127.0.0.1 that is down, then slow, then up: every event arrives, in
// order, exactly once, and the API never waits for it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookDelivery, WebhookSink } from '../../src/engine/notifications.js';
import { WebhookSender } from '../../src/runtime/webhookSender.js';
import { startEngine } from './engineHarness.js';

interface Received {
  id: string;
  batch: string;
  event: string;
}

class Tee implements WebhookSink {
  readonly sent: { id: number; d: WebhookDelivery }[] = [];
  constructor(private readonly next: WebhookSink) {}
  deliver(d: WebhookDelivery): void {
    this.sent.push({ id: this.sent.length, d });
    this.next.deliver(d);
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function receiver(port: number, delayMs: () => number, received: Received[]): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { name: string; event: string };
      setTimeout(() => {
        received.push({ id: String(req.headers['x-jobsim-event-id']), batch: body.name, event: body.event });
        res.writeHead(200).end();
      }, delayMs());
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

describe('webhook delivery over HTTP', () => {
  it('receiver down, then slow, then up: every event arrives in order, once; the API is never slowed', async () => {
    const port = await freePort();
    const sender = new WebhookSender({ timeoutMs: 2000, baseDelayMs: 50, maxDelayMs: 200, maxAttempts: 1000 });
    const tee = new Tee(sender);
    const engine = await startEngine({ profile: 'radix', webhooks: tee, components: [{ notifications: { webhook: `http://127.0.0.1:${port}/hook` } }] });
    cleanup.push(() => engine.stop(), () => sender.close());
    const received: Received[] = [];
    const apiTimes: number[] = [];
    const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const out = await fn();
      apiTimes.push(performance.now() - t0);
      return out;
    };

    await engine.http.get('/api/v1/jobs'); // warm-up: the request validator loads openapi.yaml on first use

    // Down: nothing listens on the port.
    const b1 = await timed(() => engine.http.post('/api/v1/batches').send({ jobScheduleDescriptions: [{}, { variables: { WORKLOAD_EXIT_CODE: '1' } }] }));
    const j1 = await timed(() => engine.http.post('/api/v1/jobs').send({}));
    await engine.advance(2);
    await sleep(300);
    expect(received).toEqual([]);
    expect(sender.stats.retries).toBeGreaterThan(0);

    // Slow: each answer takes 250 ms.
    let delay = 250;
    const server = await receiver(port, () => delay, received);
    cleanup.push(() => server.close());
    const b2 = await timed(() => engine.http.post('/api/v1/batches').send({ jobScheduleDescriptions: [{}, {}, {}] }));
    await engine.idle();
    await timed(() => engine.http.get('/api/v1/batches'));
    await timed(() => engine.http.delete(`/api/v1/batches/${b1.body.name}`));
    await engine.advance(1);

    // Up: answers at once.
    await sleep(500);
    delay = 0;
    await Promise.race([sender.whenIdle(), sleep(20_000)]);

    expect(sender.stats).toMatchObject({ dropped: 0, queued: 0 });
    expect(received.length).toBe(tee.sent.length);
    expect(new Set(received.map((r) => r.id)).size).toBe(received.length);
    for (const batch of [b1.body.name, b2.body.name, j1.body.name.replace(/-[^-]+$/, '')]) {
      const sent = tee.sent.filter((s) => s.d.batch === batch).map((s) => s.d.event.event);
      const got = received.filter((r) => r.batch === batch).map((r) => r.event);
      expect(got, batch).toEqual(sent);
      expect(sent[0]).toBe('Create');
    }
    expect(received.filter((r) => r.batch === b1.body.name).at(-1)!.event).toBe('Delete');
    // The API answered while the receiver was down or slow, well under the receiver's delay.
    expect(Math.max(...apiTimes)).toBeLessThan(250);
  }, 30_000);

  it('gives up after maxAttempts, logs and counts the dropped event, and carries on with the next', async () => {
    const port = await freePort();
    const logged: string[] = [];
    const log = { warn: () => undefined, error: (_o: object, msg: string) => void logged.push(msg) };
    const sender = new WebhookSender({ timeoutMs: 200, baseDelayMs: 10, maxDelayMs: 20, maxAttempts: 3, log });
    cleanup.push(() => sender.close());
    const event = (name: string) => ({ url: `http://127.0.0.1:${port}/`, component: 'c', batch: 'b', event: { name, event: 'Update' } as never });
    sender.deliver(event('first'));
    await sender.whenIdle();
    expect(sender.stats).toMatchObject({ dropped: 1, delivered: 0, retries: 2 });
    expect(logged[0]).toMatch(/webhook event dropped: .*after 3 attempt/);
    const received: Received[] = [];
    const server = await receiver(port, () => 0, received);
    cleanup.push(() => server.close());
    sender.deliver(event('second'));
    await sender.whenIdle();
    expect(received.map((r) => r.batch)).toEqual(['second']);
  });

  it('a receiver slower than the timeout is retried, and the event id lets it recognise the repeat', async () => {
    const port = await freePort();
    const received: Received[] = [];
    let delay = 400;
    const server = await receiver(port, () => delay, received);
    cleanup.push(() => server.close());
    const sender = new WebhookSender({ timeoutMs: 100, baseDelayMs: 10, maxDelayMs: 20, maxAttempts: 10 });
    cleanup.push(() => sender.close());
    sender.deliver({ url: `http://127.0.0.1:${port}/`, component: 'c', batch: 'b', event: { name: 'x', event: 'Create' } as never });
    await sleep(150);
    delay = 0;
    await sender.whenIdle();
    expect(sender.stats.delivered).toBe(1);
    expect(sender.stats.retries).toBeGreaterThanOrEqual(1);
    expect(new Set(received.map((r) => r.id)).size).toBe(1);
  });
});

describe('webhook delivery limits', () => {
  it('keeps at most maxConcurrent requests in flight across batches, each batch in order', async () => {
    const port = await freePort();
    let inFlight = 0;
    let peak = 0;
    const seen: string[] = [];
    const server = createServer((req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        setTimeout(() => {
          seen.push(JSON.parse(Buffer.concat(chunks).toString()).name as string);
          inFlight--;
          res.writeHead(204).end();
        }, 20);
      });
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    cleanup.push(() => server.close());
    const sender = new WebhookSender({ maxConcurrent: 3 });
    cleanup.push(() => sender.close());
    for (let b = 0; b < 10; b++) for (let i = 0; i < 3; i++) sender.deliver({ url: `http://127.0.0.1:${port}/`, component: 'c', batch: `b${b}`, event: { name: `b${b}:${i}`, event: 'Update' } as never });
    await sender.whenIdle();
    expect(sender.stats).toMatchObject({ delivered: 30, dropped: 0 });
    expect(peak).toBeLessThanOrEqual(3);
    for (let b = 0; b < 10; b++) expect(seen.filter((s) => s.startsWith(`b${b}:`))).toEqual([`b${b}:0`, `b${b}:1`, `b${b}:2`]);
  });
});
