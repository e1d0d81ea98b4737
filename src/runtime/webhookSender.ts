// Delivers webhook events over HTTP with real timers. Unlike the reference (fire-and-forget, no
// timeout): each request has a timeout; failures are retried with exponential backoff; events of one
// batch go out one at a time, in order; a slow or dead receiver only delays its own queue, never the
// API; what is given up on is logged and counted.
import type { WebhookDelivery, WebhookSink } from '../engine/notifications.js';

export interface WebhookSenderOptions {
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Attempts per event before it is dropped. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Events waiting across all queues; beyond this new events are dropped. */
  maxQueued?: number;
  /** Requests in flight at once, across batches. */
  maxConcurrent?: number;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface WebhookStats {
  delivered: number;
  retries: number;
  dropped: number;
  queued: number;
}

interface Item {
  id: string;
  delivery: WebhookDelivery;
}

const RETRYABLE_4XX = new Set([408, 425, 429]);

export class WebhookSender implements WebhookSink {
  readonly stats: WebhookStats = { delivered: 0, retries: 0, dropped: 0, queued: 0 };
  private readonly queues = new Map<string, Item[]>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private readonly controllers = new Set<AbortController>();
  private seq = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private inFlight = 0;
  private slotWaiters: (() => void)[] = [];
  private readonly o: Required<Omit<WebhookSenderOptions, 'log'>> & Pick<WebhookSenderOptions, 'log'>;

  constructor(options: WebhookSenderOptions = {}) {
    this.o = {
      timeoutMs: options.timeoutMs ?? 10_000,
      maxAttempts: options.maxAttempts ?? 10,
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 60_000,
      maxQueued: options.maxQueued ?? 10_000,
      maxConcurrent: options.maxConcurrent ?? 16,
      log: options.log,
    };
  }

  deliver(delivery: WebhookDelivery): void {
    const id = `${delivery.batch}/${++this.seq}`;
    if (this.closed || this.stats.queued >= this.o.maxQueued) {
      this.drop({ id, delivery }, this.closed ? 'sender closed' : `queue full (${this.o.maxQueued} events waiting)`);
      return;
    }
    const key = `${delivery.url} ${delivery.batch}`;
    let queue = this.queues.get(key);
    const start = !queue;
    if (!queue) this.queues.set(key, (queue = []));
    queue.push({ id, delivery });
    this.stats.queued++;
    if (start) void this.pump(key, queue);
  }

  /** Resolves when every queued event was delivered or dropped. */
  whenIdle(): Promise<void> {
    if (this.stats.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops retrying; events still queued are dropped and counted. */
  close(): void {
    this.closed = true;
    for (const [t, wake] of this.timers) {
      clearTimeout(t);
      wake();
    }
    this.timers.clear();
    for (const c of this.controllers) c.abort();
  }

  private async pump(key: string, queue: Item[]): Promise<void> {
    while (queue.length > 0) {
      const item = queue[0]!;
      await this.send(item);
      queue.shift();
      this.stats.queued--;
    }
    this.queues.delete(key);
    if (this.stats.queued === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  private async send(item: Item): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (this.closed) return this.drop(item, 'sender closed');
      const outcome = await this.post(item);
      if (outcome === 'ok') {
        this.stats.delivered++;
        return;
      }
      if (outcome.permanent || attempt >= this.o.maxAttempts) return this.drop(item, `${outcome.error} after ${attempt} attempt(s)`);
      this.stats.retries++;
      const delay = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempt - 1));
      // One warning per event; the drop (if it comes to that) is logged as an error.
      if (attempt === 1) this.o.log?.warn({ webhook: item.delivery.url, batch: item.delivery.batch, event: item.delivery.event.event, attempt, retryInMs: delay, error: outcome.error }, 'webhook delivery failed; retrying');
      await this.sleep(delay);
    }
  }

  private async post(item: Item): Promise<'ok' | { error: string; permanent: boolean }> {
    if (this.inFlight >= this.o.maxConcurrent) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    this.inFlight++;
    try {
      return await this.request(item);
    } finally {
      this.inFlight--;
      this.slotWaiters.shift()?.();
    }
  }

  private async request(item: Item): Promise<'ok' | { error: string; permanent: boolean }> {
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${this.o.timeoutMs} ms`)), this.o.timeoutMs);
    try {
      const res = await fetch(item.delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'jobsim-webhook', 'x-jobsim-event-id': item.id },
        body: JSON.stringify(item.delivery.event),
        signal: controller.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return 'ok';
      const permanent = res.status >= 400 && res.status < 500 && !RETRYABLE_4XX.has(res.status);
      return { error: `HTTP ${res.status}`, permanent };
    } catch (err) {
      const reason = controller.signal.aborted ? controller.signal.reason : err;
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return { error: reason instanceof Error ? `${reason.message}${cause ? ` (${cause})` : ''}` : String(reason), permanent: false };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }

  private drop(item: Item, why: string): void {
    this.stats.dropped++;
    const e = item.delivery.event;
    this.o.log?.error({ webhook: item.delivery.url, batch: item.delivery.batch, event: e.event, id: item.id, dropped: this.stats.dropped }, `webhook event dropped: ${why}`);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      t.unref();
      this.timers.set(t, resolve);
    });
  }
}
