// The engine's client-side rate limit on the virtual clock: what `--kube-qps` / `--kube-burst` do to
// the kubernetes backend (a token bucket, as client-go's flowcontrol, with jobsim's two lanes), for
// a simulation that should take as long as a deployment with that limit would. Off unless a
// scenario sets `simulator.clientQps`.
import type { Lane } from '../cluster/lanes.js';

/** What the limiter needs of the simulator: its virtual clock, and a task at a later instant. */
export interface LimitClock {
  now(): number;
  /** Runs `task` `delayMs` later; the simulator awaits what it returns before moving on. */
  after(delayMs: number, task: () => Promise<void> | void): void;
}

/**
 * Called when the request's token is granted, inside a simulator task: it sends the request and
 * returns what the simulator must await before moving on (the caller's continuation).
 */
export type Grant = () => Promise<void> | void;

export class ClientLimit {
  private tokens: number;
  private last: number;
  private readonly queues: Record<Lane, Grant[]> = { interactive: [], background: [] };
  private pumping = false;
  /** Requests that had to wait for a token. */
  waits = 0;

  constructor(
    readonly qps: number,
    readonly burst: number,
    private readonly clock: LimitClock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  private refill(): void {
    const t = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.qps);
    this.last = t;
  }

  private get waiting(): number {
    return this.queues.interactive.length + this.queues.background.length;
  }

  /**
   * Takes a token now if one is free and nobody waits (true: send at once), else queues `grant` in
   * its lane (false): it runs when its token comes, interactive requests first.
   */
  take(lane: Lane, grant: Grant): boolean {
    this.refill();
    if (this.waiting === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.waits++;
    this.queues[lane].push(grant);
    this.schedule();
    return false;
  }

  /** Wakes at the instant the next token is whole (at least 1 ms on). */
  private schedule(): void {
    if (this.pumping) return;
    this.pumping = true;
    const waitMs = Math.max(1, Math.ceil(((1 - this.tokens) / this.qps) * 1000));
    this.clock.after(waitMs, () => this.pump());
  }

  private pump(): Promise<void> | void {
    this.pumping = false;
    this.refill();
    const sent: Promise<void>[] = [];
    while (this.waiting > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      const grant = this.queues.interactive.shift() ?? this.queues.background.shift();
      const answered = grant!();
      if (answered) sent.push(answered);
    }
    if (this.waiting > 0) this.schedule();
    if (sent.length > 0) return Promise.all(sent).then(() => undefined);
  }
}

/** The largest rate a scenario may set: a million requests a virtual second. */
export const MAX_CLIENT_QPS = 1_000_000;
