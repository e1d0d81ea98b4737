// Delivers webhook events over HTTP. Unlike the reference (fire-and-forget, no timeout): each
// request has a timeout; failures are retried with exponential backoff; events of one batch go out one
// at a time, in order; a slow or dead receiver only delays its own queue, never the API; what is given
// up on is logged and counted. Backoff waits on real timers, or on the clock of the environment it is
// attached to (the simulator's virtual clock, whose faults may also refuse an attempt).
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

/** What an attempt that was refused without being sent failed with. */
export interface Refusal {
  /** Absent: the connection was refused. */
  status?: number;
  /** What it is called in the logs. */
  error: string;
}

/** Where the sender runs when it is not on the wall clock alone (the simulator runtime). */
export interface SenderEnvironment {
  /**
   * Runs `task` after `delayMs` (the backoff between attempts); a promise it returns is awaited by
   * the clock before it moves on. Returns a cancel function.
   */
  schedule(delayMs: number, task: () => Promise<void> | void): () => void;
  /** Asked before each attempt: a refusal fails the attempt without sending anything. */
  refuse?(request: { url: string; id: string; attempt: number }): Refusal | undefined;
}

interface Item {
  id: string;
  delivery: WebhookDelivery;
}

/** The events of one batch for one URL, sent one at a time. */
interface Lane {
  items: Item[];
  /** Set while the environment's clock waits for this lane to reach its next wait. */
  resumed?: () => void;
}

const RETRYABLE_4XX = new Set([408, 425, 429]);

/** A 4xx other than these is not retried. */
function isPermanent(status: number): boolean {
  return status >= 400 && status < 500 && !RETRYABLE_4XX.has(status);
}

export class WebhookSender implements WebhookSink {
  readonly stats: WebhookStats = { delivered: 0, retries: 0, dropped: 0, queued: 0 };
  private readonly queues = new Map<string, Lane>();
  /** Backoff waits in progress: how to end each one early. */
  private readonly timers = new Map<object, { cancel(): void; wake(): void }>();
  private env: SenderEnvironment | undefined;
  private readonly controllers = new Set<AbortController>();
  private seq = 0;
  private closed = false;
  /** Shutting down: backoff waits run on real timers, so retries go on while the clock is stopped. */
  private flushing = false;
  private closeReason = 'sender closed';
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
      this.drop({ id, delivery }, this.closed ? this.closeReason : `queue full (${this.o.maxQueued} events waiting)`);
      return;
    }
    const key = `${delivery.url} ${delivery.batch}`;
    let lane = this.queues.get(key);
    const start = !lane;
    if (!lane) this.queues.set(key, (lane = { items: [] }));
    lane.items.push({ id, delivery });
    this.stats.queued++;
    if (start) void this.pump(key, lane);
  }

  /** Requests on the wire now. */
  get inFlightRequests(): number {
    return this.inFlight;
  }

  /** Resolves when every queued event was delivered or dropped. */
  whenIdle(): Promise<void> {
    if (this.stats.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Waits on `env`'s clock and asks it before each attempt, from now on (undefined: real timers,
   * nothing refused). Waits in progress end at once: their next attempt goes by the new rules.
   */
  attach(env: SenderEnvironment | undefined): void {
    this.env = env;
    this.wakeAll();
  }

  /** Stops retrying; events still queued are dropped and counted. */
  close(reason = 'sender closed'): void {
    this.closeReason = reason;
    this.closed = true;
    this.wakeAll();
    for (const c of this.controllers) c.abort();
  }

  /**
   * Shutdown: tries to deliver every queued event within `graceMs` (events waiting for a retry are
   * tried at once; later retries wait on real timers, since the engine's clock has stopped), then
   * closes, dropping (logging and counting) what is left. Answers how many were delivered and how
   * many given up during the drain.
   */
  async drain(graceMs: number): Promise<{ delivered: number; undelivered: number }> {
    const before = { delivered: this.stats.delivered, dropped: this.stats.dropped };
    this.flushing = true;
    this.wakeAll();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, graceMs));
    });
    await Promise.race([this.whenIdle(), deadline]);
    clearTimeout(timer);
    this.close('shutdown: the grace period ended before it was delivered');
    // Dropping what is left takes a turn of each queue; the aborts are immediate.
    await Promise.race([this.whenIdle(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    return { delivered: this.stats.delivered - before.delivered, undelivered: this.stats.dropped - before.dropped };
  }

  private wakeAll(): void {
    const timers = [...this.timers.values()];
    this.timers.clear();
    for (const t of timers) {
      t.cancel();
      t.wake();
    }
  }

  private async pump(key: string, lane: Lane): Promise<void> {
    try {
      while (lane.items.length > 0) {
        const item = lane.items[0]!;
        await this.send(item, lane);
        lane.items.shift();
        this.stats.queued--;
      }
      this.queues.delete(key);
      if (this.stats.queued === 0) for (const w of this.idleWaiters.splice(0)) w();
    } finally {
      this.resume(lane);
    }
  }

  private async send(item: Item, lane: Lane): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (this.closed) return this.drop(item, this.closeReason);
      const refusal = this.env?.refuse?.({ url: item.delivery.url, id: item.id, attempt });
      let outcome: 'ok' | { error: string; permanent: boolean };
      if (refusal) outcome = { error: refusal.error, permanent: refusal.status !== undefined && isPermanent(refusal.status) };
      else {
        // A real request: the environment's clock need not wait for its answer.
        this.resume(lane);
        outcome = await this.post(item);
      }
      if (outcome === 'ok') {
        this.stats.delivered++;
        return;
      }
      if (outcome.permanent || attempt >= this.o.maxAttempts) return this.drop(item, `${outcome.error} after ${attempt} attempt(s)`);
      if (this.closed) return this.drop(item, this.closeReason);
      this.stats.retries++;
      const delay = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempt - 1));
      // One warning per event; the drop (if it comes to that) is logged as an error.
      if (attempt === 1) this.o.log?.warn({ webhook: item.delivery.url, batch: item.delivery.batch, event: item.delivery.event.event, attempt, retryInMs: delay, error: outcome.error }, 'webhook delivery failed; retrying');
      await this.sleep(delay, lane);
    }
  }

  /** The lane waits again (or is done): the environment's clock may move on. */
  private resume(lane: Lane): void {
    const resumed = lane.resumed;
    lane.resumed = undefined;
    resumed?.();
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
      return { error: `HTTP ${res.status}`, permanent: isPermanent(res.status) };
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

  private sleep(ms: number, lane: Lane): Promise<void> {
    const env = this.env;
    return new Promise((resolve) => {
      const key = {};
      if (env && !this.flushing) {
        // On the environment's clock: at the wake-up it waits until this sender waits again.
        const cancel = env.schedule(ms, () => {
          this.timers.delete(key);
          resolve();
          return new Promise<void>((resumed) => (lane.resumed = resumed));
        });
        this.timers.set(key, { cancel, wake: resolve });
      } else {
        const t = setTimeout(() => {
          this.timers.delete(key);
          resolve();
        }, ms);
        t.unref();
        this.timers.set(key, { cancel: () => clearTimeout(t), wake: resolve });
      }
      this.resume(lane);
    });
  }
}
