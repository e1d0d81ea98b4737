// A deliberately broken webhook sender, over HTTP only: jobsim posts its events to this relay, which hands
// each one to a mutation that decides what to post on to the kit's receiver (nothing, the event changed,
// the event twice, an earlier event held back...). Posts go out one at a time, in order; the relay answers
// jobsim at once, so jobsim never retries.
import { createServer } from 'node:http';
import { startJobsim, type JobsimOptions, type JobsimProcess } from '../../test/support/jobsimProcess.js';
import { closeServer, freePort, listen, type Running } from '../../test/support/net.js';

/** A webhook body as the relay sees it: a BatchStatus plus `event`. */
export interface RelayedEvent {
  name: string;
  event: string;
  status?: string;
  jobStatuses?: { name: string; status?: string; [key: string]: unknown }[];
  [key: string]: unknown;
}
/**
 * Posts `event` on to the receiver with `id` as X-Jobsim-Event-Id (default: the id jobsim gave the event
 * being handled, for its first emit; a fresh one after that).
 */
export type Emit = (event: object, id?: string) => void;
/** What to do with one event received from jobsim. */
export type Mutation = (event: RelayedEvent, emit: Emit) => void;

/** Passes every event on unchanged, with jobsim's own event id. */
export const passThrough: Mutation = (e, emit) => emit(e);

export interface WebhookRelay extends Running {
  /** From now on, events go to `target` through `mutate`. */
  route(target: string, mutate: Mutation): void;
}

export async function startWebhookRelay(): Promise<WebhookRelay> {
  let target = '';
  let mutate: Mutation = passThrough;
  let chain: Promise<unknown> = Promise.resolve();
  let seq = 0;
  const post = (event: object, eventId: string) => {
    const to = target;
    const body = JSON.stringify(event);
    chain = chain.then(() =>
      fetch(to, { method: 'POST', headers: { 'content-type': 'application/json', 'x-jobsim-event-id': eventId }, body, signal: AbortSignal.timeout(5000) })
        .then((r) => r.arrayBuffer())
        .catch(() => undefined),
    );
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200).end();
      let event: RelayedEvent | undefined;
      try {
        event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RelayedEvent;
      } catch {
        return;
      }
      if (!target || !event || typeof event !== 'object') return;
      let original = typeof req.headers['x-jobsim-event-id'] === 'string' ? req.headers['x-jobsim-event-id'] : undefined;
      mutate(event, (e, id) => {
        post(e, id ?? original ?? `relay/${++seq}`);
        original = undefined;
      });
    });
  });
  const baseUrl = await listen(server);
  return {
    baseUrl,
    route(to, m) {
      target = to;
      mutate = m;
    },
    close: () => closeServer(server),
  };
}

/**
 * A jobsim posting its webhook events to a relay. The relay is bound before jobsim starts, so jobsim's
 * webhook URL is known; `receiver()` picks the kit's receiver address just before a run (a port chosen
 * long before it is bound can be taken meanwhile) and points the relay at it.
 */
export interface JobsimWithWebhooks {
  server: JobsimProcess;
  relay: WebhookRelay;
  /** A fresh HOST:PORT for `--webhook-listen`; the relay posts there through `mutate` from now on. */
  receiver(mutate?: Mutation): Promise<string>;
  close(): Promise<void>;
}

export async function startJobsimWithWebhooks(opts: Omit<JobsimOptions, 'webhook'> = {}): Promise<JobsimWithWebhooks> {
  const relay = await startWebhookRelay();
  let server: JobsimProcess;
  try {
    server = await startJobsim({ ...opts, webhook: `${relay.baseUrl}/events` });
  } catch (err) {
    await relay.close();
    throw err;
  }
  return {
    server,
    relay,
    async receiver(mutate = passThrough) {
      const listenAt = `127.0.0.1:${await freePort()}`;
      relay.route(`http://${listenAt}/events`, mutate);
      return listenAt;
    },
    async close() {
      await server.close();
      await relay.close();
    },
  };
}
