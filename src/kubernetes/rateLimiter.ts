// A client-side token bucket, as client-go's flowcontrol: `qps` tokens a second, at most `burst`
// saved up. Every request to the API server takes one token; callers wait in FIFO order within
// their lane. Two lanes share the bucket: `interactive` (requests that answer an API client) is
// served before `background` (the reconciler's fan-out), so a client's request never queues
// behind hundreds of Job creations, while the total rate stays within qps/burst.

import type { Lane } from '../cluster/lanes.js';

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly queues: Record<Lane, (() => void)[]> = { interactive: [], background: [] };
  private timer: NodeJS.Timeout | undefined;
  /** Total time callers spent waiting for a token, ms (for metrics and benchmarks). */
  waitedMs = 0;
  /** Requests that had to wait for a token (for metrics). */
  waits = 0;

  constructor(
    readonly qps: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(qps > 0)) throw new Error(`qps must be positive, got ${qps}`);
    if (!(burst >= 1)) throw new Error(`burst must be at least 1, got ${burst}`);
    this.tokens = burst;
    this.last = this.now();
  }

  /** Callers waiting for a token. */
  get waiting(): number {
    return this.queues.interactive.length + this.queues.background.length;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.qps);
    this.last = t;
  }

  /** Resolves when a token was taken. */
  acquire(lane: Lane = 'interactive'): Promise<void> {
    this.refill();
    if (this.waiting === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    const started = this.now();
    this.waits++;
    return new Promise((resolve) => {
      this.queues[lane].push(() => {
        this.waitedMs += this.now() - started;
        resolve();
      });
      this.pump();
    });
  }

  private next(): (() => void) | undefined {
    return this.queues.interactive.shift() ?? this.queues.background.shift();
  }

  private pump(): void {
    if (this.timer) return;
    this.refill();
    while (this.waiting > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.next()!();
    }
    if (this.waiting > 0) {
      const waitMs = Math.max(1, ((1 - this.tokens) / this.qps) * 1000);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, waitMs);
      this.timer.unref?.();
    }
  }
}
