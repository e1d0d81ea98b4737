// The simulator's receiverDown fault against the Job Manager's webhook sender: a real receiver on
// 127.0.0.1 that the fault makes unreachable; the sender's backoff runs on the virtual clock (manual).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookDelivery, WebhookSink } from '../../src/engine/notifications.js';
import { WebhookSender, type SenderEnvironment } from '../../src/runtime/webhookSender.js';
import type { SimConfig } from '../../src/sim/config.js';
import { EXACT, startEngine } from './engineHarness.js';

interface Received {
  id: string;
  batch: string;
  event: string;
}

/** Records what the engine hands the sender; forwards `attach` so the runtime wires the sender to the simulator. */
class Tee implements WebhookSink {
  readonly sent: WebhookDelivery[] = [];
  constructor(private readonly next: WebhookSender) {}
  deliver(d: WebhookDelivery): void {
    this.sent.push(d);
    this.next.deliver(d);
  }
  attach(env: SenderEnvironment | undefined): void {
    this.next.attach(env);
  }
}

async function receiver(received: Received[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { name: string; event: string };
      received.push({ id: String(req.headers['x-jobsim-event-id']), batch: body.name, event: body.event });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.reverse()) c();
  cleanup = [];
});

async function setUp(log?: { warn(): void; error(o: object, msg: string): void }, sim?: Partial<SimConfig>) {
  const received: Received[] = [];
  const { server, url } = await receiver(received);
  // The sender's defaults: 0.5 s doubling, 10 attempts.
  const sender = new WebhookSender({ ...(log ? { log } : {}) });
  const tee = new Tee(sender);
  const engine = await startEngine({ webhooks: tee, components: [{ notifications: { webhook: url } }], ...(sim ? { sim } : {}) });
  cleanup.push(
    () => server.close(),
    () => sender.close(),
    () => engine.stop(),
  );
  const refusals = () => engine.runtime.sim.log.events().filter((e) => e.type === 'FaultEffect' && e.message === 'ReceiverDown');
  /** Waits (wall clock) until no delivery is on the wire: what remains waits on the virtual clock. */
  const settle = async () => {
    for (let i = 0; i < 800 && sender.inFlightRequests > 0; i++) await sleep(5);
  };
  return { received, url, sender, tee, engine, refusals, settle };
}

describe('receiverDown against webhook delivery', () => {
  it('down for 20 s, then up: events are refused and retried with backoff, then delivered in order, once each', async () => {
    const { received, sender, tee, engine, refusals, settle } = await setUp();
    const fault = await engine.http.post('/sim/v1/faults').send({ type: 'receiverDown', url: 'http://127.0.0.1:*/hook', durationSeconds: 20 });
    expect(fault.status).toBe(200);
    const b1 = await engine.http.post('/api/v1/batches').send({ jobScheduleDescriptions: [{ variables: { WORKLOAD_SECONDS: '3' } }, { variables: { WORKLOAD_SECONDS: '6' } }] });
    const j1 = await engine.http.post('/api/v1/jobs').send({ variables: { WORKLOAD_SECONDS: '4' } });
    await engine.advance(19);
    await settle();
    // Nothing got through; every batch's first event was refused at 0, 0.5, 1.5, 3.5, 7.5 and 15.5 s.
    expect(received).toEqual([]);
    expect(sender.stats).toMatchObject({ delivered: 0, dropped: 0 });
    const start = engine.runtime.sim.config.startTime;
    const first = refusals().filter((e) => e.data?.request === refusals()[0]!.data?.request);
    expect(first.map((e) => [(Date.parse(e.at) - start) / 1000, e.data?.attempt])).toEqual([
      [0, 1],
      [0, 2],
      [1, 3],
      [3, 4],
      [7, 5],
      [15, 6],
    ]);
    expect(first[0]!.data).toMatchObject({ type: 'receiverDown', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/hook$/), answer: 'ECONNREFUSED' });
    expect(sender.stats.retries).toBe(refusals().length);

    // The fault ends at 20 s; the retries due at 31.5 s go through, and the rest follows.
    await engine.advance(1);
    expect(engine.runtime.sim.log.events().filter((e) => e.type === 'FaultRecovered')).toHaveLength(1);
    await engine.advance(15);
    await settle();
    await engine.idle();
    await engine.advance(60);
    await settle();
    expect(sender.stats).toMatchObject({ dropped: 0, queued: 0, delivered: tee.sent.length });
    expect(received).toHaveLength(tee.sent.length);
    expect(new Set(received.map((r) => r.id)).size).toBe(received.length);
    for (const batch of [b1.body.name, j1.body.name.replace(/-[^-]+$/, '')]) {
      const sent = tee.sent.filter((s) => s.batch === batch).map((s) => s.event.event);
      expect(received.filter((r) => r.batch === batch).map((r) => r.event), batch).toEqual(sent);
      expect(sent[0]).toBe('Create');
      expect(sent.at(-1)).toBe('Update');
    }
  }, 30_000);

  it('a long outage: each event is dropped after 10 attempts (183.5 s), logged and counted; after DELETE the rest is delivered', async () => {
    const errors: string[] = [];
    const { received, sender, tee, engine, refusals, settle } = await setUp({ warn: () => undefined, error: (_o, msg) => void errors.push(msg) });
    await engine.http.post('/sim/v1/faults').send({ type: 'receiverDown' });
    const job = await engine.http.post('/api/v1/jobs').send({ variables: { WORKLOAD_SECONDS: '2' } });
    // The Create goes out at 0 s; its last attempt is at 183.5 s.
    await engine.advance(183);
    expect(tee.sent.length).toBeGreaterThanOrEqual(2);
    expect(sender.stats.dropped).toBe(0);
    await engine.advance(1);
    expect(sender.stats.dropped).toBe(1);
    expect(errors).toEqual([expect.stringMatching(/^webhook event dropped: connect ECONNREFUSED \(fault-1: receiver down\) after 10 attempt\(s\)$/)]);
    const firstId = refusals()[0]!.data?.request;
    expect(refusals().filter((e) => e.data?.request === firstId).map((e) => e.data?.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The next event of the batch started its attempts when the first was dropped.
    await engine.advance(200);
    expect(sender.stats.dropped).toBe(2);
    expect(received).toEqual([]);

    const del = await engine.http.delete('/sim/v1/faults/fault-1');
    expect(del.body).toMatchObject({ state: 'ended', hits: refusals().length });
    await engine.advance(60);
    await settle();
    expect(sender.stats).toMatchObject({ queued: 0, dropped: 2, delivered: tee.sent.length - 2 });
    const batch = job.body.name.replace(/-[^-]+$/, '');
    expect(received.map((r) => r.event)).toEqual(tee.sent.filter((s) => s.batch === batch).slice(2).map((s) => s.event.event));
  }, 30_000);

  it('status: the receiver answers it; a retryable status is retried, a 4xx such as 404 drops the event at once', async () => {
    const { received, sender, engine, refusals, settle } = await setUp();
    await engine.http.post('/sim/v1/faults').send({ type: 'receiverDown', status: 404, count: 1 });
    await engine.http.post('/api/v1/jobs').send({});
    await engine.advance(0);
    expect(sender.stats).toMatchObject({ dropped: 1, retries: 0 });
    expect(refusals().map((e) => e.data?.answer)).toEqual([404]);
    await engine.http.post('/sim/v1/faults').send({ type: 'receiverDown', status: 503, durationSeconds: 1 });
    await engine.idle();
    await engine.advance(5);
    await settle();
    expect(refusals().slice(1).map((e) => e.data?.answer)).toEqual([503, 503]);
    expect(sender.stats).toMatchObject({ queued: 0, dropped: 1 });
    expect(received.length).toBe(sender.stats.delivered);
    expect(received.length).toBeGreaterThan(0);
  }, 30_000);

  it('only matching URLs are refused', async () => {
    const { received, sender, engine, refusals, settle } = await setUp();
    await engine.http.post('/sim/v1/faults').send({ type: 'receiverDown', url: 'https://elsewhere.example.com/*' });
    await engine.http.post('/api/v1/jobs').send({});
    await engine.idle();
    await settle();
    expect(refusals()).toEqual([]);
    expect(sender.stats.retries).toBe(0);
    expect(received.length).toBeGreaterThan(0);
  });

  it('the same requests under the manual clock give the same log', async () => {
    const run = async () => {
      // Exact times (latency off): the first events fall at 0 s, on the wire during the settle
      // below, and the later ones inside the fault (2-42 s). With latency, the Running event at
      // ~1.05 s is on the wire (real time) while the virtual clock runs past the whole fault.
      const { engine, settle } = await setUp(undefined, EXACT);
      await engine.http.post('/sim/v1/faults').send({ type: 'receiverDown', at: 2, durationSeconds: 40 });
      await engine.http.post('/api/v1/batches').send({ jobScheduleDescriptions: [{ variables: { WORKLOAD_SECONDS: '3' } }, { variables: { WORKLOAD_EXIT_CODE: '2' } }] });
      await engine.advance(1);
      await settle();
      await engine.advance(100);
      await settle();
      // The whole log, but for the receiver's port (a new one each run).
      const lines = engine.runtime.sim.log.linesSince(0).map((l) => l.replace(/127\.0\.0\.1:\d+/g, 'receiver'));
      for (const c of cleanup.splice(0).reverse()) c();
      return { lines, effects: lines.filter((l) => l.includes('"ReceiverDown"')).length };
    };
    const first = await run();
    expect(first.effects).toBeGreaterThan(3);
    expect(await run()).toEqual(first);
  }, 30_000);
});
