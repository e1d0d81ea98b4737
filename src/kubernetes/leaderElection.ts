// Leader election over a coordination.k8s.io/v1 Lease, as client-go's leaderelection package does
// it: candidates read the Lease every retry period; the holder renews it every retry period and
// steps down when it has not renewed for the renew deadline; a candidate takes the Lease over once
// it has seen the same record, unchanged, for the lease duration, timed by its own clock (the
// clocks of replicas may disagree, so the times written in the Lease are for people, not for the
// decision). Writes are conditional on the Lease's resourceVersion, so two candidates never both win.

export interface LeaseRecord {
  /** Who holds the Lease; '' when it was released. */
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** RFC 3339 with microseconds (metav1.MicroTime). */
  acquireTime: string;
  renewTime: string;
  leaseTransitions: number;
}

/** A stored Lease: its record and the resourceVersion a conditional write must name. */
export interface StoredLease {
  record: LeaseRecord;
  version: string;
}

/** The Lease in the API server (leaseStore.ts), or in memory for tests. */
export interface LeaseStore {
  /** undefined when the Lease does not exist. */
  get(): Promise<StoredLease | undefined>;
  /** Creates the Lease; rejects with a 409 error when it exists. Resolves to the new version. */
  create(record: LeaseRecord): Promise<string>;
  /** Replaces the Lease if it is still at `version`; rejects with a 409 error otherwise. */
  update(record: LeaseRecord, version: string): Promise<string>;
}

export interface ElectionTiming {
  /** How long a candidate waits, after it last saw the record change, before taking the Lease over. */
  leaseDurationMs: number;
  /** How long the holder keeps leading without a successful renewal. */
  renewDeadlineMs: number;
  /** Time between two attempts to acquire or renew. */
  retryPeriodMs: number;
}

/**
 * Shorter than client-go's controller defaults (15 s, 10 s, 2 s) so that a crashed leader is
 * replaced within 15 s: a candidate acts at most lease duration + 1.2 retry periods (its retries
 * are spread by up to 20%) after the holder's last renewal, i.e. within ~12.4 s, plus one request.
 */
export const DEFAULT_TIMING: ElectionTiming = { leaseDurationMs: 10_000, renewDeadlineMs: 7_000, retryPeriodMs: 2_000 };

/** Candidates spread their retries by up to this fraction of the retry period. */
const RETRY_JITTER = 0.2;

export function checkTiming(t: ElectionTiming): void {
  if (!(t.retryPeriodMs > 0)) throw new Error(`the retry period must be positive, got ${t.retryPeriodMs / 1000} s`);
  if (!(t.renewDeadlineMs > t.retryPeriodMs * (1 + RETRY_JITTER))) {
    throw new Error(`the renew deadline (${t.renewDeadlineMs / 1000} s) must exceed 1.2 retry periods (${(t.retryPeriodMs * (1 + RETRY_JITTER)) / 1000} s)`);
  }
  if (!(t.leaseDurationMs > t.renewDeadlineMs)) throw new Error(`the lease duration (${t.leaseDurationMs / 1000} s) must exceed the renew deadline (${t.renewDeadlineMs / 1000} s)`);
}

export interface ElectorClock {
  /** Monotonic milliseconds: the elector's own timing. */
  now(): number;
  /** Milliseconds since the epoch: the times written into the Lease. */
  wallNow(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  random(): number;
}

export const realElectorClock: ElectorClock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    }),
  random: () => Math.random(),
};

export interface LeaderCallbacks {
  onStartedLeading(): void;
  /** Called when leadership is lost or given up (also on stop() while leading). */
  onStoppedLeading(): void;
  /** The holder this candidate sees changed ('' when released). */
  onNewLeader?(identity: string): void;
  /** A failed attempt (not a lost race): for the log. */
  onError?(err: unknown): void;
}

/** metav1.MicroTime: RFC 3339 with six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

function isConflict(err: unknown): boolean {
  return (err as { code?: number } | undefined)?.code === 409;
}

function sameRecord(a: LeaseRecord | undefined, b: LeaseRecord): boolean {
  return (
    a !== undefined &&
    a.holderIdentity === b.holderIdentity &&
    a.renewTime === b.renewTime &&
    a.acquireTime === b.acquireTime &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.leaseTransitions === b.leaseTransitions
  );
}

class TimedOut extends Error {}

export class LeaderElector {
  private observed: StoredLease | undefined;
  /** Monotonic time at which `observed` last changed. */
  private observedAt = 0;
  private leading = false;
  private stopped = false;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  /** Attempts started; a timed-out attempt's late answer must not update what a later one saw. */
  private attempt = 0;
  /** Monotonic times of becoming leader and of losing it, for tests and logs. */
  readonly transitions: { leading: boolean; at: number }[] = [];

  constructor(
    private readonly store: LeaseStore,
    readonly identity: string,
    readonly timing: ElectionTiming,
    private readonly callbacks: LeaderCallbacks,
    private readonly clock: ElectorClock = realElectorClock,
  ) {
    checkTiming(timing);
    if (!identity) throw new Error('the leader election identity must not be empty');
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** The holder as last seen ('' released, undefined not seen yet). */
  get holder(): string | undefined {
    return this.observed?.record.holderIdentity;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops campaigning; a holder steps down first, then releases the Lease so another replica takes over at once. */
  async stop(releaseTimeoutMs = 2_000): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.loop;
    const held = this.observed;
    if (!held || held.record.holderIdentity !== this.identity) return;
    const now = microTime(this.clock.wallNow());
    // As client-go's ReleaseOnCancel: no holder, a one-second lease.
    const released: LeaseRecord = { ...held.record, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now, acquireTime: now };
    try {
      await this.bounded(this.store.update(released, held.version), releaseTimeoutMs);
      this.observed = undefined;
    } catch (err) {
      this.callbacks.onError?.(err);
    }
  }

  private async run(): Promise<void> {
    const t = this.timing;
    while (!this.stopped) {
      // Candidate: try every retry period (spread a little) until the Lease is ours.
      for (;;) {
        if (await this.tryBounded(t.renewDeadlineMs)) break;
        if (this.stopped) return;
        await this.clock.sleep(t.retryPeriodMs * (1 + RETRY_JITTER * this.clock.random()), this.abort.signal);
        if (this.stopped) return;
      }
      this.setLeading(true);
      // Holder: renew every retry period; step down when no renewal succeeded for the renew deadline.
      let renewed = this.clock.now();
      let wait = t.retryPeriodMs;
      while (!this.stopped) {
        await this.clock.sleep(wait, this.abort.signal);
        if (this.stopped) break;
        const left = renewed + t.renewDeadlineMs - this.clock.now();
        if (left > 0 && (await this.tryBounded(left))) {
          renewed = this.clock.now();
          wait = t.retryPeriodMs;
          continue;
        }
        // Another replica holds the Lease now (ours expired in its eyes): step down at once.
        if (this.holder && this.holder !== this.identity) break;
        const remaining = renewed + t.renewDeadlineMs - this.clock.now();
        if (remaining <= 0) break;
        wait = Math.min(t.retryPeriodMs, remaining);
      }
      this.setLeading(false);
    }
  }

  private setLeading(leading: boolean): void {
    if (this.leading === leading) return;
    this.leading = leading;
    this.transitions.push({ leading, at: this.clock.now() });
    if (leading) this.callbacks.onStartedLeading();
    else this.callbacks.onStoppedLeading();
  }

  /** `p`, or a rejection after `ms` on the elector's clock. */
  private bounded<T>(p: Promise<T>, ms: number): Promise<T> {
    const cancel = new AbortController();
    const timeout = this.clock.sleep(ms, cancel.signal).then(() => {
      throw new TimedOut(`no answer from the API server within ${Math.round(ms)} ms`);
    });
    return Promise.race([p, timeout]).finally(() => cancel.abort());
  }

  /** One attempt, abandoned after `ms`. */
  private async tryBounded(ms: number): Promise<boolean> {
    const attempt = ++this.attempt;
    try {
      return await this.bounded(this.tryAcquireOrRenew(attempt), ms);
    } catch (err) {
      this.callbacks.onError?.(err);
      return false;
    }
  }

  /** Records what the server holds, unless a later attempt has started meanwhile. */
  private see(attempt: number, lease: StoredLease, at: number): boolean {
    if (attempt !== this.attempt) return false;
    const changed = !sameRecord(this.observed?.record, lease.record);
    const holderChanged = this.observed?.record.holderIdentity !== lease.record.holderIdentity;
    this.observed = lease;
    if (changed) this.observedAt = at;
    if (holderChanged) this.callbacks.onNewLeader?.(lease.record.holderIdentity);
    return true;
  }

  private async tryAcquireOrRenew(attempt: number): Promise<boolean> {
    const now = microTime(this.clock.wallNow());
    const mine: LeaseRecord = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.ceil(this.timing.leaseDurationMs / 1000),
      acquireTime: now,
      renewTime: now,
      leaseTransitions: 0,
    };
    // The holder renews with the version it wrote last: one request, no read.
    const held = this.observed;
    if (this.leading && held && held.record.holderIdentity === this.identity) {
      const record = { ...mine, acquireTime: held.record.acquireTime, leaseTransitions: held.record.leaseTransitions };
      try {
        const version = await this.store.update(record, held.version);
        return this.see(attempt, { record, version }, this.clock.now());
      } catch (err) {
        if (!isConflict(err)) throw err;
        // Someone else wrote the Lease: read it and decide as a candidate would.
      }
    }
    const current = await this.store.get();
    if (attempt !== this.attempt) return false;
    if (!current) {
      try {
        const version = await this.store.create(mine);
        return this.see(attempt, { record: mine, version }, this.clock.now());
      } catch (err) {
        if (isConflict(err)) return false;
        throw err;
      }
    }
    this.see(attempt, current, this.clock.now());
    const { holderIdentity, leaseDurationSeconds } = current.record;
    if (holderIdentity && holderIdentity !== this.identity && this.observedAt + leaseDurationSeconds * 1000 > this.clock.now()) return false;
    const record =
      holderIdentity === this.identity
        ? { ...mine, acquireTime: current.record.acquireTime, leaseTransitions: current.record.leaseTransitions }
        : { ...mine, leaseTransitions: current.record.leaseTransitions + 1 };
    try {
      const version = await this.store.update(record, current.version);
      return this.see(attempt, { record, version }, this.clock.now());
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }
}
