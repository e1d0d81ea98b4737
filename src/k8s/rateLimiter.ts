// A client-side token bucket, as client-go's flowcontrol: `qps` tokens a second, at most `burst`
// saved up. Every request to the API server takes one token; callers wait in FIFO order.

export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: (() => void)[] = [];
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

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.qps);
    this.last = t;
  }

  /** Resolves when a token was taken. */
  acquire(): Promise<void> {
    this.refill();
    if (this.queue.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    const started = this.now();
    this.waits++;
    return new Promise((resolve) => {
      this.queue.push(() => {
        this.waitedMs += this.now() - started;
        resolve();
      });
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) return;
    this.refill();
    while (this.queue.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.queue.shift()!();
    }
    if (this.queue.length > 0) {
      const waitMs = Math.max(1, ((1 - this.tokens) / this.qps) * 1000);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, waitMs);
      this.timer.unref?.();
    }
  }
}
