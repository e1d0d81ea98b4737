// What a client's watches of the simulated cluster see, and when: each change reaches its handler
// the latency model's `watch` after it happened (kube-apiserver -> watch stream -> informer ->
// handler), in the order the changes happened. One queue per client (cluster port), so a client
// never sees a pod's change before an earlier change of its Job. (With the `watch` step off the
// port does not use this: every change is handed over inside the write that made it.)
import type { Latency } from './latency.js';
import type { AfterOptions } from './context.js';
import { Fifo } from '../common/fifo.js';

interface Subscription<E> {
  live: boolean;
  handler: (event: E) => void;
}

interface Pending {
  at: number;
  sub: Subscription<unknown>;
  event: unknown;
}

export interface DeliveryClock {
  now(): number;
  after(delayMs: number, task: () => void, opts?: AfterOptions): () => void;
  readonly latency: Latency;
}

export class WatchDelivery {
  private readonly pending = new Fifo<Pending>();
  /** Due time of the last queued change: a later change is never handed over before it. */
  private lastAt = Number.NEGATIVE_INFINITY;
  private armed = false;

  constructor(private readonly clock: DeliveryClock) {}

  /**
   * Subscribes `handler` through this queue; `start` subscribes the given function to the source
   * (its synchronous initial listing is handed over at once, as a list is). Returns the stop.
   */
  subscribe<E>(handler: (event: E) => void, start: (deliver: (event: E) => void) => () => void): () => void {
    const sub: Subscription<E> = { live: true, handler };
    let listing = true;
    const stop = start((event) => {
      if (listing) handler(event);
      else this.push(sub as Subscription<unknown>, event);
    });
    listing = false;
    return () => {
      // Changes still on their way are dropped with the watch.
      sub.live = false;
      stop();
    };
  }

  private push(sub: Subscription<unknown>, event: unknown): void {
    const at = Math.max(this.clock.now() + this.clock.latency.ms('watch'), this.lastAt);
    this.lastAt = at;
    this.pending.push({ at, sub, event });
    if (!this.armed) this.arm();
  }

  private arm(): void {
    const next = this.pending.peek();
    if (!next) return;
    this.armed = true;
    this.clock.after(next.at - this.clock.now(), () => this.flush());
  }

  private flush(): void {
    this.armed = false;
    const now = this.clock.now();
    try {
      for (let next = this.pending.peek(); next !== undefined && next.at <= now; next = this.pending.peek()) {
        this.pending.shift();
        if (next.sub.live) next.sub.handler(next.event);
      }
    } finally {
      if (!this.armed) this.arm();
    }
  }
}
