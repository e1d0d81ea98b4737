// A client-side token bucket, as client-go's flowcontrol: `qps` tokens a second, at most `burst`
// saved up. Every request to the API server takes one token; callers wait in FIFO order within
// their lane. Two lanes share the bucket: `interactive` (requests that answer an API client) is
// served before `background` (the reconciler's fan-out), so a client's request never queues
// behind hundreds of Job creations, while the total rate stays within qps/burst.
//
// One bucket for both backends: the kubernetes port's runs on the wall clock and timers, the
// simulator's (`simulator.clientQps`) on the virtual clock, whose tasks it hands the waiting
// requests to (what a grant returns, the simulator awaits before it moves on).
import type { Lane } from './lanes.js';

/** Runs `task` `delayMs` later (a timer, or a task of the simulator's clock). */
export type After = (delayMs: number, task: () => Promise<void> | void) => void;

/** Called when a waiting request's token is granted; may return work to await (the simulator's). */
export type Grant = () => Promise<void> | void;

const wallAfter: After = (delayMs, task) => {
  const timer = setTimeout(task, delayMs);
  timer.unref?.();
};

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly queues: Record<Lane, Grant[]> = { interactive: [], background: [] };
  private pumping = false;
  /** Total time callers spent waiting for a token, ms (for metrics and benchmarks). */
  waitedMs = 0;
  /** Requests that had to wait for a token (for metrics). */
  waits = 0;

  constructor(
    readonly qps: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
    private readonly after: After = wallAfter,
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

  /**
   * Takes a token now if one is free and nobody waits (true: send at once), else queues `grant` in
   * its lane (false): it is called when its token comes, interactive requests first.
   */
  take(lane: Lane, grant: Grant): boolean {
    this.refill();
    if (this.waiting === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    const started = this.now();
    this.waits++;
    this.queues[lane].push(() => {
      this.waitedMs += this.now() - started;
      return grant();
    });
    this.schedule();
    return false;
  }

  /** Resolves when a token was taken. */
  acquire(lane: Lane = 'interactive'): Promise<void> {
    return new Promise((resolve) => {
      if (this.take(lane, resolve)) resolve();
    });
  }

  /** Wakes when the next token is whole (at least 1 ms on). */
  private schedule(): void {
    if (this.pumping) return;
    this.pumping = true;
    this.after(Math.max(1, Math.ceil(((1 - this.tokens) / this.qps) * 1000)), () => this.pump());
  }

  private pump(): Promise<void> | void {
    this.pumping = false;
    this.refill();
    const granted: Promise<void>[] = [];
    while (this.waiting > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      const answered = (this.queues.interactive.shift() ?? this.queues.background.shift())!();
      if (answered) granted.push(answered);
    }
    if (this.waiting > 0) this.schedule();
    if (granted.length > 0) return Promise.all(granted).then(() => undefined);
  }
}
